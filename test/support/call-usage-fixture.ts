// One call's cost figures for tests: a cgroup-v1 reading of a single call; tests override what they look at.
import type { CallUsage } from '../../src/shared/models';

export const callUsage = (over: Partial<CallUsage> = {}): CallUsage => ({
  source: 'cgroup-v1',
  memory_peak_mb: 20,
  memory_peak_exact: true,
  memory_limit_mb: 128,
  cpu_ms: 3,
  span: 'call',
  span_ms: 1000,
  calls: 1,
  cut_short: false,
  ...over,
});
