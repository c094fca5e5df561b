// The live container table beside the timeline: state, calls served, memory in use of its limit (the engine's
// latest sample: about one a second while it serves calls) and a ticking idle countdown. Narrow
// enough for its panel: long function names wrap, and the row of the selected call's container is marked.
import type { ContainerInfo } from '../../../../shared/models';
import { cpuText, mbText } from '../../../../shared/usage-words';
import { idleCountdown, shortId } from '../../store/timeline-layout';

/** What the Memory cell's tooltip adds: the limit alone until the engine's first sample, then peak and CPU so far. */
function figuresTitle(c: ContainerInfo): string {
  if (c.memory_used_mb === undefined)
    return `Memory limit ${c.memory_mb} MB (no figures from the engine yet)`;
  const parts = [
    `In use at the engine's latest sample (taken while it serves calls, and once after): ${mbText(c.memory_used_mb)} of ${c.memory_mb} MB`,
  ];
  if (c.memory_peak_mb !== undefined) parts.push(`peak since start ${mbText(c.memory_peak_mb)} MB`);
  if (c.cpu_ms !== undefined) parts.push(`${cpuText(c.cpu_ms)} CPU since start`);
  return parts.join('; ');
}

interface Props {
  containers: ContainerInfo[];
  fnName: (fnId: string) => string;
  nowMs: number;
  /** The container that served the selected call, if any. */
  selectedContainerId: string | null;
}

export function ContainerTable({ containers, fnName, nowMs, selectedContainerId }: Props) {
  return (
    <div className="tl-table-wrap">
      <table className="tl-table" data-testid="container-table" aria-label="Live containers">
        <thead>
          <tr>
            <th scope="col">Container</th>
            <th scope="col">Function</th>
            <th scope="col">State</th>
            <th scope="col" className="tl-num">
              Calls
            </th>
            <th scope="col" className="tl-num">
              Memory
            </th>
            <th scope="col" className="tl-num">
              Idle ends in
            </th>
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
            const selected = c.id === selectedContainerId;
            return (
              <tr
                key={c.id}
                className={selected ? 'tl-row-selected' : undefined}
                data-testid="container-row"
                data-container-id={c.id}
                data-selected={selected}
              >
                <td className="tl-mono" title={c.id}>
                  {shortId(c.id)}
                </td>
                <td className="tl-fn">{fnName(c.fn_id)}</td>
                <td data-testid="container-state">{c.state}</td>
                <td className="tl-num" data-testid="container-calls">
                  {c.calls_served}
                </td>
                <td className="tl-num" data-testid="container-memory" title={figuresTitle(c)}>
                  {c.memory_used_mb === undefined
                    ? `${c.memory_mb} MB`
                    : `${mbText(c.memory_used_mb)} of ${c.memory_mb} MB`}
                </td>
                <td className="tl-num" data-testid="container-idle">
                  {left === null ? '–' : `${left} s`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
