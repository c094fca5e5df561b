// A lane's bars laid out apart: minimum widths stop at the next call, colliding timestamps are nudged, calls too close
// to tell apart become a group (with its worst outcome), and at the closest zoom every call keeps its own bar.
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/renderer/src/store/timeline-layout';
import { type LaneItem, packBars, packOptions } from '../../src/renderer/src/store/timeline-packing';

/** A bar at `left`% lasting `width`% of a 1000 ms window. */
const bar = (id: string, left: number, width: number, status: Bar['status'] = 'success'): Bar => ({
  callId: id,
  status,
  startKind: 'hot_reused',
  left,
  width,
  startMs: left * 10,
  endMs: (left + width) * 10,
  title: id,
});

/** 1000 px: 1 % is 10 px, so the 6 px minimum is 0.6 %, a thin bar under 0.4 %, a nudge up to 0.6 %. */
const O = packOptions(1000, false);

const noOverlap = (items: LaneItem[]) => {
  for (let i = 1; i < items.length; i++) {
    expect(items[i].left).toBeGreaterThanOrEqual(items[i - 1].left + items[i - 1].width - 1e-9);
  }
};

describe('timeline packing', () => {
  it('widens a short call to the minimum, but never over the next call', () => {
    const items = packBars([bar('a', 10, 0.1), bar('b', 10.5, 0.1), bar('c', 20, 5)], O);
    expect(items.map((i) => i.type)).toEqual(['bar', 'bar', 'bar']);
    expect(items[0].width).toBeCloseTo(0.5); // stops where b starts
    expect(items[1].width).toBeCloseTo(0.6); // the minimum
    expect(items[2].width).toBe(5); // long calls keep their length
    noOverlap(items);
  });

  it('sorts by start, so the order calls arrive in does not matter', () => {
    const items = packBars([bar('c', 30, 1), bar('a', 10, 1), bar('b', 20, 1)], O);
    expect(items.map((i) => (i.type === 'bar' ? i.callId : ''))).toEqual(['a', 'b', 'c']);
  });

  it('nudges a call that starts with the one before by a few pixels, so both stay clickable', () => {
    const items = packBars([bar('a', 10, 0), bar('b', 10, 0.1)], O);
    expect(items.map((i) => i.type)).toEqual(['bar', 'bar']);
    expect(items[0].width).toBeCloseTo(0.4);
    expect(items[1].left).toBeCloseTo(10.4);
    noOverlap(items);
  });

  it('groups calls too close to tell apart at this zoom, with their span and worst outcome', () => {
    const burst = Array.from({ length: 10 }, (_, i) =>
      bar(`b${i}`, 50 + i * 0.05, 0.04, i === 7 ? 'error' : 'success'),
    );
    const items = packBars([bar('before', 20, 1), ...burst, bar('after', 80, 1)], O);
    expect(items.map((i) => i.type)).toEqual(['bar', 'bar', 'group', 'bar']);
    const group = items[2];
    expect(group.type === 'group' && group.callIds).toEqual(burst.slice(1).map((b) => b.callId));
    expect(group.type === 'group' && group.status).toBe('error');
    // The first call of the burst keeps a bar (the next one was nudged clear of it); the rest cannot be.
    if (group.type !== 'group') throw new Error('not a group');
    expect(group.startMs).toBeCloseTo(500.5);
    expect(group.endMs).toBeCloseTo(504.9);
    noOverlap(items);
  });

  it('at the closest zoom nudges as far as needed: every call has its own bar', () => {
    const same = Array.from({ length: 5 }, (_, i) => bar(`s${i}`, 40, 0));
    const items = packBars(same, packOptions(1000, true));
    expect(items.map((i) => i.type)).toEqual(Array(5).fill('bar'));
    items.forEach((item) => expect(item.width).toBeGreaterThanOrEqual(0.4 - 1e-9));
    noOverlap(items);
  });

  it('never draws past the window', () => {
    const items = packBars([bar('edge', 99.9, 0.05)], O);
    expect(items[0].left + items[0].width).toBeLessThanOrEqual(100);
  });
});
