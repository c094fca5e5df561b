// A LogTerminal for a React component: created on mount into the returned ref's element, disposed on unmount, and
// shown the given call's lines whenever they change.
import { useEffect, useRef } from 'react';
import { LogTerminal, type LogTerminalOptions } from './log-terminal';

export function useLogTerminal(options: LogTerminalOptions, callId: string | null, lines: readonly string[]) {
  const ref = useRef<HTMLDivElement>(null);
  const terminalRef = useRef<LogTerminal | null>(null);
  // Options are read once: a terminal is not rebuilt for a new options object on every render.
  const optionsRef = useRef(options);

  useEffect(() => {
    if (!ref.current) return;
    const terminal = new LogTerminal(ref.current, optionsRef.current);
    terminalRef.current = terminal;
    return () => {
      terminalRef.current = null;
      terminal.dispose();
    };
  }, []);

  useEffect(() => {
    terminalRef.current?.show(callId, lines);
  }, [callId, lines]);

  return { ref, terminalRef };
}
