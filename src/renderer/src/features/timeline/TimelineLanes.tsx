// The lanes: one row per container with its calls as bars (fill = outcome, border = start kind) and launch/end markers.
import type { WheelEvent } from 'react';
import type { Lane } from '../../store/timeline-layout';
import { shortId } from '../../store/timeline-layout';

interface Props {
  lanes: Lane[];
  fnName: (fnId: string) => string;
  onOpen: (callId: string) => void;
  onZoom: (dir: -1 | 1) => void;
}

export function TimelineLanes({ lanes, fnName, onOpen, onZoom }: Props) {
  // Ctrl+wheel zooms; a plain wheel still scrolls the page.
  const onWheel = (e: WheelEvent<HTMLDivElement>) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    onZoom(e.deltaY < 0 ? -1 : 1);
  };
  if (lanes.length === 0) {
    return (
      <p className="muted" data-testid="timeline-empty">
        No containers in this window. Send a call to a function and its container appears here.
      </p>
    );
  }
  return (
    <div className="tl-lanes" data-testid="timeline-lanes" onWheel={onWheel}>
      {lanes.map((lane) => (
        <div
          key={lane.containerId}
          className="tl-lane"
          data-testid="timeline-lane"
          data-container-id={lane.containerId}
          data-live={lane.live}
        >
          <div className="tl-lane-label" title={lane.containerId}>
            <span className="tl-mono">{shortId(lane.containerId)}</span>
            <span className="muted">
              {fnName(lane.fnId)} · {lane.kind}
            </span>
          </div>
          <div
            className="tl-track"
            role="list"
            aria-label={`Calls served by container ${shortId(lane.containerId)}`}
          >
            {lane.launchAt !== null && (
              <span
                className="tl-marker tl-marker-launch"
                data-testid="timeline-marker-launch"
                style={{ left: `${lane.launchAt}%` }}
                title="Container launched"
                aria-label="Container launched"
              />
            )}
            {lane.endAt !== null && (
              <span
                className={`tl-marker tl-marker-end tl-end-${lane.endReason ?? 'unknown'}`}
                data-testid="timeline-marker-end"
                data-end-reason={lane.endReason}
                style={{ left: `${lane.endAt}%` }}
                title={lane.endTitle ?? 'Container ended'}
                aria-label={lane.endTitle ?? 'Container ended'}
              />
            )}
            {lane.bars.map((bar) => (
              <button
                key={bar.callId}
                type="button"
                role="listitem"
                className={`tl-bar tl-status-${bar.status} tl-kind-${bar.startKind}`}
                data-testid="timeline-bar"
                data-call-id={bar.callId}
                data-container-id={lane.containerId}
                data-start-kind={bar.startKind}
                data-status={bar.status}
                style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
                title={bar.title}
                aria-label={bar.title}
                onClick={() => onOpen(bar.callId)}
              />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
