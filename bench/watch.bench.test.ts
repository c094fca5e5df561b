// Benchmark: watch's loop, from a file saved to a call answered by the new code, against the build's own time (the
// target: at most the build plus 1 s). Each round saves a new reply, waits for the watch to report the build, then
// calls at once; the difference is what watching adds (settling, noticing, the new image's first container). Printed,
// not asserted: on a busy machine a container's start alone can take longer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SETTLE_MS } from '../src/main/host/folder-watch';
import { FN_ANNOTATIONS } from '../src/shared/fn-annotations';
import type { WatchStatus } from '../src/shared/watch-status';
import { ThrowawayImages } from '../test/support/throwaway-images';
import { removeImages, WatchFolder } from '../test/support/watch-folder';
import { api, startBenchHost } from './host-fixture';
import { compare, formatTable, percentile } from './stats';

const quick = process.env.FN_STUDIO_BENCH_QUICK === '1';
const ROUNDS = quick ? 3 : 10;
const TARGET_EXTRA_MS = 1000;

let h: Awaited<ReturnType<typeof startBenchHost>>;
let fnId = '';
const src = new WatchFolder('v0');
const imageIds = new Set<string>();

beforeAll(async () => {
  h = await startBenchHost();
  h.host.events.subscribe((event, payload) => {
    const id = event === 'watch' ? (payload as WatchStatus).last_build?.image_id : undefined;
    if (id) imageIds.add(id);
  });
  const app = await api(h.base, '/v2/apps', 'POST', { name: 'watch' });
  fnId = (
    await api(h.base, '/v2/fns', 'POST', {
      app_id: app.id,
      name: 'live',
      image: ThrowawayImages.uniqueTag('watch-bench'),
      format: 'json',
      memory: 64,
      network: 'none',
      annotations: { [FN_ANNOTATIONS.sourceFolder]: src.dir, [FN_ANNOTATIONS.watch]: true },
    })
  ).id;
  await builds(1);
}, 120_000);
afterAll(async () => {
  await h?.close();
  src.remove();
  await removeImages(imageIds);
});

/** Resolves with the watch's status once it has ended `n` builds and is idle. */
function builds(n: number): Promise<WatchStatus> {
  return new Promise((resolve, reject) => {
    const check = (s: WatchStatus | undefined) => {
      if (!s || s.builds < n || s.state === 'building' || s.queued) return;
      off();
      if (s.last_build?.ok) resolve(s);
      else reject(new Error(`build ${n} failed: ${s.last_build?.error}`));
    };
    const off = h.host.events.subscribe((event, payload) => {
      if (event === 'watch' && (payload as WatchStatus).fn_id === fnId) check(payload as WatchStatus);
    });
    check(h.host.watches.of(fnId)?.current());
  });
}

function call(): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.base}/invoke/${fnId}`, { method: 'POST' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end('hi');
  });
}

it('save → new reply vs the build alone', async () => {
  expect(await call()).toBe('v0');
  const total: number[] = [];
  const build: number[] = [];
  /** The first call on the new image: it starts the new image's first container. */
  const firstCall: number[] = [];
  const freshContainer: number[] = [];
  /** From the save to the build's start: settling plus noticing the change. */
  const noticed: number[] = [];
  const start = performance.now();
  for (let i = 1; i <= ROUNDS; i++) {
    const t = performance.now();
    src.edit(`v${i}`);
    const status = await builds(i + 1);
    const t2 = performance.now();
    expect(await call()).toBe(`v${i}`);
    total.push(performance.now() - t);
    firstCall.push(performance.now() - t2);
    // Baseline for that first call: a fresh container of an unchanged image, under the same load (a config change
    // retires the idle one).
    await api(h.base, `/v2/fns/${fnId}`, 'PUT', { config: { ROUND: String(i) } });
    const t3 = performance.now();
    expect(await call()).toBe(`v${i}`);
    freshContainer.push(performance.now() - t3);
    build.push(status.last_build!.duration_ms);
    noticed.push(Date.parse(status.last_build!.started_at) - (performance.timeOrigin + t));
  }
  const wall = performance.now() - start;
  const extra = total.map((t, i) => t - build[i]);
  const rows = [
    compare('save → reply by the new code', "the build's own time", total, build, wall),
    compare('first call on the rebuilt image', 'first call, config changed', firstCall, freshContainer, wall),
  ];
  console.log(`\n${formatTable(rows)}`);
  const p50 = percentile(extra, 50);
  console.log(
    `watch adds p50 ${p50.toFixed(0)} ms, max ${Math.max(...extra).toFixed(0)} ms over the build ` +
      `(target ≤ ${TARGET_EXTRA_MS} ms: ${p50 <= TARGET_EXTRA_MS ? 'met' : 'missed'}); of it, save → build start p50 ${percentile(noticed, 50).toFixed(0)} ms (settling ${SETTLE_MS} ms) ` +
      `and the first call on the new image p50 ${percentile(firstCall, 50).toFixed(0)} ms ` +
      `(a fresh container of an unchanged image: p50 ${percentile(freshContainer, 50).toFixed(0)} ms)\n`,
  );
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/bench-watch.json',
    JSON.stringify(
      { rounds: ROUNDS, rows, extra_ms: extra, first_call_ms: firstCall, fresh_ms: freshContainer },
      null,
      2,
    ),
  );
});
