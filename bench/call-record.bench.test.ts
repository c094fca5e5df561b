// Benchmark: what recording costs a hot call. The same json function is called through the host's CallService
// (call record, log, events, batched SQLite writes) and straight through the agent, interleaved in one run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { App, Fn } from '../src/shared/models';
import { getCall } from '../src/main/core/get-call';
import { newId } from '../src/shared/ids';
import { CallService } from '../src/main/host/call-service';
import { EventHub } from '../src/main/host/event-hub';
import { Store } from '../src/main/host/store/store';
import { makeAgent } from '../test/support/agent-fixture';
import { NODE_JSON_IMAGE } from '../test/support/test-images-hot';
import { compare, formatTable } from './stats';

const quick = process.env.FN_STUDIO_BENCH_QUICK === '1';
const ROUNDS = quick ? 2000 : 10000;
const dir = mkdtempSync(join(tmpdir(), 'fn-studio-bench-'));
const store = Store.open(dir);
const { agent } = makeAgent();
afterAll(async () => {
  await agent.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('hot call recorded by the host vs the same call through the agent alone', async () => {
  const now = new Date().toISOString();
  const app: App = { id: 'A', name: 'bench', config: {}, annotations: {}, created_at: now, updated_at: now };
  const fn: Fn = {
    ...app,
    id: 'F',
    app_id: 'A',
    name: 'json',
    image: NODE_JSON_IMAGE,
    memory: 64,
    timeout: 30,
    idle_timeout: 30,
    format: 'json',
    network: 'none',
  };
  const calls = new CallService({
    agent,
    events: new EventHub(),
    store: store.calls,
    limits: () => ({ keepBytes: 64 * 1024, logCapBytes: 1024 * 1024 }),
  });
  const body = Buffer.from('0123456789abcdef');
  const req = () => ({ id: newId(), method: 'POST', url: 'http://127.0.0.1/invoke/F', headers: {}, body });
  const invocation = () => ({ ...req(), app, fn, type: 'sync' as const });
  expect((await calls.start(invocation()).outcome).status).toBe('success');

  const recorded: number[] = [];
  const bare: number[] = [];
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    const out = await agent.submit(getCall({ app, fn, ...req() })).outcome;
    bare.push(performance.now() - t);
    t = performance.now();
    const r = await calls.start(invocation()).outcome;
    recorded.push(performance.now() - t);
    if (out.status !== 'success' || r.status !== 'success') throw new Error('call failed');
  }
  const wall = performance.now() - start;
  store.calls.flush();
  expect(store.calls.count()).toBe(ROUNDS + 1);
  const row = compare('recorded hot call (json, 16 B)', 'same call, agent only', recorded, bare, wall / 2);
  const costP50 = row.p50 - row.baseP50;
  console.log(`\n${formatTable([row])}\nrecording cost p50 ${costP50.toFixed(3)} ms per call\n`);
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/bench-record.json',
    JSON.stringify({ rounds: ROUNDS, recording_cost_p50_ms: costP50, ...row }, null, 2),
  );
});
