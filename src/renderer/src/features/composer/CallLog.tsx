// The call's log in an xterm.js terminal (a LogTerminal, created and disposed with this component).
import { selectResultCallId, selectResultLogLines } from '../../store/selectors';
import { useStudio } from '../../store/store-context';
import { useLogTerminal } from '../terminal/use-log-terminal';

const TERMINAL = { rows: 14, cols: 120 };

export function CallLog() {
  const callId = useStudio(selectResultCallId);
  const lines = useStudio(selectResultLogLines);
  const { ref } = useLogTerminal(TERMINAL, callId, lines);

  return (
    <section className="panel" aria-label="Call log">
      <h3>
        Log <span className="muted">({lines.length === 1 ? '1 line' : `${lines.length} lines`})</span>
      </h3>
      <div className="call-log" ref={ref} data-testid="call-log" data-line-count={lines.length} />
    </section>
  );
}
