// Benchmark (a diagnostic, no target): how much of what a hot call allocates outlives a young-generation collection,
// through the agent alone, per format. Objects that survive are copied and promoted, which is what makes the host's
// collections cost more than a forwarder's. Two measures that agree within a KB or so: the old generation's growth per
// call between full collections, and the heap profiler's samples of what no young collection freed, which also name
// the allocation sites that hold most. The agent runs with the host's collector setting (host/gc-tuning.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, expect, it } from 'vitest';
import type { CallOptions } from '../src/main/core/call-types';
import { tuneCollector } from '../src/main/host/gc-tuning';
import { callOptions, makeAgent } from '../test/support/agent-fixture';
import { FDK_NODE_IMAGE, NODE_JSON_IMAGE } from '../test/support/test-images-hot';

const quick = process.env.FN_STUDIO_BENCH_QUICK === '1';
const CALLS = quick ? 1000 : 5000;
const CHUNK = 250;
// The collector as the host runs it.
tuneCollector();
const { agent } = makeAgent();
afterAll(() => agent.close());

interface SampleNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SampleNode[];
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (o: { type: 'minor'; execution: 'sync' }) => void;
const youngCollection = () => gc({ type: 'minor', execution: 'sync' });

const oldSpaceBytes = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')?.space_used_size ?? 0;

/**
 * Bytes per call that reached the old generation: its growth over runs of calls during which no full collection ran
 * (a full one frees old garbage and would hide it); runs that met one are left out.
 */
async function promoted(calls: number, call: () => CallOptions): Promise<number> {
  const full: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
      if (kind & (constants.NODE_PERFORMANCE_GC_MAJOR | constants.NODE_PERFORMANCE_GC_INCREMENTAL))
        full.push(e.startTime, e.startTime + e.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const runs: Array<{ from: number; to: number; grew: number }> = [];
  try {
    for (let done = 0; done < calls; done += CHUNK) {
      const from = performance.now();
      const before = oldSpaceBytes();
      for (let i = 0; i < CHUNK; i++) await agent.submit(call()).outcome;
      runs.push({ from, to: performance.now(), grew: oldSpaceBytes() - before });
    }
    // The collector's entries arrive a turn late.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    observer.disconnect();
  }
  const clean = runs.filter((r) => !full.some((t) => t >= r.from && t <= r.to));
  expect(clean.length).toBeGreaterThan(0);
  return Math.round(clean.reduce((sum, r) => sum + r.grew, 0) / (clean.length * CHUNK));
}

/** Bytes per call sampled among objects no young collection freed, with the allocation sites that hold most. */
async function survivors(calls: number, call: () => CallOptions) {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: false,
    });
    for (let i = 0; i < calls; i++) await agent.submit(call()).outcome;
    // What the calls left that is already garbage goes now: the sample then counts only what outlived a collection.
    youngCollection();
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as {
      profile: { head: SampleNode };
    };
    const sites = new Map<string, number>();
    let total = 0;
    const walk = (n: SampleNode, stack: string[]) => {
      const f = n.callFrame;
      const frame = `${f.functionName || '(anonymous)'} ${f.url.replace(/.*\//, '')}:${f.lineNumber + 1}`;
      const here = [frame, ...stack];
      if (n.selfSize) {
        total += n.selfSize;
        const key = here.slice(0, 3).join(' < ');
        sites.set(key, (sites.get(key) ?? 0) + n.selfSize);
      }
      for (const c of n.children) walk(c, here);
    };
    walk(profile.head, []);
    const top = [...sites]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([site, bytes]) => ({ site, bytes_per_call: Math.round(bytes / calls) }));
    return { bytes_per_call: Math.round(total / calls), top };
  } finally {
    session.disconnect();
  }
}

it('bytes of a hot call that outlive a young collection, json and http-stream', async () => {
  const body = Buffer.from('0123456789abcdef');
  const formats = {
    json: () => callOptions({ image: NODE_JSON_IMAGE, format: 'json', memory: 64, body }),
    'http-stream': () => callOptions({ image: FDK_NODE_IMAGE, format: 'http-stream', memory: 64, body }),
  };
  const rows: Record<
    string,
    { promoted_bytes_per_call: number; sampled: Awaited<ReturnType<typeof survivors>> }
  > = {};
  for (const [format, call] of Object.entries(formats)) {
    // Warm: the container started and the code paths optimized before measuring.
    for (let i = 0; i < 300; i++) expect((await agent.submit(call()).outcome).status).toBe('success');
    const promotedBytes = await promoted(CALLS, call);
    rows[format] = { promoted_bytes_per_call: promotedBytes, sampled: await survivors(CALLS, call) };
  }
  let text = '';
  for (const [format, { promoted_bytes_per_call: p, sampled: r }] of Object.entries(rows)) {
    text += `\n${format}: ${(p / 1000).toFixed(1)} KB of each call reach the old generation; sampled, ${(r.bytes_per_call / 1000).toFixed(1)} KB outlive a young collection, held most by:\n`;
    for (const t of r.top) text += `  ${String(t.bytes_per_call).padStart(6)} B  ${t.site}\n`;
  }
  console.log(text);
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench-gc.json', JSON.stringify({ calls: CALLS, ...rows }, null, 2));
}, 300_000);
