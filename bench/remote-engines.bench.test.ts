// Benchmark: the same engine reached over tcp+TLS and over ssh:// (this machine's sshd reaching it), interleaved: a
// cold call through the agent, a hot json call, and one API request, against dockerode's own ssh connection (a new
// SSH connection per request) as the baseline the shared tunnel replaces. Holds a cold call over ssh to ≤ 2× TLS.
import { mkdirSync, writeFileSync } from 'node:fs';
import Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Agent } from '../src/main/core/agent';
import { DockerDriver } from '../src/main/core/docker-driver';
import { parseEndpoint } from '../src/main/core/docker-endpoint';
import { newId } from '../src/shared/ids';
import { callOptions } from '../test/support/agent-fixture';
import { type ExtraEngines, startExtraEngines } from '../test/support/extra-engines';
import { BUSYBOX_IMAGE, NODE_JSON_IMAGE } from '../test/support/test-images';
import { compare, formatTable } from './stats';

const quick = process.env.FN_STUDIO_BENCH_QUICK === '1';
const ROUNDS = quick ? 5 : 20;

let extra: ExtraEngines;
let tls: DockerDriver;
let ssh: DockerDriver;
const agents: Agent[] = [];
const agentOn = (driver: DockerDriver) => {
  const a = new Agent({
    driver,
    poolMb: 2048,
    owner: { instanceId: newId(), dataDir: '/tmp/fn-studio-bench' },
  });
  agents.push(a);
  return a;
};

beforeAll(async () => {
  extra = await startExtraEngines([BUSYBOX_IMAGE, NODE_JSON_IMAGE]);
  tls = new DockerDriver(
    parseEndpoint(extra.tls.dockerHost, 'flag', { verify: true, certPath: extra.tls.env.DOCKER_CERT_PATH }),
  );
  // Keys and known_hosts from the ssh engine's home, as Fn Studio started with that HOME would find them.
  const home = process.env.HOME;
  process.env.HOME = extra.ssh.env.HOME;
  ssh = new DockerDriver(parseEndpoint(extra.ssh.dockerHost, 'flag', { verify: false, certPath: '' }));
  process.env.HOME = home;
}, 300_000);
afterAll(async () => {
  await Promise.all(agents.map((a) => a.close()));
  tls?.close();
  ssh?.close();
  await extra?.destroy();
});

it('ssh engine vs the same engine over TLS', async () => {
  const [onTls, onSsh] = [agentOn(tls), agentOn(ssh)];
  const cold = callOptions({ image: BUSYBOX_IMAGE, body: Buffer.from('bench'), memory: 64 });
  const hot = callOptions({ image: NODE_JSON_IMAGE, format: 'json', body: Buffer.from('hi'), memory: 128 });
  const time = async (f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    return performance.now() - t;
  };
  const run = async (a: Agent, c: typeof cold) => {
    const out = await a.submit({ ...c, id: newId() }).outcome;
    expect(out.status).toBe('success');
  };
  // Warm: images resolved, hot containers up, the SSH connection open.
  for (const a of [onTls, onSsh]) {
    await run(a, cold);
    await run(a, hot);
  }
  const s = {
    coldTls: [] as number[],
    coldSsh: [] as number[],
    hotTls: [] as number[],
    hotSsh: [] as number[],
  };
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    // Interleaved so drift in the engine affects both sides alike.
    s.coldTls.push(await time(() => run(onTls, cold)));
    s.coldSsh.push(await time(() => run(onSsh, cold)));
    s.hotTls.push(await time(() => run(onTls, hot)));
    s.hotSsh.push(await time(() => run(onSsh, hot)));
  }
  const wall = (performance.now() - start) / 4;
  // One API request: over the shared tunnel, and over dockerode's own ssh (a new SSH login each time).
  const native = new Docker({
    protocol: 'ssh',
    host: '127.0.0.1',
    port: Number(new URL(extra.ssh.dockerHost).port),
    username: new URL(extra.ssh.dockerHost).username,
    sshOptions: {
      privateKey: (await import('node:fs')).readFileSync(`${extra.ssh.env.HOME}/.ssh/id_ed25519`),
    },
  });
  const pingOurs: number[] = [];
  const pingNative: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    pingOurs.push(await time(() => ssh.docker.ping()));
    pingNative.push(await time(() => native.ping()));
  }
  const rows = [
    compare('cold call over ssh', 'cold call over tcp+TLS', s.coldSsh, s.coldTls, wall),
    compare('hot json call over ssh', 'hot json call over tcp+TLS', s.hotSsh, s.hotTls, wall),
    compare('API ping, shared SSH tunnel', 'dockerode ssh (login per request)', pingOurs, pingNative, 1),
  ];
  console.log(`\n${formatTable(rows)}\n`);
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/bench-remote-engines.json', JSON.stringify({ rounds: ROUNDS, rows }, null, 2));
  expect(rows[0].p50).toBeLessThanOrEqual(2 * rows[0].baseP50);
  // A hot call must not pay an SSH handshake: well under one login of dockerode's.
  expect(rows[1].p50).toBeLessThan(rows[2].baseP50 / 2);
});
