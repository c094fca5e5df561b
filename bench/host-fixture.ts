// A real host in this process for benchmarks through the HTTP API, plus raw baselines against containers of the
// same images: an attached pipe (json) and a function's own unix socket (http-stream).
import { Agent, request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { StudioHost } from '../src/main/host/studio-host';
import { DEFAULT_HARDENING } from '../src/main/core/driver';
import { DockerDriver } from '../src/main/core/docker-driver';
import { jsonProtocol } from '../src/main/core/protocols/json-protocol';
import { logFrameEnv } from '../src/main/core/log-router';
import { callOptions } from '../test/support/agent-fixture';

export async function startBenchHost(): Promise<{ host: StudioHost; base: string; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fn-studio-bench-'));
  const host = await StudioHost.start({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    uiRoot: dataDir,
    version: 'bench',
  });
  return { host, base: host.apiUrl, close: () => host.close() };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- benchmark glue reads loosely typed JSON
export async function api(base: string, path: string, method = 'GET', body?: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// Keep-alive connections like curl's or an Fn client's. The client shares this process's event loop with the
// host, so it is node:http rather than fetch (undici), which costs ~0.4 ms more CPU per request on this loop.
const client = new Agent({ keepAlive: true, maxSockets: 64 });

/** One invoke through the HTTP API; resolves with its latency in ms. */
export function timedInvoke(base: string, fnId: string, body: Buffer): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${base}/invoke/${fnId}`, { method: 'POST', agent: client }, (res) => {
      res.resume();
      res.on('error', reject);
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(performance.now() - t)
          : reject(new Error(`invoke answered ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A container of a json-format image on an attached pipe: one request line in, one reply line out. */
export async function rawJsonContainer(image: string) {
  const driver = new DockerDriver();
  const raw = await driver.start({
    image,
    env: { FN_FORMAT: 'json', ...logFrameEnv() },
    labels: {},
    memoryMb: 128,
    network: 'none',
    hardening: DEFAULT_HARDENING,
    keepStdinOpen: true,
  });
  let waiting: (() => void) | undefined;
  let buf = '';
  raw.stdout.on('data', (c: Buffer) => {
    buf += c.toString();
    if (buf.endsWith('\n')) {
      buf = '';
      waiting?.();
    }
  });
  return {
    /** One round trip; resolves with its latency in ms. */
    async roundTrip(body: Buffer): Promise<number> {
      const line = jsonProtocol.encode(
        callOptions({ image, format: 'json', body }),
        new Date(Date.now() + 30_000),
      );
      const t = performance.now();
      await new Promise<void>((r) => ((waiting = r), raw.stdin.write(line)));
      return performance.now() - t;
    },
    remove: () => raw.remove(),
  };
}

/** The sockets of a function's live http-stream containers (their /tmp/iofs mount's lsnr.sock). */
export async function streamSockets(fnId: string): Promise<string[]> {
  const docker = new Docker();
  const list = await docker.listContainers({ filters: { label: [`io.fnstudio.fn-id=${fnId}`] } });
  const out: string[] = [];
  for (const c of list) {
    const info = await docker.getContainer(c.Id).inspect();
    const mount = info.Mounts.find((m) => m.Destination === '/tmp/iofs');
    if (mount?.Source) out.push(join(mount.Source, 'lsnr.sock'));
  }
  return out;
}

/** One POST /call straight to a function's socket, as the agent sends it; resolves with its latency in ms. */
export function rawStreamCall(socketPath: string, body: Buffer): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath,
        path: '/call',
        method: 'POST',
        agent: false,
        headers: {
          'Fn-Call-Id': `bench${Math.random().toString(36).slice(2)}`,
          'Fn-Deadline': new Date(Date.now() + 30_000).toISOString(),
          'Content-Length': String(body.length),
          'Content-Type': 'application/octet-stream',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(performance.now() - t)
            : reject(new Error(`raw ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `n` calls with `concurrency` workers; worker i gets its own index (e.g. its own raw container). */
export async function runConcurrent(
  n: number,
  concurrency: number,
  call: (worker: number) => Promise<number>,
): Promise<number[]> {
  const out: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (next++ < n) out.push(await call(w));
    }),
  );
  return out;
}
