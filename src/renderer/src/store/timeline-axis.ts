// The timeline's time axis: ticks at round moments, and clock times (local) as precise as the zoom needs, so a
// window looked back at says which moment it shows.
import type { TimeWindow } from './timeline-viewport';

/** Tick steps, shortest first: round numbers of milliseconds, seconds and minutes. */
const STEPS_MS = [
  1,
  2,
  5,
  10,
  20,
  50,
  100,
  200,
  500,
  1_000,
  2_000,
  5_000,
  10_000,
  15_000,
  30_000,
  60_000,
  2 * 60_000,
  5 * 60_000,
  10 * 60_000,
  15 * 60_000,
  30 * 60_000,
];

export interface Tick {
  atMs: number;
  /** Percent of the window width. */
  at: number;
  label: string;
}

/** The shortest round step that puts at most `maxTicks` ticks in `spanMs`. */
export function tickStep(spanMs: number, maxTicks: number): number {
  return STEPS_MS.find((s) => spanMs / s <= Math.max(1, maxTicks)) ?? STEPS_MS[STEPS_MS.length - 1];
}

const two = (n: number) => String(n).padStart(2, '0');

/** A local clock time, with as many digits of the second's fraction (0–3) as a step of `stepMs` needs. */
export function clockLabel(t: number, stepMs: number): string {
  const d = new Date(t);
  const base = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  const digits = stepMs >= 1000 ? 0 : stepMs >= 100 ? 1 : stepMs >= 10 ? 2 : 3;
  if (digits === 0) return base;
  return `${base}.${String(d.getMilliseconds()).padStart(3, '0').slice(0, digits)}`;
}

/** Ticks at the multiples of a round step inside the window. */
export function axisTicks(w: TimeWindow, maxTicks: number): Tick[] {
  const span = w.endMs - w.startMs;
  const step = tickStep(span, maxTicks);
  const ticks: Tick[] = [];
  for (let t = Math.ceil(w.startMs / step) * step; t <= w.endMs; t += step) {
    ticks.push({ atMs: t, at: ((t - w.startMs) / span) * 100, label: clockLabel(t, step) });
  }
  return ticks;
}

/** The window as two clock times, e.g. "10:00:01.2 – 10:00:01.3". */
export function windowLabel(w: TimeWindow): string {
  const step = tickStep(w.endMs - w.startMs, 100);
  return `${clockLabel(w.startMs, step)} – ${clockLabel(w.endMs, step)}`;
}
