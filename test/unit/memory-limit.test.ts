// The memory-figures rule: which engine figures mean a container reached its memory limit (cgroup v1 and v2).
import { describe, expect, it } from 'vitest';
import { nearLimitMargin, reachedMemoryLimit } from '../../src/main/core/memory-limit';

const MiB = 1024 * 1024;
const limit = 64 * MiB;

describe('reachedMemoryLimit', () => {
  it.each([
    ['v1: an allocation hit the limit (failcnt)', { failcnt: 3, max_usage: 20 * MiB, limit }],
    ['v1: the peak is at the limit', { max_usage: limit, usage: 30 * MiB, limit }],
    ['v1: the peak is within the margin of it', { max_usage: limit - MiB / 2, limit }],
    ['v2: memory.events oom, reported as failcnt', { failcnt: 1, usage: 10 * MiB, limit }],
    ['v2: memory.events oom_kill passed on in stats', { usage: 10 * MiB, limit, stats: { oom_kill: 1 } }],
    ['v2: memory.events oom passed on in stats', { usage: 10 * MiB, limit, stats: { oom: 2 } }],
    ['v2: no peak, but usage at the limit now', { usage: limit - MiB / 4, limit }],
  ])('yes when %s', (_name, figures) => {
    expect(reachedMemoryLimit(figures, limit)).toBe(true);
  });

  it.each([
    ['no figures (an engine that gave none in time)', undefined],
    ['empty figures (an exited container)', {}],
    ['a peak well under the limit', { max_usage: 40 * MiB, usage: 30 * MiB, limit, failcnt: 0 }],
    ['zero counters in stats', { usage: 10 * MiB, limit, stats: { oom: 0, oom_kill: 0 } }],
  ])('no for %s', (_name, figures) => {
    expect(reachedMemoryLimit(figures, limit)).toBe(false);
  });

  it("measures against the engine's limit when a host cgroup made it lower than the one asked for", () => {
    expect(reachedMemoryLimit({ max_usage: 32 * MiB, limit: 32 * MiB }, limit)).toBe(true);
    expect(reachedMemoryLimit({ max_usage: 32 * MiB, limit: 128 * MiB }, limit)).toBe(false);
  });

  it('counts as near: 2 % of the limit, at least 1 MiB', () => {
    expect(nearLimitMargin(16 * MiB)).toBe(MiB);
    expect(nearLimitMargin(1024 * MiB)).toBeCloseTo(20.48 * MiB);
  });
});
