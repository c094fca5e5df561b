// Benchmark: the real host (`npm run serve`, its own process) against the floor of a Node host (bench/floor-server.mjs,
// its own process) forwarding to hot containers of the same function: http-stream, 16 B, 1 and 4 clients, A/B phases;
// calls/s, p50 and each process's CPU time per call, as ratios against the targets.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script without types: builds out/ when a source is newer than the last build
import { buildIfStale } from '../scripts/build-if-stale.mjs';
import { FDK_NODE_IMAGE } from '../test/support/test-images-hot';
import { type ServeProcess, startServe } from '../test/support/serve-process';
import { api, runConcurrent, streamSockets, timedInvoke } from './host-fixture';
import { percentile } from './stats';

const quick = process.env.FN_STUDIO_BENCH_QUICK === '1';
// Short phases, many of them, alternating: drift (this machine's speed wanders by tens of percent within minutes) and
// the host's once-a-second bookkeeping bursts fall on both sides alike.
const CALLS = quick ? 150 : 400; // per side, per phase
const PHASES = quick ? 4 : 8;
// Calls each side serves before anything counts, at the first client count: the host's path is much more code than the
// floor's, and V8 is still optimizing it (background compiles, deopts and reopts) over its first few thousand calls;
// after 50 calls its CPU per call was twice its steady figure. Later client counts run on warm code.
const WARMUP = quick ? 1500 : 5000;
const REWARM = 200;
// FN_STUDIO_BENCH_PROFILE=<dir>: the host writes a CPU profile there when it stops; such a run is at 1 client only.
const profileDir = process.env.FN_STUDIO_BENCH_PROFILE;
const CLIENTS = profileDir ? [1] : [1, 4];
const BODY = Buffer.from('0123456789abcdef');
const TARGETS = { throughput: 0.85, p50: 1.2, cpu: 1.3 };

/**
 * CPU time a process has used so far, in ms: the sum over its threads of the scheduler's own count (nanoseconds, from
 * /proc/PID/task/TID/schedstat). /proc/PID/stat counts in ticks of 10 ms, which over a phase of a few hundred calls of
 * the floor (tens of ms) was an error of up to a tenth; threads that ended meanwhile are missed either way.
 */
function cpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ns / 1e6;
}

async function startFloor(sockets: string[]): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['bench/floor-server.mjs', ...sockets], { stdio: 'pipe' });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the floor server exited with ${code}: ${out}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

let host: ServeProcess;
let floor: { child: ChildProcess; base: string } | undefined;
let fnId = '';
beforeAll(async () => {
  buildIfStale();
  host = await startServe({
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  await api(host.baseUrl, '/v2/settings', 'PUT', { pool_mb: 4096 });
  const app = await api(host.baseUrl, '/v2/apps', 'POST', { name: 'floor' });
  const fn = await api(host.baseUrl, '/v2/fns', 'POST', {
    app_id: app.id,
    name: 'floor',
    image: FDK_NODE_IMAGE,
    format: 'http-stream',
    memory: 128,
    network: 'none',
    idle_timeout: 300,
  });
  fnId = fn.id;
  // Overlapping slow calls make the host keep one hot container per client; the floor forwards to the same ones.
  const clients = Math.max(...CLIENTS);
  await runConcurrent(clients, clients, () => timedInvoke(host.baseUrl, fnId, Buffer.from('sleep:1500')));
  const sockets = await streamSockets(fnId);
  expect(sockets.length).toBe(clients);
  floor = await startFloor(sockets);
}, 300_000);
afterAll(async () => {
  floor?.child.kill();
  await host?.stop();
});

interface Side {
  latencies: number[];
  wallMs: number;
  cpuMs: number;
}
const side = (): Side => ({ latencies: [], wallMs: 0, cpuMs: 0 });

async function phase(s: Side, base: string, clients: number): Promise<void> {
  const t = performance.now();
  s.latencies.push(...(await runConcurrent(CALLS, clients, () => timedInvoke(base, fnId, BODY))));
  s.wallMs += performance.now() - t;
}

const figures = (s: Side) => ({
  calls_per_s: (s.latencies.length / s.wallMs) * 1000,
  p50_ms: percentile(s.latencies, 50),
  cpu_ms_per_call: s.cpuMs / s.latencies.length,
});

it('the host through its HTTP API against the floor of a Node host', async () => {
  const rows = [];
  for (const clients of CLIENTS) {
    const ours = side();
    const base = side();
    // Warm both paths (JIT, connections) before anything counts.
    const warmup = clients === CLIENTS[0] ? WARMUP : REWARM;
    await runConcurrent(warmup, clients, () => timedInvoke(host.baseUrl, fnId, BODY));
    await runConcurrent(warmup, clients, () => timedInvoke(floor!.base, fnId, BODY));
    // CPU time is each process's over all the phases, its own and the other side's: the host does part of a call's
    // work later (its record is written with the call's cost, about a second after), and counted over its own
    // phases only, what fell into the floor's phases was missed (the floor does nothing between its calls).
    const cpu0 = { ours: cpuMs(host.child.pid!), base: cpuMs(floor!.child.pid!) };
    for (let p = 0; p < PHASES; p++) {
      await phase(ours, host.baseUrl, clients);
      await phase(base, floor!.base, clients);
    }
    ours.cpuMs = cpuMs(host.child.pid!) - cpu0.ours;
    base.cpuMs = cpuMs(floor!.child.pid!) - cpu0.base;
    const h = figures(ours);
    const f = figures(base);
    const ratios = {
      throughput: h.calls_per_s / f.calls_per_s,
      p50: h.p50_ms / f.p50_ms,
      cpu: h.cpu_ms_per_call / f.cpu_ms_per_call,
    };
    const meets = {
      throughput: ratios.throughput >= TARGETS.throughput,
      p50: ratios.p50 <= TARGETS.p50,
      cpu: ratios.cpu <= TARGETS.cpu,
    };
    rows.push({ clients, host: h, floor: f, ratios, meets });
  }
  const f2 = (n: number) => n.toFixed(2);
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISS');
  const lines = rows.map(
    (r) =>
      `http-stream 16 B, ${r.clients} client(s): host ${f2(r.host.calls_per_s)} calls/s p50 ${f2(r.host.p50_ms)} ms ` +
      `cpu ${f2(r.host.cpu_ms_per_call)} ms/call | floor ${f2(r.floor.calls_per_s)} calls/s p50 ${f2(r.floor.p50_ms)} ms ` +
      `cpu ${f2(r.floor.cpu_ms_per_call)} ms/call | throughput ${f2(r.ratios.throughput)}x (>= ${TARGETS.throughput} ${mark(r.meets.throughput)}) ` +
      `p50 ${f2(r.ratios.p50)}x (<= ${TARGETS.p50} ${mark(r.meets.p50)}) cpu ${f2(r.ratios.cpu)}x (<= ${TARGETS.cpu} ${mark(r.meets.cpu)})`,
  );
  console.log(`\n${lines.join('\n')}\n`);
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/bench-floor.json',
    JSON.stringify(
      {
        warmup_calls_per_side: WARMUP,
        calls_per_side_per_phase: CALLS,
        phases: PHASES,
        targets: TARGETS,
        rows,
      },
      null,
      2,
    ),
  );
  for (const r of rows) expect(r.host.calls_per_s).toBeGreaterThan(0);
}, 600_000);
