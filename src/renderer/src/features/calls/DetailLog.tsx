// The open call's log in xterm (ANSI colours, search, full history) and its container's between-call log beside it.
import { useState } from 'react';
import { useLogTerminal } from '../terminal/use-log-terminal';

const TERMINAL = { rows: 16, cols: 110, keepWholeLog: true };

export function DetailLog({
  callId,
  lines,
  containerLog,
}: {
  callId: string;
  lines: readonly string[];
  containerLog: string | null;
}) {
  const { ref, terminalRef } = useLogTerminal(TERMINAL, callId, lines);
  const [term, setTerm] = useState('');
  const [found, setFound] = useState<boolean | null>(null);

  const find = (backwards: boolean) => setFound(terminalRef.current?.find(term, backwards) ?? null);

  return (
    <div className="detail-logs">
      <section className="panel" aria-label="Call log">
        <h4>
          Call log <span className="muted">({lines.length === 1 ? '1 line' : `${lines.length} lines`})</span>
        </h4>
        <div className="detail-search">
          <input
            type="search"
            aria-label="Search the call log"
            placeholder="Search log"
            data-testid="detail-log-search"
            value={term}
            onChange={(e) => setTerm(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') find(e.shiftKey);
              if (e.key === 'Escape') {
                setTerm('');
                setFound(terminalRef.current?.find('') ?? null);
              }
            }}
          />
          <button type="button" aria-label="Previous match" onClick={() => find(true)}>
            ↑
          </button>
          <button type="button" aria-label="Next match" onClick={() => find(false)}>
            ↓
          </button>
          {found === false && term && (
            <span className="muted" data-testid="detail-log-notfound">
              No match
            </span>
          )}
        </div>
        <div className="call-log" ref={ref} data-testid="detail-log" data-line-count={lines.length} />
      </section>
      <section className="panel" aria-label="Container log between calls">
        <h4>Container log (between calls)</h4>
        {containerLog === null ? (
          <p className="muted" data-testid="detail-container-log-none">
            No container served this call.
          </p>
        ) : containerLog === '' ? (
          <p className="muted" data-testid="detail-container-log-empty">
            The container wrote nothing between calls.
          </p>
        ) : (
          <pre className="container-log" data-testid="detail-container-log">
            {containerLog}
          </pre>
        )}
      </section>
    </div>
  );
}
