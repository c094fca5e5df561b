// The live container table beside the timeline: state, calls served, memory and a ticking idle countdown.
import type { ContainerInfo } from '../../../../shared/models';
import { idleCountdown, shortId } from '../../store/timeline-layout';

interface Props {
  containers: ContainerInfo[];
  fnName: (fnId: string) => string;
  nowMs: number;
}

export function ContainerTable({ containers, fnName, nowMs }: Props) {
  return (
    <table className="tl-table" data-testid="container-table" aria-label="Live containers">
      <thead>
        <tr>
          <th scope="col">Container</th>
          <th scope="col">Function</th>
          <th scope="col">State</th>
          <th scope="col">Calls</th>
          <th scope="col">Memory</th>
          <th scope="col">Idle ends in</th>
        </tr>
      </thead>
      <tbody>
        {containers.length === 0 && (
          <tr>
            <td colSpan={6} className="muted">
              No live containers.
            </td>
          </tr>
        )}
        {containers.map((c) => {
          const left = idleCountdown(c, nowMs);
          return (
            <tr key={c.id} data-testid="container-row" data-container-id={c.id}>
              <td className="tl-mono" title={c.id}>
                {shortId(c.id)}
              </td>
              <td>{fnName(c.fn_id)}</td>
              <td data-testid="container-state">{c.state}</td>
              <td data-testid="container-calls">{c.calls_served}</td>
              <td>{c.memory_mb} MB</td>
              <td data-testid="container-idle">{left === null ? '–' : `${left} s`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
