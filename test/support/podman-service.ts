// Podman's Docker-compatible API service for the engine tests: its own socket under /run and its own
// containers.conf (without the default_ulimits in it every container start fails here with "error setting rlimit").
// An answering socket is reused; one started here is stopped by `stop`.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';

const DIR = '/run/fn-studio-podman';
export const PODMAN_SOCKET = join(DIR, 'podman.sock');
export const PODMAN_HOST = `unix://${PODMAN_SOCKET}`;

const CONTAINERS_CONF = `[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
`;

export interface PodmanService {
  host: string;
  docker: Docker;
  stop(): Promise<void>;
}

const answers = (docker: Docker) =>
  docker.ping().then(
    () => true,
    () => false,
  );

export async function startPodmanService(): Promise<PodmanService> {
  const docker = new Docker({ socketPath: PODMAN_SOCKET });
  if (await answers(docker)) return { host: PODMAN_HOST, docker, stop: async () => undefined };
  if (spawnSync('sh', ['-c', 'command -v podman'], { stdio: 'ignore' }).status !== 0)
    throw new Error(
      'podman is not installed: install podman and catatonit (npm test installs them on Debian as root)',
    );
  mkdirSync(DIR, { recursive: true });
  const conf = join(DIR, 'containers.conf');
  writeFileSync(conf, CONTAINERS_CONF);
  let log = '';
  const child: ChildProcess = spawn('podman', ['system', 'service', '--time=0', PODMAN_HOST], {
    env: { ...process.env, CONTAINERS_CONF: conf },
    // conmon writes a file named `oom` into its working directory when the OOM killer strikes: keep it out of here.
    cwd: DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  const deadline = Date.now() + 30_000;
  while (!(await answers(docker))) {
    if (child.exitCode !== null) throw new Error(`podman system service exited:\n${log.slice(-2000)}`);
    if (Date.now() > deadline)
      throw new Error(`podman system service did not answer in 30 s:\n${log.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host: PODMAN_HOST,
    docker,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
