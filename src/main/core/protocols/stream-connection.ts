// The connection to one hot container's http-stream socket, kept between its calls: reused while it has idled less
// than MAX_IDLE_MS, fresh otherwise, and told apart from a fresh one so a call that meets a closed connection is retried.
import { connect, type Socket } from 'node:net';

/**
 * A kept connection is reused only when it idled less than this. The Node FDK's server sets `keepAliveTimeout = 0`
 * (@fnproject/fdk's fn-fdk.js), which turns Node's idle timeout off: it never closes an idle connection itself.
 * Other servers do, after 5 s with Node's default (older Node FDKs): Fn's own agent drops its idle connections after
 * 1 s for them. 2 s stays below half of that, and covers what sparse traffic looks like (a call every second or so),
 * which a fresh connection cost 0.5-1.3 ms a call here (http-stream after 1 s idle, p50: 2.92 against 2.37-2.42 ms in
 * bench/http-api.bench.test.ts). A connection the function closes while idle is dropped as it closes, and one closed
 * just as a call goes out is caught by the retry (see http-stream.ts).
 */
export const MAX_IDLE_MS = 2000;

/** Errors of a connection the other side closed while it was idle: nothing of the call reached the function. */
const CLOSED_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** True when `err`, met on a reused connection before any byte of the reply, means the function had closed it. */
export const closedWhileIdle = (err: unknown): boolean =>
  CLOSED_CODES.has((err as NodeJS.ErrnoException | undefined)?.code ?? '');

const ignore = (): void => undefined;

export interface TakenConnection {
  socket: Socket;
  /** True when it served an earlier call: a failure before the reply may only mean it had been closed since. */
  reused: boolean;
}

export class StreamConnections {
  /** Connections opened, and calls that reused a kept one: for tests and benchmarks. */
  opened = 0;
  reused = 0;
  private kept?: { socket: Socket; since: number; drop: () => void };
  private closed = false;

  constructor(
    private readonly open: () => Socket,
    private readonly now: () => number,
  ) {}

  /** The path is read at each connect: a container's is known only once its function is ready. */
  static forPath(socketPath: () => string, now: () => number): StreamConnections {
    return new StreamConnections(() => connect(socketPath()), now);
  }

  /** A connection for the next call, which has it alone until it gives it back with keep() or destroys it. */
  take(fresh = false): TakenConnection {
    const kept = this.kept;
    this.kept = undefined;
    if (kept) {
      kept.socket
        .off('close', kept.drop)
        .off('error', kept.drop)
        .off('end', kept.drop)
        .off('data', kept.drop);
      if (!fresh && !kept.socket.destroyed && this.now() - kept.since < MAX_IDLE_MS) {
        this.reused++;
        kept.socket.ref();
        return { socket: kept.socket, reused: true };
      }
      kept.socket.destroy();
    }
    this.opened++;
    const socket = this.open();
    // Its exchange listens for errors while it runs, and this keeper while it idles; an error Node reports a tick
    // after either let go (a write that failed as the function closed) is nobody's, and must not end the process.
    socket.on('error', ignore);
    return { socket, reused: false };
  }

  /** Keeps a connection whose exchange completed (request sent, reply read) for the next call. */
  keep(socket: Socket): void {
    if (this.closed || socket.destroyed) return void socket.destroy();
    this.kept?.socket.destroy();
    // While idle nobody else listens: a close or an error only means it is not worth keeping, and bytes the function
    // sends between calls would be read as the next call's reply.
    const drop = () => {
      socket.destroy();
      if (this.kept?.socket === socket) this.kept = undefined;
    };
    socket.on('close', drop).on('error', drop).on('end', drop).on('data', drop);
    // Flowing, even if the last reply's reader had paused it, so such bytes are seen at once.
    socket.resume();
    // An idle connection must not keep the process alive.
    socket.unref();
    this.kept = { socket, since: this.now(), drop };
  }

  /** Closes the kept connection; later ones are not kept (the container is going away). */
  close(): void {
    this.closed = true;
    this.kept?.socket.destroy();
    this.kept = undefined;
  }
}
