// RAM view logic: the gauge model, the sentence that explains waiting calls, and the chart rows.
import { describe, expect, it } from 'vitest';
import type { ContainerInfo, RamSample } from '../../src/shared/models';
import {
  chartRows,
  formatAgo,
  maxWaiting,
  memoryAxisMax,
  timeTicks,
} from '../../src/renderer/src/features/ram/ram-chart-data';
import { describeHolders, explainWaiting, gaugeModel } from '../../src/renderer/src/features/ram/ram-explain';

const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const at = (sec: number): string => new Date(T0 + sec * 1000).toISOString();

const sample = (over: Partial<RamSample> = {}): RamSample => ({
  at: at(0),
  total_mb: 2048,
  used_mb: 0,
  busy_mb: 0,
  idle_mb: 0,
  waiting: 0,
  ...over,
});

let nextId = 0;
const container = (memory_mb: number, over: Partial<ContainerInfo> = {}): ContainerInfo => ({
  id: `c${++nextId}`,
  fn_id: 'fn-a',
  image: 'img:1',
  format: 'json',
  state: 'busy',
  calls_served: 1,
  memory_mb,
  started_at: at(0),
  ...over,
});
const many = (n: number, mb: number, over: Partial<ContainerInfo> = {}): ContainerInfo[] =>
  Array.from({ length: n }, () => container(mb, over));

describe('explainWaiting', () => {
  it('says how many calls wait and who holds the pool, all busy', () => {
    const s = sample({ used_mb: 2048, busy_mb: 2048, waiting: 3 });
    expect(explainWaiting(s, many(8, 256))).toBe(
      '3 calls waiting: 2048 of 2048 MB held by 8 containers of 256 MB, none of it idle; a call runs when one of them finishes.',
    );
  });

  it('groups holders by size, biggest first, and names the idle part a launch may evict', () => {
    const s = sample({ used_mb: 1792, busy_mb: 1536, idle_mb: 256, waiting: 1 });
    const holders = [...many(2, 128), ...many(6, 256)];
    expect(explainWaiting(s, holders)).toBe(
      '1 call waiting: 1792 of 2048 MB held by 6 containers of 256 MB and 2 of 128 MB; ' +
        '256 MB of it is idle containers that a launch may evict.',
    );
  });

  it('says no calls are waiting when none are', () => {
    const s = sample({ used_mb: 128, idle_mb: 128 });
    expect(explainWaiting(s, many(1, 128, { state: 'idle' }))).toBe(
      'No calls waiting: 128 of 2048 MB held by 1 container of 128 MB.',
    );
    expect(explainWaiting(sample(), [])).toBe('No calls waiting: 0 of 2048 MB held by no containers.');
  });

  it('names memory held by containers neither busy nor idle', () => {
    const s = sample({ total_mb: 256, used_mb: 256, busy_mb: 128, waiting: 2 });
    expect(explainWaiting(s, [container(128), container(128, { state: 'starting' })])).toBe(
      '2 calls waiting: 256 of 256 MB held by 2 containers of 128 MB (128 MB by containers starting, paused or ' +
        'stopping), none of it idle; a call runs when one of them finishes.',
    );
  });

  it('says so before the first sample', () => {
    expect(explainWaiting(undefined, [])).toBe('No memory samples yet.');
  });

  it('leaves out containers that have ended, and lists three sizes with commas', () => {
    const ended = container(512, { ended_at: at(1), end_reason: 'idle_timeout' });
    expect(describeHolders([ended, ...many(1, 64), ...many(3, 256), ...many(2, 1024)])).toBe(
      '2 containers of 1024 MB, 3 of 256 MB and 1 of 64 MB',
    );
  });

  it('names the http-stream relays that hold pool memory beside their containers', () => {
    const relayed = many(2, 128, { relay_memory_mb: 64 });
    expect(describeHolders([...relayed, container(256)])).toBe(
      '1 container of 256 MB and 2 of 128 MB, plus 2 http-stream relays of 64 MB',
    );
    const s = sample({ total_mb: 2048, used_mb: 320, busy_mb: 320 });
    expect(explainWaiting(s, relayed)).toBe(
      'No calls waiting: 320 of 2048 MB held by 2 containers of 128 MB, plus 2 http-stream relays of 64 MB.',
    );
  });
});

describe('gaugeModel', () => {
  it('is null without a sample and clamps the fraction to the pool', () => {
    expect(gaugeModel(undefined)).toBeNull();
    expect(gaugeModel(sample({ used_mb: 4096 }))?.fraction).toBe(1);
    expect(gaugeModel(sample({ total_mb: 0 }))?.fraction).toBe(0);
  });

  it('is ok when roomy, warn when nearly full, bad when calls wait', () => {
    expect(gaugeModel(sample({ used_mb: 512 }))?.level).toBe('ok');
    expect(gaugeModel(sample({ used_mb: 1700 }))?.level).toBe('warn');
    expect(gaugeModel(sample({ used_mb: 512, waiting: 1 }))).toMatchObject({ level: 'bad', waiting: 1 });
  });
});

describe('chartRows', () => {
  it('keeps the last 5 minutes before the newest sample, sorted, with busy, idle, total and waiting', () => {
    const samples = [
      sample({ at: at(400), busy_mb: 256, idle_mb: 128, waiting: 2, waiting_container: 3 }),
      sample({ at: at(0), busy_mb: 1 }), // 400 s before the newest: outside the window
      sample({ at: at(101), busy_mb: 0, idle_mb: 128 }), // 299 s before: inside
      sample({ at: 'not a date' }),
    ];
    const rows = chartRows(samples);
    expect(rows).toEqual([
      { t: T0 + 101_000, busy: 0, idle: 128, total: 2048, waiting: 0, waitingContainer: 0 },
      { t: T0 + 400_000, busy: 256, idle: 128, total: 2048, waiting: 2, waitingContainer: 3 },
    ]);
    expect(maxWaiting(rows)).toBe(3);
  });

  it('is empty without samples, and the waiting axis is at least 1 tall', () => {
    expect(chartRows([])).toEqual([]);
    expect(maxWaiting([])).toBe(1);
  });

  it('labels the axis relative to the newest sample', () => {
    expect(formatAgo(T0, T0)).toBe('now');
    expect(formatAgo(T0 - 42_000, T0)).toBe('-42 s');
  });

  it('puts time ticks on distinct whole seconds back from the newest sample, at most six', () => {
    expect(timeTicks(T0 - 2_300, T0)).toEqual([T0 - 2_000, T0 - 1_000, T0]);
    const five = timeTicks(T0 - 299_000, T0);
    expect(five).toEqual([T0 - 240_000, T0 - 180_000, T0 - 120_000, T0 - 60_000, T0]);
    const labels = timeTicks(T0 - 40_000, T0).map((t) => formatAgo(t, T0));
    expect(labels).toEqual(['-40 s', '-30 s', '-20 s', '-10 s', 'now']);
    expect(timeTicks(T0, T0)).toEqual([T0]);
  });

  it('ends the memory axis at the pool size, or at what is held if the pool shrank below it', () => {
    const row = { t: 0, busy: 128, idle: 0, total: 256, waiting: 0, waitingContainer: 0 };
    expect(memoryAxisMax([row])).toBe(256);
    expect(memoryAxisMax([{ ...row, busy: 256, idle: 128 }])).toBe(384);
    expect(memoryAxisMax([])).toBe(1);
  });

  it('rescales at once when the pool is made smaller, not when the old size leaves the window', () => {
    const row = { t: 0, busy: 0, idle: 0, total: 21_695, waiting: 0, waitingContainer: 0 };
    expect(memoryAxisMax([row, { ...row, t: 1000, total: 256, busy: 128 }])).toBe(256);
  });
});
