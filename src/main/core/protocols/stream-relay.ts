// The host side of the http-stream relay: a relay container shares the function's socket volume and carries each
// connection over its attached stdio; here a local unix socket stands in for the function's, so callers are unchanged.
import { createServer, type Server, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import type { ContainerDriver, Hardening, RunningContainer } from '../driver';
import { ListenerError } from './http-stream';
import { listenForRelay, type RelayListener } from './relay-listener';

const RELAY_MOUNT = '/iofs';
/** The relay container's memory limit; the pool holds it beside its function's (hot-pool.ts). */
export const RELAY_MEMORY_MB = 64;
/** How long the relay may take to say it is up. It ends sooner when its container exits; the bound only catches a
 *  relay that hangs, so it is as long as a call's own wait for capacity (a busy engine took over 15 s here). */
const UP_TIMEOUT_MS = 60_000;

export class StreamRelay {
  private readonly conns = new Map<string, Socket>();
  private nextConn = 0;
  private readonly waiters = new Map<string, Array<(arg?: string) => void>>();
  /** Every message but data is a state the relay reaches once (UP, READY, FAIL, EXIT): one that came before anyone
   *  waited for it (the relay can say UP while the local socket is still being set up) must not be lost. */
  private readonly reached = new Set<string>();
  private failure?: string;

  private constructor(
    private readonly running: RunningContainer,
    private readonly server: Server,
    private listener?: RelayListener,
  ) {
    createInterface({ input: running.stdout }).on('line', (line) => this.onLine(line));
    void running.wait().then(
      () => this.emit('EXIT'),
      () => this.emit('EXIT'),
    );
  }

  static async start(
    driver: ContainerDriver,
    volume: string,
    labels: Record<string, string>,
    hardening: Hardening,
  ): Promise<StreamRelay> {
    const image = await driver.ensureRelayImage();
    const running = await driver.start({
      image,
      env: {},
      labels,
      memoryMb: RELAY_MEMORY_MB,
      network: 'none',
      // Root only to open the fresh volume to the function's user; every other hardening stays on.
      hardening,
      user: '0',
      keepStdinOpen: true,
      volumes: [{ name: volume, target: RELAY_MOUNT }],
    });
    const server = createServer();
    const relay = new StreamRelay(running, server);
    server.on('connection', (sock) => relay.accept(sock));
    try {
      relay.listener = await listenForRelay(server);
    } catch (err) {
      await relay.close();
      throw err;
    }
    const up = await relay.next(['UP', 'EXIT'], UP_TIMEOUT_MS);
    if (up !== 'UP') {
      await relay.close();
      throw new Error('the http-stream relay container did not start');
    }
    return relay;
  }

  /** Where callers connect: the relay's local socket (or named pipe), standing in for the function's. */
  get proxyPath(): string {
    return this.listener?.path ?? '';
  }

  /** Resolves when the function's lsnr.sock is valid; rejects with the relay's reason when it is not. */
  async ready(signal: AbortSignal): Promise<void> {
    const aborted = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    const got = await Promise.race([this.next(['READY', 'FAIL', 'EXIT']), aborted]);
    if (got === 'FAIL') throw new ListenerError(this.failure ?? 'invalid listener');
    if (got === 'EXIT') throw new Error('the http-stream relay container stopped');
  }

  private next(kinds: string[], timeoutMs?: number): Promise<string> {
    const already = kinds.find((k) => this.reached.has(k));
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => {
      const timer = timeoutMs ? setTimeout(() => resolve('TIMEOUT'), timeoutMs) : undefined;
      for (const k of kinds) {
        const list = this.waiters.get(k) ?? [];
        list.push(() => {
          clearTimeout(timer);
          resolve(k);
        });
        this.waiters.set(k, list);
      }
    });
  }

  private emit(kind: string): void {
    this.reached.add(kind);
    const list = this.waiters.get(kind) ?? [];
    this.waiters.set(kind, []);
    for (const w of list) w();
  }

  private onLine(line: string): void {
    const space = line.indexOf(' ');
    const op = space < 0 ? line : line.slice(0, space);
    const rest = space < 0 ? '' : line.slice(space + 1);
    if (op === 'D' || op === 'E') {
      const [id, data] = rest.split(' ');
      const sock = this.conns.get(id);
      if (op === 'D') sock?.write(Buffer.from(data ?? '', 'base64'));
      else {
        sock?.end();
        this.conns.delete(id);
      }
    } else {
      if (op === 'FAIL') this.failure = rest;
      this.emit(op);
    }
  }

  /**
   * Each local connection gets an id, so a late close of an old one can never end a newer one. A local connection is
   * one relay connection to the function for its whole life, so one kept between calls (stream-connection.ts) keeps
   * the function's too; the function closing its side arrives as E and ends the local one, as on a direct socket.
   */
  private accept(sock: Socket): void {
    const id = String(++this.nextConn);
    this.conns.set(id, sock);
    const stdin = this.running.stdin;
    stdin.write(`O ${id}\n`);
    sock.on('data', (b: Buffer) => stdin.write(`D ${id} ${b.toString('base64')}\n`));
    sock.on('close', () => {
      // The caller is done with it (or gone): the relay closes its side too.
      if (this.conns.delete(id)) stdin.write(`E ${id}\n`);
    });
    sock.on('error', () => undefined);
  }

  async close(): Promise<void> {
    for (const sock of this.conns.values()) sock.destroy();
    if (this.server.listening) await new Promise<void>((r) => this.server.close(() => r()));
    await this.running.remove().catch(() => undefined);
    await this.listener?.cleanup();
  }
}
