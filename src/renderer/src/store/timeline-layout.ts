// Pure layout of the hot-slot timeline: which lanes and bars fall in a time window and where, so the view only draws
// what is visible and the rules are unit-tested without a DOM.
import { startKindLabel } from './start-kind-label';
import type {
  CallStatus,
  CallSummary,
  ContainerEndReason,
  ContainerInfo,
  StartKind,
} from '../../../shared/models';
import { endMarkerName } from './timeline-ends';
import { type LaneItem, packBars, packOptions, type PackOptions } from './timeline-packing';
import type { TimeWindow } from './timeline-viewport';

export interface Bar {
  callId: string;
  status: CallStatus;
  startKind: StartKind | 'unknown';
  /** Percent of the window width: where the call ran (clipped to the window); packing sets where it is drawn. */
  left: number;
  width: number;
  startMs: number;
  endMs: number;
  title: string;
}

/** A container's lifetime in the window, in percent: the muted band its calls' bars sit on. */
export interface Band {
  left: number;
  width: number;
  /** Still alive: the band runs to now and keeps growing. */
  open: boolean;
}

export interface Lane {
  containerId: string;
  fnId: string;
  kind: 'hot' | 'cold' | 'unknown';
  live: boolean;
  /** Percent positions of the launch and end markers, or null when outside the window. */
  launchAt: number | null;
  endAt: number | null;
  endReason?: ContainerEndReason;
  endTitle?: string;
  /** Null when the container's launch is unknown (a lane known only from its calls). */
  band: Band | null;
  /** The calls in the window, as they ran, by start. */
  bars: Bar[];
  /** What is drawn: the bars laid out apart, and groups where calls are too close to tell apart at this zoom. */
  items: LaneItem[];
}

const ms = (iso: string | undefined): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

const pct = (t: number, w: TimeWindow): number => ((t - w.startMs) / (w.endMs - w.startMs)) * 100;

const inWindow = (t: number | null, w: TimeWindow): number | null =>
  t !== null && t >= w.startMs && t <= w.endMs ? pct(t, w) : null;

/**
 * The band for a container launched at `launchMs` and ended at `endedMs` (or still alive at `nowMs` when
 * `endedMs` is null), clipped to the window; null when it lies wholly outside.
 */
export function bandOf(launchMs: number, endedMs: number | null, w: TimeWindow, nowMs: number): Band | null {
  const end = Math.max(launchMs, endedMs ?? nowMs);
  if (end < w.startMs || launchMs > w.endMs) return null;
  const left = Math.max(0, pct(launchMs, w));
  const right = Math.min(100, pct(end, w));
  return { left, width: right - left, open: endedMs === null };
}

/** A call's bar in the window, or null when it never ran in a container or lies outside. */
export function barOf(call: CallSummary, w: TimeWindow, nowMs: number): Bar | null {
  const start = ms(call.started_at) ?? ms(call.created_at);
  if (start === null || !call.container_id) return null;
  const end =
    ms(call.completed_at) ?? (call.status === 'running' || call.status === 'queued' ? nowMs : start);
  if (end < w.startMs || start > w.endMs) return null;
  const left = Math.max(0, pct(start, w));
  const right = Math.min(100, pct(end, w));
  const startKind = call.start_kind ?? 'unknown';
  return {
    callId: call.id,
    status: call.status,
    startKind,
    left,
    width: right - left,
    startMs: start,
    endMs: end,
    title: `Call ${call.id}: ${call.status}, ${startKind === 'unknown' ? 'start kind unknown' : startKindLabel(startKind)}, ${end - start} ms`,
  };
}

/**
 * The lanes overlapping the window, oldest launch first: one per container, live or ended, plus any container
 * known only from its calls (e.g. ended before the UI connected).
 */
export function layoutLanes(
  live: ContainerInfo[],
  ended: ContainerInfo[],
  calls: CallSummary[],
  w: TimeWindow,
  nowMs: number,
  pack: PackOptions = packOptions(800, false),
): Lane[] {
  const info = new Map<string, { c?: ContainerInfo; live: boolean }>();
  for (const c of ended) info.set(c.id, { c, live: false });
  for (const c of live) info.set(c.id, { c, live: true });
  const barsBy = new Map<string, Bar[]>();
  const fnOf = new Map<string, string>();
  const spanOf = new Map<string, { first: number; last: number }>();
  for (const call of calls) {
    if (!call.container_id) continue;
    fnOf.set(call.container_id, call.fn_id);
    const start = ms(call.started_at) ?? ms(call.created_at);
    if (start !== null) {
      const end = ms(call.completed_at) ?? start;
      const span = spanOf.get(call.container_id);
      spanOf.set(call.container_id, {
        first: Math.min(span?.first ?? start, start),
        last: Math.max(span?.last ?? end, end),
      });
    }
    const bar = barOf(call, w, nowMs);
    if (!bar) continue;
    const list = barsBy.get(call.container_id) ?? [];
    list.push(bar);
    barsBy.set(call.container_id, list);
    if (!info.has(call.container_id)) info.set(call.container_id, { live: false });
  }
  const lanes: Array<Lane & { sortKey: number }> = [];
  for (const [id, { c, live: isLive }] of info) {
    const launch = ms(c?.started_at) ?? spanOf.get(id)?.first ?? null;
    const endMs = ms(c?.ended_at) ?? (isLive ? nowMs : (spanOf.get(id)?.last ?? launch));
    const bars = (barsBy.get(id) ?? []).sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
    const overlaps = launch !== null && endMs !== null && launch <= w.endMs && endMs >= w.startMs;
    if (!overlaps && bars.length === 0) continue;
    lanes.push({
      containerId: id,
      fnId: c?.fn_id ?? fnOf.get(id) ?? '',
      kind: c?.kind ?? 'unknown',
      live: isLive,
      launchAt: inWindow(launch, w),
      endAt: isLive ? null : inWindow(ms(c?.ended_at), w),
      endReason: c?.end_reason,
      endTitle: isLive ? undefined : endMarkerName(c?.end_reason),
      // Only a known container has a lifetime; guessing one from its calls would hide the idle gaps it shows.
      band:
        c && launch !== null ? bandOf(launch, isLive ? null : (ms(c.ended_at) ?? launch), w, nowMs) : null,
      bars,
      items: packBars(bars, pack),
      sortKey: launch ?? 0,
    });
  }
  return lanes.sort((a, b) => a.sortKey - b.sortKey).map(({ sortKey: _sortKey, ...lane }) => lane);
}

/** Whole seconds until the idle deadline (never negative), or null when the container has none. */
export function idleCountdown(c: ContainerInfo, nowMs: number): number | null {
  const deadline = ms(c.idle_deadline);
  if (deadline === null || c.state !== 'idle') return null;
  return Math.max(0, Math.ceil((deadline - nowMs) / 1000));
}

/** The short form of a container id, as `docker ps` shows it. */
export const shortId = (id: string): string => id.slice(0, 12);
