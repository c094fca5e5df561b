// Benchmark: an agent cold call against the raw dockerode create/attach/start/wait/remove sequence, same image, same run.
import Docker from 'dockerode';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { callOptions, makeAgent } from '../test/support/agent-fixture';
import { BUSYBOX_IMAGE } from '../test/support/test-images';
import { compare, formatTable } from './stats';

const quick = process.env.FN_STUDIO_BENCH_QUICK === '1';
const ROUNDS = quick ? 10 : 40;
const docker = new Docker();
const { agent } = makeAgent();

afterAll(() => agent.close());

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
  await agent.submit(callOptions({ image: BUSYBOX_IMAGE, body }));
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    // Interleaved so drift in the engine affects both sides alike.
    let t = performance.now();
    expect(await rawCold(body)).toContain('hello bench');
    raw.push(performance.now() - t);
    t = performance.now();
    const out = await agent.submit(callOptions({ image: BUSYBOX_IMAGE, body }));
    expect(out.status).toBe('success');
    ours.push(performance.now() - t);
  }
  const row = compare(
    'agent cold call (default format)',
    'raw create/attach/start/wait/rm',
    ours,
    raw,
    performance.now() - start,
  );
  console.log(`\n${formatTable([row])}\n`);
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench-cold.json', JSON.stringify({ rounds: ROUNDS, ...row }, null, 2));
});
