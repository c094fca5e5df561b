// Benchmark: eviction churn. 1,000 calls spread over 20 functions with a pool that fits only 8 containers, against
// the same calls to one function (no churn), through the HTTP API at 16 clients: throughput and p99.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NODE_JSON_IMAGE } from '../test/support/test-images-hot';
import { api, runConcurrent, startBenchHost, timedInvoke } from './host-fixture';
import { compare, formatTable } from './stats';

const quick = process.env.FN_STUDIO_BENCH_QUICK === '1';
const CALLS = quick ? 120 : 1000;
const FUNCTIONS = 20;

let h: Awaited<ReturnType<typeof startBenchHost>>;
const fnIds: string[] = [];
beforeAll(async () => {
  h = await startBenchHost();
  // 8 containers of 64 MB fill the pool: a 9th function must evict one.
  await api(h.base, '/v2/settings', 'PUT', { pool_mb: 8 * 64 });
  const app = await api(h.base, '/v2/apps', 'POST', { name: 'scale' });
  for (let i = 0; i < FUNCTIONS; i++)
    fnIds.push(
      (
        await api(h.base, '/v2/fns', 'POST', {
          app_id: app.id,
          name: `f${i}`,
          image: NODE_JSON_IMAGE,
          format: 'json',
          memory: 64,
          network: 'none',
        })
      ).id,
    );
}, 120_000);
afterAll(async () => {
  await h?.close();
});

it('1,000 calls over 20 functions with room for 8 containers vs over one function', async () => {
  const body = Buffer.from('0123456789abcdef');
  let t = performance.now();
  const churn = await runConcurrent(CALLS, 16, (w) =>
    timedInvoke(h.base, fnIds[(w * 7 + Math.floor(Math.random() * FUNCTIONS)) % FUNCTIONS], body),
  );
  const churnWall = performance.now() - t;
  t = performance.now();
  const single = await runConcurrent(CALLS, 16, () => timedInvoke(h.base, fnIds[0], body));
  const singleWall = performance.now() - t;
  expect(churn.length).toBe(CALLS);
  const row = compare(
    `${CALLS} calls over ${FUNCTIONS} fns, pool of 8`,
    `${CALLS} calls over 1 fn`,
    churn,
    single,
    churnWall,
  );
  console.log(
    `\n${formatTable([row])}\nthroughput ${((CALLS / churnWall) * 1000).toFixed(1)} vs ${((CALLS / singleWall) * 1000).toFixed(1)} calls/s\n`,
  );
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/bench-scale.json',
    JSON.stringify({ calls: CALLS, churn_wall_ms: churnWall, single_wall_ms: singleWall, ...row }, null, 2),
  );
}, 900_000);
