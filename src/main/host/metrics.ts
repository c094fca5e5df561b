// GET /metrics: Prometheus text exposition with Fn's metric names, so dashboards made for Fn read Fn Studio too.
import type { AgentStats } from '../core/agent';
import type { FnCounts } from '../core/call-stats';
import type { App, CallTimings, Fn } from '../../shared/models';

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

/** One function's per-call counts, with the labels that name it. */
export interface FnSeries {
  /** fn_id and app_id; fn_appname as Fn's own servers tag their series; fn_name, ours. Names are empty for a
   * function deleted since its calls (its counts stay, as counters must). */
  labels: { fn_id: string; app_id: string; fn_appname: string; fn_name: string };
  counts: FnCounts;
  detachedQueued: number;
  serverBusy: number;
}

/** Every function with calls since the host started, or waiting in the detached queue, with its labels. */
export function fnSeries(
  functions: Record<string, FnCounts>,
  detachedByFn: Record<string, number>,
  serverBusyByFn: Record<string, number>,
  registry: { listApps(): App[]; listFns(): Fn[] },
): FnSeries[] {
  const fns = new Map(registry.listFns().map((f) => [f.id, f]));
  const apps = new Map(registry.listApps().map((a) => [a.id, a.name]));
  const ids = new Set([
    ...Object.keys(functions),
    ...Object.keys(detachedByFn),
    ...Object.keys(serverBusyByFn),
  ]);
  return [...ids].sort().map((id) => {
    const fn = fns.get(id);
    return {
      labels: {
        fn_id: id,
        app_id: fn?.app_id ?? '',
        fn_appname: (fn && apps.get(fn.app_id)) ?? '',
        fn_name: fn?.name ?? '',
      },
      counts: functions[id] ?? { queued: 0, running: 0, completed: 0, failed: 0, timed_out: 0, cancelled: 0 },
      detachedQueued: detachedByFn[id] ?? 0,
      serverBusy: serverBusyByFn[id] ?? 0,
    };
  });
}

export interface MetricsInput {
  stats: AgentStats;
  /** Detached calls waiting in the persistent queue (not yet in the agent). */
  detachedQueued: number;
  /** Calls answered 503. */
  serverBusy: number;
  /** Time ended calls spent in each phase. */
  phases?: PhaseTotals;
  /** The per-call series again, one line per function. */
  byFn?: FnSeries[];
}

type Metric = {
  name: string;
  type: 'counter' | 'gauge';
  help: string;
  value: number;
  /** A per-call series: its value for one function. */
  perFn?: (s: FnSeries) => number;
};

const labelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelText = (s: FnSeries) =>
  Object.entries(s.labels)
    .map(([k, v]) => `${k}="${labelValue(v)}"`)
    .join(',');
const callsOf = (c: FnCounts) => c.queued + c.running + c.completed + c.failed + c.timed_out + c.cancelled;

export function metricsText({ stats, detachedQueued, serverBusy, phases, byFn = [] }: MetricsInput): string {
  const c = stats.calls;
  const MB = 1024 * 1024;
  const metrics: Metric[] = [
    {
      name: 'fn_calls',
      type: 'counter',
      help: 'Calls received',
      value: callsOf(c) + detachedQueued,
      perFn: (s) => callsOf(s.counts) + s.detachedQueued,
    },
    {
      name: 'fn_queued',
      type: 'gauge',
      help: 'Calls waiting to run',
      value: c.queued + detachedQueued,
      perFn: (s) => s.counts.queued + s.detachedQueued,
    },
    {
      name: 'fn_running',
      type: 'gauge',
      help: 'Calls running',
      value: c.running,
      perFn: (s) => s.counts.running,
    },
    {
      name: 'fn_completed',
      type: 'counter',
      help: 'Calls that completed',
      value: c.completed,
      perFn: (s) => s.counts.completed,
    },
    {
      name: 'fn_canceled',
      type: 'counter',
      help: 'Calls cancelled',
      value: c.cancelled,
      perFn: (s) => s.counts.cancelled,
    },
    {
      name: 'fn_timeouts',
      type: 'counter',
      help: 'Calls that timed out',
      value: c.timed_out,
      perFn: (s) => s.counts.timed_out,
    },
    {
      name: 'fn_errors',
      type: 'counter',
      help: 'Calls that failed',
      value: c.failed,
      perFn: (s) => s.counts.failed,
    },
    {
      name: 'fn_server_busy',
      type: 'counter',
      help: 'Calls refused for lack of capacity',
      value: serverBusy,
      perFn: (s) => s.serverBusy,
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
      // Honest, not a placeholder: Fn pauses idle containers after 50 ms; Fn Studio never does (a desktop favours
      // the next call's latency), so no container is ever in this state.
      help: 'Containers paused (always 0: Fn Studio does not pause idle containers)',
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
  // The unlabelled line stays the total, as before; the per-function lines follow it, labelled (select them with
  // {fn_id!=""} so a sum does not count the total twice).
  const text = metrics
    .map((m) => {
      const per = m.perFn;
      const lines = per ? byFn.map((s) => `${m.name}{${labelText(s)}} ${per(s)}\n`).join('') : '';
      return `# HELP ${m.name} ${m.help}\n# TYPE ${m.name} ${m.type}\n${m.name} ${m.value}\n${lines}`;
    })
    .join('');
  if (!phases) return text;
  // Ours, beside Fn's names: where calls spend their time, by the same phases the call records and the UI show.
  const name = 'fn_studio_call_phase_seconds_total';
  const lines = (Object.keys(PHASE_LABELS) as Array<keyof PhaseTotals>).map(
    (k) => `${name}{phase="${PHASE_LABELS[k]}"} ${phases[k] / 1000}\n`,
  );
  return `${text}# HELP ${name} Time ended calls spent in each phase (seconds)\n# TYPE ${name} counter\n${lines.join('')}`;
}
