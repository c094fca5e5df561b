// Call export formatting: CSV keeps its columns in order and appends app and function names, the container wait,
// what a call waited for and what it cost; the text and NDJSON exports carry the names too, so same-named functions
// stay apart, and the text says what a call cost in words; a CSV cell that a spreadsheet would run as a formula is
// neutralised.
import { describe, expect, it } from 'vitest';
import { exportCalls, NO_NAMES, registryNames } from '../../src/main/host/call-export';
import type { App, CallRecord, Fn } from '../../src/shared/models';
import { csvCells } from '../support/csv-cells';
import { callUsage } from '../support/call-usage-fixture';

const app = (id: string, name: string) => ({ id, name }) as App;
const fn = (id: string, name: string, app_id: string) => ({ id, name, app_id }) as Fn;
const names = registryNames({
  listApps: () => [app('A1', 'shop'), app('A2', 'blog')],
  listFns: () => [fn('F1', 'hello', 'A1'), fn('F2', 'hello', 'A2')],
});

const call = (id: string, over: Partial<CallRecord>): CallRecord => ({
  id,
  fn_id: 'F1',
  app_id: 'A1',
  type: 'sync',
  status: 'success',
  http_status: 200,
  start_kind: 'hot_reused',
  waiting_for: null,
  created_at: '2026-11-28T10:00:00.000Z',
  timings: { queue_ms: 1, resource_wait_ms: 2, container_wait_ms: 3, launch_ms: 4, exec_ms: 5 },
  request: { method: 'POST', url: '/invoke/F1', headers: {}, body: '', body_truncated: false },
  ...over,
});

const usage = callUsage({ memory_peak_mb: 41.2, cpu_ms: 12.5, span_ms: 1003, calls: 2 });

const records = [
  call('c1', { waiting_for: 'container', usage }),
  call('c2', { fn_id: 'F2', app_id: 'A2', status: 'error', http_status: 502, error_kind: 'exit' }),
  // A function deleted since: no names, and a record older than container_wait_ms.
  call('c3', {
    fn_id: 'F9',
    app_id: 'A9',
    timings: { queue_ms: 0, resource_wait_ms: 0, launch_ms: 0, exec_ms: 1 },
  }),
];
const logOf = (id: string) => `log of ${id}\n`;
const NOW = new Date('2026-11-28T12:00:00.000Z');

describe('call export', () => {
  it('CSV keeps the existing columns in their order and appends names, container wait, waiting_for, kind and cost', () => {
    const [head, ...rows] = exportCalls(records, logOf, 'csv', names, NOW).content.trimEnd().split('\r\n');
    expect(head).toBe(
      'id,fn_id,app_id,type,status,http_status,start_kind,container_id,created_at,started_at,completed_at,' +
        'queue_ms,resource_wait_ms,launch_ms,exec_ms,error,' +
        'app_name,fn_name,container_wait_ms,waiting_for,error_kind,' +
        'memory_peak_mb,memory_peak_exact,memory_limit_mb,cpu_ms,usage_span,usage_span_ms,usage_calls,' +
        'usage_cut_short,usage_source',
    );
    const cols = head!.split(',');
    const cell = (row: string, name: string) => row.split(',')[cols.indexOf(name)];
    expect(rows.map((r) => [cell(r, 'app_name'), cell(r, 'fn_name')])).toEqual([
      ['shop', 'hello'],
      ['blog', 'hello'],
      ['', ''],
    ]);
    expect(rows.map((r) => cell(r, 'container_wait_ms'))).toEqual(['3', '3', '']);
    expect(rows.map((r) => cell(r, 'waiting_for'))).toEqual(['container', '', '']);
    expect(cell(rows[1]!, 'error_kind')).toBe('exit');
    // The raw start kind, not the UI's words.
    expect(cell(rows[0]!, 'start_kind')).toBe('hot_reused');
    // What a call cost, as numbers; empty for a call without figures.
    const costColumns = ['memory_peak_mb', 'memory_peak_exact', 'memory_limit_mb', 'cpu_ms', 'usage_span'];
    const costOf = (row: string) =>
      [...costColumns, 'usage_span_ms', 'usage_calls', 'usage_cut_short', 'usage_source'].map((c) =>
        cell(row, c),
      );
    expect(costOf(rows[0]!)).toEqual([
      '41.2',
      'true',
      '128',
      '12.5',
      'call',
      '1003',
      '2',
      'false',
      'cgroup-v1',
    ]);
    expect(costOf(rows[1]!)).toEqual(Array(9).fill(''));
  });

  it('the text export names each call app/function and says what it waited for', () => {
    const text = exportCalls(records, logOf, 'text', names, NOW).content;
    expect(text.split('\n').filter((l) => l.startsWith('==='))).toEqual([
      '=== call c1 · fn F1 (shop/hello) · success 200 · 2026-11-28T10:00:00.000Z · waiting_for container · container_wait_ms 3 · used 41 of 128 MB, 13 ms CPU (together with 1 other call in the same engine sample) ===',
      '=== call c2 · fn F2 (blog/hello) · error 502 · 2026-11-28T10:00:00.000Z · container_wait_ms 3 ===',
      '=== call c3 · fn F9 · success 200 · 2026-11-28T10:00:00.000Z ===',
    ]);
    expect(text).toContain('log of c2\n');
  });

  it('NDJSON and JSON carry each record whole, with its names and log', () => {
    const lines = exportCalls(records, logOf, 'ndjson', names, NOW)
      .content.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[1]).toMatchObject({
      id: 'c2',
      app_name: 'blog',
      fn_name: 'hello',
      log: 'log of c2\n',
      timings: { container_wait_ms: 3 },
    });
    expect(lines[0]).toMatchObject({ waiting_for: 'container' });
    expect(lines[2]).toMatchObject({ app_name: null, fn_name: null });
    const json = JSON.parse(exportCalls(records, logOf, 'json', names, NOW).content) as unknown[];
    expect(json).toEqual(lines);
  });

  it('CSV neutralises text cells that begin with = + - @, a tab or a carriage return, and keeps numbers', () => {
    const nasty = ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', 'plain'];
    const rows = nasty.map((error, i) =>
      call(`n${i}`, {
        status: 'error',
        error,
        timings: { queue_ms: -1, resource_wait_ms: 0, launch_ms: 0, exec_ms: 0 },
      }),
    );
    const lines = exportCalls(rows, logOf, 'csv', NO_NAMES, NOW).content.trimEnd().split('\r\n');
    const cols = lines[0]!.split(',');
    const cells = lines.slice(1).map((l) => csvCells(l));
    expect(cells.map((c) => c[cols.indexOf('error')])).toEqual([
      `'=HYPERLINK("http://x")`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tcmd",
      "'\rcmd",
      'plain',
    ]);
    expect(cells[0]![cols.indexOf('queue_ms')]).toBe('-1');
  });
});
