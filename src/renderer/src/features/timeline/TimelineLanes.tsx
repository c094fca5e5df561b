// The lanes: one row per container with its lifetime as a muted band, its calls as bars on it (fill = outcome, a
// shape under the bar = start kind), groups where calls are too close to tell apart, and launch/end markers.
import type { HTMLAttributes } from 'react';
import type { Lane } from '../../store/timeline-layout';
import { shortId } from '../../store/timeline-layout';
import type { BarItem, GroupItem } from '../../store/timeline-packing';
import { clockLabel } from '../../store/timeline-axis';

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

function CallBar(props: {
  bar: BarItem;
  containerId: string;
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  const { bar, selected } = props;
  const name = selected ? `${bar.title} (selected)` : bar.title;
  return (
    <button
      type="button"
      role="listitem"
      className={`tl-bar tl-status-${bar.status}${selected ? ' tl-selected' : ''}`}
      data-testid="timeline-bar"
      data-call-id={bar.callId}
      data-container-id={props.containerId}
      data-start-kind={bar.startKind}
      data-status={bar.status}
      data-selected={selected}
      aria-current={selected || undefined}
      style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
      title={name}
      aria-label={name}
      onClick={() => props.onSelect(bar.callId)}
    >
      {(bar.startKind === 'cold' || bar.startKind === 'hot_new') && (
        <span
          className={`tl-kind-mark tl-kind-${bar.startKind}`}
          data-testid="timeline-kind-mark"
          aria-hidden="true"
        />
      )}
    </button>
  );
}

/** Calls too close to draw apart at this zoom: their count, and a click zooms in on them. */
function CallGroup(props: {
  group: GroupItem;
  selected: boolean;
  onFit: (startMs: number, endMs: number) => void;
}) {
  const { group, selected } = props;
  const n = group.callIds.length;
  const span = group.endMs - group.startMs;
  const name =
    `${n} calls from ${clockLabel(group.startMs, 1)} to ${clockLabel(group.endMs, 1)} (${span} ms)` +
    `${selected ? ', the selected call among them' : ''}: zoom in to tell them apart`;
  return (
    <button
      type="button"
      role="listitem"
      className={`tl-group tl-status-${group.status}${selected ? ' tl-selected' : ''}`}
      data-testid="timeline-group"
      data-call-ids={group.callIds.join(' ')}
      data-count={n}
      data-status={group.status}
      data-selected={selected}
      style={{ left: `${group.left}%`, width: `${group.width}%` }}
      title={name}
      aria-label={name}
      onClick={() => props.onFit(group.startMs, group.endMs)}
    >
      <span className="tl-group-count" aria-hidden="true">
        {n}
      </span>
    </button>
  );
}

interface Props {
  lanes: Lane[];
  live: boolean;
  selectedId: string | null;
  fnName: (fnId: string) => string;
  onSelect: (callId: string) => void;
  onFit: (startMs: number, endMs: number) => void;
  /** The lanes element, for the wheel listener and drag. */
  laneRef: (el: HTMLDivElement | null) => void;
  /** Keyboard and pointer handlers that move and zoom. */
  input: HTMLAttributes<HTMLDivElement>;
}

export function TimelineLanes({ lanes, live, selectedId, fnName, onSelect, onFit, laneRef, input }: Props) {
  return (
    <div
      ref={laneRef}
      className="tl-lanes"
      data-testid="timeline-lanes"
      tabIndex={0}
      role="group"
      aria-label="Timeline lanes: Left and Right arrows move in time, + and − zoom, Home goes to the oldest call, End to live"
      {...input}
    >
      {lanes.length === 0 && (
        <p className="muted tl-empty" data-testid="timeline-empty">
          {live
            ? 'No containers in this window. Send a call to a function and its container appears here.'
            : 'No containers in this window. Move earlier or later, zoom out, or go back to Live.'}
        </p>
      )}
      {lanes.map((lane) => {
        const hasSelected = selectedId !== null && lane.bars.some((b) => b.callId === selectedId);
        return (
          <div
            key={lane.containerId}
            className={`tl-lane${hasSelected ? ' tl-lane-selected' : ''}`}
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
                {lane.items.map((item) =>
                  item.type === 'bar' ? (
                    <CallBar
                      key={item.callId}
                      bar={item}
                      containerId={lane.containerId}
                      selected={item.callId === selectedId}
                      onSelect={onSelect}
                    />
                  ) : (
                    <CallGroup
                      key={item.callIds[0]}
                      group={item}
                      selected={selectedId !== null && item.callIds.includes(selectedId)}
                      onFit={onFit}
                    />
                  ),
                )}
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
        );
      })}
    </div>
  );
}
