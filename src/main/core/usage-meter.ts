// What each call on one container cost, from the engine's samples of the container's cgroup figures (about one a
// second): a call's figures span from the engine's last sample before the call began to its first one after the
// reply, and name how many calls ran in that span. Nothing here waits inside a call: a call's figures settle when
// the sample after it arrives. The samples are followed only while a call needs them (the engine's sampling of a
// followed container costs it a few ms of CPU a second): from a reply, or from a while into a longer call, until
// every call has its figures.
import type { CallUsage } from '../../shared/models';
import type { Clock } from './clock';
import type { RunningContainer } from './driver';
import { mbOf, type UsageSample } from './usage-sample';

/**
 * How long a call runs before its container's samples are followed during it (for the highest use the samples see,
 * and figures for a call its container does not survive). A shorter call is not followed until its reply: starting
 * to follow wakes the engine's sampler at once, and that work would compete with the call on a small machine (a call
 * after an idle spell measured about 1 ms slower).
 */
const FOLLOW_DURING_CALL_MS = 100;

/** One call's run on the container, from its dispatch to its reply. */
export interface UsageSpan {
  readonly began: number;
  ended?: number;
  /** The engine's last sample taken at or before `began`; undefined: none since the container started. */
  start?: UsageSample;
  /** The highest memory use of the samples after `start`. */
  sampledPeakBytes: number;
  settled: boolean;
  resolve?: (u: CallUsage | null) => void;
}

/** Follows the engine's samples of the container until the returned function is called (RunningContainer.watchUsage). */
export type UsageFeed = (onSample: (s: UsageSample) => void, onEnd: () => void) => () => void;

export interface UsageMeterOptions {
  limitMb: number;
  clock: Clock;
  feed: UsageFeed;
  /** A cold container's one call: its figures are the container's whole life. */
  cold?: boolean;
  /** Told each sample, e.g. to show the container's memory now. */
  onSample?: (s: UsageSample) => void;
}

export class UsageMeter {
  private latest_?: UsageSample;
  private spans: UsageSpan[] = [];
  private closed = false;
  private readonly bornAt: number;
  /** Stops following the samples; set while they are followed. */
  private unfollow?: () => void;
  /** Follows the samples once the call in flight has run a while. */
  private followLater?: { cancel(): void };

  constructor(private readonly o: UsageMeterOptions) {
    this.bornAt = o.clock.now();
    // A first sample before the first call, where the engine is quick enough: that call then counts only itself.
    this.follow();
  }

  get latest(): UsageSample | undefined {
    return this.latest_;
  }

  /** A sample from the engine; one out of order (older than the latest) is dropped. */
  add(s: UsageSample): void {
    if (this.closed || (this.latest_ && s.at <= this.latest_.at)) return;
    this.latest_ = s;
    const shared = new SharedCounts();
    for (const span of this.spans) {
      if (span.settled) continue;
      if (s.at <= span.began && !this.o.cold) {
        // Taken before the call began but arrived after: a closer start.
        span.start = s;
        span.sampledPeakBytes = 0;
        continue;
      }
      span.sampledPeakBytes = Math.max(span.sampledPeakBytes, s.memoryBytes);
      if (span.ended !== undefined && s.at >= span.ended) this.settle(span, s, false, shared);
    }
    this.prune();
    // Every call has its figures: nothing needs the next sample (the next call follows again).
    if (this.spans.every((span) => span.settled)) this.stopFollowing();
    this.o.onSample?.(s);
  }

  /** A call is dispatched to the container now. */
  begin(): UsageSpan {
    const span: UsageSpan = {
      began: this.o.clock.now(),
      start: this.o.cold ? undefined : this.latest_,
      sampledPeakBytes: 0,
      settled: false,
    };
    this.spans.push(span);
    if (!this.unfollow && !this.followLater)
      this.followLater = this.o.clock.setTimeout(() => {
        this.followLater = undefined;
        this.follow();
      }, FOLLOW_DURING_CALL_MS);
    return span;
  }

  /**
   * Follows the samples, unless already following. The request leaves after the current turn of the event loop,
   * so the reply that asks for it is not held up by it.
   */
  private follow(): void {
    if (this.unfollow || this.closed) return;
    let stop: (() => void) | undefined;
    let stopped = false;
    const unfollow = () => {
      stopped = true;
      stop?.();
      if (this.unfollow === unfollow) this.unfollow = undefined;
    };
    this.unfollow = unfollow;
    setImmediate(() => {
      if (stopped) return;
      stop = this.o.feed(
        (s) => this.add(s),
        () => {
          if (stopped) return;
          unfollow();
          this.feedEnded();
        },
      );
    });
  }

  private stopFollowing(): void {
    this.followLater?.cancel();
    this.followLater = undefined;
    this.unfollow?.();
  }

  /** The samples stopped by themselves (the container went, or the engine's stream failed): calls that replied
   *  settle on the last one; a later call follows again. */
  private feedEnded(): void {
    const shared = new SharedCounts();
    for (const span of this.spans)
      if (!span.settled && span.ended !== undefined) this.settle(span, this.latest_, true, shared);
  }

  /**
   * The call replied now: its figures come with the engine's next sample, or, once the container has ended, from its
   * last one (cut short); null when no sample covers any of the call.
   */
  end(span: UsageSpan): Promise<CallUsage | null> {
    span.ended = this.o.clock.now();
    return new Promise((resolve) => {
      span.resolve = resolve;
      if (this.closed) return this.settle(span, this.latest_, true);
      this.followLater?.cancel();
      this.followLater = undefined;
      this.follow();
    });
  }

  /** The container ended: no more samples come, and calls that replied settle on the last one. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopFollowing();
    this.feedEnded();
  }

  private settle(
    span: UsageSpan,
    end: UsageSample | undefined,
    cutShort: boolean,
    shared = new SharedCounts(),
  ): void {
    span.settled = true;
    if (!end || (span.start && end.at <= span.start.at)) return span.resolve?.(null);
    const from = span.start?.at ?? -Infinity;
    // Every call whose run overlaps the span, this one included (a next call dispatched before the sample counts).
    const calls = shared.get(span.start, () => {
      let n = 0;
      for (const o of this.spans) if (o.began < end.at && (o.ended ?? Infinity) > from) n++;
      return n;
    });
    span.resolve?.(
      usageBetween({
        start: span.start,
        end,
        sampledPeakBytes: span.sampledPeakBytes,
        limitMb: this.o.limitMb,
        calls,
        span: this.o.cold ? 'container' : span.start ? 'call' : 'call_and_start',
        spanMs: end.at - (span.start?.at ?? this.bornAt),
        cutShort,
      }),
    );
  }

  /** Drops settled spans that no open span's window, nor any later call's, can reach. */
  private prune(): void {
    let floor = this.latest_?.at ?? -Infinity;
    for (const s of this.spans) if (!s.settled) floor = Math.min(floor, s.start?.at ?? -Infinity);
    this.spans = this.spans.filter((s) => !s.settled || (s.ended ?? Infinity) > floor);
  }
}

/**
 * The number of calls sharing a span, counted once per start sample while one end sample settles spans: the calls a
 * busy container ran between two samples (a thousand a second) share both, and counting over every span for each of
 * them took time and memory that grew with the square of the call rate.
 */
class SharedCounts {
  private readonly byStart = new Map<UsageSample | undefined, number>();

  get(start: UsageSample | undefined, count: () => number): number {
    let n = this.byStart.get(start);
    if (n === undefined) {
      n = count();
      this.byStart.set(start, n);
    }
    return n;
  }
}

/** A meter of the container's samples; undefined where the driver has no figures. Close it when the container ends. */
export function meterFor(
  running: RunningContainer,
  o: Omit<UsageMeterOptions, 'feed'>,
): UsageMeter | undefined {
  return running.watchUsage ? new UsageMeter({ ...o, feed: running.watchUsage.bind(running) }) : undefined;
}

export interface SpanFigures {
  /** The last sample before the span; undefined: the span starts with the container. */
  start?: UsageSample;
  end: UsageSample;
  /** The highest memory use of the samples in the span. */
  sampledPeakBytes: number;
  limitMb: number;
  calls: number;
  span: CallUsage['span'];
  spanMs: number;
  cutShort: boolean;
}

/**
 * A span's figures. CPU: the difference of the cumulative CPU counters at its two ends. Memory peak: where the
 * cgroup v1 high-water mark rose in the span, that mark (the true peak: it can only have been reached in the span);
 * otherwise the highest use the samples in the span saw, a lower bound (v2 keeps no high-water mark, and on v1 an
 * earlier higher peak hides a later one, since the mark cannot be reset through the engine's API).
 */
export function usageBetween(f: SpanFigures): CallUsage {
  const { start, end } = f;
  const high = end.maxMemoryBytes;
  const rose = high !== undefined && high > (start?.maxMemoryBytes ?? 0);
  const peakBytes = rose ? high : Math.max(f.sampledPeakBytes, end.memoryBytes);
  return {
    source: end.source,
    memory_peak_mb: mbOf(peakBytes),
    memory_peak_exact: rose,
    memory_limit_mb: f.limitMb,
    cpu_ms: Math.round(Math.max(0, end.cpuNs - (start?.cpuNs ?? 0)) / 1e5) / 10,
    span: f.span,
    span_ms: Math.max(0, Math.round(f.spanMs)),
    calls: f.calls,
    cut_short: f.cutShort,
  };
}
