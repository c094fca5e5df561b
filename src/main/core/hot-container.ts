// One hot container: runs calls one at a time over its attached stdio, routes its stderr to the current call's log
// (the swappable writer) or to its own log between calls, and reports how it ended when it dies.
import type { ContainerInfo } from '../../shared/models';
import { CallLog } from './call-log';
import type { CallOptions, TerminalStatus } from './call-types';
import type { Clock } from './clock';
import type { ExitInfo, RunningContainer } from './driver';
import type { MemoryToken } from './resource-pool';
import { type HotProtocol, ProtocolError, type ProtocolReply, type ReplyReader } from './protocols/protocol';

export interface ExecResult {
  status: TerminalStatus;
  http_status?: number;
  error?: string;
  reply?: ProtocolReply;
  /** False when the container must not serve another call (killed, dead, or spoke out of turn). */
  reusable: boolean;
}

const CONTAINER_LOG_CAP = 256 * 1024;

/** Fn's log framing: a function that supports it writes `\n<NAME>=<call id>\n` to stderr as each call starts. */
export const LOG_FRAME = { name: 'FN_STUDIO_CALL', header: 'Fn-Call-Id' } as const;
export const logFrameEnv = (): Record<string, string> => ({
  FN_LOGFRAME_NAME: LOG_FRAME.name,
  FN_LOGFRAME_HDR: LOG_FRAME.header,
});
const FRAME_PREFIX = `${LOG_FRAME.name}=`;
/** How long after an unframed call ends its late lines still count as its own, before output counts as between calls. */
const TAIL_MS = 100;
const RECENT_FRAMES = 8;

export function describeExit(exit: ExitInfo, memoryMb: number): string {
  return exit.oomKilled
    ? `function ran out of memory (limit ${memoryMb} MB)`
    : `function exited with code ${exit.exitCode}`;
}

export class HotContainer {
  readonly id: string;
  /** Output between calls; capped, newest kept by the tracker's consumers. */
  readonly containerLog = new CallLog(CONTAINER_LOG_CAP);
  callsServed = 0;
  lastUsed: number;
  private stderrTarget: CallLog;
  private stderrPartial = '';
  private heldEmptyLine = false;
  /** Once the function has framed a call, stderr is attributed by frames instead of by timing. */
  private framed = false;
  private readonly framedLogs = new Map<string, CallLog>();
  private tailTimer?: { cancel(): void };
  private reader?: ReplyReader;
  private onReply?: (r: ProtocolReply | ProtocolError) => void;
  private dead = false;
  private onExit?: (exit: ExitInfo) => void;
  readonly exited: Promise<ExitInfo>;

  constructor(
    private readonly running: RunningContainer,
    private readonly protocol: HotProtocol,
    readonly token: MemoryToken,
    readonly info: ContainerInfo,
    private readonly clock: Clock,
  ) {
    this.id = running.id;
    this.lastUsed = clock.now();
    this.stderrTarget = this.containerLog;
    running.stderr.on('data', (c: Buffer) => this.onStderr(c));
    running.stdout.on('data', (c: Buffer) => this.onStdout(c));
    running.stdin.on('error', () => undefined); // a dead container's stdin errors; wait() reports why
    this.exited = running.wait().catch(() => ({ exitCode: -1, oomKilled: false }));
    void this.exited.then((exit) => {
      this.dead = true;
      this.onExit?.(exit);
    });
  }

  get alive(): boolean {
    return !this.dead;
  }

  private onStderr(chunk: Buffer): void {
    const parts = (this.stderrPartial + chunk.toString('utf8')).split('\n');
    this.stderrPartial = parts.pop() ?? '';
    for (const line of parts) this.routeLine(line);
  }

  /** The swappable writer: each complete line goes to the log that owns it right now. */
  private routeLine(line: string): void {
    if (line.startsWith(FRAME_PREFIX)) {
      const log = this.framedLogs.get(line.slice(FRAME_PREFIX.length).trim());
      this.heldEmptyLine = false;
      if (log) {
        this.framed = true;
        this.stderrTarget = log;
        return;
      }
    }
    if (this.heldEmptyLine) this.stderrTarget.write('\n');
    // The empty line a frame starts with is held back until we know whether a frame follows.
    this.heldEmptyLine = line === '' || line === '\r';
    if (!this.heldEmptyLine) this.stderrTarget.write(line + '\n');
  }

  private onStdout(chunk: Buffer): void {
    if (!this.reader || !this.onReply) {
      // Output on the response channel with no call in flight breaks the protocol: this container cannot be trusted.
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
  async exec(call: CallOptions, log: CallLog, signal: AbortSignal): Promise<ExecResult> {
    this.callsServed++;
    this.tailTimer?.cancel();
    // Recent calls stay known: a call's frame can arrive after its reply, even after the next call started.
    this.framedLogs.set(call.id, log);
    if (this.framedLogs.size > RECENT_FRAMES)
      this.framedLogs.delete(this.framedLogs.keys().next().value as string);
    // Framed: the previous call keeps its late lines until this call's frame arrives. Unframed: swap now.
    if (!this.framed) this.stderrTarget = log;
    const deadline = new Date(Date.now() + call.timeout * 1000);
    this.reader = this.protocol.newReader();
    const settled: Array<() => void> = [];
    let writeDone = false;
    const result = await new Promise<ExecResult>((resolve) => {
      const finish = (r: ExecResult) => {
        for (const undo of settled) undo();
        resolve(r);
      };
      this.onReply = (r) => {
        if (r instanceof ProtocolError)
          finish({ status: 'error', http_status: 502, error: r.message, reusable: false });
        else finish({ status: 'success', http_status: r.status, reply: r, reusable: true });
      };
      const timer = this.clock.setTimeout(() => {
        finish({
          status: 'timeout',
          http_status: 504,
          error: `function timed out after ${call.timeout} s (container killed)`,
          reusable: false,
        });
      }, call.timeout * 1000);
      settled.push(() => timer.cancel());
      const onAbort = () =>
        finish({ status: 'cancelled', error: 'cancelled while running (container killed)', reusable: false });
      signal.addEventListener('abort', onAbort, { once: true });
      settled.push(() => signal.removeEventListener('abort', onAbort));
      // One exit listener for the container's life, pointed at the call in flight (no per-call reaction piles up).
      this.onExit = (exit) =>
        finish({
          status: 'error',
          http_status: 502,
          error: describeExit(exit, call.memory),
          reusable: false,
        });
      settled.push(() => (this.onExit = undefined));
      if (signal.aborted) return onAbort();
      this.running.stdin.write(this.protocol.encode(call, deadline), () => (writeDone = true));
    });
    this.reader = undefined;
    this.onReply = undefined;
    // Stderr and stdout reach us on separate pipes, so a call's last lines may trail its reply. Framed: they are
    // the call's until the next frame. Unframed: for a short tail, unless the next call takes the container first.
    if (!this.framed) {
      this.tailTimer = this.clock.setTimeout(() => {
        if (this.stderrTarget === log) this.stderrTarget = this.containerLog;
      }, TAIL_MS);
    }
    this.lastUsed = this.clock.now();
    // A reply before the function read all of its request leaves bytes in its stdin that the next call would
    // inherit: such a container is not handed out again.
    const reusable = result.reusable && writeDone && !this.dead;
    if (!reusable) await this.kill();
    return { ...result, reusable };
  }

  async kill(): Promise<void> {
    this.dead = true;
    await this.running.kill().catch(() => undefined);
  }

  remove(): Promise<void> {
    return this.running.remove();
  }
}
