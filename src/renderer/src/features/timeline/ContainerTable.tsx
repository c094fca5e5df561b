// The container table beside the timeline: state, calls served, memory in use of its limit (the engine's latest
// sample: about one a second while it serves calls) and a ticking idle countdown of the live containers, and on
// request the ones that ended recently. Narrow enough for its panel: long function names wrap, the row of the
// selected call's container is marked, and a container's id opens its details.
import { useState } from 'react';
import type { ContainerInfo } from '../../../../shared/models';
import { cpuText, mbText } from '../../../../shared/usage-words';
import { END_REASONS } from '../../store/timeline-ends';
import { DebugAttach } from '../debug/DebugAttach';
import { idleCountdown, shortId } from '../../store/timeline-layout';

/** What the Memory cell's tooltip adds: the limit alone until the engine's first sample, then peak and CPU so far. */
function figuresTitle(c: ContainerInfo): string {
  if (c.memory_used_mb === undefined)
    return `Memory limit ${c.memory_mb} MB (no figures from the engine yet)${relayTitle(c)}`;
  const parts = [
    `In use at the engine's latest sample (taken while it serves calls, and once after): ${mbText(c.memory_used_mb)} of ${c.memory_mb} MB`,
  ];
  if (c.memory_peak_mb !== undefined) parts.push(`peak since start ${mbText(c.memory_peak_mb)} MB`);
  if (c.cpu_ms !== undefined) parts.push(`${cpuText(c.cpu_ms)} CPU since start`);
  return parts.join('; ') + relayTitle(c);
}

/** A relay holds pool memory beside its function's container (the engine does not share this machine's folders). */
const relayTitle = (c: ContainerInfo): string =>
  c.relay_memory_mb ? `; its http-stream relay container holds ${c.relay_memory_mb} MB more of the pool` : '';

interface Props {
  containers: ContainerInfo[];
  /** Containers that ended recently, oldest first. */
  ended: ContainerInfo[];
  fnName: (fnId: string) => string;
  nowMs: number;
  /** The container that served the selected call, if any. */
  selectedContainerId: string | null;
  /** Opens a container's details. */
  onOpen: (containerId: string) => void;
}

export function ContainerTable({ containers, ended, fnName, nowMs, selectedContainerId, onOpen }: Props) {
  const [showEnded, setShowEnded] = useState(false);
  const rows = showEnded ? [...containers, ...[...ended].reverse()] : containers;
  return (
    <div className="tl-table-wrap">
      <div className="tl-table-tools">
        <label>
          <input
            type="checkbox"
            checked={showEnded}
            onChange={(e) => setShowEnded(e.target.checked)}
            data-testid="container-show-ended"
          />
          Show ended ({ended.length})
        </label>
      </div>
      <table
        className="tl-table"
        data-testid="container-table"
        aria-label={showEnded ? 'Live and ended containers' : 'Live containers'}
      >
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
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                {showEnded ? 'No containers.' : 'No live containers.'}
              </td>
            </tr>
          )}
          {rows.map((c) => {
            const left = idleCountdown(c, nowMs);
            const selected = c.id === selectedContainerId;
            const isEnded = c.ended_at !== undefined;
            const className = [selected && 'tl-row-selected', isEnded && 'tl-row-ended']
              .filter(Boolean)
              .join(' ');
            return (
              <tr
                key={c.id}
                className={className || undefined}
                data-testid="container-row"
                data-container-id={c.id}
                data-selected={selected}
                data-ended={isEnded}
              >
                <td title={c.id}>
                  <button
                    type="button"
                    className="tl-open"
                    aria-label={`Details of container ${shortId(c.id)}`}
                    data-testid="container-open"
                    onClick={() => onOpen(c.id)}
                  >
                    {shortId(c.id)}
                  </button>
                </td>
                <td className="tl-fn">
                  {fnName(c.fn_id)}
                  {c.debug_address && !isEnded && (
                    <DebugAttach address={c.debug_address} engineHost={c.debug_engine_host} />
                  )}
                </td>
                <td
                  data-testid="container-state"
                  title={isEnded && c.end_reason ? END_REASONS[c.end_reason].words : undefined}
                >
                  {isEnded ? 'ended' : c.state}
                </td>
                <td className="tl-num" data-testid="container-calls">
                  {c.calls_served}
                </td>
                <td className="tl-num" data-testid="container-memory" title={figuresTitle(c)}>
                  {c.memory_used_mb === undefined
                    ? `${c.memory_mb} MB`
                    : `${mbText(c.memory_used_mb)} of ${c.memory_mb} MB`}
                  {c.relay_memory_mb ? ` + ${c.relay_memory_mb} MB relay` : ''}
                </td>
                <td className="tl-num" data-testid="container-idle">
                  {left !== null ? `${left} s` : c.state === 'idle' && c.kept_warm ? 'kept warm' : '–'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
