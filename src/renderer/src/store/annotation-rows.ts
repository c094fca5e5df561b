// Annotations as editable key/value rows: a value that parses as JSON is that JSON value, any other text a string.
import type { ConfigRow } from './catalog-config-rows';
import type { FormIssue } from './fn-form';

type JsonParse = { ok: true; value: unknown } | { ok: false };

function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The text shown for a stored value; parsing it back with `annotationValue` gives the same value. */
export function annotationText(value: unknown): string {
  // A string that itself reads as JSON ("42", "true", "[1]") is shown quoted, so saving the form unchanged
  // keeps it a string instead of turning it into a number, boolean or list.
  if (typeof value === 'string' && !parseJson(value).ok) return value;
  return JSON.stringify(value) ?? String(value);
}

/** The value sent for a row's text: JSON when it parses as JSON, otherwise the text as a string. */
export function annotationValue(text: string): unknown {
  const parsed = parseJson(text);
  return parsed.ok ? parsed.value : text;
}

export const rowsFromAnnotations = (annotations: Record<string, unknown>): ConfigRow[] =>
  Object.entries(annotations).map(([key, value]) => ({ key, value: annotationText(value) }));

/** The rows as an object; blank rows are ignored; empty, repeated or unsafe keys and empty values are issues. */
export function parseAnnotationRows(
  rows: readonly ConfigRow[],
): { ok: true; annotations: Record<string, unknown> } | { ok: false; issues: FormIssue[] } {
  const annotations: Record<string, unknown> = {};
  const issues: FormIssue[] = [];
  const issue = (message: string) => issues.push({ field: 'annotations', message });
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '' && row.value === '') continue;
    const value = annotationValue(row.value);
    if (key === '') issue('an annotation needs a key');
    else if (key === '__proto__') issue('"__proto__" cannot be used as an annotation key');
    else if (Object.hasOwn(annotations, key)) issue(`annotation "${key}" is given twice`);
    // Fn's update treats "" as "delete this key", so an empty value could never be stored.
    else if (value === '') issue(`annotation "${key}" needs a value (an empty value deletes it)`);
    else annotations[key] = value;
  }
  return issues.length ? { ok: false, issues } : { ok: true, annotations };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What PUT needs to turn `before` into `after`: changed keys, and "" for each removed key (merge semantics). */
export function annotationsPatch(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) patch[key] = '';
  for (const [key, value] of Object.entries(after))
    if (!Object.hasOwn(before, key) || !same(before[key], value)) patch[key] = value;
  return patch;
}
