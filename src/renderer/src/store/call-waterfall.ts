// The timing waterfall's geometry: each phase of a call (models.ts CallTimings, in their order) as an offset and a
// width in percent of the whole.
import type { CallTimings } from '../../../shared/models';

export interface WaterfallPhase {
  key: keyof CallTimings;
  label: string;
  ms: number;
  /** Percent of the total where the phase starts, and its width. */
  left: number;
  width: number;
}

const PHASES: readonly [keyof CallTimings, string][] = [
  ['queue_ms', 'Queue'],
  ['resource_wait_ms', 'Memory wait'],
  ['container_wait_ms', 'Container wait'],
  ['launch_ms', 'Launch'],
  ['exec_ms', 'Exec'],
];

export function waterfall(t: CallTimings): { total: number; phases: WaterfallPhase[] } {
  const values = PHASES.map(([k]) => Math.max(0, Number(t[k]) || 0));
  const total = values.reduce((a, b) => a + b, 0);
  let at = 0;
  const phases = PHASES.map(([key, label], i) => {
    const ms = values[i];
    const left = total > 0 ? (at / total) * 100 : 0;
    const width = total > 0 ? (ms / total) * 100 : 0;
    at += ms;
    return { key, label, ms, left, width };
  });
  return { total, phases };
}

/** A duration for people: whole milliseconds, with one decimal below 10 ms. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms < 10 ? `${Math.round(ms * 10) / 10} ms` : `${Math.round(ms)} ms`;
}
