// Where the timeline looks, as pure functions: live and paused windows, zoom around an anchor, pan within the retained
// history, fitting a group of calls, the oldest moment kept, and the axis ticks and clock labels.
import { describe, expect, it } from 'vitest';
import type { CallSummary, ContainerInfo } from '../../src/shared/models';
import { axisTicks, clockLabel, tickStep, windowLabel } from '../../src/renderer/src/store/timeline-axis';
import {
  clampEnd,
  fitRange,
  goLive,
  historyStart,
  LIVE_VIEWPORT,
  nextZoom,
  panBy,
  pause,
  toOldest,
  windowOf,
  ZOOM_LEVELS_MS,
  zoomInOn,
  zoomStep,
  zoomTo,
} from '../../src/renderer/src/store/timeline-viewport';

const NOW = Date.parse('2026-11-28T10:00:00.000Z');
/** Calls and containers kept since 10 minutes ago. */
const H = { firstMs: NOW - 10 * 60_000, nowMs: NOW };

describe('timeline viewport', () => {
  it('follows now while live and stays put once paused', () => {
    expect(windowOf(LIVE_VIEWPORT, NOW)).toEqual({ startMs: NOW - 60_000, endMs: NOW });
    const paused = pause(LIVE_VIEWPORT, NOW);
    // Time passes; the paused window does not move.
    expect(windowOf(paused, NOW + 45_000)).toEqual({ startMs: NOW - 60_000, endMs: NOW });
    expect(goLive(paused)).toEqual(LIVE_VIEWPORT);
  });

  it('zooms in steps down to 100 ms, and live stays live', () => {
    expect(ZOOM_LEVELS_MS[0]).toBe(100);
    expect(nextZoom(60_000, -1)).toBe(30_000);
    expect(nextZoom(100, -1)).toBe(100);
    expect(nextZoom(ZOOM_LEVELS_MS.at(-1) ?? 0, 1)).toBe(ZOOM_LEVELS_MS.at(-1));
    expect(nextZoom(12_345, -1)).toBe(30_000); // an unknown span starts from the default
    expect(zoomStep(LIVE_VIEWPORT, -1, H)).toEqual({ spanMs: 30_000, endMs: null });
  });

  it("zooms a fixed window around its centre, or keeps an anchor's moment where it is", () => {
    const vp = { spanMs: 60_000, endMs: NOW - 60_000 }; // 9:58 to 9:59
    expect(zoomTo(vp, 1_000, H)).toEqual({ spanMs: 1_000, endMs: NOW - 90_000 + 500 });
    // The moment under the pointer, a quarter in, stays a quarter in.
    const at = NOW - 105_000;
    const zoomed = zoomTo(vp, 10_000, H, { atMs: at, fraction: 0.25 });
    const w = windowOf(zoomed, NOW);
    expect((at - w.startMs) / zoomed.spanMs).toBeCloseTo(0.25);
  });

  it('pans by any amount, leaving live when it moves back', () => {
    expect(panBy(LIVE_VIEWPORT, -30_000, H)).toEqual({ spanMs: 60_000, endMs: NOW - 30_000 });
    const vp = { spanMs: 100, endMs: NOW - 45_000 };
    expect(panBy(vp, -50, H)).toEqual({ spanMs: 100, endMs: NOW - 45_050 });
    expect(panBy(vp, 25, H).endMs).toBe(NOW - 44_975);
  });

  it('keeps a fixed window within the retained history: never past now, never beyond the oldest moment', () => {
    expect(panBy({ spanMs: 1_000, endMs: NOW - 200 }, 5_000, H).endMs).toBe(NOW);
    // Far back: the oldest moment stays in the window's middle.
    expect(panBy({ spanMs: 1_000, endMs: NOW - 60_000 }, -3_600_000, H).endMs).toBe(H.firstMs + 500);
    expect(clampEnd(NOW - 5_000, 60_000, { firstMs: null, nowMs: NOW })).toBe(NOW - 5_000);
    // A window wider than the history ends at now.
    expect(clampEnd(NOW - 60_000, 30 * 60_000, H)).toBe(NOW);
    expect(toOldest({ spanMs: 1_000, endMs: null }, H)).toEqual({ spanMs: 1_000, endMs: H.firstMs + 500 });
    expect(toOldest(LIVE_VIEWPORT, { firstMs: null, nowMs: NOW })).toBe(LIVE_VIEWPORT);
  });

  it('fits a group of calls in the closest zoom that shows it whole, centred', () => {
    const fit = fitRange(NOW - 30_000, NOW - 29_910, H); // 90 ms of calls
    expect(fit.spanMs).toBe(250);
    const w = windowOf(fit, NOW);
    expect(w.startMs).toBeLessThan(NOW - 30_000);
    expect(w.endMs).toBeGreaterThan(NOW - 29_910);
    expect((w.startMs + w.endMs) / 2).toBe(NOW - 29_955);
    // Calls sharing one millisecond: the closest zoom.
    expect(fitRange(NOW - 1_000, NOW - 1_000, H).spanMs).toBe(100);
  });

  it('opens a group by fitting it, or one level in on its middle when fitting would not zoom in', () => {
    const paused = { spanMs: 60_000, endMs: NOW };
    expect(zoomInOn(paused, NOW - 5_000, NOW - 4_900, H).spanMs).toBe(250);
    // A run of short calls over most of a 1 s window.
    const wide = zoomInOn({ spanMs: 1_000, endMs: NOW - 10_000 }, NOW - 10_950, NOW - 10_050, H);
    expect(wide).toEqual({ spanMs: 500, endMs: NOW - 10_500 + 250 });
    // From live too: the window stops following now to show the group.
    expect(zoomInOn(LIVE_VIEWPORT, NOW - 5_000, NOW - 4_900, H).endMs).not.toBeNull();
  });

  it('finds the oldest moment held: a call or a container launch', () => {
    const call = { id: 'c', started_at: new Date(NOW - 5_000).toISOString(), created_at: '' } as CallSummary;
    const queued = { id: 'q', created_at: new Date(NOW - 1_000).toISOString() } as CallSummary;
    const box = (t: number) => ({ id: 'k', started_at: new Date(t).toISOString() }) as ContainerInfo;
    expect(historyStart([call, queued], [box(NOW - 2_000)], [box(NOW - 9_000)])).toBe(NOW - 9_000);
    expect(historyStart([], [], [])).toBeNull();
  });
});

describe('timeline axis', () => {
  const local = (h: number, m: number, s: number, ms: number) =>
    new Date(2026, 10, 28, h, m, s, ms).getTime();

  it('puts ticks at round moments, as many as fit', () => {
    const start = local(10, 0, 1, 130);
    const ticks = axisTicks({ startMs: start, endMs: start + 100 }, 6);
    expect(tickStep(100, 6)).toBe(20);
    expect(ticks.map((t) => t.label)).toEqual([
      '10:00:01.14',
      '10:00:01.16',
      '10:00:01.18',
      '10:00:01.20',
      '10:00:01.22',
    ]);
    expect(ticks[0].at).toBeCloseTo(10);
    expect(tickStep(30 * 60_000, 6)).toBe(5 * 60_000);
  });

  it('writes clock times as precisely as the step needs', () => {
    const t = local(9, 5, 7, 42);
    expect(clockLabel(t, 1_000)).toBe('09:05:07');
    expect(clockLabel(t, 100)).toBe('09:05:07.0');
    expect(clockLabel(t, 1)).toBe('09:05:07.042');
    expect(windowLabel({ startMs: t, endMs: t + 100 })).toBe('09:05:07.042 – 09:05:07.142');
  });
});
