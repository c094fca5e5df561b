// The composer's last response: HTTP status, duration, body, call id, and the call record's status and start kind.
import { selectResult } from '../../store/selectors';
import { useStudio } from '../../store/store-context';

const statusClass = (status: number) => (status < 300 ? 'ok' : status < 500 ? 'warn' : 'bad');

export function ResponsePanel() {
  const result = useStudio(selectResult);
  if (!result) return null;
  const { call } = result;
  return (
    <section className="panel response" aria-label="Response">
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd className={`status ${statusClass(result.status)}`} data-testid="response-status">
            {result.status}
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>
            <span data-testid="response-duration">{Math.round(result.durationMs)}</span> ms
          </dd>
        </div>
        <div>
          <dt>Call id</dt>
          <dd>
            {result.callId ? (
              <code data-testid="response-call-id">{result.callId}</code>
            ) : (
              <span className="muted">none</span>
            )}
          </dd>
        </div>
        {call && (
          <>
            <div>
              <dt>Call status</dt>
              <dd data-testid="call-status">{call.status}</dd>
            </div>
            <div>
              <dt>Start</dt>
              <dd data-testid="call-start-kind">{call.start_kind ?? '—'}</dd>
            </div>
          </>
        )}
      </dl>
      {call?.error && <p className="inline-error">{call.error}</p>}
      {result.detailError && <p className="inline-error">{result.detailError}</p>}
      <pre className="response-body" data-testid="response-body">
        {result.body}
      </pre>
    </section>
  );
}
