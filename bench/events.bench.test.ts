// Benchmark: the live-event pipeline. Call updates (queued → running → ended, with three log lines each) are
// published at rising rates to a UI connected over the WebSocket; measured: calls per second delivered and how far
// behind the client is. Baseline: the same messages sent one by one on a bare WebSocket, no batching.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { newId } from '../src/shared/ids';
import type { CallRecord } from '../src/shared/models';
import { startBenchHost } from './host-fixture';

const quick = process.env.FN_STUDIO_BENCH_QUICK === '1';
const RATES = quick ? [1000, 5000] : [1000, 5000, 20000];
const SECONDS = quick ? 2 : 4;

let h: Awaited<ReturnType<typeof startBenchHost>>;
beforeAll(async () => {
  h = await startBenchHost();
});
afterAll(async () => {
  await h?.close();
});

function call(i: number, status: CallRecord['status']): CallRecord {
  return {
    id: `${newId()}${i}`,
    fn_id: 'F',
    app_id: 'A',
    type: 'sync',
    status,
    created_at: new Date().toISOString(),
    timings: { queue_ms: 0, resource_wait_ms: 0, launch_ms: 0, exec_ms: 1 },
    request: {
      method: 'POST',
      url: 'http://127.0.0.1/invoke/F',
      headers: {},
      body: 'x',
      body_truncated: false,
    },
  };
}

/** Drives `rate` calls/s for SECONDS through `publish`; returns delivered calls/s and the client's lag at the end. */
async function drive(
  rate: number,
  publish: (i: number, sentAt: number) => void,
  delivered: () => number,
): Promise<{ perSecond: number; lagMs: number }> {
  const start = performance.now();
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.floor(((performance.now() - start) / 1000) * rate);
      for (; i < due; i++) publish(i, performance.now());
      if (performance.now() - start >= SECONDS * 1000) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  const sentEnd = performance.now();
  // Behind = how long after the last publish the client has seen every call.
  while (delivered() < i && performance.now() - sentEnd < 10_000) await new Promise((r) => setTimeout(r, 5));
  return {
    perSecond: delivered() / ((performance.now() - start) / 1000),
    lagMs: performance.now() - sentEnd,
  };
}

it('carries call updates to a connected UI at rising rates', async () => {
  const url = `${h.base.replace('http', 'ws')}/ws?token=${h.host.token}`;
  const ui = new WebSocket(url);
  await new Promise((r) => ui.once('open', r));
  const ended = new Set<string>();
  ui.on('message', (d) => {
    const m = JSON.parse(String(d)) as { type: string; name?: string; payload?: CallRecord };
    if (m.type === 'event' && m.name === 'call' && m.payload?.status === 'success') ended.add(m.payload.id);
  });

  // Baseline: a bare WebSocket server sending each update as its own message.
  const bare = new WebSocketServer({ port: 0 });
  await new Promise((r) => bare.once('listening', r));
  const bareClient = new WebSocket(`ws://127.0.0.1:${(bare.address() as { port: number }).port}`);
  const [bareSocket] = await Promise.all([
    new Promise<WebSocket>((r) => bare.once('connection', r)),
    new Promise((r) => bareClient.once('open', r)),
  ]);
  let bareEnded = 0;
  bareClient.on('message', (d) => {
    if ((JSON.parse(String(d)) as { status?: string }).status === 'success') bareEnded++;
  });

  const rows = [];
  for (const rate of RATES) {
    ended.clear();
    const ours = await drive(
      rate,
      (i) => {
        const c = call(i, 'queued');
        h.host.events.callChanged(c);
        Object.assign(c, { status: 'running' });
        h.host.events.callChanged(c);
        for (let l = 0; l < 3; l++) h.host.events.logLine(c.id, `line ${l}`);
        Object.assign(c, { status: 'success' });
        h.host.events.callChanged(c);
      },
      () => ended.size,
    );
    bareEnded = 0;
    const base = await drive(
      rate,
      (i) => {
        const c = call(i, 'queued');
        bareSocket.send(JSON.stringify(c));
        bareSocket.send(JSON.stringify({ ...c, status: 'running' }));
        for (let l = 0; l < 3; l++) bareSocket.send(JSON.stringify({ call_id: c.id, line: `line ${l}` }));
        bareSocket.send(JSON.stringify({ ...c, status: 'success' }));
      },
      () => bareEnded,
    );
    rows.push({
      rate,
      delivered_per_s: ours.perSecond,
      behind_ms: ours.lagMs,
      bare_delivered_per_s: base.perSecond,
      bare_behind_ms: base.lagMs,
    });
  }
  ui.close();
  bareClient.close();
  bare.close();
  for (const r of rows)
    console.log(
      `${String(r.rate).padStart(6)} calls/s offered: UI got ${r.delivered_per_s.toFixed(0)}/s, ${r.behind_ms.toFixed(0)} ms behind at the end | ` +
        `bare WebSocket ${r.bare_delivered_per_s.toFixed(0)}/s, ${r.bare_behind_ms.toFixed(0)} ms behind`,
    );
  expect(rows[0].delivered_per_s).toBeGreaterThan(0);
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench-events.json', JSON.stringify({ seconds: SECONDS, rows }, null, 2));
}, 300_000);
