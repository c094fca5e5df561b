// /metrics text: Fn's names, and where ended calls spent their time by phase.
import { describe, expect, it } from 'vitest';
import type { AgentStats } from '../../src/main/core/agent';
import { metricsText, noPhaseTotals } from '../../src/main/host/metrics';

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
});
