// The composer's request draft: its shape, defaults, validation before sending, and what is kept in localStorage.
import { loadJson, saveJson } from './local-storage';
import { invokePath } from './trigger-target';

export interface HeaderRow {
  key: string;
  value: string;
}

export type BodyMode = 'text' | 'json';

export interface ComposerDraft {
  method: string;
  path: string;
  headers: HeaderRow[];
  body: string;
  bodyMode: BodyMode;
  detached: boolean;
}

/** Exactly what goes to sendHttp, kept with history entries so a re-run or a curl copy repeats it. */
export interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface HistoryEntry {
  id: string;
  fnId: string;
  at: string;
  request: SentRequest;
  status: number;
  durationMs: number;
  headers: Record<string, string>;
  body: string;
  callId: string | null;
}

export interface SavedRequest {
  name: string;
  fnId: string;
  draft: ComposerDraft;
}

export const DRAFTS_KEY = 'fn-studio.composer.drafts';
export const HISTORY_KEY = 'fn-studio.composer.history';
export const SAVED_KEY = 'fn-studio.composer.saved';
export const HISTORY_LIMIT = 50;
// Responses are kept for diffing; a cap keeps localStorage (about 5 MB) from filling with one huge body.
export const KEPT_BODY_CHARS = 64 * 1024;

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

export const loadDrafts = () => loadJson<Record<string, ComposerDraft>>(DRAFTS_KEY, {});
export const saveDrafts = (d: Record<string, ComposerDraft>) => saveJson(DRAFTS_KEY, d);
export const loadHistory = () => loadJson<Record<string, HistoryEntry[]>>(HISTORY_KEY, {});
export const saveHistory = (h: Record<string, HistoryEntry[]>) => saveJson(HISTORY_KEY, h);
export const loadSaved = () => loadJson<SavedRequest[]>(SAVED_KEY, []);
export const saveSaved = (s: SavedRequest[]) => saveJson(SAVED_KEY, s);

/** Adds an entry to its function's history, newest first, keeping HISTORY_LIMIT. */
export function addToHistory(
  all: Record<string, HistoryEntry[]>,
  entry: HistoryEntry,
): Record<string, HistoryEntry[]> {
  const kept = { ...entry, body: entry.body.slice(0, KEPT_BODY_CHARS) };
  return { ...all, [entry.fnId]: [kept, ...(all[entry.fnId] ?? [])].slice(0, HISTORY_LIMIT) };
}

/** Switching to JSON turns the default text/plain Content-Type into application/json; a custom one is kept. */
export function withJsonContentType(rows: HeaderRow[]): HeaderRow[] {
  return rows.map((r) =>
    r.key.toLowerCase() === 'content-type' && r.value === 'text/plain'
      ? { ...r, value: 'application/json' }
      : r,
  );
}
