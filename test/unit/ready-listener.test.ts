// When an http-stream function is ready: lsnr.sock is a relative symlink, inside its directory, to a socket.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ListenerError, readyListener } from '../../src/main/core/protocols/http-stream';

let dir: string;
let server: Server | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fnio-test-'));
});
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const listen = (path: string) =>
  new Promise<void>((resolve) => {
    server = createServer().listen(path, resolve);
  });

describe('readyListener', () => {
  it('is not ready while lsnr.sock is missing, is not a symlink, or points at no socket yet', async () => {
    expect(await readyListener(dir)).toBeUndefined();
    expect(await readyListener(join(dir, 'gone'))).toBeUndefined();
    writeFileSync(join(dir, 'lsnr.sock'), '');
    expect(await readyListener(dir)).toBeUndefined();
    rmSync(join(dir, 'lsnr.sock'));
    symlinkSync('phony.sock', join(dir, 'lsnr.sock'));
    expect(await readyListener(dir)).toBeUndefined();
  });

  it('is ready with the socket a relative symlink names, as the FDKs make it', async () => {
    await listen(join(dir, 'phony.sock'));
    symlinkSync('phony.sock', join(dir, 'lsnr.sock'));
    expect(await readyListener(dir)).toBe(join(dir, 'phony.sock'));
  });

  it('refuses a symlink that leaves the directory', async () => {
    symlinkSync('/etc/hostname', join(dir, 'lsnr.sock'));
    await expect(readyListener(dir)).rejects.toBeInstanceOf(ListenerError);
    rmSync(join(dir, 'lsnr.sock'));
    symlinkSync('../elsewhere.sock', join(dir, 'lsnr.sock'));
    await expect(readyListener(dir)).rejects.toThrow(/points outside its directory/);
  });
});
