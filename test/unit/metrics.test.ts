// /metrics text: Fn's names, the per-call series again per function with its labels, and where ended calls spent
// their time by phase.
import { describe, expect, it } from 'vitest';
import type { AgentStats } from '../../src/main/core/agent';
import { fnSeries, metricsText, noPhaseTotals } from '../../src/main/host/metrics';
import type { App, Fn } from '../../src/shared/models';

const stats = {
  pool: { total_mb: 1024, used_mb: 256, waiting: 1 },
  calls: { queued: 1, running: 2, completed: 3, failed: 0, timed_out: 0, cancelled: 0 },
  functions: {},
  containers: { starting: 0, idle: 1, busy: 2, paused: 0, stopping: 0 },
} as unknown as AgentStats;

describe('metricsText', () => {
  it('adds the seconds ended calls spent in each phase, by the call timings of the records', () => {
    const phases = { ...noPhaseTotals(), container_wait_ms: 1500, exec_ms: 250 };
    const text = metricsText({ stats, detachedQueued: 0, serverBusy: 0, phases });
    expect(text).toContain('# TYPE fn_studio_call_phase_seconds_total counter');
    expect(text).toContain('fn_studio_call_phase_seconds_total{phase="container_wait"} 1.5\n');
    expect(text).toContain('fn_studio_call_phase_seconds_total{phase="exec"} 0.25\n');
    expect(text).toContain('fn_studio_call_phase_seconds_total{phase="memory_wait"} 0\n');
    expect(text).toContain('fn_running 2\n');
  });

  it('repeats each per-call series per function, labelled with its ids and names, after the unchanged total', () => {
    const counts = (over: Partial<Record<string, number>>) => ({
      queued: 0,
      running: 0,
      completed: 0,
      failed: 0,
      timed_out: 0,
      cancelled: 0,
      ...over,
    });
    const registry = {
      listApps: () => [{ id: 'A1', name: 'shop' } as App],
      listFns: () => [{ id: 'F1', name: 'cart', app_id: 'A1' } as Fn],
    };
    const byFn = fnSeries(
      { F1: counts({ running: 2, completed: 3 }), F9: counts({ failed: 1 }) },
      { F1: 1 },
      { F9: 4 },
      registry,
    );
    const text = metricsText({ stats, detachedQueued: 1, serverBusy: 4, byFn });
    const cart = 'fn_id="F1",app_id="A1",fn_appname="shop",fn_name="cart"';
    // A function deleted since its calls keeps its counts, without names.
    const gone = 'fn_id="F9",app_id="",fn_appname="",fn_name=""';
    expect(text).toContain(`fn_calls 7\nfn_calls{${cart}} 6\nfn_calls{${gone}} 1\n`);
    expect(text).toContain(`fn_queued 2\nfn_queued{${cart}} 1\nfn_queued{${gone}} 0\n`);
    expect(text).toContain(`fn_running{${cart}} 2\n`);
    expect(text).toContain(`fn_completed{${cart}} 3\n`);
    expect(text).toContain(`fn_errors{${gone}} 1\n`);
    expect(text).toContain(`fn_server_busy 4\nfn_server_busy{${cart}} 0\nfn_server_busy{${gone}} 4\n`);
    // Container and memory gauges are the host's, not a function's.
    expect(text).not.toMatch(/fn_container_idle_total\{/);
    expect(text).toMatch(/# HELP fn_container_paused_total .*always 0/);
  });
});
