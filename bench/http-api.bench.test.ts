// Benchmark: hot calls through the HTTP API (json and http-stream/FDK; 16 B and 64 KiB; 1, 4 and 16 clients)
// against raw round trips to containers of the same image — an attached pipe for json, the function's own socket
// for http-stream — plus sparse traffic (a call after 1 s idle). Phases alternate so drift hits both sides.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FDK_NODE_IMAGE, NODE_JSON_IMAGE } from '../test/support/test-images-hot';
import {
  api,
  rawJsonContainer,
  rawStreamCall,
  runConcurrent,
  startBenchHost,
  streamSockets,
  timedInvoke,
} from './host-fixture';
import { type Comparison, compare, formatTable } from './stats';

const quick = process.env.FN_STUDIO_BENCH_QUICK === '1';
const CALLS = quick ? 90 : 600; // per side, per combination
const PHASES = 3;
const SIZES = [16, 64 * 1024];
const CONCURRENCY = [1, 4, 16];

let h: Awaited<ReturnType<typeof startBenchHost>>;
const fns: Record<'json' | 'http-stream', string> = { json: '', 'http-stream': '' };
beforeAll(async () => {
  h = await startBenchHost();
  await api(h.base, '/v2/settings', 'PUT', { pool_mb: 4096 });
  const app = await api(h.base, '/v2/apps', 'POST', { name: 'bench' });
  for (const [format, image] of [
    ['json', NODE_JSON_IMAGE],
    ['http-stream', FDK_NODE_IMAGE],
  ] as const)
    fns[format] = (
      await api(h.base, '/v2/fns', 'POST', {
        app_id: app.id,
        name: format.replace('-', ''),
        image,
        format,
        memory: 128,
        network: 'none',
        idle_timeout: 300,
      })
    ).id;
}, 300_000);
afterAll(async () => {
  await h?.close();
});

/** Makes the function have `c` hot containers: c overlapping slow calls need c of them. */
async function warm(fnId: string, c: number): Promise<void> {
  await runConcurrent(c, c, () => timedInvoke(h.base, fnId, Buffer.from('sleep:4000')));
}

/** Alternating phases of API calls and raw round trips; latencies of both sides. */
async function measure(api: (w: number) => Promise<number>, raw: (w: number) => Promise<number>, c: number) {
  const ours: number[] = [];
  const base: number[] = [];
  let wall = 0;
  for (let p = 0; p < PHASES; p++) {
    const t = performance.now();
    ours.push(...(await runConcurrent(CALLS / PHASES, c, api)));
    wall += performance.now() - t;
    base.push(...(await runConcurrent(CALLS / PHASES, c, raw)));
  }
  return { ours, base, wall };
}

it('hot calls through the HTTP API vs raw round trips, and a call after 1 s idle', async () => {
  const rows: Comparison[] = [];
  // json: raw containers of the same image on attached pipes, one per client.
  const rawJson = await Promise.all(
    Array.from({ length: Math.max(...CONCURRENCY) }, () => rawJsonContainer(NODE_JSON_IMAGE)),
  );
  try {
    await warm(fns.json, Math.max(...CONCURRENCY)); // once: enough hot containers for every client count
    for (const size of SIZES) {
      const body = Buffer.alloc(size, 'a');
      for (const c of CONCURRENCY) {
        const m = await measure(
          () => timedInvoke(h.base, fns.json, body),
          (w) => rawJson[w].roundTrip(body),
          c,
        );
        rows.push(compare(`json ${size} B, ${c} client(s)`, 'raw pipe round trip', m.ours, m.base, m.wall));
      }
    }
    // http-stream: the agent's own FDK containers, called straight on their sockets as the baseline.
    await warm(fns['http-stream'], Math.max(...CONCURRENCY));
    for (const size of SIZES) {
      const body = Buffer.alloc(size, 'a');
      for (const c of CONCURRENCY) {
        const sockets = await streamSockets(fns['http-stream']);
        expect(sockets.length).toBeGreaterThanOrEqual(c);
        const m = await measure(
          () => timedInvoke(h.base, fns['http-stream'], body),
          (w) => rawStreamCall(sockets[w], body),
          c,
        );
        rows.push(
          compare(`http-stream ${size} B, ${c} client(s)`, 'raw socket POST /call', m.ours, m.base, m.wall),
        );
      }
    }
    // Sparse traffic: each call after 1 s of idling (Fn pauses idle containers and pays ~7 ms here). json against the
    // raw pipe; http-stream against a raw POST /call on a fresh connection to the same container.
    const small = Buffer.from('0123456789abcdef');
    const [streamSocket] = await streamSockets(fns['http-stream']);
    const sparseRows = [
      {
        name: 'json',
        base: 'raw pipe',
        ours: () => timedInvoke(h.base, fns.json, small),
        raw: () => rawJson[0].roundTrip(small),
      },
      {
        name: 'http-stream',
        base: 'raw socket POST /call',
        ours: () => timedInvoke(h.base, fns['http-stream'], small),
        raw: () => rawStreamCall(streamSocket, small),
      },
    ];
    const sparseVsHot: Record<string, number> = {};
    // The same ratio for the baseline: how much of a quiet second's cost is the machine's (waking idle CPUs, cold
    // caches), which no host can avoid, rather than the host's.
    const baseSparseVsHot: Record<string, number> = {};
    const lines: string[] = [];
    for (const kind of sparseRows) {
      const sparseOurs: number[] = [];
      const sparseRaw: number[] = [];
      const sparseBegan = performance.now();
      // Each side in a run of its own: interleaved, each side's calls would be 2 s apart, and a connection kept
      // between calls would count as idle that long.
      for (const [call, out] of [
        [kind.ours, sparseOurs],
        [kind.raw, sparseRaw],
      ] as const) {
        for (let i = 0; i < (quick ? 4 : 12); i++) {
          await new Promise((r) => setTimeout(r, 1000));
          out.push(await call());
        }
      }
      // Throughput here is the traffic's own: one call per ~1 s.
      const sparse = compare(
        `${kind.name} after 1 s idle`,
        `${kind.base} after 1 s idle`,
        sparseOurs,
        sparseRaw,
        performance.now() - sparseBegan,
      );
      rows.push(sparse);
      // A call after idle time should cost about what a hot call costs (Fn pays ~7 ms to unpause here).
      const hot = rows.find((r) => r.name === `${kind.name} 16 B, 1 client(s)`);
      sparseVsHot[kind.name] = hot ? sparse.p50 / hot.p50 : NaN;
      baseSparseVsHot[kind.name] = hot ? sparse.baseP50 / hot.baseP50 : NaN;
      lines.push(
        `sparse ${kind.name}: +${(sparse.p50 - sparse.baseP50).toFixed(3)} ms p50 over raw; ` +
          `${sparseVsHot[kind.name].toFixed(2)}x the hot p50 (goal <= 1.2x); ` +
          `the ${kind.base}: ${baseSparseVsHot[kind.name].toFixed(2)}x its hot p50`,
      );
    }
    console.log(`\n${formatTable(rows)}\n${lines.join('\n')}\n`);
    mkdirSync('reports', { recursive: true });
    writeFileSync(
      'reports/bench-http-api.json',
      JSON.stringify(
        {
          calls_per_side: CALLS,
          sparse_vs_hot_p50: sparseVsHot.json,
          sparse_vs_hot_p50_by_format: sparseVsHot,
          baseline_sparse_vs_hot_p50_by_format: baseSparseVsHot,
          rows,
        },
        null,
        2,
      ),
    );
  } finally {
    await Promise.all(rawJson.map((r) => r.remove()));
  }
}, 900_000);
