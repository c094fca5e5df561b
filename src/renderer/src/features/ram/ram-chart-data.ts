// Pure view logic for the memory chart: the last 5 minutes of 1 Hz samples as recharts rows.
import type { RamSample } from '../../../../shared/models';

export const CHART_WINDOW_MS = 5 * 60 * 1000;

export interface RamChartRow {
  /** Milliseconds since the epoch, for a numeric time axis. */
  t: number;
  busy: number;
  idle: number;
  total: number;
  /** Calls waiting for memory. */
  waiting: number;
  /** Calls waiting for a container (one starting, or a busy one): not a memory wait. */
  waitingContainer: number;
}

/** Samples within the window that ends at the newest sample, oldest first; unparsable times are dropped. */
export function chartRows(samples: readonly RamSample[], windowMs = CHART_WINDOW_MS): RamChartRow[] {
  const rows: RamChartRow[] = [];
  for (const s of samples) {
    const t = Date.parse(s.at);
    if (Number.isNaN(t)) continue;
    rows.push({
      t,
      busy: s.busy_mb,
      idle: s.idle_mb,
      total: s.total_mb,
      waiting: s.waiting,
      waitingContainer: s.waiting_container ?? 0,
    });
  }
  rows.sort((a, b) => a.t - b.t);
  if (rows.length === 0) return rows;
  const end = rows[rows.length - 1].t;
  return rows.filter((r) => r.t > end - windowMs);
}

/** Axis label: "-42 s" relative to the newest sample, so the axis reads as "how long ago". */
export function formatAgo(t: number, endT: number): string {
  const s = Math.round((t - endT) / 1000);
  return s === 0 ? 'now' : `${s} s`;
}

/** The largest waiting count in the rows, so the waiting axis has room (at least 1). */
export function maxWaiting(rows: readonly RamChartRow[]): number {
  return rows.reduce((m, r) => Math.max(m, r.waiting, r.waitingContainer), 1);
}

const TICK_STEPS_MS = [1, 2, 5, 10, 15, 30, 60].map((s) => s * 1000);

/**
 * Time-axis ticks on whole seconds counted back from the newest sample, at most `max` of them, so a
 * chart a few seconds old does not repeat the same rounded label.
 */
export function timeTicks(startT: number, endT: number, max = 6): number[] {
  const span = Math.max(0, endT - startT);
  const step = TICK_STEPS_MS.find((s) => span / s <= max - 1) ?? TICK_STEPS_MS[TICK_STEPS_MS.length - 1];
  const ticks: number[] = [];
  for (let t = endT; t >= startT; t -= step) ticks.unshift(t);
  return ticks;
}

/**
 * The memory axis ends at the pool's size now (or what was held, if more), so a full pool reaches the top and a
 * pool made smaller rescales at once instead of when its old size leaves the window.
 */
export function memoryAxisMax(rows: readonly RamChartRow[]): number {
  const now = rows.length ? rows[rows.length - 1].total : 1;
  return rows.reduce((m, r) => Math.max(m, r.busy + r.idle), Math.max(1, now));
}
