// A real image registry for pull tests: Debian's docker-registry (distribution 2.8) on a free 127.0.0.1 port.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';

export interface LocalRegistry {
  /** host:port, the first component of every reference in this registry. */
  host: string;
  stop(): Promise<void>;
  /** Pushes a local image as `${host}/${repoTag}` and drops that local tag again; returns the reference. */
  push(localImage: string, repoTag: string): Promise<string>;
}

export interface LocalRegistryOptions {
  /** Protects the registry with htpasswd (bcrypt) basic auth. */
  auth?: { username: string; password: string };
  docker?: Docker;
}

/** Overridable for machines where the upstream binary is called `registry`. */
const REGISTRY_BIN = process.env.FN_STUDIO_REGISTRY_BIN ?? 'docker-registry';
const READY_TIMEOUT_MS = 15_000;
const run = promisify(execFile);

export async function startLocalRegistry(opts: LocalRegistryOptions = {}): Promise<LocalRegistry> {
  const docker = opts.docker ?? new Docker();
  const dir = await mkdtemp(path.join(tmpdir(), 'fn-studio-registry-'));
  try {
    if (opts.auth) await writeHtpasswd(path.join(dir, 'htpasswd'), opts.auth);
    // A port found free can be taken before the registry binds it: retry with a new one a few times.
    for (let attempt = 1; ; attempt++) {
      const host = `127.0.0.1:${await freePort()}`;
      await writeFile(path.join(dir, 'config.yml'), config(dir, host, Boolean(opts.auth)));
      const { child, spawnError } = await spawnRegistry(dir);
      const failure = await waitUntilReady(child, spawnError, host, path.join(dir, 'registry.log'));
      if (!failure) return handle(docker, dir, host, child, opts.auth);
      await kill(child);
      // Only a lost port race is worth another try; a missing binary or bad config fails the same way again.
      if (attempt >= 3 || spawnError() || !failure.includes('address already in use'))
        throw new Error(failure);
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

function handle(
  docker: Docker,
  dir: string,
  host: string,
  child: ChildProcess,
  auth: LocalRegistryOptions['auth'],
): LocalRegistry {
  // A test run that dies without stop() must not leave a registry behind holding a port.
  const onExit = (): void => void child.kill('SIGKILL');
  process.once('exit', onExit);
  return {
    host,
    async stop() {
      process.removeListener('exit', onExit);
      await kill(child);
      await rm(dir, { recursive: true, force: true });
    },
    async push(localImage, repoTag) {
      const reference = `${host}/${repoTag}`;
      const { repository, tag } = splitReference(reference);
      await docker.getImage(localImage).tag({ repo: repository, tag });
      try {
        // The engine insists on an X-Registry-Auth header for pushes; an empty one means anonymous.
        const authconfig = auth ? { ...auth, serveraddress: host } : {};
        const stream = await docker.getImage(repository).push({ tag, authconfig });
        const events = await followProgress(docker, stream);
        const failure = events.find((e) => e.error !== undefined || e.errorDetail !== undefined);
        if (failure)
          throw new Error(`pushing ${reference} failed: ${failure.errorDetail?.message ?? failure.error}`);
      } finally {
        // Without the local tag, a later pull of `reference` by the code under test really goes to the registry.
        await docker
          .getImage(reference)
          .remove()
          .catch(() => undefined);
      }
      return reference;
    },
  };
}

function config(dir: string, host: string, withAuth: boolean): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(path.join(dir, 'data'))}`,
    // Background upload purging is pointless for a registry that lives for one test file.
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: ${host}`,
  ];
  if (withAuth) {
    lines.push('auth:', '  htpasswd:', '    realm: fn-studio-test');
    lines.push(`    path: ${JSON.stringify(path.join(dir, 'htpasswd'))}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The registry accepts only bcrypt entries; htpasswd (apache2-utils) makes them without an npm dependency. */
async function writeHtpasswd(file: string, auth: { username: string; password: string }): Promise<void> {
  try {
    const { stdout } = await run('htpasswd', ['-nbB', auth.username, auth.password]);
    await writeFile(file, stdout);
  } catch (err) {
    throw new Error(
      `cannot make a bcrypt htpasswd entry (${(err as Error).message}): install apache2-utils (npm test provisions it)`,
      { cause: err },
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface Spawned {
  child: ChildProcess;
  /** The spawn failure (e.g. ENOENT), if any: the listener is attached at once so it never goes unhandled. */
  spawnError: () => Error | undefined;
}

async function spawnRegistry(dir: string): Promise<Spawned> {
  const log = createWriteStream(path.join(dir, 'registry.log'));
  await new Promise((resolve) => log.once('open', resolve));
  const child = spawn(REGISTRY_BIN, ['serve', path.join(dir, 'config.yml')], {
    stdio: ['ignore', log, log],
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  child.once('close', () => log.end());
  return { child, spawnError: () => spawnError };
}

/** Undefined once `GET /v2/` answers (200 open, 401 with auth); otherwise why the registry did not come up. */
async function waitUntilReady(
  child: ChildProcess,
  spawnFailure: () => Error | undefined,
  host: string,
  logFile: string,
): Promise<string | undefined> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const spawnError = spawnFailure();
    if (spawnError) {
      const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
      return missing
        ? `${REGISTRY_BIN} not found: install the Debian package docker-registry (npm test provisions it)`
        : `cannot start ${REGISTRY_BIN}: ${spawnError.message}`;
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      return `${REGISTRY_BIN} exited (${child.exitCode ?? child.signalCode}) before serving ${host}: ${log.trim()}`;
    }
    try {
      const res = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200 || res.status === 401) return undefined;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return `${REGISTRY_BIN} did not answer on http://${host}/v2/ within ${READY_TIMEOUT_MS} ms`;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/** Repository and tag of a reference whose host part has a port colon, e.g. 127.0.0.1:5000/x:1. */
function splitReference(reference: string): { repository: string; tag: string } {
  const colon = reference.lastIndexOf(':');
  if (colon < reference.lastIndexOf('/')) return { repository: reference, tag: 'latest' };
  return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
}

type ProgressEvent = { status?: string; error?: string; errorDetail?: { message?: string } };

function followProgress(docker: Docker, stream: NodeJS.ReadableStream): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, events: ProgressEvent[]) =>
      err ? reject(err) : resolve(events),
    ),
  );
}
