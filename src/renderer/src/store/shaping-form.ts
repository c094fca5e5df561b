// The function form's shaping fields (CPU limit, concurrency cap, min-warm) as text boxes, to and from the
// annotations they are kept under, checked with the host's own rules (fn-shaping.ts).
import {
  readShaping,
  SHAPING_FIELDS,
  SHAPING_KEYS,
  type ShapingField,
  type ShapingIssue,
} from '../../../shared/fn-shaping';
import type { FnFormat } from '../../../shared/models';

export type ShapingFormValues = Record<ShapingField, string>;

export const EMPTY_SHAPING: ShapingFormValues = { cpus: '', max_concurrency: '', min_warm: '' };

const SHAPING_KEY_SET: ReadonlySet<string> = new Set(Object.values(SHAPING_KEYS));

/** The boxes filled from a stored function's annotations ('' where a setting is absent). */
export function shapingToForm(annotations: Record<string, unknown>): ShapingFormValues {
  const out = { ...EMPTY_SHAPING };
  for (const field of SHAPING_FIELDS) {
    const v = annotations[SHAPING_KEYS[field]];
    if (v !== undefined && v !== null) out[field] = String(v);
  }
  return out;
}

/** The annotations other than the shaping ones (those have boxes of their own). */
export function withoutShaping(annotations: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(annotations).filter(([k]) => !SHAPING_KEY_SET.has(k)));
}

/**
 * The boxes as annotations (an empty box: the setting is absent), or the issues the host would refuse them with;
 * what needs the engine or the pool (CPUs, memory) is the host's to check.
 */
export function parseShapingForm(
  values: ShapingFormValues,
  format: string,
): { ok: true; annotations: Record<string, number> } | { ok: false; issues: ShapingIssue[] } {
  const annotations: Record<string, number> = {};
  const given: Record<string, string> = {};
  for (const field of SHAPING_FIELDS)
    if (values[field].trim() !== '') given[SHAPING_KEYS[field]] = values[field].trim();
  const read = readShaping(given);
  if (!read.ok) return read;
  for (const field of SHAPING_FIELDS) {
    const v = read.shaping[field];
    if (v !== undefined) annotations[SHAPING_KEYS[field]] = v;
  }
  const { min_warm: warm, max_concurrency: cap } = read.shaping;
  if (warm !== undefined && (format as FnFormat) === 'default')
    return {
      ok: false,
      issues: [
        {
          field: 'min_warm',
          message: 'Min warm needs a hot format: default runs one cold container per call',
        },
      ],
    };
  if (warm !== undefined && cap !== undefined && warm > cap)
    return {
      ok: false,
      issues: [
        { field: 'min_warm', message: `Min warm (${warm}) is more than the concurrency cap (${cap})` },
      ],
    };
  return { ok: true, annotations };
}

/** The shaping setting a host message is about (it names the annotation), so the form can mark that box. */
export function shapingFieldOf(message: string): ShapingField | null {
  return SHAPING_FIELDS.find((f) => message.includes(SHAPING_KEYS[f])) ?? null;
}
