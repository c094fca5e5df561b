// The composer's last response: status, duration, size, call id, start-kind badge, why it failed in words,
// headers, and the body pretty-printed (JSON) or raw.
import { useState } from 'react';
import { selectResultFailure } from '../../store/composer-selectors';
import { selectResult } from '../../store/selectors';
import { useStudio } from '../../store/store-context';
import { prettyBody } from '../../store/composer-pretty';
import { startKindLabel } from '../../store/start-kind-label';

const statusClass = (status: number) => (status < 300 ? 'ok' : status < 500 ? 'warn' : 'bad');
const byteSize = (text: string) => new TextEncoder().encode(text).length;

export function ResponsePanel() {
  const result = useStudio(selectResult);
  const failure = useStudio(selectResultFailure);
  const [raw, setRaw] = useState(false);
  if (!result) return null;
  const { call } = result;
  const pretty = prettyBody(result.body);
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
          <dt>Size</dt>
          <dd data-testid="response-size">{byteSize(result.body)} B</dd>
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
              <dd>
                <span
                  className={`start-badge start-${call.start_kind ?? 'none'}`}
                  data-testid="call-start-kind"
                  data-start-kind={call.start_kind ?? ''}
                >
                  {startKindLabel(call.start_kind)}
                </span>
              </dd>
            </div>
          </>
        )}
      </dl>
      {failure && (
        <div
          className="inline-error response-failure"
          role="alert"
          data-testid="response-failure"
          data-error-kind={call?.error_kind ?? ''}
        >
          <strong data-testid="response-failure-title">{failure.title}</strong>{' '}
          <span data-testid="response-failure-advice">{failure.advice}</span>
          {failure.error && <code className="response-failure-error">{failure.error}</code>}
        </div>
      )}
      {result.detailError && <p className="inline-error">{result.detailError}</p>}
      <details className="response-headers">
        <summary>Response headers ({Object.keys(result.headers).length})</summary>
        <table data-testid="response-headers">
          <tbody>
            {Object.entries(result.headers).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {pretty !== null && (
        <button
          type="button"
          data-testid="response-raw-toggle"
          aria-pressed={raw}
          onClick={() => setRaw(!raw)}
        >
          {raw ? 'Show pretty' : 'Show raw'}
        </button>
      )}
      <pre className="response-body" data-testid="response-body">
        {raw || pretty === null ? result.body : pretty}
      </pre>
    </section>
  );
}
