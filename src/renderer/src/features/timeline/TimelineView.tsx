// The hot-slot timeline: one lane per container, one bar per call, beside a live container table.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CallSummary, ContainerInfo } from '../../../../shared/models';
import { useStudio } from '../../store/store-context';
import type { StudioState } from '../../store/studio-state';
import { ContainerTable } from './ContainerTable';
import { TimelineLanes } from './TimelineLanes';
import { TimelineLegend } from './TimelineLegend';
import { layoutLanes, nextZoom, windowEndingAt, ZOOM_LEVELS_MS } from '../../store/timeline-layout';
import { useNow } from './use-now';
import './timeline.css';

/** What the view draws while paused: the data as it was, so arriving events do not move it. */
interface Frozen {
  atMs: number;
  live: ContainerInfo[];
  ended: ContainerInfo[];
  calls: CallSummary[];
}

const selectContainers = (s: StudioState) => s.containers;
const selectEnded = (s: StudioState) => s.endedContainers;
const selectCalls = (s: StudioState) => s.timelineCalls;
const selectFns = (s: StudioState) => s.fns;
const selectError = (s: StudioState) => s.timelineError;
const selectLoad = (s: StudioState) => s.loadTimeline;
const selectOpenCall = (s: StudioState) => s.openCall;

const spanWords = (spanMs: number): string =>
  spanMs < 60_000 ? `${spanMs / 1000} s` : `${spanMs / 60_000} min`;

export function TimelineView() {
  const containers = useStudio(selectContainers);
  const ended = useStudio(selectEnded);
  const calls = useStudio(selectCalls);
  const fns = useStudio(selectFns);
  const error = useStudio(selectError);
  const loadTimeline = useStudio(selectLoad);
  const openCall = useStudio(selectOpenCall);
  const [spanMs, setSpanMs] = useState(ZOOM_LEVELS_MS[2]);
  const [frozen, setFrozen] = useState<Frozen | null>(null);
  const now = useNow(500, frozen === null);

  useEffect(() => {
    // The widest window, so zooming out needs no reload; call events keep it fresh after.
    void loadTimeline(new Date(Date.now() - ZOOM_LEVELS_MS[ZOOM_LEVELS_MS.length - 1]).toISOString());
  }, [loadTimeline]);

  const fnName = useCallback(
    (fnId: string) => fns.find((f) => f.id === fnId)?.name ?? fnId.slice(0, 8),
    [fns],
  );
  const zoom = useCallback((dir: -1 | 1) => setSpanMs((s) => nextZoom(s, dir)), []);
  const togglePause = () =>
    setFrozen((f) => (f ? null : { atMs: Date.now(), live: containers, ended, calls }));

  const view = frozen ?? { atMs: now, live: containers, ended, calls };
  const lanes = useMemo(
    () => layoutLanes(view.live, view.ended, view.calls, windowEndingAt(view.atMs, spanMs), view.atMs),
    [view.live, view.ended, view.calls, view.atMs, spanMs],
  );

  return (
    <section className="panel tl" aria-labelledby="timeline-title" data-testid="timeline-view">
      <div className="tl-head">
        <h2 id="timeline-title">Timeline</h2>
        <div className="tl-controls" role="toolbar" aria-label="Timeline controls">
          <button
            type="button"
            data-testid="timeline-pause"
            aria-pressed={frozen !== null}
            onClick={togglePause}
          >
            {frozen ? 'Resume live' : 'Pause'}
          </button>
          <button
            type="button"
            data-testid="timeline-zoom-in"
            aria-label="Zoom in"
            disabled={spanMs === ZOOM_LEVELS_MS[0]}
            onClick={() => zoom(-1)}
          >
            +
          </button>
          <select
            data-testid="timeline-window"
            aria-label="Time window"
            value={spanMs}
            onChange={(e) => setSpanMs(Number(e.target.value))}
          >
            {ZOOM_LEVELS_MS.map((z) => (
              <option key={z} value={z}>
                {spanWords(z)}
              </option>
            ))}
          </select>
          <button
            type="button"
            data-testid="timeline-zoom-out"
            aria-label="Zoom out"
            disabled={spanMs === ZOOM_LEVELS_MS[ZOOM_LEVELS_MS.length - 1]}
            onClick={() => zoom(1)}
          >
            −
          </button>
          <span className="muted" data-testid="timeline-mode">
            {frozen ? `Paused at ${new Date(frozen.atMs).toLocaleTimeString()}` : 'Live'}
          </span>
        </div>
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="timeline-error">
          {error}
        </p>
      )}
      <TimelineLegend />
      <div className="tl-body">
        <div className="tl-chart" data-testid="timeline-chart" data-span-ms={spanMs}>
          <div className="tl-axis muted" aria-hidden="true">
            <span>−{spanWords(spanMs)}</span>
            <span>{frozen ? 'paused' : 'now'}</span>
          </div>
          <TimelineLanes lanes={lanes} fnName={fnName} onOpen={openCall} onZoom={zoom} />
        </div>
        <ContainerTable containers={containers} fnName={fnName} nowMs={now} />
      </div>
    </section>
  );
}
