// The hot-slot timeline: one lane per container, one bar per call, beside a live container table. Its window follows
// now (Live) or stays where the user put it (paused, panned, zoomed), kept in the store for the session; a clicked bar
// selects its call (the calls view's open call) and shows its detail here.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useStudio } from '../../store/store-context';
import type { StudioState } from '../../store/studio-state';
import { windowLabel } from '../../store/timeline-axis';
import { layoutLanes } from '../../store/timeline-layout';
import { packOptions } from '../../store/timeline-packing';
import {
  goLive,
  type History,
  historyStart,
  panBy,
  pause,
  toOldest,
  windowOf,
  ZOOM_LEVELS_MS,
  zoomStep,
  zoomInOn,
  zoomTo,
  type Viewport,
  type ZoomAnchor,
} from '../../store/timeline-viewport';
import { CallDetail } from '../calls/CallDetail';
import { ContainerDetailPanel } from './ContainerDetailPanel';
import { ContainerTable } from './ContainerTable';
import { TimelineAxis } from './TimelineAxis';
import { TimelineControls } from './TimelineControls';
import { TimelineLanes } from './TimelineLanes';
import { TimelineLegend } from './TimelineLegend';
import { useElementWidth } from './use-element-width';
import { type TimelineNav, useTimelineInput } from './use-timeline-input';
import { useNow } from './use-now';
import './timeline.css';
import './timeline-markers.css';

const selectContainers = (s: StudioState) => s.containers;
const selectEnded = (s: StudioState) => s.endedContainers;
const selectCalls = (s: StudioState) => s.timelineCalls;
const selectFns = (s: StudioState) => s.fns;
const selectError = (s: StudioState) => s.timelineError;
const selectLoad = (s: StudioState) => s.loadTimeline;
const selectViewport = (s: StudioState) => s.timelineViewport;
const selectSetViewport = (s: StudioState) => s.setTimelineViewport;
const selectSelected = (s: StudioState) => s.openCallId;
const selectSelect = (s: StudioState) => s.selectTimelineCall;
const selectOpenCall = (s: StudioState) => s.openCall;
const selectShowContainer = (s: StudioState) => s.showContainer;

export function TimelineView() {
  const containers = useStudio(selectContainers);
  const ended = useStudio(selectEnded);
  const calls = useStudio(selectCalls);
  const fns = useStudio(selectFns);
  const error = useStudio(selectError);
  const loadTimeline = useStudio(selectLoad);
  const viewport = useStudio(selectViewport);
  const setViewport = useStudio(selectSetViewport);
  const selectedId = useStudio(selectSelected);
  const selectCall = useStudio(selectSelect);
  const openCall = useStudio(selectOpenCall);
  const showContainer = useStudio(selectShowContainer);
  const now = useNow(500);
  const [trackEl, setTrackEl] = useState<HTMLDivElement | null>(null);
  const [lanesEl, setLanesEl] = useState<HTMLDivElement | null>(null);
  const trackPx = useElementWidth(trackEl);

  useEffect(() => {
    // The widest window, so zooming out needs no reload; call events keep it fresh after.
    void loadTimeline(new Date(Date.now() - ZOOM_LEVELS_MS[ZOOM_LEVELS_MS.length - 1]).toISOString());
  }, [loadTimeline]);

  const fnName = useCallback(
    (fnId: string) => fns.find((f) => f.id === fnId)?.name ?? fnId.slice(0, 8),
    [fns],
  );
  const live = viewport.endMs === null;
  // A fixed window draws as of its own end, so the passing of time (and calls arriving after it) leaves it still.
  const drawnAt = viewport.endMs ?? now;
  const w = windowOf(viewport, drawnAt);
  const finest = viewport.spanMs === ZOOM_LEVELS_MS[0];
  const lanes = useMemo(
    () =>
      layoutLanes(
        containers,
        ended,
        calls,
        windowOf(viewport, drawnAt),
        drawnAt,
        packOptions(trackPx, finest),
      ),
    [containers, ended, calls, viewport, drawnAt, trackPx, finest],
  );
  const firstMs = useMemo(() => historyStart(calls, containers, ended), [calls, containers, ended]);
  const history = useCallback((): History => ({ firstMs, nowMs: Date.now() }), [firstMs]);

  // The selected call's start, when it ran in a container the store still knows.
  const selected = selectedId ? calls.find((c) => c.id === selectedId) : undefined;
  const selectedStart =
    selected?.container_id && (selected.started_at ?? selected.created_at)
      ? Date.parse(selected.started_at ?? selected.created_at)
      : null;
  // Buttons zoom around the selected call when it is in view, else around the window's centre.
  const selectedAnchor = (vp: Viewport): ZoomAnchor | undefined => {
    const at = windowOf(vp, Date.now());
    return selectedStart !== null && selectedStart >= at.startMs && selectedStart <= at.endMs
      ? { atMs: selectedStart, fraction: (selectedStart - at.startMs) / vp.spanMs }
      : undefined;
  };
  // Every move is a change of the store's current viewport, so moves that come faster than renders add up.
  const nav: TimelineNav = {
    pan: (fraction) => setViewport((vp) => panBy(vp, fraction * vp.spanMs, history())),
    zoom: (dir, at) =>
      setViewport((vp) => {
        const start = windowOf(vp, Date.now()).startMs;
        const anchor = at === undefined ? selectedAnchor(vp) : { atMs: start + at * vp.spanMs, fraction: at };
        return zoomStep(vp, dir, history(), anchor);
      }),
    oldest: () => setViewport((vp) => toOldest(vp, history())),
    live: () => setViewport(goLive),
  };
  const trackAt = (clientX: number): number | null => {
    const box = trackEl?.getBoundingClientRect();
    if (!box || box.width <= 0 || clientX < box.left || clientX > box.right) return null;
    return (clientX - box.left) / box.width;
  };
  const input = useTimelineInput(lanesEl, nav, trackAt, trackPx);

  return (
    <section className="panel tl" aria-labelledby="timeline-title" data-testid="timeline-view">
      <div className="tl-head">
        <h2 id="timeline-title">Timeline</h2>
        <TimelineControls
          live={live}
          spanMs={viewport.spanMs}
          windowText={windowLabel(w)}
          canGoLater={!live}
          canShowSelected={selectedStart !== null}
          onPause={() => setViewport((vp) => (vp.endMs === null ? pause(vp, Date.now()) : vp))}
          onLive={nav.live}
          onPan={nav.pan}
          onZoom={(dir) => nav.zoom(dir)}
          onSpan={(spanMs) => setViewport((vp) => zoomTo(vp, spanMs, history(), selectedAnchor(vp)))}
          onShowSelected={() =>
            selectedStart !== null &&
            setViewport((vp) =>
              zoomTo(pause(vp, Date.now()), vp.spanMs, history(), { atMs: selectedStart, fraction: 0.5 }),
            )
          }
        />
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="timeline-error">
          {error}
        </p>
      )}
      <TimelineLegend />
      <div className="tl-body">
        <div className="tl-main">
          <div
            className="tl-chart"
            data-testid="timeline-chart"
            data-span-ms={viewport.spanMs}
            data-start-ms={w.startMs}
            data-end-ms={w.endMs}
            data-live={live}
          >
            <TimelineAxis window={w} trackPx={trackPx} trackRef={setTrackEl} />
            <TimelineLanes
              lanes={lanes}
              live={live}
              selectedId={selectedId}
              fnName={fnName}
              onSelect={selectCall}
              onFit={(startMs, endMs) => setViewport((vp) => zoomInOn(vp, startMs, endMs, history()))}
              laneRef={setLanesEl}
              input={input}
            />
          </div>
          {selectedId && (
            <div className="tl-detail" data-testid="timeline-detail">
              <button type="button" data-testid="timeline-open-in-calls" onClick={() => openCall(selectedId)}>
                Show in Calls
              </button>
              <CallDetail />
            </div>
          )}
        </div>
        <div className="tl-side">
          <ContainerTable
            containers={containers}
            ended={ended}
            fnName={fnName}
            nowMs={now}
            selectedContainerId={selected?.container_id ?? null}
            onOpen={(id) => void showContainer(id)}
          />
          <ContainerDetailPanel fnName={fnName} />
        </div>
      </div>
    </section>
  );
}
