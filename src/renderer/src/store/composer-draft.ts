// The composer's request draft: its defaults, validation before sending, and the request it means.
import type { ComposerDraft, HeaderRow, HistoryEntry, SentRequest } from '../../../shared/composer-history';
import { invokePath } from './trigger-target';

export type {
  BodyMode,
  ComposerDraft,
  HeaderRow,
  HistoryEntry,
  SavedRequest,
  SentRequest,
} from '../../../shared/composer-history';

export const defaultDraft = (fnId: string): ComposerDraft => ({
  method: 'POST',
  path: invokePath(fnId),
  headers: [{ key: 'Content-Type', value: 'text/plain' }],
  body: '',
  bodyMode: 'text',
  detached: false,
});

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** What is wrong with the draft in words, or null; checked before anything crosses to the host. */
export function draftProblem(d: ComposerDraft): string | null {
  if (!TOKEN.test(d.method)) return `"${d.method}" is not an HTTP method`;
  if (!d.path.startsWith('/')) return 'the path must start with /';
  if (/\s/.test(d.path)) return 'the path must not contain spaces';
  for (const row of d.headers) {
    if (row.key === '' && row.value === '') continue;
    if (!TOKEN.test(row.key)) return `"${row.key}" is not a valid header name`;
    if (/[\r\n]/.test(row.value)) return `the value of ${row.key} must be on one line`;
  }
  if (d.bodyMode === 'json') return jsonProblem(d.body);
  return null;
}

/** The JSON parse error of a body, or null when it parses (an empty body is allowed). */
export function jsonProblem(body: string): string | null {
  if (body.trim() === '') return null;
  try {
    JSON.parse(body);
    return null;
  } catch (err) {
    return `Invalid JSON: ${err instanceof Error ? err.message : String(err)}`;
  }
}

export function toRequest(d: ComposerDraft): SentRequest {
  const headers: Record<string, string> = {};
  for (const row of d.headers) if (row.key !== '') headers[row.key] = row.value;
  if (d.detached) headers['Fn-Invoke-Type'] = 'detached';
  return { method: d.method, path: d.path, headers, body: d.body };
}

export function fromRequest(r: SentRequest): ComposerDraft {
  const detached = Object.entries(r.headers).some(
    ([k, v]) => k.toLowerCase() === 'fn-invoke-type' && v === 'detached',
  );
  const headers = Object.entries(r.headers)
    .filter(([k]) => k.toLowerCase() !== 'fn-invoke-type')
    .map(([key, value]) => ({ key, value }));
  return { method: r.method, path: r.path, headers, body: r.body, bodyMode: 'text', detached };
}

/** History entries by function, newest first (the host keeps them as one list). */
export function historyByFn(entries: readonly HistoryEntry[]): Record<string, HistoryEntry[]> {
  const out: Record<string, HistoryEntry[]> = {};
  for (const e of entries) (out[e.fnId] ??= []).push(e);
  return out;
}

/** Switching to JSON turns the default text/plain Content-Type into application/json; a custom one is kept. */
export function withJsonContentType(rows: HeaderRow[]): HeaderRow[] {
  return rows.map((r) =>
    r.key.toLowerCase() === 'content-type' && r.value === 'text/plain'
      ? { ...r, value: 'application/json' }
      : r,
  );
}
