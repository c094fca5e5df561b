// Benchmark: what recording costs in memory and on disk. 100,000 call records (request, response and a short log,
// as the host writes them) go through the host's store; resident size grows by the store's cache only.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { newId } from '../src/shared/ids';
import type { CallRecord } from '../src/shared/models';
import { DATABASE_FILE, Store } from '../src/main/host/store/store';

const quick = process.env.FN_STUDIO_BENCH_QUICK === '1';
const CALLS = quick ? 20_000 : 100_000;
const MB = 1024 * 1024;

function record(i: number): CallRecord {
  const now = new Date().toISOString();
  return {
    id: newId(),
    fn_id: `F${i % 20}`,
    app_id: 'A',
    type: 'sync',
    status: 'success',
    http_status: 200,
    container_id: 'c'.repeat(64),
    start_kind: i % 10 ? 'hot_reused' : 'hot_new',
    created_at: now,
    started_at: now,
    completed_at: now,
    timings: { queue_ms: 0.1, resource_wait_ms: 0, launch_ms: 0, exec_ms: 0.6 },
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:8080/invoke/F',
      headers: { 'content-type': ['application/json'], 'user-agent': ['curl/8'] },
      body: '{"name":"world"}',
      body_truncated: false,
    },
    response: {
      status: 200,
      headers: { 'Content-Type': ['application/json'] },
      body: '{"hello":"world"}',
      body_truncated: false,
    },
  };
}

it(`resident size and database size after ${CALLS} recorded calls`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fn-studio-bench-mem-'));
  const store = Store.open(dir);
  const before = process.memoryUsage().rss;
  const t = performance.now();
  for (let i = 0; i < CALLS; i++) {
    store.calls.save(record(i), `starting\nhandled call ${i}\n`);
    // Calls end over many turns of the event loop in the host, and the store writes a batch a turn.
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  store.calls.flush();
  const ms = performance.now() - t;
  const after = process.memoryUsage().rss;
  expect(store.calls.count()).toBe(CALLS);
  store.close();
  const dbBytes = statSync(join(dir, DATABASE_FILE)).size;
  rmSync(dir, { recursive: true, force: true });
  const result = {
    calls: CALLS,
    rss_before_mb: before / MB,
    rss_after_mb: after / MB,
    rss_growth_mb: (after - before) / MB,
    db_bytes_per_call: dbBytes / CALLS,
    record_us_per_call: (ms * 1000) / CALLS,
  };
  console.log(
    `\nrecorded ${CALLS} calls: resident ${result.rss_before_mb.toFixed(0)} → ${result.rss_after_mb.toFixed(0)} MB ` +
      `(+${result.rss_growth_mb.toFixed(0)} MB; goal: whole host < 250 MB), database ${result.db_bytes_per_call.toFixed(0)} B per call, ` +
      `${result.record_us_per_call.toFixed(1)} µs per record\n`,
  );
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench-memory.json', JSON.stringify(result, null, 2));
}, 600_000);
