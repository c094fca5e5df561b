// The call-table and call-detail slices against a fake client: loading, batched events, export, detail and cancel.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src/shared/api-contract';
import { ApiError } from '../../src/shared/errors';
import type { CallRecord, CallSummary } from '../../src/shared/models';
import { FIRST_PAGE, TABLE_FLUSH_MS } from '../../src/renderer/src/store/call-table-slice';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';

const call = (id: string, extra: Partial<CallRecord> = {}): CallRecord => ({
  id,
  fn_id: 'fn-a',
  app_id: 'app',
  type: 'sync',
  status: 'success',
  http_status: 200,
  start_kind: 'cold',
  container_id: `c-${id}`,
  created_at: `2026-11-28T10:00:0${id.length}.000Z`,
  timings: { queue_ms: 1, resource_wait_ms: 2, launch_ms: 3, exec_ms: 4 },
  request: { method: 'POST', url: '/invoke/fn-a', headers: {}, body: 'x', body_truncated: false },
  ...extra,
});
const head = (id: string, extra: Partial<CallSummary> = {}): CallSummary => ({
  id,
  fn_id: 'fn-a',
  app_id: 'app',
  type: 'sync',
  status: 'success',
  created_at: '2026-11-28T09:00:00.000Z',
  ...extra,
});

function fake() {
  const api = {
    listCallSummaries: vi.fn(async (_p: { before?: string; limit?: number }): Promise<CallSummary[]> => [
      head('old-1'),
      head('old-2'),
    ]),
    exportCalls: vi.fn(async () => ({ filename: 'calls.csv', mime: 'text/csv', content: 'id\n' })),
    getCall: vi.fn(async (p: { call_id: string }) => call(p.call_id)),
    getCallLog: vi.fn(async () => 'one\ntwo\n'),
    getContainerLog: vi.fn(async () => 'between calls\n'),
    cancelCall: vi.fn(async () => null),
    on: vi.fn(() => () => undefined),
  };
  return { api, store: createStudioStore(api as unknown as StudioClient) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('call table slice', () => {
  it('loads the newest heads with the filter, and shows the host error', async () => {
    const { api, store } = fake();
    await store.getState().loadTable({ fn_id: 'fn-a' });
    expect(api.listCallSummaries).toHaveBeenCalledWith({ fn_id: 'fn-a', limit: FIRST_PAGE });
    expect(store.getState().tableCalls.map((c) => c.id)).toEqual(['old-1', 'old-2']);
    // Fewer than a page: there is nothing older to fetch.
    expect(store.getState().tableComplete).toBe(true);
    expect(api.listCallSummaries).toHaveBeenCalledTimes(1);
    api.listCallSummaries.mockRejectedValueOnce(new ApiError('internal', 'database is locked'));
    await store.getState().loadTable();
    expect(store.getState().tableError).toBe('database is locked');
    expect(store.getState().tableCalls.length).toBe(2);
  });

  it('batches call events: new rows on top newest first, known rows updated in place, one update per batch', async () => {
    vi.useFakeTimers();
    const { store } = fake();
    await store.getState().loadTable({});
    let updates = 0;
    store.subscribe((s, prev) => s.tableCalls !== prev.tableCalls && updates++);
    const s = store.getState();
    s.applyTableCall(call('a', { created_at: '2026-11-28T10:00:01.000Z', status: 'running' }));
    s.applyTableCall(call('b', { created_at: '2026-11-28T10:00:02.000Z' }));
    s.applyTableCall(call('old-2', { status: 'error' }));
    s.applyTableCall(call('a', { created_at: '2026-11-28T10:00:01.000Z', status: 'success' }));
    expect(store.getState().tableCalls.length).toBe(2);
    vi.advanceTimersByTime(TABLE_FLUSH_MS + 1);
    const rows = store.getState().tableCalls;
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['b', 'success'],
      ['a', 'success'],
      ['old-1', 'success'],
      ['old-2', 'error'],
    ]);
    expect(updates).toBe(1);
  });

  it('shows a first page at once and appends older pages behind it, an old call’s event not jumping on top', async () => {
    const { api, store } = fake();
    // 2,500 stored calls, ids in time order (as the host's are), answered newest first like the host.
    const stored = Array.from({ length: 2_500 }, (_, i) =>
      head(`c${String(i).padStart(5, '0')}`, {
        created_at: new Date(Date.UTC(2026, 10, 28, 9) + i).toISOString(),
      }),
    ).reverse();
    let release = () => undefined as void;
    const held = new Promise<void>((r) => (release = r));
    api.listCallSummaries.mockImplementation(async (p: { before?: string; limit?: number }) => {
      if (p.before) await held;
      return stored.filter((c) => !p.before || c.id < p.before).slice(0, p.limit);
    });
    const loading = store.getState().loadTable({});
    await vi.waitFor(() => expect(store.getState().tableCalls).toHaveLength(FIRST_PAGE));
    expect(store.getState().tableComplete).toBe(false);
    expect(store.getState().tableCalls[0]!.id).toBe('c02499');
    // An event for a call on a page still coming, and one for a new call.
    store
      .getState()
      .applyTableCall(call('c00010', { created_at: stored.at(-11)!.created_at, status: 'error' }));
    store.getState().applyTableCall(call('c99999', { created_at: '2026-11-28T10:00:00.000Z' }));
    store.getState().flushTableCalls();
    expect(
      store
        .getState()
        .tableCalls.slice(0, 2)
        .map((c) => c.id),
    ).toEqual(['c99999', 'c02499']);
    release();
    await loading;
    const rows = store.getState().tableCalls;
    expect(store.getState().tableComplete).toBe(true);
    expect(rows).toHaveLength(2_501);
    expect(new Set(rows.map((r) => r.id)).size).toBe(2_501);
    expect(rows.every((r, i) => i === 0 || rows[i - 1]!.id > r.id)).toBe(true);
    expect(api.listCallSummaries).toHaveBeenLastCalledWith({
      before: `c${String(2_500 - FIRST_PAGE).padStart(5, '0')}`,
      limit: 10_000,
    });
  });

  it('keeps rows events brought while the first page was in flight, over the older answer', async () => {
    const { api, store } = fake();
    let answer = (_: CallSummary[]) => undefined as void;
    api.listCallSummaries.mockImplementationOnce(() => new Promise((r) => (answer = r)));
    const loading = store.getState().loadTable({});
    store
      .getState()
      .applyTableCall(call('old-1', { status: 'error', created_at: '2026-11-28T09:00:00.000Z' }));
    store
      .getState()
      .applyTableCall(call('new', { status: 'running', created_at: '2026-11-28T10:00:00.000Z' }));
    store.getState().flushTableCalls();
    answer([head('old-1', { status: 'running' }), head('old-2')]);
    await loading;
    const rows = store.getState().tableCalls;
    expect(rows.map((r) => r.id)).toEqual(['new', 'old-1', 'old-2']);
    expect(rows[1]!.status).toBe('error');
  });

  it('exports through the host and reports its refusal', async () => {
    const { api, store } = fake();
    const file = await store.getState().exportTable({ format: 'csv', ids: ['a'] });
    expect(file?.filename).toBe('calls.csv');
    expect(api.exportCalls).toHaveBeenCalledWith({ format: 'csv', ids: ['a'] });
    api.exportCalls.mockRejectedValueOnce(new ApiError('invalid_input', 'ids: at most 10000'));
    expect(await store.getState().exportTable({ format: 'csv', ids: [] })).toBeNull();
    expect(store.getState().exportError).toBe('ids: at most 10000');
  });
});

describe('call detail slice', () => {
  it('loads the record, its log as lines and its container log', async () => {
    const { api, store } = fake();
    await store.getState().loadDetail('x1');
    expect(api.getContainerLog).toHaveBeenCalledWith({ container_id: 'c-x1' });
    expect(store.getState().detail).toMatchObject({
      callId: 'x1',
      log: ['one', 'two'],
      containerLog: 'between calls\n',
      error: null,
    });
  });

  it('has no container log for a call without a container, and shows a missing call as an error', async () => {
    const { api, store } = fake();
    api.getCall.mockResolvedValueOnce(call('q', { container_id: undefined, status: 'queued' }));
    await store.getState().loadDetail('q');
    expect(store.getState().detail?.containerLog).toBeNull();
    expect(api.getContainerLog).not.toHaveBeenCalled();
    api.getCall.mockRejectedValueOnce(new ApiError('not_found', 'Call not found'));
    await store.getState().loadDetail('gone');
    expect(store.getState().detail).toMatchObject({ callId: 'gone', call: null, error: 'Call not found' });
  });

  it('lets a later open win over an earlier load still in flight', async () => {
    const { api, store } = fake();
    let release: (c: CallRecord) => void = () => undefined;
    api.getCall.mockImplementationOnce(() => new Promise<CallRecord>((r) => (release = r)));
    const first = store.getState().loadDetail('slow');
    await store.getState().loadDetail('fast');
    release(call('slow'));
    await first;
    expect(store.getState().detail?.callId).toBe('fast');
  });

  it('cancels, reloads, and shows the host refusal inline', async () => {
    const { api, store } = fake();
    await store.getState().cancelCall('r1');
    expect(api.cancelCall).toHaveBeenCalledWith({ call_id: 'r1' });
    expect(api.getCall).toHaveBeenCalledWith({ call_id: 'r1' });
    api.cancelCall.mockRejectedValueOnce(new ApiError('conflict', 'The call already ended'));
    await store.getState().cancelCall('r1');
    expect(store.getState().cancelError).toBe('The call already ended');
  });
});
