// One sample of a container's cgroup figures, read from the engine's stats (`GET /containers/{id}/stats`).
import type { CallUsage, ContainerInfo } from '../../shared/models';

export interface UsageSample {
  /** When the engine took it, on this machine's clock (ms since the epoch). */
  at: number;
  /** CPU time used since the container started, ns (`cpu_stats.cpu_usage.total_usage`). */
  cpuNs: number;
  /** Memory in use (`memory_stats.usage`), bytes. */
  memoryBytes: number;
  /** cgroup v1's high-water mark since the container started (`max_usage`); absent where there is none (v2). */
  maxMemoryBytes?: number;
  source: CallUsage['source'];
}

/** The part of an engine stats frame read here; every field may be absent (Docker leaves out zeros). */
export interface StatsFrame {
  read?: string;
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: {
    usage?: number;
    max_usage?: number;
    stats?: Record<string, number | undefined>;
  };
}

/**
 * Which cgroup figures a frame holds. Docker's v1 figures carry v1's `total_*` / `hierarchical_*` counters beside
 * `max_usage`; its v2 figures carry v2's `anon` / `file`. An engine that sends neither (Podman's compatible API
 * sends `max_usage` equal to the limit, not a high-water mark) has its `max_usage` ignored.
 */
export function statsSource(frame: StatsFrame): CallUsage['source'] {
  const stats = frame.memory_stats?.stats ?? {};
  if ('hierarchical_memory_limit' in stats || 'total_rss' in stats) return 'cgroup-v1';
  if ('anon' in stats || 'file' in stats) return 'cgroup-v2';
  return 'engine';
}

/**
 * A frame's figures, or undefined for a frame without them (the engine sends empty ones for a container that is
 * not running). `read` is the engine's clock: `clockOffsetMs` (arrival minus `read`, its smallest seen) brings it
 * onto this machine's, absorbing the delivery delay and any difference between the two clocks (a remote engine).
 */
export function sampleOf(frame: StatsFrame, clockOffsetMs: number): UsageSample | undefined {
  const read = readTime(frame);
  const cpuNs = frame.cpu_stats?.cpu_usage?.total_usage;
  const memoryBytes = frame.memory_stats?.usage;
  if (read === undefined || !cpuNs || memoryBytes === undefined) return undefined;
  const source = statsSource(frame);
  const max = frame.memory_stats?.max_usage;
  return {
    at: read + clockOffsetMs,
    cpuNs,
    memoryBytes,
    ...(source === 'cgroup-v1' && max !== undefined ? { maxMemoryBytes: max } : {}),
    source,
  };
}

/** The engine's time of a frame, ms; undefined for the zero time of an empty frame. */
export function readTime(frame: StatsFrame): number | undefined {
  const t = frame.read ? Date.parse(frame.read) : NaN;
  return Number.isFinite(t) && t > 0 ? t : undefined;
}

/** Bytes as MB (MiB) with one decimal, as records and views show them. */
export const mbOf = (bytes: number): number => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/** What a container's live view shows of a sample: memory now, its high-water mark (v1), CPU since its start. */
export function containerFigures(
  s: UsageSample,
): Pick<ContainerInfo, 'memory_used_mb' | 'memory_peak_mb' | 'cpu_ms'> {
  return {
    memory_used_mb: mbOf(s.memoryBytes),
    ...(s.maxMemoryBytes !== undefined ? { memory_peak_mb: mbOf(s.maxMemoryBytes) } : {}),
    cpu_ms: Math.round(s.cpuNs / 1e6),
  };
}

/** Whether new figures differ from those a container shows (unchanged ones send no update to the UI). */
export function figuresChanged(info: ContainerInfo, next: ReturnType<typeof containerFigures>): boolean {
  return (Object.keys(next) as Array<keyof typeof next>).some((k) => info[k] !== next[k]);
}
