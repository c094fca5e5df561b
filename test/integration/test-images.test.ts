// The locally built test images: idempotent builds, and each image behaves as the other integration tests expect.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestImages, TEST_IMAGE_HASH_LABEL, type TestImages } from '../support/test-images';
import { hostConfigFor } from '../../src/main/core/docker-driver';
import { DEFAULT_HARDENING } from '../../src/main/core/driver';

const docker = new Docker();
const created: Docker.Container[] = [];
let images: TestImages;

interface RunOptions {
  input?: string;
  cmd?: string[];
  memoryMb?: number;
  env?: string[];
  binds?: string[];
}

interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  oomKilled: boolean;
}

/** The same hardened settings Fn Studio runs functions with, so the images are proven under them. */
async function createContainer(image: string, options: RunOptions): Promise<Docker.Container> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: options.cmd,
    Env: options.env,
    OpenStdin: true,
    StdinOnce: true,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: hostConfigFor({
      memoryMb: options.memoryMb ?? 64,
      network: 'none',
      hardening: DEFAULT_HARDENING,
      binds: options.binds,
    }),
  });
  created.push(container);
  return container;
}

async function runOnce(image: string, options: RunOptions = {}): Promise<RunResult> {
  const container = await createContainer(image, options);
  // Attach before start so no output is lost.
  const stream = (await container.attach({
    stream: true,
    stdin: true,
    stdout: true,
    stderr: true,
    hijack: true,
  })) as NodeJS.ReadWriteStream;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  stdout.on('data', (chunk: Buffer) => chunks.stdout.push(chunk));
  stderr.on('data', (chunk: Buffer) => chunks.stderr.push(chunk));
  docker.modem.demuxStream(stream, stdout, stderr);
  const drained = new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
  });
  await container.start();
  stream.end(options.input ?? '');
  const { StatusCode } = (await container.wait()) as { StatusCode: number };
  await drained;
  const state = (await container.inspect()).State;
  return {
    stdout: Buffer.concat(chunks.stdout).toString(),
    stderr: Buffer.concat(chunks.stderr).toString(),
    exitCode: StatusCode,
    oomKilled: state.OOMKilled,
  };
}

function postToSocket(socketPath: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { socketPath, path: '/call', method: 'POST', headers: { 'Content-Type': 'text/plain' } },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (chunk: Buffer) => parts.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString() }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

beforeAll(async () => {
  images = await ensureTestImages(docker);
});

afterAll(async () => {
  await Promise.all(created.map((container) => container.remove({ force: true }).catch(() => undefined)));
});

describe('test images', () => {
  it('builds once and skips when up to date', async () => {
    const before = await docker.getImage(images.node).inspect();
    const started = Date.now();
    const again = await ensureTestImages(docker);
    const elapsed = Date.now() - started;
    expect(again).toEqual(images);
    const after = await docker.getImage(images.node).inspect();
    expect(after.Id).toBe(before.Id);
    expect(after.Config.Labels?.[TEST_IMAGE_HASH_LABEL]).toMatch(/^[0-9a-f]{64}$/);
    // Hashing ~100 MB of node inputs is the dominant cost; a rebuild would take several seconds.
    expect(elapsed).toBeLessThan(3_000);
  });

  it('gives the derived busybox images their scripts as CMD', async () => {
    const cmdOf = async (image: string) => (await docker.getImage(image).inspect()).Config.Cmd;
    expect(await cmdOf(images.busybox)).toEqual(['/fn/echo.sh']);
    expect(await cmdOf(images.busyboxFail)).toEqual(['/fn/fail.sh']);
    expect(await cmdOf(images.busyboxSleep)).toEqual(['/fn/sleep.sh']);
    expect(await cmdOf(images.busyboxOom)).toEqual(['/fn/oom.sh']);
    expect(await cmdOf(images.busyboxFill)).toEqual(['/fn/fill.sh']);
  });

  it('busybox echo greets stdin and logs the byte count', async () => {
    const result = await runOnce(images.busybox, { input: 'world' });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'hello world\n', oomKilled: false });
    expect(result.stderr).toContain('log: got 5 bytes');
  });

  it('busybox fail exits 3 with a log line', async () => {
    const result = await runOnce(images.busyboxFail);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('about to fail');
  });

  it('busybox oom is OOM-killed under a 16 MB limit', async () => {
    const result = await runOnce(images.busyboxOom, { memoryMb: 16 });
    expect(result.oomKilled).toBe(true);
  });

  it('node runs node -e', async () => {
    const result = await runOnce(images.node, {
      cmd: ['node', '-e', 'console.log(40 + 2, process.version)'],
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`42 ${process.version}\n`);
  });

  it('fdk-node answers a call over its unix socket (http-stream)', async () => {
    const iofs = await mkdtemp(path.join(tmpdir(), 'fn-studio-iofs-'));
    try {
      const container = await createContainer(images.fdkNode, {
        env: ['FN_FORMAT=http-stream', 'FN_LISTENER=unix:/tmp/iofs/lsnr.sock'],
        binds: [`${iofs}:/tmp/iofs`],
      });
      await container.start();
      const socket = path.join(iofs, 'lsnr.sock');
      // The FDK creates the socket, then links it into place once it listens.
      for (let waited = 0; !existsSync(socket) && waited < 10_000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await postToSocket(socket, 'ping')).toEqual({ status: 200, body: 'ping' });
      await container.kill();
    } finally {
      await rm(iofs, { recursive: true, force: true });
    }
  });
});
