// The open call: facts, failure reason in words, Cancel, Re-run, request and response, timing waterfall, and logs.
import { useEffect } from 'react';
import { explainFailure } from '../../../../shared/explain-failure';
import type { CallSummary } from '../../../../shared/models';
import { callReason } from '../../store/call-reason';
import { fnDisplayName } from '../../store/fn-names';
import { startKindLabel } from '../../store/start-kind-label';
import type { StudioState } from '../../store/studio-state';
import { useStudio } from '../../store/store-context';
import { DetailLog } from './DetailLog';
import { MessagePanel } from './MessagePanel';
import { UsageFact } from './UsageFact';
import { Waterfall } from './Waterfall';
import { isLive } from '../../store/call-waterfall';

const NO_LINES: string[] = [];
const selectOpenCallId = (s: StudioState) => s.openCallId;
const selectDetail = (s: StudioState) => s.detail;
const selectCancelError = (s: StudioState) => s.cancelError;
const selectRerunError = (s: StudioState) => s.rerunError;
const selectRerunning = (s: StudioState) => s.rerunning || s.sending;
// The row's head from the table: shown at once while the full record loads, and when its status changes (from
// events) the detail reloads (running → success brings the response).
const selectOpenSummary = (s: StudioState): CallSummary | null =>
  s.openCallId ? (s.tableCalls.find((c) => c.id === s.openCallId) ?? null) : null;
const selectLiveLines = (s: StudioState): string[] => (s.openCallId && s.liveLogs[s.openCallId]) || NO_LINES;

export function CallDetail() {
  const callId = useStudio(selectOpenCallId);
  const summary = useStudio(selectOpenSummary);
  const status = summary?.status;
  const detail = useStudio(selectDetail);
  const live = useStudio(selectLiveLines);
  const cancelError = useStudio(selectCancelError);
  const rerunError = useStudio(selectRerunError);
  const rerunning = useStudio(selectRerunning);
  const rerunCall = useStudio((s) => s.rerunCall);
  const openCall = useStudio((s) => s.openCall);
  const loadDetail = useStudio((s) => s.loadDetail);
  const cancelCall = useStudio((s) => s.cancelCall);
  const fns = useStudio((s) => s.fns);
  const apps = useStudio((s) => s.apps);

  useEffect(() => {
    if (callId) void loadDetail(callId);
  }, [callId, status, loadDetail]);

  if (!callId) return null;
  const shown = detail && detail.callId === callId ? detail : null;
  const call = shown?.call ?? null;
  const stored = shown?.log ?? NO_LINES;
  // Live lines and the stored log are views of one stream: the longer is the more complete.
  const lines = stored.length >= live.length ? stored : live;
  const failure = call ? explainFailure(call) : null;
  const cancellable = call && (call.status === 'queued' || call.status === 'running');
  const head: CallSummary | null = call ?? summary;
  const headFn = head && fns.find((f) => f.id === head.fn_id);
  // A failure has its banner below; otherwise the reason says what the call waits (or waited) for.
  const wait = head && !explainFailure(head) ? callReason(head) : null;

  return (
    <section
      className="call-detail"
      aria-label="Call detail"
      data-testid="call-detail"
      data-call-id={callId}
      data-status={head?.status ?? ''}
      data-loaded={call ? 'full' : 'head'}
      onKeyDown={(e) => e.key === 'Escape' && openCall(null)}
    >
      <div className="detail-head">
        <h3>
          Call <span className="mono">{callId}</span>
        </h3>
        {cancellable && (
          <button type="button" data-testid="detail-cancel" onClick={() => void cancelCall(callId)}>
            Cancel call
          </button>
        )}
        {call && (
          <button
            type="button"
            data-testid="detail-rerun"
            title="Send the same request again (method, path, headers, body) and open the new call"
            disabled={rerunning}
            onClick={() => void rerunCall(callId)}
          >
            Re-run
          </button>
        )}
        <button
          type="button"
          aria-label="Close the call detail"
          data-testid="detail-close"
          onClick={() => openCall(null)}
        >
          Close
        </button>
      </div>
      {cancelError && <p className="inline-error">{cancelError}</p>}
      {rerunError && (
        <p className="inline-error" role="alert" data-testid="detail-rerun-error">
          {rerunError}
        </p>
      )}
      {shown?.error && <p className="inline-error">{shown.error}</p>}
      {head && (
        <dl className="facts">
          <div>
            <dt>Function</dt>
            <dd data-testid="detail-fn">{headFn ? fnDisplayName(headFn, apps) : head.fn_id}</dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd className={`call-${head.status}`} data-testid="detail-status">
              {head.status}
            </dd>
          </div>
          <div>
            <dt>HTTP</dt>
            <dd data-testid="detail-http">{head.http_status ?? '—'}</dd>
          </div>
          <div>
            <dt>Start</dt>
            <dd data-testid="detail-start-kind">{startKindLabel(head.start_kind)}</dd>
          </div>
          {wait && (
            <div>
              <dt>Wait</dt>
              <dd data-testid="detail-wait">{wait.text}</dd>
            </div>
          )}
          <div>
            <dt>Type</dt>
            <dd>{head.type}</dd>
          </div>
          <div>
            <dt>Container</dt>
            <dd className="mono">{head.container_id ?? '—'}</dd>
          </div>
          {call?.image_id && (
            <div>
              <dt>Image ID</dt>
              <dd className="mono" data-testid="detail-image-id">
                {call.image_id}
              </dd>
            </div>
          )}
          {call && <UsageFact call={call} />}
        </dl>
      )}
      {!call && !shown?.error && <p className="muted">Loading…</p>}
      {call && (
        <>
          {failure && (
            <div
              className="banner banner-error"
              role="alert"
              data-testid="detail-failure"
              data-error-kind={call.error_kind ?? ''}
            >
              <strong data-testid="detail-failure-title">{failure.title}</strong>
              <span data-testid="detail-failure-advice">{failure.advice}</span>
              {call.error && <code className="detail-failure-error">{call.error}</code>}
            </div>
          )}
          <Waterfall call={summary && isLive(summary) ? { ...call, ...summary } : call} />
          <div className="detail-messages">
            <MessagePanel
              title="Request"
              line={`${call.request.method} ${call.request.url}`}
              headers={call.request.headers}
              body={call.request.body}
              truncated={call.request.body_truncated}
              testId="detail-request"
            />
            {call.response ? (
              <MessagePanel
                title="Response"
                line={String(call.response.status)}
                headers={call.response.headers}
                body={call.response.body}
                truncated={call.response.body_truncated}
                testId="detail-response"
              />
            ) : (
              <section className="panel" aria-label="Response">
                <h4>Response</h4>
                <p className="muted">
                  {cancellable
                    ? 'Not yet: the call is still ' + call.status + '.'
                    : call.type === 'detached'
                      ? 'None: a detached call’s client got only its 202 when the call was queued.'
                      : 'None recorded.'}
                </p>
              </section>
            )}
          </div>
        </>
      )}
      <DetailLog callId={callId} lines={lines} containerLog={shown?.containerLog ?? null} />
    </section>
  );
}
