// Benchmark: a cold call through the agent and through the HTTP API, against the raw dockerode
// create/attach/start/wait/remove sequence and `docker run --rm -i` of the same image, interleaved in one run.
import Docker from 'dockerode';
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, startBenchHost, timedInvoke } from './host-fixture';
import { callOptions, makeAgent } from '../test/support/agent-fixture';
import { BUSYBOX_IMAGE } from '../test/support/test-images';
import { compare, formatTable } from './stats';

const quick = process.env.FN_STUDIO_BENCH_QUICK === '1';
const ROUNDS = quick ? 10 : 40;
const docker = new Docker();
const { agent } = makeAgent();

let h: Awaited<ReturnType<typeof startBenchHost>>;
let fnId = '';
beforeAll(async () => {
  h = await startBenchHost();
  const app = await api(h.base, '/v2/apps', 'POST', { name: 'cold' });
  fnId = (
    await api(h.base, '/v2/fns', 'POST', {
      app_id: app.id,
      name: 'echo',
      image: BUSYBOX_IMAGE,
      format: 'default',
      memory: 64,
      network: 'none',
    })
  ).id;
}, 120_000);
afterAll(async () => {
  await agent.close();
  await h?.close();
});

/** The CLI baseline users know: `docker run --rm -i` with the body on stdin. */
function dockerRun(body: Buffer): number {
  const t = performance.now();
  const out = execFileSync('docker', ['run', '--rm', '-i', '--network', 'none', '-m', '64m', BUSYBOX_IMAGE], {
    input: body,
  });
  if (!out.toString().includes('hello')) throw new Error('docker run did not answer');
  return performance.now() - t;
}

/** The baseline: what any tool must do at least to run one cold function call. */
async function rawCold(body: Buffer): Promise<string> {
  const c = await docker.createContainer({
    Image: BUSYBOX_IMAGE,
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: { NetworkMode: 'none', Memory: 64 * 1024 * 1024, Init: true },
  });
  const stream = (await c.attach({
    stream: true,
    stdin: true,
    stdout: true,
    stderr: true,
    hijack: true,
  })) as NodeJS.ReadWriteStream;
  let out = '';
  stream.on('data', (d: Buffer) => (out += d.toString('latin1')));
  await c.start();
  stream.end(body);
  await c.wait();
  await c.remove({ force: true });
  return out;
}

it('cold call vs raw dockerode sequence', async () => {
  const body = Buffer.from('bench');
  const raw: number[] = [];
  const ours: number[] = [];
  await rawCold(body);
  await agent.submit(callOptions({ image: BUSYBOX_IMAGE, body })).outcome;
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    // Interleaved so drift in the engine affects both sides alike.
    let t = performance.now();
    expect(await rawCold(body)).toContain('hello bench');
    raw.push(performance.now() - t);
    t = performance.now();
    const out = await agent.submit(callOptions({ image: BUSYBOX_IMAGE, body })).outcome;
    expect(out.status).toBe('success');
    ours.push(performance.now() - t);
  }
  const wall = performance.now() - start;
  // Through the HTTP API, against both the dockerode sequence and the docker CLI.
  const viaApi: number[] = [];
  const viaCli: number[] = [];
  const raw2: number[] = [];
  const start2 = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    viaApi.push(await timedInvoke(h.base, fnId, body));
    viaCli.push(dockerRun(body));
    const t = performance.now();
    await rawCold(body);
    raw2.push(performance.now() - t);
  }
  const wall2 = performance.now() - start2;
  const rows = [
    compare('agent cold call (default format)', 'raw create/attach/start/wait/rm', ours, raw, wall),
    compare('HTTP API cold call', 'raw create/attach/start/wait/rm', viaApi, raw2, wall2 / 3),
    compare('HTTP API cold call', 'docker run --rm -i', viaApi, viaCli, wall2 / 3),
  ];
  console.log(`\n${formatTable(rows)}\n`);
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench-cold.json', JSON.stringify({ rounds: ROUNDS, rows }, null, 2));
});
