// Export of call records: NDJSON (one call per line with its log), JSON, CSV (a summary row per call) or the
// logs as plain text. Built in the host so the desktop app and the browser save the very same file.
import type { ExportFormat, ExportedFile } from '../../shared/api-contract';
import type { App, CallRecord, CallUsage, Fn } from '../../shared/models';
import { usageSentence } from '../../shared/usage-words';

export { MAX_EXPORT_CALLS } from '../../shared/api-contract';

// Columns are only ever appended, so a spreadsheet or script that reads them by position keeps working.
const CSV_COLUMNS = [
  'id',
  'fn_id',
  'app_id',
  'type',
  'status',
  'http_status',
  'start_kind',
  'container_id',
  'created_at',
  'started_at',
  'completed_at',
  'queue_ms',
  'resource_wait_ms',
  'launch_ms',
  'exec_ms',
  'error',
  'app_name',
  'fn_name',
  'container_wait_ms',
  'waiting_for',
  'error_kind',
  'memory_peak_mb',
  'memory_peak_exact',
  'memory_limit_mb',
  'cpu_ms',
  'usage_span',
  'usage_span_ms',
  'usage_calls',
  'usage_cut_short',
  'usage_source',
] as const;

/** The names of calls' apps and functions (two apps may each have a function of the same name). */
export interface CallNames {
  /** Undefined once the app or function is deleted: its calls keep only the id. */
  app(appId: string): string | undefined;
  fn(fnId: string): string | undefined;
}

export const NO_NAMES: CallNames = { app: () => undefined, fn: () => undefined };

/** The names the registry knows now, read once for a whole export. */
export function registryNames(registry: { listApps(): App[]; listFns(): Fn[] }): CallNames {
  const apps = new Map(registry.listApps().map((a) => [a.id, a.name]));
  const fns = new Map(registry.listFns().map((f) => [f.id, f.name]));
  return { app: (id) => apps.get(id), fn: (id) => fns.get(id) };
}

// A spreadsheet runs a cell that begins with one of these as a formula (OWASP, CSV injection): a function's error
// text or a name like "-cmd" must not. Only text is neutralised; the numbers written here are never formulas.
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const namesOf = (r: CallRecord, names: CallNames) => ({
  app_name: names.app(r.app_id) ?? null,
  fn_name: names.fn(r.fn_id) ?? null,
});

/** A record's usage as CSV cells (empty when it has none). */
const usageCells = (u: CallUsage | null | undefined) =>
  u
    ? {
        memory_peak_mb: u.memory_peak_mb,
        memory_peak_exact: u.memory_peak_exact,
        memory_limit_mb: u.memory_limit_mb,
        cpu_ms: u.cpu_ms,
        usage_span: u.span,
        usage_span_ms: u.span_ms,
        usage_calls: u.calls,
        usage_cut_short: u.cut_short,
        usage_source: u.source,
      }
    : {};

function csvRow(r: CallRecord, names: CallNames): string {
  const flat: Record<string, unknown> = { ...r, ...r.timings, ...namesOf(r, names), ...usageCells(r.usage) };
  return CSV_COLUMNS.map((c) => csvCell(flat[c])).join(',');
}

function textHead(r: CallRecord, names: CallNames): string {
  const { app_name, fn_name } = namesOf(r, names);
  const parts = [
    `call ${r.id}`,
    `fn ${r.fn_id}${fn_name ? ` (${app_name ?? r.app_id}/${fn_name})` : ''}`,
    `${r.status}${r.http_status ? ` ${r.http_status}` : ''}`,
    r.created_at,
  ];
  if (r.waiting_for) parts.push(`waiting_for ${r.waiting_for}`);
  if (r.timings.container_wait_ms !== undefined)
    parts.push(`container_wait_ms ${r.timings.container_wait_ms}`);
  if (r.usage !== undefined) parts.push(usageSentence(r.usage));
  return `=== ${parts.join(' · ')} ===`;
}

export function exportCalls(
  records: CallRecord[],
  logOf: (id: string) => string,
  format: ExportFormat,
  names: CallNames = NO_NAMES,
  now = new Date(),
): ExportedFile {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const name = (ext: string) => `fn-studio-calls-${stamp}.${ext}`;
  const withLog = (r: CallRecord) => ({ ...r, ...namesOf(r, names), log: logOf(r.id) });
  switch (format) {
    case 'ndjson':
      return {
        filename: name('ndjson'),
        mime: 'application/x-ndjson',
        content: records.map((r) => JSON.stringify(withLog(r))).join('\n') + (records.length ? '\n' : ''),
      };
    case 'json':
      return {
        filename: name('json'),
        mime: 'application/json',
        content: JSON.stringify(records.map(withLog), null, 2),
      };
    case 'csv':
      return {
        filename: name('csv'),
        mime: 'text/csv',
        content: [CSV_COLUMNS.join(','), ...records.map((r) => csvRow(r, names))].join('\r\n') + '\r\n',
      };
    case 'text':
      return {
        filename: name('log.txt'),
        mime: 'text/plain',
        content: records.map((r) => `${textHead(r, names)}\n${logOf(r.id)}`).join('\n'),
      };
  }
}
