// A cold call: one container per call; the body is its stdin, stdout the response, stderr the call's log; removed after.
import type { ContainerEndReason } from '../../shared/models';
import type { CallLog } from './call-log';
import { exitFailure, failed, failureOf, timedOut } from './call-failure';
import type { CallOptions, CallOutcome, RunResult } from './call-types';
import { nanoCpusOf } from './call-types';
import { coldEnv } from './cold-env';
import type { ContainerTracker } from './container-tracker';
import type { ContainerDriver, ContainerSpec, Hardening, RunningContainer } from './driver';
import type { RunDeps, RunSignals } from './hot-runner';
import type { ImageIds } from './image-ids';
import type { MemoryToken } from './resource-pool';
import { meterFor } from './usage-meter';
import { containerFigures, figuresChanged } from './usage-sample';

export interface ColdDeps extends RunDeps {
  driver: ContainerDriver;
  images: ImageIds;
  labels: Record<string, string>;
  hardening: Hardening;
  containers: ContainerTracker;
  reserve: (mb: number, signal: AbortSignal) => Promise<MemoryToken>;
}

export async function runCold(
  deps: ColdDeps,
  call: CallOptions,
  log: CallLog,
  signals: RunSignals,
  timings: CallOutcome['timings'],
): Promise<RunResult> {
  const waitStart = deps.clock.now();
  let token: MemoryToken;
  try {
    token = await deps.reserve(call.memory, signals.wait);
  } catch (err) {
    timings.resource_wait_ms = deps.clock.now() - waitStart;
    return { ...failureOf(err), waited_for: timings.resource_wait_ms > 0 ? 'memory' : null };
  }
  timings.resource_wait_ms = deps.clock.now() - waitStart;
  const waited_for = timings.resource_wait_ms > 0 ? ('memory' as const) : null;
  const launchStart = deps.clock.now();
  let container: RunningContainer;
  let imageId: string;
  let spec: ContainerSpec;
  try {
    imageId = await deps.images.resolve(call.image);
    if (signals.wait.aborted) throw signals.wait.reason;
    // By ID, as hot containers are: the call runs, and records, the image its name pointed to when it was looked up.
    spec = {
      image: imageId,
      // The deadline the function is told counts from before its start: it is never later than the real one.
      env: coldEnv(call, new Date(deps.clock.now() + call.timeout * 1000)),
      labels: deps.labels,
      memoryMb: call.memory,
      nanoCpus: nanoCpusOf(call),
      network: call.network,
      hardening: deps.hardening,
    };
    container = await deps.driver.start(spec);
  } catch (err) {
    token.release();
    const mapped = failureOf(err);
    if (mapped.error_kind === 'launch_failed' && !String(mapped.error).includes(call.image)) {
      mapped.error = `could not start a container of ${call.image}: ${mapped.error}`;
    }
    return { ...mapped, waited_for };
  }
  const entry = deps.containers.add(container.id, call, 'busy', 'cold', { spec, imageId });
  // The whole life of the container is the call's: its figures come from the engine's samples while it runs.
  const usage = meterFor(container, {
    limitMb: call.memory,
    clock: deps.clock,
    cold: true,
    onSample: (s) => {
      const figures = containerFigures(s);
      if (figuresChanged(entry, figures)) deps.containers.update(entry, figures);
    },
  });
  const span = usage?.begin();
  timings.launch_ms = deps.clock.now() - launchStart;
  const start = {
    container_id: container.id,
    start_kind: 'cold' as const,
    started_at: new Date(deps.clock.now()).toISOString(),
    image_id: imageId,
  };
  deps.running(start);
  const execStart = deps.clock.now();

  const stdout: Buffer[] = [];
  container.stdout.on('data', (c: Buffer) => stdout.push(c));
  container.stderr.on('data', (c: Buffer) => log.write(c));
  container.stdin.on('error', () => undefined); // a function that exits without reading its stdin is not an error
  container.stdin.end(call.body);

  let expired = false;
  let reachedLimit = false;
  let cancelled = false;
  // Out of memory or out of time: the figures are read while the container still lives, then it is killed.
  const timer = deps.clock.setTimeout(() => {
    expired = true;
    void container
      .reachedMemoryLimit()
      .catch(() => false)
      .then((full) => {
        reachedLimit = full;
        return container.kill();
      });
  }, call.timeout * 1000);
  const onAbort = () => {
    cancelled = true;
    void container.kill();
  };
  signals.run.addEventListener('abort', onAbort, { once: true });
  if (signals.run.aborted) onAbort();

  let result: RunResult;
  let reason: ContainerEndReason = 'done';
  try {
    const exit = await container.wait();
    if (exit.oomKilled || (expired && reachedLimit)) reason = 'oom';
    else if (exit.exitCode !== 0) reason = cancelled || expired ? 'replaced' : 'exited';
    if (cancelled) result = failed('cancelled', 'cancelled while running (container killed)');
    else if (expired) result = timedOut(call, reachedLimit);
    else if (exit.oomKilled || exit.exitCode !== 0) result = failureOf(exitFailure(exit, call.memory));
    else
      result = {
        status: 'success',
        http_status: 200,
        error_kind: null,
        body: Buffer.concat(stdout),
        headers: { 'Content-Type': ['text/plain; charset=utf-8'] },
      };
  } catch (err) {
    result = failed('exit', `lost the container while it ran: ${(err as Error).message}`);
  } finally {
    timer.cancel();
    signals.run.removeEventListener('abort', onAbort);
    log.end();
    // Its cgroup went with it: the figures are those of the engine's last sample before it exited.
    usage?.close();
    if (usage && span) deps.measured?.(usage.end(span));
  }
  timings.exec_ms = deps.clock.now() - execStart;
  // Removal happens after the answer; its memory returns to the pool once the container is gone.
  deps.containers.retire(
    entry,
    async () => {
      try {
        await container.remove();
      } finally {
        token.release();
      }
    },
    reason,
  );
  return { ...result, ...start, waited_for };
}
