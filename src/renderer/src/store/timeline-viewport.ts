// Where the timeline looks: a span and either "live" (ending at now) or a fixed end. Zoom, pan, pause, live and the
// limits of the retained history as pure functions, so the view's controls are unit-tested without a DOM.
import type { CallSummary, ContainerInfo } from '../../../shared/models';

/** The zoom steps, shortest first: 100 ms (single hot calls apart) to 30 min (the history loaded). */
export const ZOOM_LEVELS_MS = [
  100,
  250,
  500,
  1_000,
  2_500,
  5_000,
  10_000,
  30_000,
  60_000,
  5 * 60_000,
  15 * 60_000,
  30 * 60_000,
];

export const DEFAULT_SPAN_MS = 60_000;

export interface TimeWindow {
  startMs: number;
  endMs: number;
}

export interface Viewport {
  spanMs: number;
  /** The window's end; null while live (it ends at now and follows it). */
  endMs: number | null;
}

export const LIVE_VIEWPORT: Viewport = { spanMs: DEFAULT_SPAN_MS, endMs: null };

/** A moment to keep in place while zooming: `atMs` stays at `fraction` (0 = left edge, 1 = right) of the window. */
export interface ZoomAnchor {
  atMs: number;
  fraction: number;
}

/** The limits a fixed window moves within: the oldest retained moment (null when nothing is kept) and now. */
export interface History {
  firstMs: number | null;
  nowMs: number;
}

/** The window ending at `endMs` that spans `spanMs`. */
export function windowEndingAt(endMs: number, spanMs: number): TimeWindow {
  return { startMs: endMs - spanMs, endMs };
}

export function windowOf(vp: Viewport, nowMs: number): TimeWindow {
  return windowEndingAt(vp.endMs ?? nowMs, vp.spanMs);
}

/** The next zoom level: `dir` -1 zooms in (shorter window), +1 out. Stays within the levels. */
export function nextZoom(spanMs: number, dir: -1 | 1): number {
  const i = ZOOM_LEVELS_MS.indexOf(spanMs);
  const at = i < 0 ? ZOOM_LEVELS_MS.indexOf(DEFAULT_SPAN_MS) : i;
  return ZOOM_LEVELS_MS[Math.min(ZOOM_LEVELS_MS.length - 1, Math.max(0, at + dir))];
}

/**
 * A fixed window's end kept within the history: never past now, and never so far back that the oldest retained
 * moment has left the window's right half (panning further would only show emptiness).
 */
export function clampEnd(endMs: number, spanMs: number, h: History): number {
  const earliest = h.firstMs === null ? endMs : h.firstMs + spanMs / 2;
  return Math.min(h.nowMs, Math.max(earliest, endMs));
}

/** Stops following now: the window stays where it is. */
export const pause = (vp: Viewport, nowMs: number): Viewport => ({ spanMs: vp.spanMs, endMs: nowMs });

export const goLive = (vp: Viewport): Viewport => ({ spanMs: vp.spanMs, endMs: null });

/**
 * Another span. Live stays live (the window keeps ending at now); a fixed window keeps `anchor` in place, by
 * default its centre.
 */
export function zoomTo(vp: Viewport, spanMs: number, h: History, anchor?: ZoomAnchor): Viewport {
  if (vp.endMs === null) return { spanMs, endMs: null };
  const { atMs, fraction } = anchor ?? { atMs: vp.endMs - vp.spanMs / 2, fraction: 0.5 };
  return { spanMs, endMs: clampEnd(atMs + (1 - fraction) * spanMs, spanMs, h) };
}

export const zoomStep = (vp: Viewport, dir: -1 | 1, h: History, anchor?: ZoomAnchor): Viewport =>
  zoomTo(vp, nextZoom(vp.spanMs, dir), h, anchor);

/** Moves the window by `deltaMs` (negative = back in time); a live window stops following now. */
export function panBy(vp: Viewport, deltaMs: number, h: History): Viewport {
  const end = vp.endMs ?? h.nowMs;
  return { spanMs: vp.spanMs, endMs: clampEnd(end + deltaMs, vp.spanMs, h) };
}

/** Moves back to the oldest retained moment (it lands mid-window). */
export function toOldest(vp: Viewport, h: History): Viewport {
  if (h.firstMs === null) return vp;
  return { spanMs: vp.spanMs, endMs: clampEnd(h.firstMs, vp.spanMs, h) };
}

/** The closest zoom level that shows `startMs`–`endMs` with a margin, centred on it (a group of calls opened). */
export function fitRange(startMs: number, endMs: number, h: History): Viewport {
  const need = Math.max(1, endMs - startMs) * 1.25;
  const spanMs = ZOOM_LEVELS_MS.find((z) => z >= need) ?? ZOOM_LEVELS_MS[ZOOM_LEVELS_MS.length - 1];
  const centre = (startMs + endMs) / 2;
  return { spanMs, endMs: clampEnd(centre + spanMs / 2, spanMs, h) };
}

/**
 * Opening a group of calls: fit it when that zooms in; a group spanning most of the window (a long run of short
 * calls) zooms one level in on its middle instead, so opening a group never zooms out.
 */
export function zoomInOn(vp: Viewport, startMs: number, endMs: number, h: History): Viewport {
  const fit = fitRange(startMs, endMs, h);
  if (fit.spanMs < vp.spanMs) return fit;
  const spanMs = nextZoom(vp.spanMs, -1);
  return { spanMs, endMs: clampEnd((startMs + endMs) / 2 + spanMs / 2, spanMs, h) };
}

const parse = (iso: string | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

/** The oldest moment the store still holds a call or a container for; null when it holds none. */
export function historyStart(
  calls: readonly CallSummary[],
  live: readonly ContainerInfo[],
  ended: readonly ContainerInfo[],
): number | null {
  let first: number | null = null;
  const see = (t: number | null) => {
    if (t !== null && (first === null || t < first)) first = t;
  };
  for (const c of calls) see(parse(c.started_at) ?? parse(c.created_at));
  for (const c of live) see(parse(c.started_at));
  for (const c of ended) see(parse(c.started_at));
  return first;
}
