// A hot call: take a container from the function's slot queue (launching one if needed), run the call, give it back.
import type { CallLog } from './call-log';
import { failureOf } from './call-failure';
import type { CallRun, CallStart } from './call-handle';
import type { CallOptions, CallOutcome, RunResult } from './call-types';
import type { Clock } from './clock';
import type { HotContainer } from './hot-container';
import type { HotPool } from './hot-pool';
import { type ImageIds, ImageMoved } from './image-ids';
import type { LaunchRecord, SlotQueue, WaitWatcher } from './slot-queue';
import type { CallUsage, WaitReason } from '../../shared/models';
import { isoTime } from '../../shared/iso-time';
import type { CancelSignal } from './call-cancel';

export interface RunDeps {
  clock: Clock;
  /** The call has its container: the wait ends here and the execution timeout starts. */
  running: (start: CallStart) => void;
  /** What the call waits for, each time that changes while it waits. */
  waiting?: (reason: WaitReason) => void;
  /** What the call cost its container, settling after the call (the engine's figures come later). */
  measured?: (usage: Promise<CallUsage | null>) => void;
}

export interface RunSignals {
  /** Ends the wait for a container (cancel, wait bound, shutdown). */
  wait: AbortSignal;
  /** Cancels the call while it runs (its container is killed). */
  run: CancelSignal;
}

export async function runHot(
  deps: RunDeps & { hot: HotPool; images: ImageIds },
  call: CallOptions,
  run: CallRun,
  log: CallLog,
  signals: RunSignals,
  timings: CallOutcome['timings'],
): Promise<RunResult> {
  const { clock, hot, images } = deps;
  const waitStart = clock.now();
  // Names this call to the queue (whose launch is whose) and hears what it waits for, and since when.
  const reasons: ReasonChange[] = [];
  const watcher: WaitWatcher = {
    reason: (r) => {
      reasons.push({ at: clock.now(), reason: r });
      deps.waiting?.(r);
    },
  };
  /** Time spent finding out which image the name points to (an inspect, or a pull when it is missing). */
  let imageMs = 0;
  let got: { container: HotContainer; queue: SlotQueue; imageId: string } | undefined;
  try {
    // The image the name points to is looked up at each dispatch (cached); a call whose image is replaced while it
    // waits is dispatched again, to the new image.
    while (!got) {
      let imageId = images.cached(call.image);
      if (!imageId) {
        const asked = clock.now();
        watcher.reason('launch');
        imageId = await untilAborted(images.resolve(call.image), signals.wait);
        imageMs += clock.now() - asked;
      }
      const queue = hot.queueFor(call, imageId);
      // An idle container is taken without waiting (and without making the wait's signal).
      const container =
        queue.tryAcquire() ??
        (await queue.acquire(signals.wait, watcher).catch((err: unknown) => {
          if (!(err instanceof ImageMoved)) throw err;
          // Let go for the new image just as its wait ended: the wait's end is what the call ends with.
          if (signals.wait.aborted) throw signals.wait.reason;
          return undefined;
        }));
      if (container) got = { container, queue, imageId };
    }
  } catch (err) {
    const phases = waitPhases(waitStart, clock.now(), undefined, watcher, reasons, imageMs);
    Object.assign(timings, phases.timings);
    return { ...failureOf(err), waited_for: phases.waitedFor };
  }
  const { container, queue } = got;
  const phases = waitPhases(waitStart, clock.now(), queue.launchOf(container), watcher, reasons, imageMs);
  Object.assign(timings, phases.timings);
  const start: CallStart = {
    container_id: container.id,
    start_kind: phases.ownLaunch ? 'hot_new' : 'hot_reused',
    started_at: isoTime(clock.now()),
    image_id: got.imageId,
  };
  deps.running(start);
  hot.markBusy(container);
  const execStart = clock.now();
  const sink = run.streams ? run.replyStarted.bind(run) : undefined;
  const r = await container.exec(call, log, signals.run, sink);
  timings.exec_ms = clock.now() - execStart;
  if (r.usage) deps.measured?.(r.usage);
  if (r.reusable) queue.offerWhen(container, container.settled());
  else {
    // Stopped at its timeout having filled its memory: out of memory is the truer end, whichever retired it first.
    if (r.error_kind === 'oom') container.info.end_reason = 'oom';
    hot.retire(container, 'replaced');
  }
  return {
    status: r.status,
    http_status: r.http_status,
    error: r.error,
    error_kind: r.error_kind,
    body: r.reply?.body ?? Buffer.alloc(0),
    streamed_bytes: r.streamedBytes,
    headers: r.reply?.headers ?? {},
    waited_for: phases.waitedFor,
    ...start,
  };
}

/** The span [from, to] has in common with [a, b]. */
const overlap = (from: number, to: number, a: number, b: number) =>
  Math.max(0, Math.min(to, b) - Math.max(from, a));

/** What the call was told it waits for, from when. */
export interface ReasonChange {
  at: number;
  reason: WaitReason;
}

/**
 * Splits a hot call's wait for its container, [from, to], into phases that add up to it. A container launched for
 * this call: its launch's wait for memory, then its start (launch), which includes finding its image (`imageMs`: an
 * inspect, or a pull). Any other way the wait ended (a container started for another call, a busy one coming back,
 * a failure): the time the call was told it waited for memory is a memory wait, the rest a container wait.
 */
export function waitPhases(
  from: number,
  to: number,
  launch: LaunchRecord | undefined,
  self: WaitWatcher,
  reasons: readonly ReasonChange[],
  imageMs = 0,
) {
  const total = to - from;
  const ownLaunch = launch !== undefined && launch.for === self;
  let memory = 0;
  let launchMs = 0;
  if (ownLaunch) {
    memory = overlap(from, to, launch.askedAt, launch.reservedAt);
    launchMs = overlap(from, to, launch.reservedAt, launch.readyAt) + imageMs;
  } else {
    reasons.forEach((r, i) => {
      if (r.reason === 'memory') memory += overlap(from, to, r.at, reasons[i + 1]?.at ?? to);
    });
  }
  const timings = {
    resource_wait_ms: memory,
    launch_ms: launchMs,
    container_wait_ms: total - memory - launchMs,
  };
  const last = reasons.at(-1)?.reason;
  const waitedFor = longestWait(timings, launch ? 'launch' : last === 'launch' ? 'launch' : 'container');
  return { timings, ownLaunch, waitedFor };
}

/** The reason of the longest wait, or null when the call did not wait. */
function longestWait(
  t: { resource_wait_ms: number; launch_ms: number; container_wait_ms: number },
  containerReason: WaitReason,
): WaitReason | null {
  const waits: Array<[number, WaitReason]> = [
    [t.resource_wait_ms, 'memory'],
    [t.launch_ms, 'launch'],
    [t.container_wait_ms, containerReason],
  ];
  const [ms, reason] = waits.reduce((a, b) => (b[0] > a[0] ? b : a));
  return ms > 0 ? reason : null;
}

/** The promise's value, or the signal's reason as soon as it aborts (the work itself goes on for whoever else waits). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
