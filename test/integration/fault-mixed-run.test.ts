// Fault injection: a mixed run of 2,000 calls at concurrency 16 through `npm run serve` with timeouts, OOMs,
// crashes, malformed replies, clients that disconnect mid-call and function edits mid-run. Afterwards every call
// has exactly one terminal record with the status DESIGN.md §5 gives, no log line is in the wrong call, the pool
// holds nothing once idle containers are gone, and nothing of ours is left after shutdown.
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/shared/models';
import { startServe, type ServeProcess } from '../support/serve-process';
import { BUSYBOX_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';

const CALLS = Number(process.env.FN_STUDIO_FAULT_CALLS ?? 2000);
const CONCURRENCY = 16;
/** About eight edits per run, whatever its length. */
const EDIT_EVERY = Math.max(10, Math.floor(CALLS / 8));

type Kind = 'ok' | 'log' | 'timeout' | 'crash' | 'garbage' | 'oom' | 'disconnect' | 'cold';
/** Out of 100: mostly healthy traffic, with every kind of failure mixed in. */
const MIX: [Kind, number][] = [
  ['ok', 50],
  ['log', 20],
  ['timeout', 3],
  ['crash', 5],
  ['garbage', 5],
  ['oom', 2],
  ['disconnect', 5],
  ['cold', 10],
];
const BODY: Record<Kind, string> = {
  ok: 'hello',
  log: 'log:3',
  timeout: 'sleep:3000',
  crash: 'crash',
  garbage: 'garbage',
  oom: 'oom',
  disconnect: 'sleep:1500',
  cold: 'cold',
};
const EXPECTED: Record<
  Exclude<Kind, 'disconnect'>,
  { status: string; http_status?: number; error?: RegExp }
> = {
  ok: { status: 'success', http_status: 200 },
  log: { status: 'success', http_status: 200 },
  cold: { status: 'success', http_status: 200 },
  timeout: { status: 'timeout', http_status: 504, error: /timed out/ },
  crash: { status: 'error', http_status: 502, error: /exited with code 3/ },
  garbage: { status: 'error', http_status: 502 },
  oom: { status: 'error', http_status: 502, error: /out of memory/ },
};

/** A fixed pseudo-random sequence, so a failing run can be repeated exactly. */
function kinds(n: number): Kind[] {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, () => {
    let r = next() * 100;
    for (const [k, w] of MIX) if ((r -= w) < 0) return k;
    return 'ok';
  });
}

let s: ServeProcess | undefined;
afterAll(async () => {
  await s?.stop();
});

describe('fault injection: a mixed run', () => {
  it(`keeps every invariant over ${CALLS} calls at concurrency ${CONCURRENCY}`, async () => {
    s = await startServe();
    const serve = s;
    const api = serve.api;
    await api.updateSettings({ pool_mb: 1024 });
    const app = await api.createApp({ name: 'faults' });
    const hot = await api.createFn({
      app_id: app.id,
      name: 'hot',
      image: NODE_JSON_IMAGE,
      format: 'json',
      memory: 64,
      timeout: 30,
      idle_timeout: 2,
      network: 'none',
    });
    // Timeouts on a function of their own, so a slow OOM on a busy machine is never mistaken for one.
    const slow = await api.createFn({
      app_id: app.id,
      name: 'slow',
      image: NODE_JSON_IMAGE,
      format: 'json',
      memory: 64,
      timeout: 1,
      idle_timeout: 2,
      network: 'none',
    });
    const cold = await api.createFn({
      app_id: app.id,
      name: 'cold',
      image: BUSYBOX_IMAGE,
      format: 'default',
      memory: 32,
      network: 'none',
    });

    const plan = kinds(CALLS);
    const results: { kind: Kind; id: string | null; status: number }[] = [];
    let nextIndex = 0;
    let edits = 0;
    const worker = async () => {
      for (let i = nextIndex++; i < plan.length; i = nextIndex++) {
        const kind = plan[i];
        // Edits mid-run: a config change retires the function's idle containers.
        if (i > 0 && i % EDIT_EVERY === 0) {
          await api.ok('PUT', `/v2/fns/${hot.id}`, { config: { EDIT: String(i) } });
          edits++;
        }
        const abort = new AbortController();
        if (kind === 'disconnect') setTimeout(() => abort.abort(), 300);
        const fnId = kind === 'cold' ? cold.id : kind === 'timeout' ? slow.id : hot.id;
        try {
          const res = await fetch(`${serve.baseUrl}/invoke/${fnId}`, {
            method: 'POST',
            body: BODY[kind],
            signal: abort.signal,
          });
          await res.arrayBuffer();
          results.push({ kind, id: res.headers.get('fn-call-id'), status: res.status });
        } catch (err) {
          if (kind !== 'disconnect') throw err;
          results.push({ kind, id: null, status: 0 });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(edits).toBeGreaterThan(0);

    // Every call has exactly one terminal record.
    const records: CallRecord[] = [];
    for (const fnId of [hot.id, slow.id, cold.id]) records.push(...(await api.allCalls({ fn_id: fnId })));
    expect(records.length).toBe(CALLS);
    expect(new Set(records.map((r) => r.id)).size).toBe(CALLS);
    const byId = new Map(records.map((r) => [r.id, r]));
    const wrong: string[] = [];
    for (const r of results) {
      if (r.kind === 'disconnect') continue;
      const record = r.id ? byId.get(r.id) : undefined;
      const want = EXPECTED[r.kind];
      if (!record) wrong.push(`${r.kind}: no record for ${r.id} (HTTP ${r.status})`);
      else if (
        record.status !== want.status ||
        record.http_status !== want.http_status ||
        (want.error && !want.error.test(record.error ?? ''))
      )
        wrong.push(`${r.kind} ${r.id}: ${record.status} ${record.http_status} ${record.error ?? ''}`);
    }
    expect(wrong).toEqual([]);
    const disconnects = results.filter((r) => r.kind === 'disconnect').length;
    expect(records.filter((r) => r.status === 'cancelled').length).toBe(disconnects);
    expect(records.every((r) => ['success', 'error', 'timeout', 'cancelled'].includes(r.status))).toBe(true);

    // No log line in the wrong call: every line a log call wrote names that call.
    const misplaced: string[] = [];
    for (const r of results.filter((x) => x.kind === 'log')) {
      const log = await api.ok<string>('GET', `/v2/calls/${r.id}/log`);
      const lines = log.split('\n').filter((l) => l.startsWith('line '));
      if (lines.length !== 3 || lines.some((l) => !l.endsWith(` of ${r.id}`)))
        misplaced.push(`${r.id}: ${JSON.stringify(lines)}`);
    }
    expect(misplaced).toEqual([]);

    // Once idle containers are gone, the pool holds nothing and nobody waits.
    await expect.poll(async () => (await api.listContainers()).length).toBe(0);
    const stats = await api.ok<{ pool: object; calls: object }>('GET', '/v2/stats');
    expect(stats.pool).toMatchObject({ used_mb: 0, waiting: 0 });
    expect(stats.calls).toMatchObject({ queued: 0, running: 0 });

    // Nothing of ours is left after shutdown.
    expect(await serve.stop()).toBe(0);
    const left = await new Docker().listContainers({
      all: true,
      filters: { label: [`io.fnstudio.data-dir=${serve.dataDir}`] },
    });
    expect(left).toEqual([]);
  }, 600_000);
});
