// Where the host side of an http-stream relay listens: a unix socket in a fresh private folder, or on Windows (where
// Node has no unix sockets in folders for this) a named pipe \\.\pipe\fn-studio-relay-<id>.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RelayListener {
  /** What callers connect to (a socket path or a pipe name; net.connect and http's socketPath take both). */
  path: string;
  /** Removes what listening left behind (the folder of the socket). */
  cleanup(): Promise<void>;
}

/** A named pipe's name: unique per relay, so two hosts (or two relays) never share one. */
export function relayPipeName(id: string = randomBytes(8).toString('hex')): string {
  return `\\\\.\\pipe\\fn-studio-relay-${id}`;
}

/** Listens on a fresh socket (or pipe on Windows) and says where. */
export async function listenForRelay(server: Server, platform = process.platform): Promise<RelayListener> {
  if (platform === 'win32') {
    const path = relayPipeName();
    await listen(server, path);
    return { path, cleanup: async () => undefined };
  }
  // A short folder name: a unix socket's path must fit in about 100 bytes.
  const dir = await mkdtemp(join(platform === 'darwin' ? '/tmp' : tmpdir(), 'fnrl-'));
  const path = join(dir, 'relay.sock');
  try {
    await listen(server, path);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return { path, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
