// The timeline and containers slices against a fake client: loading a window, call events, host errors, the kept
// zoom and position, the shared selection, ended lanes.
import { describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src/shared/api-contract';
import { ApiError } from '../../src/shared/errors';
import type { CallRecord, CallSummary, ContainerInfo } from '../../src/shared/models';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';

const NOW = '2026-11-28T10:00:00.000Z';

const summary = (id: string): CallSummary => ({
  id,
  fn_id: 'fn-a',
  app_id: 'app-a',
  type: 'sync',
  status: 'success',
  container_id: 'k1',
  start_kind: 'hot_reused',
  created_at: NOW,
});

const record = (id: string, status: CallRecord['status']): CallRecord => ({
  ...summary(id),
  status,
  timings: { queue_ms: 0, resource_wait_ms: 0, launch_ms: 0, exec_ms: 1 },
  request: { method: 'POST', url: '/invoke/fn-a', headers: {}, body: '', body_truncated: false },
});

const container = (id: string): ContainerInfo => ({
  id,
  fn_id: 'fn-a',
  image: 'x:1',
  format: 'json',
  state: 'stopping',
  calls_served: 2,
  memory_mb: 128,
  started_at: NOW,
  ended_at: NOW,
  end_reason: 'evicted',
});

function storeWith(listCallSummaries: StudioClient['listCallSummaries']) {
  const api = { listCallSummaries: vi.fn(listCallSummaries) };
  return { api, store: createStudioStore(api as unknown as StudioClient) };
}

describe('timeline slice', () => {
  it('loads the calls since a moment, then keeps one head per call as events arrive', async () => {
    const { api, store } = storeWith(async () => [summary('a'), summary('b')]);
    await store.getState().loadTimeline(NOW);
    expect(api.listCallSummaries).toHaveBeenCalledWith(expect.objectContaining({ since: NOW }));
    store.getState().applyTimelineCall(record('b', 'error'));
    store.getState().applyTimelineCall(record('c', 'running'));
    const calls = store.getState().timelineCalls;
    expect(calls.map((c) => c.id).sort()).toEqual(['a', 'b', 'c']);
    expect(calls.find((c) => c.id === 'b')?.status).toBe('error');
    expect(store.getState().timelineError).toBeNull();
  });

  it('keeps what events brought while a load was in flight: the answer, made earlier, does not take a call back', async () => {
    let answer = (_: CallSummary[]) => undefined as void;
    const { store } = storeWith(() => new Promise((r) => (answer = r)));
    const loading = store.getState().loadTimeline(NOW);
    // The call ends and its event arrives before the answer, which the host made while the call still ran.
    store.getState().applyTimelineCall(record('a', 'success'));
    store.getState().applyTimelineCall(record('new', 'running'));
    answer([{ ...summary('a'), status: 'running', start_kind: undefined }, summary('b')]);
    await loading;
    const calls = store.getState().timelineCalls;
    expect(calls.map((c) => c.id).sort()).toEqual(['a', 'b', 'new']);
    expect(calls.find((c) => c.id === 'a')).toMatchObject({ status: 'success', start_kind: 'hot_reused' });
    // The next load is not bound by the last one's events: its answer is taken as it is.
    let second = (_: CallSummary[]) => undefined as void;
    const { store: again } = storeWith(() => new Promise((r) => (second = r)));
    again.getState().applyTimelineCall(record('a', 'success'));
    const reload = again.getState().loadTimeline(NOW);
    second([{ ...summary('a'), status: 'error' }]);
    await reload;
    expect(again.getState().timelineCalls).toEqual([{ ...summary('a'), status: 'error' }]);
  });

  it("shows the host's error message when loading fails", async () => {
    const { store } = storeWith(async () => {
      throw new ApiError('unavailable', 'store unavailable');
    });
    await store.getState().loadTimeline(NOW);
    expect(store.getState().timelineError).toContain('store unavailable');
  });
});

describe('timeline view state', () => {
  it('keeps the zoom and position in the store, so leaving the view and coming back keeps them', () => {
    const { store } = storeWith(async () => []);
    expect(store.getState().timelineViewport).toEqual({ spanMs: 60_000, endMs: null });
    store.getState().setTimelineViewport({ spanMs: 100, endMs: 1_000_000 });
    store.getState().setView('calls');
    store.getState().setView('timeline');
    expect(store.getState().timelineViewport).toEqual({ spanMs: 100, endMs: 1_000_000 });
  });

  it('applies changes to the current viewport, so moves quicker than renders add up (a drag)', () => {
    const { store } = storeWith(async () => []);
    store.getState().setTimelineViewport({ spanMs: 100, endMs: 1_000_000 });
    const back10 = (vp: { spanMs: number; endMs: number | null }) => ({ ...vp, endMs: (vp.endMs ?? 0) - 10 });
    store.getState().setTimelineViewport(back10);
    store.getState().setTimelineViewport(back10);
    expect(store.getState().timelineViewport.endMs).toBe(999_980);
  });

  it("selects a bar's call as the open call without leaving the timeline", () => {
    const { store } = storeWith(async () => []);
    store.getState().setView('timeline');
    store.getState().selectTimelineCall('c1');
    expect(store.getState().openCallId).toBe('c1');
    expect(store.getState().view).toBe('timeline');
    store.getState().selectTimelineCall(null);
    expect(store.getState().openCallId).toBeNull();
  });
});

describe('containers slice', () => {
  it('keeps one entry per ended container, the latest last', () => {
    const { store } = storeWith(async () => []);
    store.getState().addEndedContainer(container('k1'));
    store.getState().addEndedContainer(container('k2'));
    store.getState().addEndedContainer({ ...container('k1'), end_reason: 'oom' });
    const ended = store.getState().endedContainers;
    expect(ended.map((c) => c.id)).toEqual(['k2', 'k1']);
    expect(ended[1].end_reason).toBe('oom');
  });
});
