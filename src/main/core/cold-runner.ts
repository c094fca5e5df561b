// A cold call: one container per call; the body is its stdin, stdout the response, stderr the call's log; removed after.
import type { CallLog } from './call-log';
import type { CallOptions, CallOutcome } from './call-types';
import { callEnv } from './call-types';
import type { Clock } from './clock';
import type { ContainerDriver, Hardening, RunningContainer } from './driver';
import type { ContainerTracker } from './container-tracker';

export interface ColdDeps {
  driver: ContainerDriver;
  clock: Clock;
  labels: Record<string, string>;
  hardening: Hardening;
  containers: ContainerTracker;
}

type Partial = Omit<CallOutcome, 'completed_at' | 'timings'>;

const failure = (status: CallOutcome['status'], http_status: number | undefined, error: string): Partial => ({
  status,
  http_status,
  error,
  body: Buffer.alloc(0),
  headers: {},
});

export async function runCold(
  deps: ColdDeps,
  call: CallOptions,
  log: CallLog,
  signal: AbortSignal,
  timings: { launch_ms: number; exec_ms: number },
): Promise<Partial> {
  const launchStart = deps.clock.now();
  try {
    await deps.driver.ensureImage(call.image);
  } catch (err) {
    return failure('error', 502, (err as Error).message);
  }
  if (signal.aborted) return failure('cancelled', undefined, 'cancelled before the container started');
  let container: RunningContainer;
  try {
    container = await deps.driver.start({
      image: call.image,
      env: callEnv(call),
      labels: deps.labels,
      memoryMb: call.memory,
      network: call.network,
      hardening: deps.hardening,
    });
  } catch (err) {
    return failure('error', 502, `could not start a container of ${call.image}: ${(err as Error).message}`);
  }
  const entry = deps.containers.add(container.id, call, 'busy');
  timings.launch_ms = deps.clock.now() - launchStart;
  const started_at = new Date().toISOString();
  const execStart = deps.clock.now();

  const stdout: Buffer[] = [];
  container.stdout.on('data', (c: Buffer) => stdout.push(c));
  container.stderr.on('data', (c: Buffer) => log.write(c));
  container.stdin.on('error', () => undefined); // a function that exits without reading its stdin is not an error
  container.stdin.end(call.body);

  let timedOut = false;
  let cancelled = false;
  const timer = deps.clock.setTimeout(() => {
    timedOut = true;
    void container.kill();
  }, call.timeout * 1000);
  const onAbort = () => {
    cancelled = true;
    void container.kill();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();

  let result: Partial;
  try {
    const exit = await container.wait();
    if (cancelled) result = failure('cancelled', undefined, 'cancelled while running (container killed)');
    else if (timedOut)
      result = failure('timeout', 504, `function timed out after ${call.timeout} s (container killed)`);
    else if (exit.oomKilled)
      result = failure('error', 502, `function ran out of memory (limit ${call.memory} MB)`);
    else if (exit.exitCode !== 0)
      result = failure('error', 502, `function exited with code ${exit.exitCode}`);
    else
      result = {
        status: 'success',
        http_status: 200,
        body: Buffer.concat(stdout),
        headers: { 'Content-Type': ['text/plain; charset=utf-8'] },
      };
  } catch (err) {
    result = failure('error', 502, `lost the container while it ran: ${(err as Error).message}`);
  } finally {
    timer.cancel();
    signal.removeEventListener('abort', onAbort);
    log.end();
  }
  timings.exec_ms = deps.clock.now() - execStart;
  // Removal happens after the answer; the tracker keeps it so Close can wait for it.
  deps.containers.retire(entry, () => container.remove());
  return { ...result, container_id: container.id, start_kind: 'cold', started_at };
}
