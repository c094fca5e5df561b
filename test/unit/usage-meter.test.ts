// What a call cost, from fake engine samples: the CPU difference across the samples around a call, the memory peak
// (v1's high-water mark when it rose, else the samples' highest, a lower bound), the calls sharing a span, a new
// container's start, a container that ended first, a cold container's life, following the samples only while a call
// needs them; and stats frames read as samples.
import { describe, expect, it } from 'vitest';
import { type UsageFeed, UsageMeter, usageBetween } from '../../src/main/core/usage-meter';
import { containerFigures, sampleOf, type UsageSample } from '../../src/main/core/usage-sample';
import { FakeClock } from '../support/fake-driver';

const MiB = 1024 * 1024;

/** A v1 sample at `at` ms: CPU ms so far, memory in use and high-water mark in MiB. */
const v1 = (at: number, cpuMs: number, usedMb: number, maxMb: number): UsageSample => ({
  at,
  cpuNs: cpuMs * 1e6,
  memoryBytes: usedMb * MiB,
  maxMemoryBytes: maxMb * MiB,
  source: 'cgroup-v1',
});
const v2 = (at: number, cpuMs: number, usedMb: number): UsageSample => ({
  at,
  cpuNs: cpuMs * 1e6,
  memoryBytes: usedMb * MiB,
  source: 'cgroup-v2',
});

/** The engine's samples as the meter follows them: opened and stopped by the meter, pushed by the test. */
class FakeFeed {
  opened = 0;
  following = false;
  private onSample?: (s: UsageSample) => void;
  private onEnd?: () => void;
  readonly feed: UsageFeed = (onSample, onEnd) => {
    this.opened++;
    this.following = true;
    [this.onSample, this.onEnd] = [onSample, onEnd];
    return () => (this.following = false);
  };
  push(s: UsageSample): void {
    expect(this.following).toBe(true);
    this.onSample!(s);
  }
  /** The engine's stream ends by itself. */
  end(): void {
    this.following = false;
    this.onEnd!();
  }
}

/** A meter on a fake clock; `at(t)` moves the clock to t ms. */
function meter(cold = false) {
  const clock = new FakeClock();
  const feed = new FakeFeed();
  const m = new UsageMeter({ limitMb: 128, clock, cold, feed: feed.feed });
  return { m, feed, at: (t: number) => clock.advance(t - clock.now()) };
}

/** Whether a promise has settled, and with what. */
function watch<T>(p: Promise<T>): { done: boolean; value?: T } {
  const w: { done: boolean; value?: T } = { done: false };
  void p.then((value) => Object.assign(w, { done: true, value }));
  return w;
}
const tick = () => new Promise((r) => setImmediate(r));

describe('usageBetween (the arithmetic)', () => {
  const base = {
    sampledPeakBytes: 0,
    limitMb: 128,
    calls: 1,
    span: 'call' as const,
    spanMs: 1000,
    cutShort: false,
  };

  it('CPU is the difference of the cumulative counters; the peak is the high-water mark when it rose', () => {
    const u = usageBetween({ ...base, start: v1(0, 100, 7, 8), end: v1(1000, 112.5, 9, 67.4) });
    expect(u).toEqual({
      source: 'cgroup-v1',
      memory_peak_mb: 67.4,
      memory_peak_exact: true,
      memory_limit_mb: 128,
      cpu_ms: 12.5,
      span: 'call',
      span_ms: 1000,
      calls: 1,
      cut_short: false,
    });
  });

  it('a high-water mark that did not rise gives the samples’ highest use, as a lower bound', () => {
    const u = usageBetween({
      ...base,
      start: v1(0, 100, 20, 90),
      end: v1(1000, 101, 30, 90),
      sampledPeakBytes: 41 * MiB,
    });
    expect(u).toMatchObject({ memory_peak_mb: 41, memory_peak_exact: false, cpu_ms: 1 });
    // The end sample's own use counts too.
    expect(usageBetween({ ...base, start: v1(0, 1, 20, 90), end: v1(1000, 2, 30, 90) }).memory_peak_mb).toBe(
      30,
    );
  });

  it('cgroup v2 keeps no high-water mark: always the samples’ highest, never exact', () => {
    const u = usageBetween({
      ...base,
      start: v2(0, 5, 10),
      end: v2(1000, 9, 12),
      sampledPeakBytes: 50 * MiB,
    });
    expect(u).toMatchObject({ source: 'cgroup-v2', memory_peak_mb: 50, memory_peak_exact: false, cpu_ms: 4 });
  });

  it('without a start sample the figures count from the container’s start', () => {
    const u = usageBetween({ ...base, span: 'call_and_start', end: v1(1000, 80, 9, 20) });
    expect(u).toMatchObject({ cpu_ms: 80, memory_peak_mb: 20, memory_peak_exact: true });
  });

  it('a counter that went backwards never gives negative CPU', () => {
    expect(usageBetween({ ...base, start: v2(0, 50, 1), end: v2(1000, 40, 1) }).cpu_ms).toBe(0);
  });
});

describe('UsageMeter', () => {
  it('measures a call from the last sample before its dispatch to the first after its reply', async () => {
    const { m, at } = meter();
    m.add(v1(0, 100, 7, 8));
    at(200);
    const span = m.begin();
    at(300);
    const usage = watch(m.end(span));
    m.add(v1(250, 110, 60, 70)); // during the call: not the end yet, though it arrived after the reply
    await tick();
    expect(usage.done).toBe(false);
    m.add(v1(1000, 130, 9, 70));
    await tick();
    expect(usage.value).toMatchObject({
      cpu_ms: 30,
      memory_peak_mb: 70,
      memory_peak_exact: true,
      span: 'call',
      span_ms: 1000,
      calls: 1,
      cut_short: false,
    });
  });

  it('a sample taken before the dispatch that arrives after it is the closer start', async () => {
    const { m, at } = meter();
    m.add(v2(0, 100, 7));
    at(200);
    const span = m.begin();
    m.add(v2(190, 150, 7)); // taken at 190, before the dispatch at 200
    at(300);
    const usage = m.end(span);
    m.add(v2(1190, 160, 8));
    expect(await usage).toMatchObject({ cpu_ms: 10, span_ms: 1000, memory_peak_mb: 8 });
  });

  it('counts the calls that share a span: a next call dispatched before the sample after this one', async () => {
    const { m, at } = meter();
    m.add(v1(0, 0, 7, 8));
    at(200);
    const a = m.begin();
    at(300);
    const usageA = m.end(a);
    at(400);
    const b = m.begin(); // before the engine's next sample: A's figures hold some of B's work
    m.add(v1(1000, 50, 8, 9));
    expect(await usageA).toMatchObject({ calls: 2, cpu_ms: 50 });
    at(1200);
    const usageB = m.end(b);
    m.add(v1(2000, 80, 8, 9));
    // B's span started at the sample before it (0): A ran in it too.
    expect(await usageB).toMatchObject({ calls: 2, cpu_ms: 80, span_ms: 2000 });
    // A call after that sample has its span to itself.
    at(2100);
    const c = m.begin();
    at(2200);
    const usageC = m.end(c);
    m.add(v1(3000, 81, 8, 9));
    expect(await usageC).toMatchObject({ calls: 1, cpu_ms: 1, memory_peak_mb: 8, memory_peak_exact: false });
  });

  it('a new container not yet sampled when the call began counts its start', async () => {
    const { m, at } = meter();
    at(150);
    const span = m.begin();
    at(160);
    const usage = m.end(span);
    m.add(v1(900, 75, 9, 10));
    expect(await usage).toMatchObject({ span: 'call_and_start', cpu_ms: 75, span_ms: 900 });
  });

  it('a container that ends before the sample after the reply: cut short at its last sample, or none', async () => {
    const { m, at } = meter();
    m.add(v1(0, 10, 7, 8));
    at(100);
    const span = m.begin();
    m.add(v1(900, 400, 127, 128));
    at(1500);
    const usage = watch(m.end(span));
    m.close();
    await tick();
    expect(usage.value).toMatchObject({
      cut_short: true,
      cpu_ms: 390,
      memory_peak_mb: 128,
      memory_peak_exact: true,
    });

    // No sample after the dispatch: nothing covers the call.
    const other = meter();
    other.m.add(v1(0, 10, 7, 8));
    other.at(100);
    const lone = other.m.begin();
    other.at(200);
    other.m.close();
    expect(await other.m.end(lone)).toBeNull();
  });

  it('a cold container: its whole life up to the last sample before it exited, or none', async () => {
    const { m, at } = meter(true);
    const span = m.begin();
    m.add(v1(500, 30, 40, 66));
    m.add(v1(1500, 45, 66, 67));
    at(1700);
    m.close();
    expect(await m.end(span)).toMatchObject({
      span: 'container',
      cpu_ms: 45,
      memory_peak_mb: 67,
      memory_peak_exact: true,
      calls: 1,
      cut_short: true,
      span_ms: 1500,
    });
    const quick = meter(true);
    const short = quick.m.begin();
    quick.m.close();
    expect(await quick.m.end(short)).toBeNull();
  });

  it('follows the samples only while a call needs them: from its reply, or from 100 ms into a longer call', async () => {
    const { m, feed, at } = meter();
    await tick();
    // Followed from the start, for a sample before the first call; no call came: let go at that sample.
    expect([feed.opened, feed.following]).toEqual([1, true]);
    feed.push(v2(100, 40, 7));
    expect(feed.following).toBe(false);
    // A short call: not followed while it runs (waking the engine's sampler would compete with it), from its reply.
    at(5000);
    const a = m.begin();
    await tick();
    expect(feed.following).toBe(false);
    at(5010);
    const usageA = m.end(a);
    await tick();
    expect([feed.opened, feed.following]).toEqual([2, true]);
    feed.push(v2(5500, 41, 8));
    expect(await usageA).toMatchObject({ span: 'call', cpu_ms: 1, span_ms: 5400 });
    expect(feed.following).toBe(false);
    // A longer call is followed from 100 ms in; the stream ends by itself while it waits for its figures: cut short
    // at the last sample, and the next call follows again.
    at(6000);
    const b = m.begin();
    at(6100);
    await tick();
    expect([feed.opened, feed.following]).toEqual([3, true]);
    feed.push(v2(6400, 90, 9));
    at(6500);
    const usageB = m.end(b);
    feed.end();
    expect(await usageB).toMatchObject({ cut_short: true, cpu_ms: 49 });
    const c = m.begin();
    void m.end(c);
    await tick();
    expect([feed.opened, feed.following]).toEqual([4, true]);
    m.close();
    expect(feed.following).toBe(false);
  });

  it('drops a sample older than the latest, and tells each sample on', () => {
    const clock = new FakeClock();
    const seen: number[] = [];
    const m = new UsageMeter({
      limitMb: 128,
      clock,
      feed: new FakeFeed().feed,
      onSample: (s) => seen.push(s.at),
    });
    m.add(v2(1000, 1, 1));
    m.add(v2(900, 2, 2));
    m.add(v2(2000, 3, 3));
    expect(seen).toEqual([1000, 2000]);
    expect(m.latest?.at).toBe(2000);
  });
});

describe('stats frames', () => {
  const v1Frame = {
    read: '2026-12-03T12:14:17.593393144Z',
    cpu_stats: { cpu_usage: { total_usage: 22_859_477 } },
    memory_stats: {
      usage: 7 * MiB,
      max_usage: 9 * MiB,
      stats: { hierarchical_memory_limit: 128 * MiB, total_rss: 5 * MiB },
    },
  };

  it('reads Docker’s cgroup v1 figures, with the high-water mark, on this machine’s clock', () => {
    const s = sampleOf(v1Frame, 3)!;
    expect(s).toEqual({
      at: Date.parse('2026-12-03T12:14:17.593Z') + 3,
      cpuNs: 22_859_477,
      memoryBytes: 7 * MiB,
      maxMemoryBytes: 9 * MiB,
      source: 'cgroup-v1',
    });
    expect(containerFigures(s)).toEqual({ memory_used_mb: 7, memory_peak_mb: 9, cpu_ms: 23 });
  });

  it('v2 figures have no high-water mark; an engine not told apart has its max_usage ignored', () => {
    const v2Frame = { ...v1Frame, memory_stats: { usage: MiB, stats: { anon: 1, file: 2 } } };
    const fromV2 = sampleOf(v2Frame, 0);
    expect(fromV2?.source).toBe('cgroup-v2');
    expect(fromV2).not.toHaveProperty('maxMemoryBytes');
    // Podman's compatible API sends max_usage equal to the limit: not a high-water mark.
    const podman = { ...v1Frame, memory_stats: { usage: MiB, max_usage: 128 * MiB, limit: 128 * MiB } };
    const fromPodman = sampleOf(podman, 0);
    expect(fromPodman?.source).toBe('engine');
    expect(fromPodman).not.toHaveProperty('maxMemoryBytes');
  });

  it('an empty frame (a container that is not running) is no sample', () => {
    expect(sampleOf({ read: '0001-01-01T00:00:00Z' }, 0)).toBeUndefined();
    expect(sampleOf({ ...v1Frame, cpu_stats: {} }, 0)).toBeUndefined();
  });
});
