// Benchmark: an agent hot call (json format, 16 B body) against a raw round trip of the same JSON line over an
// attached pipe to a container of the same image, interleaved in the same run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { DEFAULT_HARDENING } from '../src/main/core/driver';
import { DockerDriver } from '../src/main/core/docker-driver';
import { jsonProtocol } from '../src/main/core/protocols/json-protocol';
import { logFrameEnv } from '../src/main/core/log-router';
import { callOptions, makeAgent } from '../test/support/agent-fixture';
import { NODE_JSON_IMAGE } from '../test/support/test-images-hot';
import { compare, formatTable } from './stats';

const quick = process.env.FN_STUDIO_BENCH_QUICK === '1';
const ROUNDS = quick ? 2000 : 10000;
const { agent } = makeAgent();
const driver = new DockerDriver();
afterAll(() => agent.close());

it('hot json call vs raw pipe round trip', async () => {
  const body = Buffer.from('0123456789abcdef'); // 16 B
  const call = () => callOptions({ image: NODE_JSON_IMAGE, format: 'json', memory: 64, body });
  expect((await agent.submit(call()).outcome).status).toBe('success');

  // The baseline: the same request line written to a container's stdin, reply line read back, nothing else.
  const raw = await driver.start({
    image: NODE_JSON_IMAGE,
    env: { FN_FORMAT: 'json', ...logFrameEnv() },
    labels: {},
    memoryMb: 64,
    network: 'none',
    hardening: DEFAULT_HARDENING,
    keepStdinOpen: true,
  });
  const line = jsonProtocol.encode(call(), new Date(Date.now() + 30_000));
  let waiting: (() => void) | undefined;
  let buf = '';
  raw.stdout.on('data', (c: Buffer) => {
    buf += c.toString();
    if (buf.endsWith('\n')) {
      buf = '';
      waiting?.();
    }
  });
  const roundTrip = () => new Promise<void>((r) => ((waiting = r), raw.stdin.write(line)));
  await roundTrip();

  const rawT: number[] = [];
  const ours: number[] = [];
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    await roundTrip();
    rawT.push(performance.now() - t);
    t = performance.now();
    const out = await agent.submit(call()).outcome;
    ours.push(performance.now() - t);
    if (out.status !== 'success') throw new Error(`call failed: ${out.error}`);
  }
  const wall = performance.now() - start;
  await raw.remove();
  const row = compare('agent hot call (json, 16 B)', 'raw round trip, same image+pipe', ours, rawT, wall / 2);
  const overheadP50 = row.p50 - row.baseP50;
  console.log(`\n${formatTable([row])}\np50 overhead ${overheadP50.toFixed(3)} ms (goal <= 0.15 ms)\n`);
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/bench-hot.json',
    JSON.stringify({ rounds: ROUNDS, overhead_p50_ms: overheadP50, ...row }, null, 2),
  );
});
