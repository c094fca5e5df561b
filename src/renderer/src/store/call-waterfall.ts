// The timing waterfall's geometry: each phase of a call as an offset and a width in percent of the whole, and the
// phases of a call still waiting or running, as they stand now.
import type { CallRecord, CallTimings } from '../../../shared/models';

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

type Timed = Pick<CallRecord, 'status' | 'created_at' | 'started_at' | 'timings' | 'waiting_for'>;

/** Whether the call is still waiting or running: its phases are still growing. */
export const isLive = (call: Pick<CallRecord, 'status'>): boolean =>
  call.status === 'queued' || call.status === 'running';

/**
 * An ended call's measured phases; for a live one, its wait so far (by what it waits for) and its run so far, so the
 * waterfall grows while you watch. The measured phases replace these when the call ends.
 */
export function timingsOf(call: Timed, now: number): CallTimings {
  if (!isLive(call)) return call.timings;
  const created = Date.parse(call.created_at);
  const started = call.started_at ? Date.parse(call.started_at) : undefined;
  const wait = Math.max(0, (started ?? now) - created);
  const t: CallTimings = { ...call.timings, exec_ms: started === undefined ? 0 : Math.max(0, now - started) };
  const phase: keyof CallTimings =
    call.waiting_for === 'memory'
      ? 'resource_wait_ms'
      : call.waiting_for === 'launch' || call.waiting_for === 'container'
        ? 'container_wait_ms'
        : 'queue_ms';
  t[phase] = wait;
  return t;
}

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
