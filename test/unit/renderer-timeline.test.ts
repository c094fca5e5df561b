// The timeline's layout rules as pure functions: lanes per container, lifetime bands, bars in the window, markers,
// end-reason names, countdown.
import { describe, expect, it } from 'vitest';
import type { CallSummary, ContainerInfo } from '../../src/shared/models';
import { END_REASON_ORDER, END_REASONS, endMarkerName } from '../../src/renderer/src/store/timeline-ends';
import { bandOf, barOf, idleCountdown, layoutLanes } from '../../src/renderer/src/store/timeline-layout';
import { windowEndingAt } from '../../src/renderer/src/store/timeline-viewport';

const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();

const call = (
  id: string,
  container: string | undefined,
  from: number,
  to: number | null,
  extra: Partial<CallSummary> = {},
): CallSummary => ({
  id,
  fn_id: 'fn-a',
  app_id: 'app-a',
  type: 'sync',
  status: to === null ? 'running' : 'success',
  container_id: container,
  start_kind: 'hot_reused',
  created_at: at(from),
  started_at: at(from),
  completed_at: to === null ? undefined : at(to),
  ...extra,
});

const container = (id: string, started: number, extra: Partial<ContainerInfo> = {}): ContainerInfo => ({
  id,
  fn_id: 'fn-a',
  image: 'x:1',
  format: 'json',
  state: 'idle',
  calls_served: 1,
  memory_mb: 128,
  started_at: at(started),
  kind: 'hot',
  ...extra,
});

describe('timeline layout', () => {
  const w = windowEndingAt(T0 + 60_000, 60_000); // 10:00:00 to 10:01:00

  it('places a bar by percent of the window', () => {
    const bar = barOf(call('c1', 'k1', 15, 30), w, T0 + 60_000);
    expect(bar).toMatchObject({
      callId: 'c1',
      left: 25,
      width: 25,
      startKind: 'hot_reused',
      status: 'success',
    });
  });

  it('drops calls outside the window or without a container, and clips those that straddle its start', () => {
    expect(barOf(call('old', 'k1', -50, -40), w, T0 + 60_000)).toBeNull();
    expect(barOf(call('q', undefined, 10, 20), w, T0 + 60_000)).toBeNull();
    expect(barOf(call('s', 'k1', -10, 6), w, T0 + 60_000)).toMatchObject({ left: 0, width: 10 });
  });

  it('runs a running call up to now', () => {
    const bar = barOf(call('r', 'k1', 30, null), w, T0 + 45_000);
    expect(bar?.width).toBe(25);
  });

  it('makes one lane per container, oldest launch first, with end markers and reasons in words', () => {
    const lanes = layoutLanes(
      [container('live', 20)],
      [container('gone', 5, { ended_at: at(40), end_reason: 'idle_timeout', state: 'stopping' })],
      [
        call('a', 'gone', 6, 7),
        call('b', 'gone', 8, 9),
        call('c', 'live', 21, 22),
        call('d', 'orphan', 50, 51),
      ],
      w,
      T0 + 60_000,
    );
    expect(lanes.map((l) => l.containerId)).toEqual(['gone', 'live', 'orphan']);
    expect(lanes[0].bars.map((b) => b.callId)).toEqual(['a', 'b']);
    expect(lanes[0].endReason).toBe('idle_timeout');
    expect(lanes[0].endAt).toBeCloseTo((40 / 60) * 100);
    expect(lanes[0].endTitle).toMatch(/Idle timeout/);
    expect(lanes[0].launchAt).toBeCloseTo((5 / 60) * 100);
    expect(lanes[1].live).toBe(true);
    expect(lanes[1].endAt).toBeNull();
    expect(lanes[2].fnId).toBe('fn-a');
  });

  it("draws a live container's band from its launch to now, open-ended", () => {
    const band = bandOf(T0 + 20_000, null, w, T0 + 60_000);
    expect(band?.left).toBeCloseTo((20 / 60) * 100);
    expect(band?.width).toBeCloseTo((40 / 60) * 100);
    expect(band?.open).toBe(true);
  });

  it("draws an ended container's band from its launch to its end, closed", () => {
    const band = bandOf(T0 + 5_000, T0 + 40_000, w, T0 + 60_000);
    expect(band?.left).toBeCloseTo((5 / 60) * 100);
    expect(band?.width).toBeCloseTo((35 / 60) * 100);
    expect(band?.open).toBe(false);
  });

  it('clips a band to the window and drops one wholly outside it', () => {
    // Launched before the window, still alive after it (a paused view looking back).
    expect(bandOf(T0 - 30_000, null, w, T0 + 90_000)).toEqual({ left: 0, width: 100, open: true });
    expect(bandOf(T0 - 30_000, T0 + 15_000, w, T0 + 60_000)).toEqual({ left: 0, width: 25, open: false });
    expect(bandOf(T0 - 30_000, T0 - 10_000, w, T0 + 60_000)).toBeNull();
    expect(bandOf(T0 + 70_000, null, w, T0 + 80_000)).toBeNull();
  });

  it('gives known containers a band spanning their idle gaps, and containers known only from calls none', () => {
    const lanes = layoutLanes(
      [container('live', 30)],
      [container('gone', 0, { ended_at: at(45), end_reason: 'evicted' })],
      [
        call('a', 'gone', 1, 2),
        call('b', 'gone', 20, 21),
        call('c', 'live', 31, 32),
        call('d', 'orphan', 50, 51),
      ],
      w,
      T0 + 60_000,
    );
    const byId = new Map(lanes.map((l) => [l.containerId, l]));
    expect(byId.get('gone')?.band).toMatchObject({ left: 0, open: false });
    expect(byId.get('gone')?.band?.width).toBeCloseTo(75);
    // The gap between calls a and b lies inside the band: idle time, not "no container".
    const gone = byId.get('gone');
    expect(gone?.bars[0].left).toBeGreaterThanOrEqual(gone?.band?.left ?? Infinity);
    expect(byId.get('live')?.band).toMatchObject({ left: 50, width: 50, open: true });
    expect(byId.get('orphan')?.band).toBeNull();
  });

  it('names every end reason for the legend and the marker', () => {
    expect(END_REASON_ORDER).toEqual(
      expect.arrayContaining([
        'idle_timeout',
        'evicted',
        'oom',
        'exited',
        'shutdown',
        'done',
        'image_rebuilt',
      ]),
    );
    expect(endMarkerName('image_rebuilt')).toMatch(/^Container ended\. Replaced: image rebuilt/);
    const shorts = END_REASON_ORDER.map((r) => END_REASONS[r].short);
    expect(new Set(shorts).size).toBe(shorts.length);
    expect(endMarkerName('oom')).toMatch(/^Container ended\. Out of memory/);
    expect(endMarkerName(undefined)).toBe('Container ended');
  });

  it('leaves out containers that ended before the window', () => {
    const lanes = layoutLanes(
      [],
      [container('early', -100, { ended_at: at(-50), end_reason: 'evicted' })],
      [],
      w,
      T0 + 60_000,
    );
    expect(lanes).toEqual([]);
  });

  it('draws the packed items of each lane: 1 ms calls 10 ms apart stay single bars at 1 s', () => {
    const w1s = windowEndingAt(T0 + 1000, 1000);
    const ms = (n: number) => new Date(T0 + n).toISOString();
    const calls = Array.from({ length: 20 }, (_, i) =>
      call(`c${i}`, 'k1', 0, 0, { started_at: ms(100 + i * 10), completed_at: ms(101 + i * 10) }),
    );
    const [lane] = layoutLanes([container('k1', -5)], [], calls, w1s, T0 + 1000);
    expect(lane.bars).toHaveLength(20);
    // 800 px by default: 10 ms is 8 px, more than the 6 px minimum width.
    expect(lane.items.map((i) => i.type)).toEqual(Array(20).fill('bar'));
  });

  it('counts down to the idle deadline for idle containers only', () => {
    const c = container('k', 0, { idle_deadline: at(30) });
    expect(idleCountdown(c, T0 + 10_500)).toBe(20);
    expect(idleCountdown(c, T0 + 40_000)).toBe(0);
    expect(idleCountdown({ ...c, state: 'busy' }, T0)).toBeNull();
  });
});
