// Export of call records: NDJSON (one call per line with its log), JSON, CSV (a summary row per call) or the
// logs as plain text. Built in the host so the desktop app and the browser save the very same file.
import type { ExportFormat, ExportedFile } from '../../shared/api-contract';
import type { CallRecord } from '../../shared/models';

export { MAX_EXPORT_CALLS } from '../../shared/api-contract';

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
] as const;

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(r: CallRecord): string {
  const flat: Record<string, unknown> = { ...r, ...r.timings };
  return CSV_COLUMNS.map((c) => csvCell(flat[c])).join(',');
}

export function exportCalls(
  records: CallRecord[],
  logOf: (id: string) => string,
  format: ExportFormat,
  now = new Date(),
): ExportedFile {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const name = (ext: string) => `fn-studio-calls-${stamp}.${ext}`;
  switch (format) {
    case 'ndjson':
      return {
        filename: name('ndjson'),
        mime: 'application/x-ndjson',
        content:
          records.map((r) => JSON.stringify({ ...r, log: logOf(r.id) })).join('\n') +
          (records.length ? '\n' : ''),
      };
    case 'json':
      return {
        filename: name('json'),
        mime: 'application/json',
        content: JSON.stringify(
          records.map((r) => ({ ...r, log: logOf(r.id) })),
          null,
          2,
        ),
      };
    case 'csv':
      return {
        filename: name('csv'),
        mime: 'text/csv',
        content: [CSV_COLUMNS.join(','), ...records.map(csvRow)].join('\r\n') + '\r\n',
      };
    case 'text':
      return {
        filename: name('log.txt'),
        mime: 'text/plain',
        content: records
          .map((r) => {
            const head = `=== call ${r.id} · fn ${r.fn_id} · ${r.status}${r.http_status ? ` ${r.http_status}` : ''} · ${r.created_at} ===`;
            return `${head}\n${logOf(r.id)}`;
          })
          .join('\n'),
      };
  }
}
