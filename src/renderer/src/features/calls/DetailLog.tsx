// The open call's log in xterm (ANSI colours, search, full history) and its container's between-call log beside it.
import { useEffect, useRef, useState } from 'react';
import { DetailTerminal } from './detail-terminal';

export function DetailLog({
  callId,
  lines,
  containerLog,
}: {
  callId: string;
  lines: readonly string[];
  containerLog: string | null;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const terminalRef = useRef<DetailTerminal | null>(null);
  const [term, setTerm] = useState('');
  const [found, setFound] = useState<boolean | null>(null);

  useEffect(() => {
    if (!ref.current) return;
    const terminal = new DetailTerminal(ref.current);
    terminalRef.current = terminal;
    return () => {
      terminalRef.current = null;
      terminal.dispose();
    };
  }, []);

  useEffect(() => {
    terminalRef.current?.show(callId, lines);
  }, [callId, lines]);

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
