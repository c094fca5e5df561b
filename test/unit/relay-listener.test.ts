// The relay's host side: a unix socket in a private folder (removed afterwards), a named pipe on Windows.
import { existsSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenForRelay, relayPipeName } from '../../src/main/core/protocols/relay-listener';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

describe('relay listener', () => {
  it('names a unique named pipe in Windows’ pipe namespace', () => {
    expect(relayPipeName('abc')).toBe('\\\\.\\pipe\\fn-studio-relay-abc');
    expect(relayPipeName()).toMatch(/^\\\\\.\\pipe\\fn-studio-relay-[0-9a-f]{16}$/);
    expect(relayPipeName()).not.toBe(relayPipeName());
  });

  it('on Windows listens on a pipe and leaves no folder to remove', async () => {
    const server = createServer();
    const listen = vi.spyOn(server, 'listen').mockImplementation(((_path: string, cb: () => void) => {
      cb();
      return server;
    }) as never);
    const l = await listenForRelay(server, 'win32');
    expect(l.path).toMatch(/^\\\\\.\\pipe\\fn-studio-relay-/);
    expect(listen).toHaveBeenCalledWith(l.path, expect.any(Function));
    await expect(l.cleanup()).resolves.toBeUndefined();
  });

  it('elsewhere listens on a unix socket in a fresh folder, reachable, and removes the folder after', async () => {
    const server = createServer((s) => s.end('hi'));
    servers.push(server);
    const l = await listenForRelay(server, process.platform === 'win32' ? 'linux' : process.platform);
    expect(l.path.length).toBeLessThan(100);
    const got = await new Promise<string>((resolve) => {
      let text = '';
      connect(l.path)
        .on('data', (b) => (text += b.toString()))
        .on('end', () => resolve(text));
    });
    expect(got).toBe('hi');
    await new Promise((r) => server.close(r));
    await l.cleanup();
    expect(existsSync(dirname(l.path))).toBe(false);
  });

  it('removes its folder when it cannot listen', async () => {
    const server = createServer();
    vi.spyOn(server, 'listen').mockImplementation((() => {
      queueMicrotask(() => server.emit('error', new Error('EADDRINUSE')));
      return server;
    }) as never);
    await expect(listenForRelay(server, 'linux')).rejects.toThrow(/EADDRINUSE/);
  });
});
