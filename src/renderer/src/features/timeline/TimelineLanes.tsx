// The lanes: one row per container with its lifetime as a muted band, its calls as bars on it (fill = outcome,
// border = start kind) and launch/end markers.
import type { WheelEvent } from 'react';
import type { Lane } from '../../store/timeline-layout';
import { shortId } from '../../store/timeline-layout';

/** A launch or end marker: a line with a shaped pin (shape and colour per kind, see timeline.css), named for
 * screen readers and on hover. */
function Marker(props: { className: string; testId: string; at: number; name: string; endReason?: string }) {
  return (
    <span
      className={`tl-marker ${props.className}`}
      data-testid={props.testId}
      data-end-reason={props.endReason}
      style={{ left: `${props.at}%` }}
      role="img"
      title={props.name}
      aria-label={props.name}
    >
      <span className="tl-pin" />
    </span>
  );
}

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
          <div className="tl-track">
            {lane.band && (
              <span
                className={`tl-band${lane.band.open ? ' tl-band-open' : ''}`}
                data-testid="timeline-band"
                data-open={lane.band.open}
                style={{ left: `${lane.band.left}%`, width: `${lane.band.width}%` }}
                title={
                  lane.band.open
                    ? 'Container alive: gaps between bars are idle time'
                    : 'Container lifetime: gaps between bars were idle time'
                }
                aria-hidden="true"
              />
            )}
            <div
              className="tl-bars"
              role="list"
              aria-label={`Calls served by container ${shortId(lane.containerId)}`}
            >
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
            {lane.launchAt !== null && (
              <Marker
                className="tl-marker-launch"
                testId="timeline-marker-launch"
                at={lane.launchAt}
                name="Container launched"
              />
            )}
            {lane.endAt !== null && (
              <Marker
                className={`tl-marker-end tl-end-${lane.endReason ?? 'unknown'}`}
                testId="timeline-marker-end"
                at={lane.endAt}
                name={lane.endTitle ?? 'Container ended'}
                endReason={lane.endReason}
              />
            )}
          </div>
        </div>
      ))}
    </div>
  );
}
