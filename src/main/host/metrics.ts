// GET /metrics: Prometheus text exposition with Fn's metric names, so dashboards made for Fn read Fn Studio too.
import type { AgentStats } from '../core/agent';
import type { CallTimings } from '../../shared/models';

/** Milliseconds spent in each phase by every ended call (the call timings' definitions, summed). */
export type PhaseTotals = Required<CallTimings>;
export const noPhaseTotals = (): PhaseTotals => ({
  queue_ms: 0,
  resource_wait_ms: 0,
  container_wait_ms: 0,
  launch_ms: 0,
  exec_ms: 0,
});
const PHASE_LABELS: Record<keyof PhaseTotals, string> = {
  queue_ms: 'queue',
  resource_wait_ms: 'memory_wait',
  container_wait_ms: 'container_wait',
  launch_ms: 'launch',
  exec_ms: 'exec',
};

export interface MetricsInput {
  stats: AgentStats;
  /** Detached calls waiting in the persistent queue (not yet in the agent). */
  detachedQueued: number;
  /** Calls answered 503. */
  serverBusy: number;
  /** Time ended calls spent in each phase. */
  phases?: PhaseTotals;
}

type Metric = { name: string; type: 'counter' | 'gauge'; help: string; value: number };

export function metricsText({ stats, detachedQueued, serverBusy, phases }: MetricsInput): string {
  const c = stats.calls;
  const MB = 1024 * 1024;
  const metrics: Metric[] = [
    {
      name: 'fn_calls',
      type: 'counter',
      help: 'Calls received',
      value: c.queued + c.running + c.completed + c.failed + c.timed_out + c.cancelled + detachedQueued,
    },
    { name: 'fn_queued', type: 'gauge', help: 'Calls waiting to run', value: c.queued + detachedQueued },
    { name: 'fn_running', type: 'gauge', help: 'Calls running', value: c.running },
    { name: 'fn_completed', type: 'counter', help: 'Calls that completed', value: c.completed },
    { name: 'fn_canceled', type: 'counter', help: 'Calls cancelled', value: c.cancelled },
    { name: 'fn_timeouts', type: 'counter', help: 'Calls that timed out', value: c.timed_out },
    { name: 'fn_errors', type: 'counter', help: 'Calls that failed', value: c.failed },
    {
      name: 'fn_server_busy',
      type: 'counter',
      help: 'Calls refused for lack of capacity',
      value: serverBusy,
    },
    {
      name: 'fn_container_wait_total',
      type: 'gauge',
      help: 'Calls waiting for memory to start a container',
      value: stats.pool.waiting,
    },
    {
      name: 'fn_container_start_total',
      type: 'gauge',
      help: 'Containers starting',
      value: stats.containers.starting,
    },
    { name: 'fn_container_idle_total', type: 'gauge', help: 'Containers idle', value: stats.containers.idle },
    {
      name: 'fn_container_paused_total',
      type: 'gauge',
      help: 'Containers paused',
      value: stats.containers.paused,
    },
    { name: 'fn_container_busy_total', type: 'gauge', help: 'Containers busy', value: stats.containers.busy },
    {
      name: 'fn_util_mem_used',
      type: 'gauge',
      help: 'Pool memory in use (bytes)',
      value: stats.pool.used_mb * MB,
    },
    {
      name: 'fn_util_mem_avail',
      type: 'gauge',
      help: 'Pool memory available (bytes)',
      value: (stats.pool.total_mb - stats.pool.used_mb) * MB,
    },
  ];
  const text = metrics
    .map((m) => `# HELP ${m.name} ${m.help}\n# TYPE ${m.name} ${m.type}\n${m.name} ${m.value}\n`)
    .join('');
  if (!phases) return text;
  // Ours, beside Fn's names: where calls spend their time, by the same phases the call records and the UI show.
  const name = 'fn_studio_call_phase_seconds_total';
  const lines = (Object.keys(PHASE_LABELS) as Array<keyof PhaseTotals>).map(
    (k) => `${name}{phase="${PHASE_LABELS[k]}"} ${phases[k] / 1000}\n`,
  );
  return `${text}# HELP ${name} Time ended calls spent in each phase (seconds)\n# TYPE ${name} counter\n${lines.join('')}`;
}
