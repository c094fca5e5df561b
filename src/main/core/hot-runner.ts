// A hot call: take a container from the function's slot queue (launching one if needed), run the call, give it back.
import type { CallLog } from './call-log';
import type { CallOptions, CallOutcome } from './call-types';
import type { Clock } from './clock';
import type { HotPool } from './hot-pool';
import type { ResponseSink } from './protocols/http-stream';

type Partial = Omit<CallOutcome, 'completed_at' | 'timings'>;

export interface RunDeps {
  clock: Clock;
  /** Marks the end of the wait: the execution timeout starts now. */
  running: () => void;
  onStart?: (info: { container_id: string; start_kind: CallOutcome['start_kind'] }) => void;
  /** Takes a successful streamed reply (http-stream) as it starts; without it replies are buffered. */
  onResponse?: ResponseSink;
  mapWaitError: (err: unknown) => Partial;
}

export async function runHot(
  deps: RunDeps & { hot: HotPool },
  call: CallOptions,
  log: CallLog,
  signals: { wait: AbortSignal; run: AbortSignal },
  timings: CallOutcome['timings'],
): Promise<Partial> {
  const { clock, hot } = deps;
  const queue = hot.queueFor(call);
  const waitStart = clock.now();
  let container;
  try {
    container = await queue.acquire(signals.wait);
  } catch (err) {
    timings.resource_wait_ms = clock.now() - waitStart;
    return deps.mapWaitError(err);
  }
  const waited = clock.now() - waitStart;
  const fresh = container.callsServed === 0;
  timings.launch_ms = fresh ? hot.launchTime(container) : 0;
  timings.resource_wait_ms = Math.max(0, waited - timings.launch_ms);
  const start_kind = fresh ? 'hot_new' : 'hot_reused';

  deps.running();
  hot.markBusy(container);
  deps.onStart?.({ container_id: container.id, start_kind });
  const started_at = new Date().toISOString();
  const execStart = clock.now();
  const r = await container.exec(call, log, signals.run, deps.onResponse);
  timings.exec_ms = clock.now() - execStart;
  if (r.reusable) queue.offerWhen(container, container.settled());
  else hot.retire(container, 'replaced');
  return {
    status: r.status,
    http_status: r.http_status,
    error: r.error,
    body: r.reply?.body ?? Buffer.alloc(0),
    streamed_bytes: r.streamedBytes,
    headers: r.reply?.headers ?? {},
    container_id: container.id,
    start_kind,
    started_at,
  };
}
