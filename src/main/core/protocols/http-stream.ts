// Fn's `http-stream` format: the function listens on a unix socket in a per-container directory mounted at
// /tmp/iofs, announces readiness by the relative symlink lsnr.sock, and gets one `POST /call` per call.
import { chmod, lstat, mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { watch } from 'node:fs';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import type { CallOptions } from '../call-types';
import { HOP_BY_HOP, type ProtocolReply, rfc3339 } from './protocol';
import { chunkOf, LAST_CHUNK, type ReplyHead, ReplyParser, requestHead } from './http-wire';
import { closedWhileIdle, type StreamConnections } from './stream-connection';
import { LOG_FRAME } from '../log-router';

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

/**
 * Where a streamed reply goes: told the head once with the body, as a stream that goes on as the body arrives, or
 * whole when all of it came with the head (most small replies: no stream to set up and pipe).
 */
export type ResponseSink = (
  head: { status: number; headers: Record<string, string[]> },
  body: Readable | Buffer,
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
/** Up to this size, a request's head and body go out as one buffer (one write); larger bodies are not copied. */
const JOIN_BELOW = 16 * 1024;

/** One call in flight: its reply, and a way to stop it (the connection is destroyed, never kept). */
export interface StreamExchange {
  reply: Promise<StreamReply>;
  cancel(): void;
}

/** Request headers only the agent sets (lower case). */
const AGENT_HEADERS = new Set(['fn-call-id', 'fn-deadline', LOG_FRAME.header.toLowerCase()]);

/**
 * One call over the socket, on the container's kept connection when it has one fit for reuse (see
 * stream-connection.ts), spoken with http-wire.ts rather than Node's http client. A reused connection that fails
 * before any byte of the reply was closed by the function while idle, so nothing of the call ran: the call is sent
 * again, once, on a fresh connection. A streamed body (`call.bodyStream`) cannot be read twice, so what was sent of it
 * is kept until the reply begins (up to 1 MiB; a closed connection fails at its first bytes, far below that) and sent
 * again first. The cases this misreads run the call twice: a function that reads a call, then closes the connection
 * without a byte of reply and goes on living (Fn's FDKs answer or exit; after an exit the fresh connection is
 * refused), and, on a reused connection, one that answers a streamed body before reading all of it and closes, when
 * the next write of the body fails before its reply is read (a failed write ends the connection at once, and a
 * function closing an idle connection looks the same). A 200 reply streams out to `sink` as it arrives.
 */
export function postCall(
  conns: StreamConnections,
  call: CallOptions,
  deadline: Date,
  opts: {
    /** Where a 200 reply streams as it arrives. */
    sink?: ResponseSink;
    /** Whether the function is asked to frame this call's output (see LOG_FRAME). */
    logFrame?: boolean;
  } = {},
): StreamExchange {
  const { sink, logFrame = false } = opts;
  const headers: Record<string, string | string[]> = {};
  // The caller cannot choose the call id, deadline or log frame the function sees: those are the agent's.
  for (const k in call.headers) {
    const lower = k.toLowerCase();
    if (!HOP_BY_HOP.has(lower) && !AGENT_HEADERS.has(lower)) headers[k] = call.headers[k];
  }
  headers['Fn-Call-Id'] = call.id;
  headers['Fn-Deadline'] = rfc3339(deadline);
  headers[LOG_FRAME.header] = logFrame ? call.id : '';
  const feed = call.bodyStream ? new BodyFeed(call.bodyStream) : undefined;
  let current: Exchange | undefined;
  let cancelled = false;
  const attempt = (fresh: boolean): Promise<StreamReply> =>
    new Promise((resolveReply, reject) => {
      const head = requestHead(headers, feed ? undefined : call.body.length);
      const { socket, reused } = conns.take(fresh);
      current = new Exchange(socket, sink, feed, resolveReply, (err, replyBegan) => {
        const retry =
          reused && !replyBegan && !cancelled && closedWhileIdle(err) && (feed?.canReplay ?? true);
        reject(retry ? new RetryOnFresh() : err);
      });
      current.send(head, feed ? undefined : call.body, () => conns.keep(socket));
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
      current?.cancel();
    },
  };
}

class RetryOnFresh extends Error {}

/** The connection ended before a byte of the reply: as Node's client says it, so a kept connection's call is retried. */
const hangUp = (): Error =>
  Object.assign(new Error('the function closed the connection before replying'), { code: 'ECONNRESET' });

/** Where a streamed request body is written: chunked, onto the exchange's connection. */
interface BodyTarget {
  write(c: Buffer): boolean;
  end(): void;
  destroy(err: Error): void;
  onDrain(resume: () => void): void;
}

/**
 * One request and its reply on one connection. The connection is handed back (`keep`) once both are complete and
 * the function said nothing more and nothing against keeping it; on any failure it is destroyed.
 */
class Exchange {
  private readonly parser: ReplyParser;
  private settled = false;
  private requestDone = false;
  private replyDone = false;
  private keepAlive = false;
  private keep?: () => void;
  private body?: Readable;
  /** A streamed reply's body bytes until it is handed over (with its head, once this read is done). */
  private early?: Buffer[];
  private streamed = false;
  private status = 0;
  private headers: Record<string, string[]> = {};
  private readonly kept: Buffer[] = [];
  private size = 0;

  constructor(
    private readonly socket: Socket,
    private readonly sink: ResponseSink | undefined,
    private readonly feed: BodyFeed | undefined,
    private readonly resolve: (r: StreamReply) => void,
    private readonly reject: (err: Error, replyBegan: boolean) => void,
  ) {
    this.parser = new ReplyParser({
      head: (h) => this.onHead(h),
      body: (c) => this.onBody(c),
      end: () => this.onEnd(),
    });
  }

  send(head: string, whole: Buffer | undefined, keep: () => void): void {
    this.keep = keep;
    const s = this.socket;
    s.on('data', this.onData).on('end', this.onClose).on('close', this.onClose).on('error', this.onError);
    // A connection paused by the last reply's reader (backpressure) flows again for this one.
    s.resume();
    if (whole) {
      if (whole.length < JOIN_BELOW) s.write(Buffer.concat([Buffer.from(head, 'latin1'), whole]));
      else {
        s.cork();
        s.write(head, 'latin1');
        s.write(whole);
        s.uncork();
      }
      this.requestDone = true;
      return;
    }
    s.write(head, 'latin1');
    this.feed!.attach({
      write: (c) => (this.settled || c.length === 0 ? true : s.write(Buffer.concat(chunkOf(c)))),
      end: () => {
        if (this.settled) return;
        // Done once the last chunk is written: a function that replied and closed meanwhile makes this write fail.
        s.write(LAST_CHUNK, (err) => {
          if (err) return this.fail(err);
          this.requestDone = true;
          this.done();
        });
      },
      destroy: (err) => this.fail(err),
      onDrain: (resume) => s.once('drain', resume),
    });
  }

  /** Stops the exchange if it is still going (asked after every call: an error is made only when it is needed). */
  cancel(): void {
    if (!this.settled) this.fail(new Error('call cancelled'));
  }

  /** Ends the exchange in failure: the connection is destroyed (never kept), a streaming reply body errors. */
  fail(err: Error): void {
    if (this.body && !this.replyDone) this.body.destroy(err);
    if (this.settled) return;
    this.settled = true;
    this.detach();
    this.socket.destroy();
    this.reject(err, this.parser.seen > 0);
  }

  private readonly onData = (c: Buffer): void => {
    try {
      this.parser.push(c);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    // The head came in this read and the rest of the body is still to come: it goes on as a stream.
    if (this.early) this.handOver();
  };

  private readonly onClose = (): void => {
    // The function closed its side: whatever else happens, this connection carries no other call.
    this.keepAlive = false;
    if (this.parser.closed()) return;
    this.fail(
      this.parser.seen === 0 ? hangUp() : new Error('the function closed the connection mid-response'),
    );
  };

  private readonly onError = (err: Error): void => this.fail(err);

  private onHead(h: ReplyHead): void {
    this.feed?.replyBegan();
    this.status = h.status;
    this.keepAlive = h.keepAlive;
    for (const k in h.headers) if (!HOP_BY_HOP.has(k)) this.headers[k] = h.headers[k];
    this.streamed = h.status === 200 && this.sink !== undefined;
    if (this.streamed) this.early = [];
  }

  /** Gives the caller the head and the body: whole if it is complete by now, else as a stream that goes on. */
  private handOver(): void {
    const early = this.early!;
    this.early = undefined;
    const head = { status: this.status, headers: this.headers };
    if (this.replyDone) return this.sink!(head, early.length === 1 ? early[0] : Buffer.concat(early));
    // The caller reads the body as it arrives; the connection waits while the caller does not read. A caller that
    // stops reading (its client went away) lets the rest be read and dropped, so the exchange can still complete.
    const body = new Readable({
      read: () => this.socket.resume(),
      destroy: (err, done) => {
        this.socket.resume();
        done(err);
      },
    });
    this.body = body;
    let room = true;
    for (const c of early) room = body.push(c);
    if (!room) this.socket.pause();
    this.sink!(head, body);
  }

  private onBody(c: Buffer): void {
    if (!this.streamed) this.kept.push(c);
    else if (this.size < CAPTURE_BYTES) this.kept.push(c.subarray(0, CAPTURE_BYTES - this.size));
    this.size += c.length;
    if (this.early) this.early.push(c);
    else if (this.body && !this.body.destroyed && !this.body.push(c)) this.socket.pause();
  }

  private onEnd(): void {
    this.replyDone = true;
    if (this.early) this.handOver();
    this.body?.push(null);
    const body = this.kept.length === 1 ? this.kept[0] : Buffer.concat(this.kept);
    const reply = {
      status: this.status,
      headers: this.headers,
      body,
      size: this.size,
      streamed: this.streamed,
    };
    // A reply the caller has (handed over whole or streamed) ends the call a turn later: the caller's answer is
    // written first, before the call's end is processed (the container freed, the record kept, events sent), which
    // otherwise runs ahead of it in the same turn.
    if (this.streamed) setImmediate(() => this.resolve(reply));
    else this.resolve(reply);
    this.done();
  }

  /** Both ways complete: the connection goes back for the next call, unless it cannot carry one. */
  private done(): void {
    if (!this.replyDone || !this.requestDone || this.settled) return;
    this.settled = true;
    this.detach();
    if (this.keepAlive && !this.parser.extra) this.keep?.();
    else this.socket.destroy();
  }

  private detach(): void {
    this.socket
      .off('data', this.onData)
      .off('end', this.onClose)
      .off('close', this.onClose)
      .off('error', this.onError);
  }
}

/** A streamed request body fed to one exchange, then, after a closed connection, to its retry from the start. */
class BodyFeed {
  private target?: BodyTarget;
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

  attach(target: BodyTarget): void {
    this.target = target;
    for (const c of this.sent) target.write(c);
    if (this.failure) target.destroy(this.failure);
    else if (this.ended) target.end();
    // A write that filled the previous connection may have paused the source; that connection is gone.
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
      target.onDrain(() => this.target === target && this.source.resume());
    }
  }
}
