// One side of a call, request or response: status line, headers and body (pretty JSON when it parses).
import { useState } from 'react';
import { prettyBody } from '../../store/call-body';

export function MessagePanel({
  title,
  line,
  headers,
  body,
  truncated,
  testId,
}: {
  title: string;
  line: string;
  headers: Record<string, string[]>;
  body: string;
  truncated: boolean;
  testId: string;
}) {
  const [raw, setRaw] = useState(false);
  const pretty = prettyBody(body);
  const names = Object.keys(headers).sort();
  return (
    <section className="panel message-panel" aria-label={title} data-testid={testId}>
      <h4>
        {title} <span className="mono">{line}</span>
      </h4>
      {names.length > 0 && (
        <table className="headers-table" aria-label={`${title} headers`}>
          <tbody>
            {names.map((n) => (
              <tr key={n}>
                <th scope="row">{n}</th>
                <td>{headers[n].join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pretty.json && (
        <label className="inline-check">
          <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> Raw
        </label>
      )}
      <pre className="response-body" data-testid={`${testId}-body`}>
        {body === '' ? <span className="muted">(empty body)</span> : raw ? body : pretty.text}
      </pre>
      {truncated && <p className="muted">The body was longer; only its start was kept.</p>}
    </section>
  );
}
