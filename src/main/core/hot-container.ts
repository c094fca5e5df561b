// One hot container: runs calls one at a time over its attached stdio, routes its stderr to the current call's log
// (the swappable writer) or to its own log between calls, and reports how it ended when it dies.
import type { CallUsage, ContainerInfo } from '../../shared/models';
import { CallLog } from './call-log';
import { ApiError } from '../../shared/errors';
import { exitFailure, failed, failureOf, timedOut } from './call-failure';
import type { CallOptions, RunResult } from './call-types';
import type { Clock } from './clock';
import { LogRouter } from './log-router';
import { postCall, type ResponseSink } from './protocols/http-stream';
import { StreamConnections } from './protocols/stream-connection';
import type { ExitInfo, RunningContainer } from './driver';
import type { MemoryToken } from './resource-pool';
import { meterFor, type UsageMeter, type UsageSpan } from './usage-meter';
import type { UsageSample } from './usage-sample';
import { type HotProtocol, ProtocolError, type ProtocolReply, type ReplyReader } from './protocols/protocol';
import type { CancelSignal } from './call-cancel';

export type HotTransport =
  | { kind: 'stdio'; protocol: HotProtocol }
  /** http-stream: the socket to call, and what to tidy up once the container is gone (directory, relay, volume). */
  | { kind: 'socket'; socketPath: string; cleanup: () => Promise<void> };

/** Fn's http-stream contract: 200 success, 502 function error and 504 timeout keep the container; anything else kills it. */
function classifyStreamReply(reply: ProtocolReply): ExecResult {
  const text = reply.body.toString('utf8').trim().slice(0, 1000);
  if (reply.status === 200)
    return { status: 'success', http_status: 200, error_kind: null, reply, reusable: true };
  if (reply.status === 502) return { ...failed('function_error', `function error: ${text}`), reusable: true };
  if (reply.status === 504)
    return { ...failed('timeout', `function reported a timeout: ${text}`), reusable: true };
  return {
    ...failed('bad_reply', `invalid http-stream reply: status ${reply.status} (container killed)`),
    reusable: false,
  };
}

export interface ExecResult extends Pick<RunResult, 'status' | 'http_status' | 'error' | 'error_kind'> {
  reply?: ProtocolReply;
  /** False when the container must not serve another call (killed, dead, or spoke out of turn). */
  reusable: boolean;
  /** Set when the reply body went to the caller as a stream: its full size (the reply keeps only its start). */
  streamedBytes?: number;
  /** What the call cost the container, settling once the engine's next sample arrives; absent without figures. */
  usage?: Promise<CallUsage | null>;
}

/** Bytes a reply may be surrounded by (JSON whitespace). */
const isWhitespace = (chunk: Buffer): boolean =>
  chunk.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09);

const CONTAINER_LOG_CAP = 256 * 1024;
/** How long an unframed function's output must be quiet after a call before the next call, and the most we wait. */
const SETTLE_QUIET_MS = 2;
const SETTLE_MAX_MS = 20;
/** The longest the settle wait grows to when output lags under load. */
const SETTLE_CAP_MS = 1000;

export class HotContainer {
  readonly id: string;
  /** Output between calls; capped, newest kept by the tracker's consumers. */
  readonly containerLog = new CallLog(CONTAINER_LOG_CAP);
  callsServed = 0;
  lastUsed: number;
  /** One router per output stream that carries logs (stderr; stdout too where it is not the response channel). */
  private readonly routers: LogRouter[] = [];
  private reader?: ReplyReader;
  private onReply?: (r: ProtocolReply | ProtocolError) => void;
  private dead = false;
  private inFlight?: string;
  private onExit?: (exit: ExitInfo) => void;
  /** http-stream: the connection to the function's socket, kept between calls. */
  private readonly connections?: StreamConnections;
  /** Each call's CPU and memory, from the engine's samples (absent where the driver has none). */
  private readonly usage?: UsageMeter;
  readonly exited: Promise<ExitInfo>;

  constructor(
    private readonly running: RunningContainer,
    private readonly transport: HotTransport,
    readonly token: MemoryToken,
    readonly info: ContainerInfo,
    private readonly clock: Clock,
    /** Told each sample of the container's figures (about one a second while its calls need them). */
    onSample?: (s: UsageSample) => void,
  ) {
    this.id = running.id;
    this.lastUsed = clock.now();
    const stderr = new LogRouter(this.containerLog, clock);
    this.routers.push(stderr);
    running.stderr.on('data', (c: Buffer) => stderr.write(c));
    running.stderr.on('end', () => stderr.flush());
    if (transport.kind === 'stdio') {
      running.stdout.on('data', (c: Buffer) => this.onStdout(c));
    } else {
      this.connections = StreamConnections.forPath(
        () => transport.socketPath,
        () => clock.now(),
      );
      // http-stream answers over the socket: stdout is just more log.
      const stdout = new LogRouter(this.containerLog, clock);
      this.routers.push(stdout);
      running.stdout.on('data', (c: Buffer) => stdout.write(c));
      running.stdout.on('end', () => stdout.flush());
    }
    running.stdin.on('error', () => undefined); // a dead container's stdin errors; wait() reports why
    this.usage = meterFor(running, { limitMb: info.memory_mb, clock, onSample });
    this.exited = running.wait().catch(() => ({ exitCode: -1, oomKilled: false }));
    void this.exited.then((exit) => {
      this.usage?.close();
      this.dead = true;
      this.onExit?.(exit);
    });
  }

  get alive(): boolean {
    return !this.dead;
  }

  /**
   * Whether this call asks the function for log frames (see LOG_FRAME): a container's calls do until one is seen to
   * write nothing, and from then on once the function has written output or while a frame asked for is on its way
   * (see LogRouter.wantsFrames). A function that writes nothing is spared their cost; the first lines of one that
   * starts writing later are told apart by timing. Only http-stream has a header to ask with: functions of the other
   * formats frame of their own accord or not at all.
   */
  private asksFrame(): boolean {
    return this.transport.kind === 'stdio' || this.routers.some((r) => r.wantsFrames);
  }

  private onStdout(chunk: Buffer): void {
    if (!this.reader || !this.onReply) {
      // Whitespace around a reply is allowed, and its last newline can come in a read of its own after the reply.
      if (isWhitespace(chunk)) return;
      // Other output on the response channel with no call in flight breaks the protocol: the container is not trusted.
      this.containerLog.write(`[stdout between calls] ${chunk.toString('utf8')}\n`);
      this.dead = true;
      void this.running.kill();
      return;
    }
    try {
      const reply = this.reader.push(chunk);
      if (reply) this.onReply(reply);
    } catch (err) {
      this.onReply(err instanceof ProtocolError ? err : new ProtocolError(String(err)));
    }
  }

  /** Runs one call. The caller guarantees no other call is in flight on this container. */
  /** Runs one call; a 200 http-stream reply streams to `sink` as it arrives. */
  async exec(
    call: CallOptions,
    log: CallLog,
    signal: CancelSignal,
    sink?: ResponseSink,
  ): Promise<ExecResult> {
    // The slot queues must never hand a container to a second call while one is in flight; if that ever
    // happened, logs and replies would cross, so the second call fails loudly instead.
    if (this.inFlight) {
      return {
        ...failed(
          'internal',
          `internal error: container ${this.id.slice(0, 12)} is already serving call ${this.inFlight}`,
        ),
        reusable: false,
      };
    }
    this.inFlight = call.id;
    try {
      return await this.run(call, log, signal, sink);
    } finally {
      this.inFlight = undefined;
    }
  }

  private async run(
    call: CallOptions,
    log: CallLog,
    signal: CancelSignal,
    sink?: ResponseSink,
  ): Promise<ExecResult> {
    this.callsServed++;
    const logFrame = this.asksFrame();
    for (const r of this.routers) r.beginCall(call.id, log, logFrame);
    const deadline = new Date(this.clock.now() + call.timeout * 1000);
    this.reader = this.transport.kind === 'stdio' ? this.transport.protocol.newReader() : undefined;
    const settled: Array<() => void> = [];
    let writeDone = false;
    let span: UsageSpan | undefined;
    const result = await new Promise<ExecResult>((resolve) => {
      // Set once the timeout fired: while its memory figures are read, nothing else ends the call.
      let expired = false;
      const finish = (r: ExecResult, fromTimeout = false) => {
        if (expired && !fromTimeout) return;
        for (const undo of settled) undo();
        resolve(r);
      };
      this.onReply = (r) => {
        if (r instanceof ProtocolError) finish({ ...failed('bad_reply', r.message), reusable: false });
        else finish({ status: 'success', http_status: r.status, error_kind: null, reply: r, reusable: true });
      };
      // Out of memory or out of time: the figures are read while the container still lives (it is killed after).
      const timer = this.clock.setTimeout(() => {
        expired = true;
        void this.running
          .reachedMemoryLimit()
          .catch(() => false)
          .then((full) => finish({ ...timedOut(call, full), reusable: false }, true));
      }, call.timeout * 1000);
      settled.push(() => timer.cancel());
      const onAbort = () =>
        finish({ ...failed('cancelled', 'cancelled while running (container killed)'), reusable: false });
      signal.addEventListener('abort', onAbort, { once: true });
      settled.push(() => signal.removeEventListener('abort', onAbort));
      // One exit listener for the container's life, pointed at the call in flight (no per-call reaction piles up).
      this.onExit = (exit) => finish({ ...failureOf(exitFailure(exit, call.memory)), reusable: false });
      settled.push(() => (this.onExit = undefined));
      if (signal.aborted) return onAbort();
      // Dispatch: the call's figures are counted from the engine's last sample before now.
      span = this.usage?.begin();
      if (this.transport.kind === 'stdio') {
        this.running.stdin.write(this.transport.protocol.encode(call, deadline), () => (writeDone = true));
        return;
      }
      // A connection is kept only after its exchange completed both ways: nothing can be left over for the next call.
      writeDone = true;
      const exchange = postCall(this.connections!, call, deadline, { sink, logFrame });
      settled.push(() => exchange.cancel());
      exchange.reply.then(
        (reply) => {
          // Set on the fresh result, not spread into a copy: a spread of results of several shapes is V8's slow path.
          const r = classifyStreamReply(reply);
          if (reply.streamed) r.streamedBytes = reply.size;
          finish(r);
        },
        (err: Error) => {
          // The request body failed on our side (e.g. it went over the limit): that is the call's end.
          if (err instanceof ApiError) return finish({ ...failureOf(err), reusable: false });
          // A broken connection usually means the container died: give its exit a moment to say why.
          const grace = this.clock.setTimeout(() => {
            finish({
              ...failed('bad_reply', `the connection to the function broke: ${err.message}`),
              reusable: false,
            });
          }, 2000);
          settled.push(() => grace.cancel());
        },
      );
    });
    // The reply: the figures settle with the engine's first sample after now, without holding the call.
    const usage = span && this.usage?.end(span);
    this.reader = undefined;
    this.onReply = undefined;
    for (const r of this.routers) r.endCall(log);
    this.lastUsed = this.clock.now();
    // A reply before the function read all of its request leaves bytes in its stdin that the next call would
    // inherit: such a container is not handed out again.
    const reusable = result.reusable && writeDone && !this.dead;
    if (!reusable) await this.kill();
    // Every result is made fresh for this call: completed in place rather than copied.
    result.reusable = reusable;
    result.usage = usage;
    return result;
  }

  /**
   * Resolves when the container may take its next call. An unframed function that logs has its output travel
   * apart from its reply, so it is given until its output has been quiet a moment (bounded): late lines land in
   * the call that wrote them, not the next. Silent functions, and those that frame their logs (Fn's FDKs), are
   * ready at once.
   */
  async settled(): Promise<void> {
    // Only functions that log at all are waited for: a silent one costs nothing.
    const unframed = this.routers.filter((r) => !r.isFramed && r.lastOutputAt > 0);
    if (!unframed.length) return;
    // Output not seen yet may still be on its way: quiet is counted from the reply or the last output, whichever is later.
    const quietSince = () => Math.max(this.lastUsed, ...unframed.map((r) => r.lastOutputAt));
    // Longer while output has lately come through late after replies (a loaded engine), up to a bound.
    const lateMs = Math.max(...unframed.map((r) => r.lateMs));
    const quietMs = Math.min(SETTLE_CAP_MS, Math.max(SETTLE_QUIET_MS, 1.5 * lateMs));
    const deadline = this.clock.now() + Math.min(SETTLE_CAP_MS, Math.max(SETTLE_MAX_MS, 2 * quietMs));
    while (this.clock.now() < deadline && this.clock.now() - quietSince() < quietMs) {
      await new Promise<void>((r) => this.clock.setTimeout(r, Math.min(quietMs, SETTLE_QUIET_MS * 5)));
    }
  }

  async kill(): Promise<void> {
    this.dead = true;
    this.connections?.close();
    await this.running.kill().catch(() => undefined);
  }

  async remove(): Promise<void> {
    try {
      await this.running.remove();
    } finally {
      if (this.transport.kind === 'socket') await this.transport.cleanup();
    }
  }
}
