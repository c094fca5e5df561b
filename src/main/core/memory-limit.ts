// Whether a container reached its memory limit, read from the engine's memory figures: the way to tell an
// out-of-memory call when the engine's own OOM notice (the `oom` event, State.OOMKilled) never comes.
//
// How it is decided, from the one-shot stats of the container (`GET /containers/{id}/stats?stream=false`,
// its `memory_stats`):
// - cgroup v1: `failcnt` > 0 (the kernel counted an allocation that hit the limit), or `max_usage` at or near the
//   limit (within the margin below): the container filled its memory even if the kernel never had to kill it.
// - cgroup v2: the engine reports memory.events' `oom` count as `failcnt`; where an engine passes memory.events'
//   `oom` / `oom_kill` on in `memory_stats.stats`, those count too; v2 has no peak, so `usage` at or near the
//   limit at the moment of asking stands in for it.
// A container whose process hangs at its limit (reclaiming, stalled in the kernel) shows exactly this, and no
// OOM notice, until its timeout kills it.

/** The part of the engine's `memory_stats` this reads; every field may be absent (Docker leaves out zeros). */
export interface MemoryFigures {
  usage?: number;
  max_usage?: number;
  limit?: number;
  failcnt?: number;
  stats?: Record<string, number | undefined>;
}

const MiB = 1024 * 1024;

/** How close to the limit counts as at the limit: 2 % of it, at least 1 MiB (pages the kernel keeps in reserve). */
export const nearLimitMargin = (limitBytes: number): number => Math.max(MiB, limitBytes / 50);

/** True when the figures show the container reached its limit; false when they show nothing (or are empty). */
export function reachedMemoryLimit(figures: MemoryFigures | undefined, limitBytes: number): boolean {
  if (!figures) return false;
  const stats = figures.stats ?? {};
  if ((figures.failcnt ?? 0) > 0 || (stats.oom ?? 0) > 0 || (stats.oom_kill ?? 0) > 0) return true;
  // The engine's limit can be lower than the one asked for (a host cgroup caps it).
  const limit = figures.limit && figures.limit < limitBytes ? figures.limit : limitBytes;
  const peak = Math.max(figures.max_usage ?? 0, figures.usage ?? 0);
  return peak > 0 && peak >= limit - nearLimitMargin(limit);
}
