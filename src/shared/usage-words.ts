// What a call cost, in words: one rule for the call detail, the Calls table and the text export.
import type { CallUsage } from './models';

/** MB as shown: whole above 10, one decimal below. */
export const mbText = (mb: number): string => (mb >= 10 ? String(Math.round(mb)) : String(mb));

/** CPU time as shown: ms below a second, then seconds. */
export const cpuText = (ms: number): string =>
  ms < 1000 ? `${ms >= 10 ? Math.round(ms) : ms} ms` : `${(ms / 1000).toFixed(1)} s`;

/** The short form, "used 41 of 128 MB, 12 ms CPU" ("at least" where the peak is only a lower bound). */
export function usageHeadline(u: CallUsage): string {
  const peak = `${u.memory_peak_exact ? '' : 'at least '}${mbText(u.memory_peak_mb)}`;
  return `used ${peak} of ${u.memory_limit_mb} MB, ${cpuText(u.cpu_ms)} CPU`;
}

/** What the figures cover beyond the call alone, each as a clause. */
export function usageNotes(u: CallUsage): string[] {
  const notes: string[] = [];
  if (u.span === 'container') notes.push('over the container’s whole life');
  if (u.span === 'call_and_start') notes.push('counting the container’s start');
  if (u.calls > 1) {
    const others = u.calls - 1;
    notes.push(`together with ${others} other call${others === 1 ? '' : 's'} in the same engine sample`);
  }
  if (u.cut_short && u.span !== 'container')
    notes.push('up to the engine’s last sample: none came after the call');
  return notes;
}

/** Why a call that ran has no figures. */
export const NO_USAGE_TEXT =
  'no figures: no sample of the engine’s covered the call (it samples about once a second, and the container ended first)';

/** The whole sentence: headline, then what it covers. */
export function usageSentence(u: CallUsage | null): string {
  if (!u) return NO_USAGE_TEXT;
  const notes = usageNotes(u);
  return notes.length ? `${usageHeadline(u)} (${notes.join('; ')})` : usageHeadline(u);
}

/** The Calls table's cell: used of limit. */
export function memoryCell(peakMb: number | undefined, limitMb: number | undefined): string {
  if (peakMb === undefined || limitMb === undefined) return '—';
  return `${mbText(peakMb)} of ${limitMb} MB`;
}
