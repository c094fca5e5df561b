// A hot call: take a container from the function's slot queue (launching one if needed), run the call, give it back.
import type { CallLog } from './call-log';
import { failureOf } from './call-failure';
import type { CallRun, CallStart } from './call-handle';
import type { CallOptions, CallOutcome, RunResult } from './call-types';
import type { Clock } from './clock';
import type { HotPool } from './hot-pool';

export interface RunDeps {
  clock: Clock;
  /** The call has its container: the wait ends here and the execution timeout starts. */
  running: (start: CallStart) => void;
}

export interface RunSignals {
  /** Ends the wait for a container (cancel, wait bound, shutdown). */
  wait: AbortSignal;
  /** Cancels the call while it runs (its container is killed). */
  run: AbortSignal;
}

export async function runHot(
  deps: RunDeps & { hot: HotPool },
  call: CallOptions,
  run: CallRun,
  log: CallLog,
  signals: RunSignals,
  timings: CallOutcome['timings'],
): Promise<RunResult> {
  const { clock, hot } = deps;
  const queue = hot.queueFor(call);
  const waitStart = clock.now();
  let container;
  try {
    container = await queue.acquire(signals.wait);
  } catch (err) {
    timings.resource_wait_ms = clock.now() - waitStart;
    return failureOf(err);
  }
  const waited = clock.now() - waitStart;
  const fresh = container.callsServed === 0;
  timings.launch_ms = fresh ? hot.launchTime(container) : 0;
  timings.resource_wait_ms = Math.max(0, waited - timings.launch_ms);
  const start: CallStart = {
    container_id: container.id,
    start_kind: fresh ? 'hot_new' : 'hot_reused',
    started_at: new Date(clock.now()).toISOString(),
  };
  deps.running(start);
  hot.markBusy(container);
  const execStart = clock.now();
  const sink = run.streams ? run.replyStarted.bind(run) : undefined;
  const r = await container.exec(call, log, signals.run, sink);
  timings.exec_ms = clock.now() - execStart;
  if (r.reusable) queue.offerWhen(container, container.settled());
  else hot.retire(container, 'replaced');
  return {
    status: r.status,
    http_status: r.http_status,
    error: r.error,
    error_kind: r.error_kind,
    body: r.reply?.body ?? Buffer.alloc(0),
    streamed_bytes: r.streamedBytes,
    headers: r.reply?.headers ?? {},
    ...start,
  };
}
