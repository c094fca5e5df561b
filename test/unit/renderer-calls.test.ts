// View logic of the calls view: filter form → host params and client-side filtering, multi-select, waterfall, bodies,
// and the note when an export would carry more calls than its cap.
import { describe, expect, it } from 'vitest';
import type { CallSummary } from '../../src/shared/models';
import {
  EMPTY_FILTER,
  callDuration,
  filterCalls,
  filterParams,
} from '../../src/renderer/src/store/call-filter';
import { EMPTY_SELECTION, toggleRow, visibleSelected } from '../../src/renderer/src/store/call-selection';
import { formatMs, waterfall } from '../../src/renderer/src/store/call-waterfall';
import { prettyBody } from '../../src/renderer/src/store/call-body';
import { exportCapNotes } from '../../src/renderer/src/store/export-cap';

const head = (id: string, extra: Partial<CallSummary> = {}): CallSummary => ({
  id,
  fn_id: 'fn-a',
  app_id: 'app',
  type: 'sync',
  status: 'success',
  start_kind: 'hot_reused',
  created_at: '2026-11-28T10:00:00.000Z',
  ...extra,
});

describe('calls filter', () => {
  const NOW = Date.parse('2026-11-28T12:00:00.000Z');

  it('maps the form to host params, with "last N minutes" relative to the given moment', () => {
    const r = filterParams(
      { ...EMPTY_FILTER, fnId: 'fn-a', status: 'error', startKind: 'cold', lastMinutes: 15 },
      NOW,
    );
    expect(r).toEqual({
      ok: true,
      params: { fn_id: 'fn-a', status: 'error', start_kind: 'cold', since: '2026-11-28T11:45:00.000Z' },
    });
  });

  it('refuses an unparsable date and since after until', () => {
    expect(filterParams({ ...EMPTY_FILTER, since: 'nonsense' }, NOW)).toMatchObject({ ok: false });
    const r = filterParams({ ...EMPTY_FILTER, since: '2026-11-28T12:00', until: '2026-11-28T11:00' }, NOW);
    expect(r).toEqual({ ok: false, error: '"Since" must be before "Until".' });
  });

  it('filters loaded rows like the host does', () => {
    const rows = [
      head('1'),
      head('2', { fn_id: 'fn-b' }),
      head('3', { status: 'error', start_kind: 'cold', created_at: '2026-11-28T11:50:00.000Z' }),
      head('4', { created_at: '2026-11-28T11:59:00.000Z' }),
    ];
    expect(filterCalls(rows, {})).toBe(rows);
    expect(filterCalls(rows, { fn_id: 'fn-b' }).map((r) => r.id)).toEqual(['2']);
    expect(filterCalls(rows, { status: 'error' }).map((r) => r.id)).toEqual(['3']);
    expect(filterCalls(rows, { start_kind: 'hot_reused' }).map((r) => r.id)).toEqual(['1', '2', '4']);
    expect(
      filterCalls(rows, { since: '2026-11-28T11:45:00.000Z', until: '2026-11-28T11:55:00.000Z' }).map(
        (r) => r.id,
      ),
    ).toEqual(['3']);
  });

  it('filters 50,000 rows well under the 200 ms budget', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) =>
      head(String(i), { fn_id: i % 7 ? 'fn-a' : 'fn-b' }),
    );
    const t0 = performance.now();
    const out = filterCalls(rows, { fn_id: 'fn-b' });
    expect(out.length).toBe(Math.ceil(50_000 / 7));
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('shows the wall time of a finished call, and … for one still going', () => {
    expect(
      callDuration({ created_at: '2026-11-28T10:00:00.000Z', completed_at: '2026-11-28T10:00:01.250Z' }),
    ).toBe('1250 ms');
    expect(callDuration({ created_at: '2026-11-28T10:00:00.000Z' })).toBe('…');
  });
});

describe('row selection', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  it('toggles single rows and selects a range with shift', () => {
    let s = toggleRow(EMPTY_SELECTION, ids, 'b', false);
    expect([...s.ids]).toEqual(['b']);
    s = toggleRow(s, ids, 'd', true);
    expect([...s.ids].sort()).toEqual(['b', 'c', 'd']);
    s = toggleRow(s, ids, 'c', false);
    expect([...s.ids].sort()).toEqual(['b', 'd']);
    expect(s.anchor).toBe('c');
  });
  it('keeps only the selected rows still shown, in table order', () => {
    const s = { ids: new Set(['e', 'a', 'zz']), anchor: null };
    expect(visibleSelected(s, ids)).toEqual(['a', 'e']);
  });
});

describe('timing waterfall', () => {
  it('lays phases end to end in percent of the total, the container wait between memory wait and launch', () => {
    const w = waterfall({
      queue_ms: 10,
      resource_wait_ms: 20,
      container_wait_ms: 10,
      launch_ms: 0,
      exec_ms: 60,
    });
    expect(w.total).toBe(100);
    expect(w.phases.map((p) => [p.key, p.left, p.width])).toEqual([
      ['queue_ms', 0, 10],
      ['resource_wait_ms', 10, 20],
      ['container_wait_ms', 30, 10],
      ['launch_ms', 40, 0],
      ['exec_ms', 40, 60],
    ]);
  });
  it('reads a record older than the container wait as no container wait', () => {
    const w = waterfall({ queue_ms: 10, resource_wait_ms: 30, launch_ms: 0, exec_ms: 60 });
    expect(w.total).toBe(100);
    expect(w.phases.find((p) => p.key === 'container_wait_ms')).toMatchObject({ ms: 0, width: 0 });
  });
  it('rounds durations for reading', () => {
    expect(formatMs(464.0112304)).toBe('464 ms');
    expect(formatMs(0.0361328)).toBe('0 ms');
    expect(formatMs(3.46)).toBe('3.5 ms');
  });
  it('copes with a call that has no timings yet', () => {
    const w = waterfall({ queue_ms: 0, resource_wait_ms: 0, launch_ms: 0, exec_ms: 0 });
    expect(w.phases.every((p) => p.width === 0 && p.left === 0)).toBe(true);
  });
});

describe('message bodies', () => {
  it('pretty-prints JSON and leaves anything else alone', () => {
    expect(prettyBody('{"a":1}')).toEqual({ text: '{\n  "a": 1\n}', json: true });
    expect(prettyBody('{not json')).toEqual({ text: '{not json', json: false });
    expect(prettyBody('hello')).toEqual({ text: 'hello', json: false });
  });
});

describe('export cap', () => {
  it('says nothing up to 10,000 calls', () => {
    expect(exportCapNotes(10_000, 10_000)).toEqual([]);
  });

  it('says only the newest 10,000 are exported when more match or are selected', () => {
    expect(exportCapNotes(12_345, 3)).toEqual([
      '12,345 calls match the filter: Export filtered saves only the newest 10,000.',
    ]);
    expect(exportCapNotes(50_000, 10_001, true)).toEqual([
      'At least 50,000 calls match the filter: Export filtered saves only the newest 10,000.',
      '10,001 calls are selected: Export selected saves only the newest 10,000 of them.',
    ]);
  });
});
