// The request composer for the selected function: method, path, headers, body, sync or detached, Send (or
// Ctrl+Enter); then the response, the call's log, curl tools, history, saved requests and the load runner.
import { useMemo, type KeyboardEvent } from 'react';
import { jsonProblem, withJsonContentType } from '../../store/composer-draft';
import { selectDraft, selectSendWait } from '../../store/composer-selectors';
import { WaitExplanation } from '../ram/WaitExplanation';
import { fnOptions } from '../../store/fn-names';
import { selectSelectedFn } from '../../store/selectors';
import { useStudio } from '../../store/store-context';
import type { StudioState } from '../../store/studio-state';
import { CallLog } from './CallLog';
import { CurlTools } from './CurlTools';
import { HeaderRows } from './HeaderRows';
import { HistoryPanel } from './HistoryPanel';
import { LoadRunner } from './LoadRunner';
import { ResponsePanel } from './ResponsePanel';
import { TriggerTarget } from './TriggerTarget';
import './composer.css';

const METHODS = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'];
const selectFns = (s: StudioState) => s.fns;
const selectApps = (s: StudioState) => s.apps;
const selectSending = (s: StudioState) => s.sending;
const selectSendError = (s: StudioState) => s.sendError;
const selectUpdateDraft = (s: StudioState) => s.updateDraft;
const selectSend = (s: StudioState) => s.send;
const selectSelectFn = (s: StudioState) => s.selectFn;
const selectResetDraft = (s: StudioState) => s.resetDraft;

export function Composer() {
  const fn = useStudio(selectSelectedFn);
  const fns = useStudio(selectFns);
  const apps = useStudio(selectApps);
  // With the app's name: two apps may each have a function of the same name.
  const options = useMemo(() => fnOptions(fns, apps), [fns, apps]);
  const draft = useStudio(selectDraft);
  const draftsKept = useStudio((s) => s.draftsKept);
  const sending = useStudio(selectSending);
  const sendWait = useStudio(selectSendWait);
  const sendError = useStudio(selectSendError);
  const updateDraft = useStudio(selectUpdateDraft);
  const send = useStudio(selectSend);
  const selectFn = useStudio(selectSelectFn);
  const resetDraft = useStudio(selectResetDraft);

  // Cmd+Enter too, for macOS users who expect it; anywhere in the form, not only the body.
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };
  const jsonError = draft?.bodyMode === 'json' ? jsonProblem(draft.body) : null;

  return (
    <section
      className="composer"
      aria-label="Composer"
      data-testid="composer"
      data-drafts-kept={draftsKept}
      onKeyDown={onKeyDown}
    >
      <header className="composer-head">
        <label>
          Function{' '}
          <select
            data-testid="composer-fn"
            value={fn?.id ?? ''}
            onChange={(e) => selectFn(e.target.value || null)}
          >
            {fns.length === 0 && <option value="">No functions yet</option>}
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        {fn && (
          <code className="muted">
            {fn.image} · {fn.format}
          </code>
        )}
      </header>
      {draft && fn && (
        <div className="composer-form">
          <TriggerTarget fn={fn} path={draft.path} onPath={(path) => updateDraft({ path })} />
          <div className="composer-line">
            <select
              aria-label="Method"
              data-testid="composer-method"
              value={draft.method}
              onChange={(e) => updateDraft({ method: e.target.value })}
            >
              {[...new Set([draft.method, ...METHODS])].map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
            <input
              aria-label="Path"
              data-testid="composer-path"
              className="composer-path"
              value={draft.path}
              onChange={(e) => updateDraft({ path: e.target.value })}
            />
            <label>
              <input
                type="checkbox"
                data-testid="composer-detached"
                checked={draft.detached}
                onChange={(e) => updateDraft({ detached: e.target.checked })}
              />{' '}
              Detached
            </label>
            <button type="button" onClick={resetDraft} data-testid="composer-reset">
              Reset
            </button>
          </div>
          <HeaderRows rows={draft.headers} onChange={(headers) => updateDraft({ headers })} />
          <div className="composer-line">
            <label htmlFor="composer-body">Request body</label>
            <label>
              <input
                type="radio"
                name="body-mode"
                data-testid="body-mode-text"
                checked={draft.bodyMode === 'text'}
                onChange={() => updateDraft({ bodyMode: 'text' })}
              />{' '}
              Text
            </label>
            <label>
              <input
                type="radio"
                name="body-mode"
                data-testid="body-mode-json"
                checked={draft.bodyMode === 'json'}
                onChange={() =>
                  updateDraft({ bodyMode: 'json', headers: withJsonContentType(draft.headers) })
                }
              />{' '}
              JSON
            </label>
          </div>
          <textarea
            id="composer-body"
            data-testid="composer-body"
            value={draft.body}
            onChange={(e) => updateDraft({ body: e.target.value })}
            rows={6}
            spellCheck={false}
            aria-invalid={jsonError !== null}
            placeholder="Request body"
          />
          {jsonError && (
            <p className="inline-error" data-testid="json-error">
              {jsonError}
            </p>
          )}
        </div>
      )}
      <div className="composer-actions">
        <button
          type="button"
          className="primary"
          data-testid="composer-send"
          disabled={!fn || sending || jsonError !== null}
          onClick={() => void send()}
        >
          {sending ? 'Sending…' : 'Send'}
        </button>
        <span className="muted">Ctrl+Enter</span>
        {sendWait && (
          <span className="composer-waiting" role="status">
            <WaitExplanation reason={sendWait} testId="composer-waiting" fnId={fn?.id} />
          </span>
        )}
      </div>
      {!fn && <p className="muted">Register or select a function first.</p>}
      {sendError && (
        <p className="inline-error" role="alert" data-testid="send-error">
          {sendError}
        </p>
      )}
      <ResponsePanel />
      <CallLog />
      {fn && (
        <div className="composer-tools">
          <CurlTools />
          <HistoryPanel />
          <LoadRunner />
        </div>
      )}
    </section>
  );
}
