// The swappable writer for one output stream of a hot container: complete lines go to the log of the call that owns
// them, or to the container's own log between calls. Fn's log framing (`\n<NAME>=<call id>\n` at each call's
// start) makes attribution exact while calls follow each other; between calls, output is the container's once the
// call's late lines are in. Without frames, attribution follows dispatch, with a short tail for late lines.
import type { CallLog } from './call-log';
import type { Clock } from './clock';

/**
 * The frame name we ask functions to use (FN_LOGFRAME_NAME) and the header it refers to (FN_LOGFRAME_HDR). The header
 * is ours rather than Fn-Call-Id so that each call can say whether it wants a frame: Fn's FDKs write the frame, to
 * stdout and stderr, only when the header holds a value. A frame costs the function two writes, the engine two
 * copies and the host a read of the attached stream on every call, about a quarter of the host's time for a hot call
 * (see README "Performance"), and it is only of use to a function that writes output: a call carries its id there when
 * its container asks for a frame (HotContainer.asksFrame), and an empty value otherwise.
 */
export const LOG_FRAME = { name: 'FN_STUDIO_CALL', header: 'Fn-Studio-Log-Frame' } as const;
export const logFrameEnv = (): Record<string, string> => ({
  FN_LOGFRAME_NAME: LOG_FRAME.name,
  FN_LOGFRAME_HDR: LOG_FRAME.header,
});

const FRAME_PREFIX = `${LOG_FRAME.name}=`;
/** How long after an unframed call ends its late lines still count as its own, before output counts as between calls. */
const TAIL_MS = 100;
/**
 * How long after its reply a framed call's output is still its own, on top of how late its frame came through.
 * The frame is written as the call starts, so its lag is the lag of this stream right then: under load the engine
 * passes output on seconds late, and the tail grows with it, while output written a second after the reply (a
 * timer's, between calls) is the container's.
 */
const FRAMED_TAIL_MS = 1000;
/** Lateness assumed before any was seen: a new container's first calls are not handed on after 2 ms of quiet when
 *  nothing says yet how late this engine passes output on; it fades as calls go by. */
const UNKNOWN_LATE_MS = 10;
/** How much of the lateness seen lately each new call keeps: a burst of load is forgotten over some dozen calls. */
const LATE_DECAY = 0.9;
/** Calls begun whose frame has not arrived yet. Frames come in call order, so this stays small; the bound only
 *  guards against a function that frames some calls and not others. */
const MAX_UNFRAMED = 1024;
/** The same bound before the stream has carried any frame: a function that frames does so from its first call, and
 *  one that never frames would otherwise hold its last thousand calls' logs (and all their listeners hold). */
const MAX_UNFRAMED_BEFORE_FIRST_FRAME = 64;

/** How long output still counts as a call's after its reply, and whether it still applies when that ends. */
interface Tail {
  log: CallLog;
  since: number;
  until: number;
  stillApplies: () => boolean;
  live: boolean;
}

/** One call on this stream: when it was dispatched, when its frame came through, when it replied. */
interface Span {
  log: CallLog;
  /** Whether the call asked the function for a frame (a function may frame unasked all the same). */
  asked: boolean;
  /** Its place in the order calls began on this stream. */
  seq: number;
  beganAt: number;
  framedAt?: number;
  endedAt?: number;
}

export class LogRouter {
  private target: CallLog;
  private current?: Span;
  private partial = '';
  private heldEmptyLine = false;
  /** Whether the function has written anything but frames here. */
  private wrote = false;
  /** Whether the function has framed a call that did not ask: it frames of its own accord. */
  private framesUnasked = false;
  /** Frames that came through for calls on this stream. */
  private framesIn = 0;
  /** Once the function has framed a call on this stream, attribution follows frames instead of dispatch. */
  private get framed(): boolean {
    return this.framesIn > 0;
  }
  /** The latest call that asked for no frame: a function that frames of its own accord shows itself by framing it. */
  private unasked?: { id: string; span: Span };
  private seq = 0;
  /** Calls that asked for a frame and have not had it yet, in the order they began. */
  private readonly awaitingFrame = new Map<string, Span>();
  /** The latest span of each call log, for endCall. */
  private readonly spans = new Map<CallLog, Span>();
  /** The running tail: until when output still counts as `log`'s (`live` false once cancelled or over). */
  private tail?: Tail;
  /**
   * One timer for the tails, which are not cancelled but left to find nothing: a tail starts and is cut short on
   * every call, and making and cancelling a timer for each (of a duration new each time, so Node made a timer list
   * for it too) cost more than the routing itself. It fires no later than the tail's end and is set again if the tail
   * ends later by then.
   */
  private tailTimer?: { at: number; timer: { cancel(): void } };
  /**
   * How late an unframed call's output has come through after its reply, at most, lately (decaying by call): under
   * load the engine passes output on late, and the wait for a call's output to settle grows with it.
   */
  lateMs = UNKNOWN_LATE_MS;
  /** When output last arrived, and whether any arrived since the current call began. */
  lastOutputAt = 0;
  outputSinceBegin = false;

  constructor(
    private readonly containerLog: CallLog,
    private readonly clock: Clock,
  ) {
    this.target = containerLog;
  }

  write(chunk: Buffer): void {
    this.lastOutputAt = this.clock.now();
    this.outputSinceBegin = true;
    const parts = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.route(line);
  }

  /** Output left without a newline when the stream ends. */
  flush(): void {
    if (this.partial) this.route(this.partial);
    this.partial = '';
  }

  get isFramed(): boolean {
    return this.framed;
  }

  /**
   * Whether the next call should ask for a frame: until a call has been seen to write nothing, once the function has
   * written output here, when it frames of its own accord, or while a frame asked for is still on its way.
   * - A call is seen to write nothing when its frame and the next one came through with nothing between: what a call
   *   writes before it replies is on this stream before the next call's frame. Before that, the output of the call
   *   that replied may still be on its way as the next one starts, and only a frame tells the two apart.
   * - A call that asked nothing takes the stream at its dispatch, and a late frame of an earlier call would take it
   *   back for that call's tail: no call goes unframed while one is awaited.
   */
  get wantsFrames(): boolean {
    return this.wrote || this.framesUnasked || this.awaitingFrame.size > 0 || this.framesIn < 2;
  }

  /** `asked`: whether the call asked the function for a frame; one that did not is this stream's from its dispatch. */
  beginCall(callId: string, log: CallLog, asked = true): void {
    this.cancelTail();
    this.lateMs *= LATE_DECAY;
    this.outputSinceBegin = false;
    const span: Span = { log, asked, seq: ++this.seq, beganAt: this.clock.now() };
    this.spans.set(log, span);
    // A call's frame can arrive after its reply, even many calls later when the engine's output lags under load.
    if (!asked) this.unasked = { id: callId, span };
    else {
      this.awaitingFrame.set(callId, span);
      if (this.awaitingFrame.size > (this.framed ? MAX_UNFRAMED : MAX_UNFRAMED_BEFORE_FIRST_FRAME))
        this.awaitingFrame.delete(this.awaitingFrame.keys().next().value as string);
    }
    // Framed: the previous call keeps its late lines until this call's frame arrives. Unframed, or no frame asked
    // for: swap now.
    if (!this.framed || !asked) this.target = log;
  }

  endCall(log: CallLog): void {
    const span = this.spans.get(log);
    this.spans.delete(log);
    if (!span) return;
    span.endedAt = this.clock.now();
    if (this.framed && (span.asked || span.framedAt !== undefined)) {
      // Its tail starts once its frame has come through (the frame tells how late this stream runs).
      if (this.current === span) this.framedTail(span);
      return;
    }
    // Unframed: output may trail the reply (it travels on another pipe): it stays the call's for a short tail. A call
    // that asked for a frame gives way to frames when they turn out to come; one that did not keeps its tail.
    this.startTail(log, Math.max(TAIL_MS, 2 * this.lateMs), span.asked ? () => !this.framed : () => true);
  }

  private framedTail(span: Span): void {
    if (span.endedAt === undefined || span.framedAt === undefined) return;
    const lag = span.framedAt - span.beganAt;
    const endsAt = span.endedAt + lag + FRAMED_TAIL_MS;
    this.startTail(span.log, Math.max(0, endsAt - this.clock.now()), () => this.current === span);
  }

  private startTail(log: CallLog, ms: number, stillApplies: () => boolean): void {
    const now = this.clock.now();
    this.tail = { log, since: now, until: now + ms, stillApplies, live: true };
    this.armTail();
  }

  private cancelTail(): void {
    if (this.tail) this.tail.live = false;
  }

  private armTail(): void {
    const t = this.tail;
    if (!t?.live || (this.tailTimer && this.tailTimer.at <= t.until)) return;
    this.tailTimer?.timer.cancel();
    const timer = this.clock.setTimeout(() => this.tailDue(), Math.max(0, t.until - this.clock.now()));
    this.tailTimer = { at: t.until, timer };
  }

  private tailDue(): void {
    this.tailTimer = undefined;
    const t = this.tail;
    if (!t?.live) return;
    if (this.clock.now() < t.until) return this.armTail();
    t.live = false;
    if (t.stillApplies() && this.target === t.log) this.target = this.containerLog;
  }

  private route(line: string): void {
    if (line.startsWith(FRAME_PREFIX)) {
      const id = line.slice(FRAME_PREFIX.length).trim();
      this.heldEmptyLine = false;
      // A frame of no call: an FDK that frames whatever the header holds, asked for no frame. Not the function's output.
      if (id === '') return;
      const span = this.awaitingFrame.get(id) ?? (this.unasked?.id === id ? this.unasked.span : undefined);
      if (span) {
        this.framesIn++;
        // Frames come in call order: calls begun before this one will not be framed on this stream any more.
        for (const [earlier, s] of this.awaitingFrame) {
          if (s.seq > span.seq) break;
          this.awaitingFrame.delete(earlier);
        }
        if (!span.asked) {
          this.framesUnasked = true;
          this.unasked = undefined;
        }
        span.framedAt = this.clock.now();
        // A late frame of the call whose unframed tail runs does not stop that tail.
        if (this.tail?.log !== span.log) this.cancelTail();
        this.current = span;
        this.target = span.log;
        // A call that has already replied: its tail runs from now on.
        this.framedTail(span);
        return;
      }
    }
    if (!this.framed && this.tail && this.target === this.tail.log)
      this.lateMs = Math.max(this.lateMs, this.clock.now() - this.tail.since);
    if (this.heldEmptyLine) this.writeLine('');
    // The empty line a frame starts with is held back until we know whether a frame follows.
    this.heldEmptyLine = line === '' || line === '\r';
    if (!this.heldEmptyLine) this.writeLine(line);
  }

  private writeLine(line: string): void {
    this.wrote = true;
    this.target.write(line + '\n');
  }
}
