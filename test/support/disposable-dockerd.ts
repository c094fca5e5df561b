// A second, disposable Docker daemon for tests that disturb the engine (DESIGN.md §8): its own data root, exec
// root, pidfile, socket and network namespace, no bridge and no iptables, reached through DOCKER_HOST.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';

export interface DisposableDockerd {
  /** DOCKER_HOST for it, e.g. unix:///tmp/fn-dd-xyz/docker.sock */
  host: string;
  docker: Docker;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes everything it stored. */
  destroy(): Promise<void>;
}

export async function startDisposableDockerd(): Promise<DisposableDockerd> {
  // Short: the socket path must fit a unix socket's ~100 bytes.
  const dir = mkdtempSync('/tmp/fn-dd-');
  const socket = join(dir, 'docker.sock');
  let child: ChildProcess | undefined;
  let log = '';
  const docker = new Docker({ socketPath: socket });
  const start = async () => {
    // In a network namespace of its own: a daemon without a bridge deletes the host's `docker0` interface at start,
    // which would cut the main engine's containers off their network. Its socket is a file, reachable from here.
    child = spawn(
      'unshare',
      [
        '--net',
        'dockerd',
        `--data-root=${join(dir, 'data')}`,
        `--exec-root=${join(dir, 'exec')}`,
        `--pidfile=${join(dir, 'docker.pid')}`,
        `--host=unix://${socket}`,
        '--bridge=none',
        '--iptables=false',
        '--ip-masq=false',
        // vfs works on any filesystem (overlay on overlay does not); the images used here are a few MB.
        '--storage-driver=vfs',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await docker.ping();
        return;
      } catch {
        if (child.exitCode !== null) throw new Error(`the disposable dockerd exited:\n${log.slice(-2000)}`);
        if (Date.now() > deadline)
          throw new Error(`the disposable dockerd did not answer in 30 s:\n${log.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    if (c.exitCode === null) c.kill('SIGKILL');
  };
  await start();
  return {
    host: `unix://${socket}`,
    docker,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
