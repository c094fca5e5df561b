// The call's log in an xterm.js terminal; the Terminal lives in a CallTerminal created and disposed by effects.
import { useEffect, useRef } from 'react';
import { selectResultCallId, selectResultLogLines } from '../../store/selectors';
import { useStudio } from '../../store/store-context';
import { CallTerminal } from './call-terminal';

export function CallLog() {
  const containerRef = useRef<HTMLDivElement>(null);
  const terminalRef = useRef<CallTerminal | null>(null);
  const callId = useStudio(selectResultCallId);
  const lines = useStudio(selectResultLogLines);

  useEffect(() => {
    if (!containerRef.current) return;
    const terminal = new CallTerminal(containerRef.current);
    terminalRef.current = terminal;
    return () => {
      terminalRef.current = null;
      terminal.dispose();
    };
  }, []);

  useEffect(() => {
    terminalRef.current?.show(callId, lines);
  }, [callId, lines]);

  return (
    <section className="panel" aria-label="Call log">
      <h3>
        Log <span className="muted">({lines.length === 1 ? '1 line' : `${lines.length} lines`})</span>
      </h3>
      <div className="call-log" ref={containerRef} data-testid="call-log" data-line-count={lines.length} />
    </section>
  );
}
