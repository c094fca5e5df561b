// Pure view logic for the RAM gauge: the pool's numbers and the sentence that says why calls wait.
import type { ContainerInfo, RamSample } from '../../../../shared/models';

export interface RamGaugeModel {
  totalMb: number;
  usedMb: number;
  busyMb: number;
  idleMb: number;
  waiting: number;
  /** 0..1, how full the pool is. */
  fraction: number;
  level: 'ok' | 'warn' | 'bad';
}

/** The gauge's numbers from the newest sample; null before the first one arrives. */
export function gaugeModel(sample: RamSample | undefined): RamGaugeModel | null {
  if (!sample) return null;
  const fraction = sample.total_mb > 0 ? Math.min(1, sample.used_mb / sample.total_mb) : 0;
  // Full with calls waiting is the state that needs explaining, so it gets the strongest colour.
  const level = sample.waiting > 0 ? 'bad' : fraction >= 0.8 ? 'warn' : 'ok';
  return {
    totalMb: sample.total_mb,
    usedMb: sample.used_mb,
    busyMb: sample.busy_mb,
    idleMb: sample.idle_mb,
    waiting: sample.waiting,
    fraction,
    level,
  };
}

/** Containers that hold pool memory: every live one (ended containers have given theirs back). */
export function holdingContainers(containers: readonly ContainerInfo[]): ContainerInfo[] {
  return containers.filter((c) => !c.ended_at);
}

/**
 * "6 containers of 256 MB and 2 of 128 MB": the holders grouped by size, biggest size first; with the http-stream
 * relays that serve some of them, which hold pool memory beside them ("…, plus 2 relays of 64 MB").
 */
export function describeHolders(containers: readonly ContainerInfo[]): string {
  const bySize = new Map<number, number>();
  const relays = new Map<number, number>();
  for (const c of holdingContainers(containers)) {
    bySize.set(c.memory_mb, (bySize.get(c.memory_mb) ?? 0) + 1);
    if (c.relay_memory_mb) relays.set(c.relay_memory_mb, (relays.get(c.relay_memory_mb) ?? 0) + 1);
  }
  const groups = [...bySize.entries()].sort((a, b) => b[0] - a[0]);
  if (groups.length === 0) return 'no containers';
  const parts = groups.map(([mb, n], i) => {
    const noun = i === 0 ? (n === 1 ? ' container' : ' containers') : '';
    return `${n}${noun} of ${mb} MB`;
  });
  const text =
    parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  const relayParts = [...relays.entries()].map(
    ([mb, n]) => `${n} http-stream ${n === 1 ? 'relay' : 'relays'} of ${mb} MB`,
  );
  return relayParts.length ? `${text}, plus ${relayParts.join(' and ')}` : text;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * Why calls wait, in words, e.g. "3 calls waiting: 2048 of 2048 MB held by 8 containers of 256 MB".
 * The idle part matters because a launch may evict idle containers, so waiting behind them is short.
 */
export function explainWaiting(sample: RamSample | undefined, containers: readonly ContainerInfo[]): string {
  if (!sample) return 'No memory samples yet.';
  // Busy and idle are the host's counts; the rest of what is held belongs to containers between those states.
  const other = sample.used_mb - sample.busy_mb - sample.idle_mb;
  const transit = other > 0 ? ` (${other} MB by containers starting, paused or stopping)` : '';
  const holders = `${sample.used_mb} of ${sample.total_mb} MB held by ${describeHolders(containers)}${transit}`;
  if (sample.waiting === 0) return `No calls waiting: ${holders}.`;
  const head = `${plural(sample.waiting, 'call', 'calls')} waiting: ${holders}`;
  if (sample.idle_mb > 0) {
    return `${head}; ${sample.idle_mb} MB of it is idle containers that a launch may evict.`;
  }
  return `${head}, none of it idle; a call runs when one of them finishes.`;
}
