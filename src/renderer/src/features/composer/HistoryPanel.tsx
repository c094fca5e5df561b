// The selected function's sent requests, kept by the host (re-run, pick two to diff their responses, clear) and the
// saved requests.
import { useState } from 'react';
import { selectFnHistory } from '../../store/composer-selectors';
import { useStudio } from '../../store/store-context';
import type { StudioState } from '../../store/studio-state';
import { ResponseDiff } from './ResponseDiff';
import { SavedRequests } from './SavedRequests';

const selectRerun = (s: StudioState) => s.rerun;
const selectSending = (s: StudioState) => s.sending;
const selectClear = (s: StudioState) => s.clearHistory;
const selectKeepError = (s: StudioState) => s.keepError;
const selectFnId = (s: StudioState) => s.selectedFnId;

export function HistoryPanel() {
  const history = useStudio(selectFnHistory);
  const rerun = useStudio(selectRerun);
  const sending = useStudio(selectSending);
  const clear = useStudio(selectClear);
  const keepError = useStudio(selectKeepError);
  const fnId = useStudio(selectFnId);
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  const pair = picked.map((id) => history.find((e) => e.id === id)).filter((e) => e !== undefined);

  return (
    <section className="panel composer-history" aria-label="History">
      <div className="history-head">
        <h3>History</h3>
        {history.length > 0 && fnId && (
          <button
            type="button"
            data-testid="history-clear"
            title="Forget this function's sent requests (the host keeps the newest 200 over all functions)"
            onClick={() => void clear(fnId)}
          >
            Clear
          </button>
        )}
      </div>
      {keepError && (
        <p className="inline-error" role="alert" data-testid="composer-keep-error">
          {keepError}
        </p>
      )}
      {history.length === 0 && <p className="muted">Requests you send appear here.</p>}
      <ul className="history-list" data-testid="history-list">
        {history.map((e) => (
          <li key={e.id} data-testid="history-item">
            <input
              type="checkbox"
              aria-label={`Compare the response of ${e.request.method} at ${e.at}`}
              data-testid="history-pick"
              checked={picked.includes(e.id)}
              onChange={() => toggle(e.id)}
            />
            <code>{e.request.method}</code> <span className="history-status">{e.status}</span>{' '}
            <span className="history-meta muted">
              {Math.round(e.durationMs)} ms · {new Date(e.at).toLocaleTimeString()}
            </span>{' '}
            <button
              type="button"
              data-testid="history-rerun"
              aria-label={`Re-run ${e.request.method} from ${e.at}`}
              disabled={sending}
              onClick={() => void rerun(e.id)}
            >
              Re-run
            </button>
            {e.request.body !== '' && (
              <span className="history-body muted" data-testid="history-body">
                {e.request.body.slice(0, 80)}
              </span>
            )}
          </li>
        ))}
      </ul>
      {pair.length === 2 && <ResponseDiff left={pair[1]!} right={pair[0]!} />}
      <SavedRequests />
    </section>
  );
}
