// Fn's `http-stream` format: the function listens on a unix socket in a per-container directory mounted at
// /tmp/iofs, announces readiness by the relative symlink lsnr.sock, and gets one `POST /call` per call.
import { chmod, lstat, mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { watch } from 'node:fs';
import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import type { CallOptions } from '../call-types';
import { HOP_BY_HOP, type ProtocolReply, rfc3339 } from './protocol';
import { closedWhileIdle, type StreamConnections } from './stream-connection';

export const IOFS_MOUNT = '/tmp/iofs';
export const LISTENER_NAME = 'lsnr.sock';
export const httpStreamEnv = (): Record<string, string> => ({
  FN_LISTENER: `unix:${IOFS_MOUNT}/${LISTENER_NAME}`,
});

const POLL_MS = 20;

/** A fresh directory for one container's socket, short enough for the unix socket path limit, writable by any user. */
export async function makeIofsDir(): Promise<string> {
  // os.tmpdir() can be long on macOS (/var/folders/…); a socket path must stay under ~104 bytes.
  const base = process.platform === 'win32' ? tmpdir() : '/tmp';
  const dir = await mkdtemp(join(base, 'fnio-'));
  await chmod(dir, 0o777);
  return dir;
}

export const removeIofsDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

/** The socket path once lsnr.sock is a relative symlink to a socket inside the directory; undefined until then. */
export async function readyListener(dir: string): Promise<string | undefined> {
  const link = join(dir, LISTENER_NAME);
  // Most looks come before the function is ready: a listing says "not yet" without the error (stack trace and all)
  // a failed lstat makes, every 20 ms of every start.
  try {
    if (!(await readdir(dir)).includes(LISTENER_NAME)) return undefined;
  } catch {
    return undefined;
  }
  let target: string;
  try {
    if (!(await lstat(link)).isSymbolicLink()) return undefined;
    target = await readlink(link);
  } catch {
    return undefined;
  }
  const resolved = resolve(dir, target);
  // Fn's rule: the link is relative and stays inside the directory (a link elsewhere could reach the host's files).
  if (target.startsWith('/') || !resolved.startsWith(dir + sep)) {
    throw new ListenerError(`lsnr.sock points outside its directory (${target})`);
  }
  try {
    return (await lstat(resolved)).isSocket() ? resolved : undefined;
  } catch {
    return undefined;
  }
}

export class ListenerError extends Error {}

/** Resolves with the socket path when the function is ready; watches the directory and polls, whichever is first. */
export function waitForListener(dir: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolvePath, reject) => {
    let done = false;
    const watcher = watch(dir, () => void check());
    const poll = setInterval(() => void check(), POLL_MS);
    const finish = (err: unknown, path?: string) => {
      if (done) return;
      done = true;
      watcher.close();
      clearInterval(poll);
      signal.removeEventListener('abort', onAbort);
      if (path) resolvePath(path);
      else reject(err);
    };
    const onAbort = () => finish(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const check = async () => {
      try {
        const path = await readyListener(dir);
        if (path) finish(undefined, path);
      } catch (err) {
        finish(err);
      }
    };
    void check();
  });
}

/** Where a streamed reply goes: told the head once, then fed the body as it arrives. */
export type ResponseSink = (
  head: { status: number; headers: Record<string, string[]> },
  body: Readable,
) => void;

/** Bytes of a streamed reply kept for the call record. */
const CAPTURE_BYTES = 64 * 1024;

export interface StreamReply extends ProtocolReply {
  /** The whole body's size; `body` holds only its first 64 KiB when the reply was streamed to a sink. */
  size: number;
  streamed: boolean;
}

/** The most of a streamed request body kept for a retry; past it a broken connection fails the call. */
const REPLAY_BYTES = 1024 * 1024;

/** One call in flight: its reply, and a way to stop it (the connection is destroyed, never kept). */
export interface StreamExchange {
  reply: Promise<StreamReply>;
  cancel(): void;
}

/**
 * One call over the socket, on the container's kept connection when it has one fit for reuse (see
 * stream-connection.ts). A reused connection that fails before any byte of the reply was closed by the function
 * while idle, so nothing of the call ran: the call is sent again, once, on a fresh connection. A streamed body
 * (`call.bodyStream`) cannot be read twice, so what was sent of it is kept until the reply begins (up to 1 MiB; a
 * closed connection fails at its first bytes, far below that) and sent again first. The one case this misreads: a
 * function that reads a call, then closes the connection without a byte of reply and goes on living, sees the call
 * twice (Fn's FDKs answer or exit; after an exit the fresh connection is refused). A 200 reply streams out to `sink`
 * as it arrives.
 */
export function postCall(
  conns: StreamConnections,
  call: CallOptions,
  deadline: Date,
  sink?: ResponseSink,
): StreamExchange {
  const headers: Record<string, string | string[]> = {};
  // The caller cannot choose the call id or deadline the function sees: those are the agent's.
  for (const [k, v] of Object.entries(call.headers)) {
    const lower = k.toLowerCase();
    if (!HOP_BY_HOP.has(lower) && lower !== 'fn-call-id' && lower !== 'fn-deadline') headers[k] = v;
  }
  headers['Fn-Call-Id'] = call.id;
  headers['Fn-Deadline'] = rfc3339(deadline);
  // Without an agent, Node keeps the connection open after the reply only when asked to.
  headers['Connection'] = 'keep-alive';
  if (!call.bodyStream) headers['Content-Length'] = String(call.body.length);
  const body = call.bodyStream ? new BodyFeed(call.bodyStream) : undefined;
  let current: ClientRequest | undefined;
  let cancelled = false;
  const attempt = (fresh: boolean): Promise<StreamReply> =>
    new Promise((resolveReply, reject) => {
      const { socket, reused } = conns.take(fresh);
      let replied = false;
      const req = request({ path: '/call', method: 'POST', headers, createConnection: () => socket });
      current = req;
      // The socket is handed back once the exchange completed both ways; Node says so with 'free'.
      socket.once('free', () => conns.keep(socket));
      req.on('response', (res) => {
        replied = true;
        body?.replyBegan();
        readReply(res, sink).then(resolveReply, reject);
      });
      req.on('error', (err) => {
        socket.removeAllListeners('free');
        const retry = reused && !replied && !cancelled && closedWhileIdle(err) && (body?.canReplay ?? true);
        reject(retry ? new RetryOnFresh() : err);
      });
      if (body) body.attach(req);
      else req.end(call.body);
    });
  const reply = attempt(false).catch((err: unknown) => {
    if (!(err instanceof RetryOnFresh)) throw err;
    if (cancelled) throw new Error('call cancelled');
    return attempt(true);
  });
  return {
    reply,
    cancel: () => {
      cancelled = true;
      if (current && !current.destroyed) current.destroy(new Error('call cancelled'));
    },
  };
}

class RetryOnFresh extends Error {}

function readReply(res: IncomingMessage, sink?: ResponseSink): Promise<StreamReply> {
  return new Promise((resolveReply, reject) => {
    const out: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(res.headersDistinct)) if (v && !HOP_BY_HOP.has(k)) out[k] = v;
    const status = res.statusCode ?? 0;
    const streamed = status === 200 && sink !== undefined;
    const kept: Buffer[] = [];
    let size = 0;
    let pass: PassThrough | undefined;
    if (streamed) {
      pass = new PassThrough();
      res.pipe(pass);
      sink({ status, headers: out }, pass);
    }
    res.on('data', (c: Buffer) => {
      if (!streamed) kept.push(c);
      else if (size < CAPTURE_BYTES) kept.push(c.subarray(0, CAPTURE_BYTES - size));
      size += c.length;
    });
    res.on('end', () => resolveReply({ status, headers: out, body: Buffer.concat(kept), size, streamed }));
    res.on('aborted', () => {
      pass?.destroy(new Error('the function closed the connection mid-response'));
      reject(new Error('the function closed the connection mid-response'));
    });
    res.on('error', reject);
  });
}

/** A streamed request body fed to one request, then, after a closed connection, to its retry from the start. */
class BodyFeed {
  private target?: ClientRequest;
  private readonly sent: Buffer[] = [];
  private sentBytes = 0;
  private keeping = true;
  private ended = false;
  private failure?: Error;

  constructor(private readonly source: Readable) {
    // The body can fail before the call reaches its container (e.g. it went over the limit while the container
    // started): that failure is the call's, at once, not a wait for a body that will never end.
    if (source.errored) this.failure = source.errored;
    source.on('data', (c: Buffer) => this.onData(c));
    source.on('end', () => {
      this.ended = true;
      this.target?.end();
    });
    source.on('error', (err) => {
      this.failure = err;
      this.target?.destroy(err);
    });
  }

  /** True while everything sent so far is still at hand. */
  get canReplay(): boolean {
    return this.keeping;
  }

  /** The reply began: nothing will be sent again, so nothing needs keeping. */
  replyBegan(): void {
    this.keeping = false;
    this.sent.length = 0;
  }

  attach(req: ClientRequest): void {
    this.target = req;
    for (const c of this.sent) req.write(c);
    if (this.failure) req.destroy(this.failure);
    else if (this.ended) req.end();
    // A write that filled the previous request may have paused the source; that request is gone.
    this.source.resume();
  }

  private onData(c: Buffer): void {
    if (this.keeping) {
      this.sentBytes += c.length;
      if (this.sentBytes > REPLAY_BYTES) this.replyBegan();
      else this.sent.push(c);
    }
    const target = this.target;
    if (target && !target.write(c)) {
      this.source.pause();
      target.once('drain', () => this.target === target && this.source.resume());
    }
  }
}
