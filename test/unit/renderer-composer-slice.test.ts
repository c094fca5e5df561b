// The composer slice against a fake StudioClient: drafts kept in localStorage, validation, detached sends,
// history with re-run, saved requests and the load runner.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src/shared/api-contract';
import type { CallRecord, Fn } from '../../src/shared/models';
import { DRAFTS_KEY } from '../../src/renderer/src/store/composer-draft';
import { selectDraft, selectFnHistory } from '../../src/renderer/src/store/composer-selectors';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';

const NOW = '2026-11-28T10:00:00.000Z';
const fn = (id: string): Fn => ({
  id,
  name: id,
  app_id: 'A',
  image: 'busybox:1',
  memory: 128,
  timeout: 30,
  idle_timeout: 30,
  format: 'default',
  network: 'bridge',
  config: {},
  annotations: {},
  created_at: NOW,
  updated_at: NOW,
});

class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
}

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('localStorage', storage);
});
afterEach(() => vi.unstubAllGlobals());

function fake() {
  let n = 0;
  const api = {
    getStatus: vi.fn(),
    listApps: vi.fn(async () => []),
    listFns: vi.fn(async () => [fn('F1'), fn('F2')]),
    sendHttp: vi.fn(async (p: { headers?: Record<string, string>; body?: string }) => {
      n++;
      const detached = p.headers?.['Fn-Invoke-Type'] === 'detached';
      return {
        status: detached ? 202 : 200,
        headers: { 'Fn-Call-Id': `call-${n}` },
        body: detached ? '' : `echo ${p.body}`,
        duration_ms: n * 10,
      };
    }),
    getCall: vi.fn(async (p: { call_id: string }): Promise<CallRecord> => ({
      id: p.call_id,
      fn_id: 'F1',
      app_id: 'A',
      type: 'sync',
      status: 'success',
      start_kind: p.call_id === 'call-1' ? 'cold' : 'hot_reused',
      created_at: NOW,
      timings: { queue_ms: 0, resource_wait_ms: 0, launch_ms: 1, exec_ms: 1 },
      request: { method: 'POST', url: '/', headers: {}, body: '', body_truncated: false },
    })),
    getCallLog: vi.fn(async () => ''),
  };
  return { api, client: api as unknown as StudioClient };
}

async function ready() {
  const f = fake();
  const store = createStudioStore(f.client);
  await store.getState().loadCatalog();
  return { ...f, store };
}

describe('composer drafts', () => {
  it('edits the selected function’s draft, keeps it per function and in localStorage across stores', async () => {
    const { store, client } = await ready();
    expect(selectDraft(store.getState())?.path).toBe('/invoke/F1');
    store.getState().updateDraft({ body: 'one', headers: [{ key: 'X-A', value: '1' }] });
    store.getState().selectFn('F2');
    expect(selectDraft(store.getState())?.body).toBe('');
    store.getState().selectFn('F1');
    expect(selectDraft(store.getState())?.body).toBe('one');
    expect(JSON.parse(storage.getItem(DRAFTS_KEY)!).F1.body).toBe('one');

    const again = createStudioStore(client);
    await again.getState().loadCatalog();
    expect(selectDraft(again.getState())).toMatchObject({
      body: 'one',
      headers: [{ key: 'X-A', value: '1' }],
    });
  });

  it('refuses invalid JSON without calling the host', async () => {
    const { store, api } = await ready();
    store.getState().updateDraft({ bodyMode: 'json', body: '{nope' });
    await store.getState().send();
    expect(api.sendHttp).not.toHaveBeenCalled();
    expect(store.getState().sendError).toMatch(/^Invalid JSON/);
  });
});

describe('composer sending', () => {
  it('sends headers rows and the detached header; records history and the response headers', async () => {
    const { store, api } = await ready();
    store.getState().updateDraft({ detached: true, headers: [{ key: 'X-A', value: '1' }], body: 'b' });
    await store.getState().send();
    expect(api.sendHttp).toHaveBeenCalledWith({
      method: 'POST',
      path: '/invoke/F1',
      headers: { 'X-A': '1', 'Fn-Invoke-Type': 'detached' },
      body: 'b',
    });
    const r = store.getState().result;
    expect(r).toMatchObject({ status: 202, callId: 'call-1', headers: { 'Fn-Call-Id': 'call-1' } });
    expect(r?.call?.start_kind).toBe('cold');
    expect(selectFnHistory(store.getState()).map((e) => e.status)).toEqual([202]);
  });

  it('re-runs a history entry with its own request, even after the draft changed', async () => {
    const { store, api } = await ready();
    store.getState().updateDraft({ body: 'first' });
    await store.getState().send();
    store.getState().updateDraft({ body: 'second' });
    const entry = selectFnHistory(store.getState())[0]!;
    await store.getState().rerun(entry.id);
    expect(api.sendHttp).toHaveBeenLastCalledWith(expect.objectContaining({ body: 'first' }));
    expect(selectFnHistory(store.getState()).map((e) => e.body)).toEqual(['echo first', 'echo first']);
  });

  it('saves a named request and opens it back into its function’s draft', async () => {
    const { store } = await ready();
    store.getState().updateDraft({ body: 'saved body' });
    store.getState().saveRequest('  mine ');
    store.getState().selectFn('F2');
    store.getState().openSaved('mine');
    expect(store.getState().selectedFnId).toBe('F1');
    expect(selectDraft(store.getState())?.body).toBe('saved body');
    store.getState().deleteSaved('mine');
    expect(store.getState().saved).toEqual([]);
  });
});

describe('composer load runner', () => {
  it('sends N requests, never more than C at once, and records each start kind', async () => {
    const { store, api } = await ready();
    let inFlight = 0;
    let peak = 0;
    const inner = api.sendHttp.getMockImplementation()!;
    api.sendHttp.mockImplementation(async (p) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return inner(p);
    });
    await store.getState().startLoad(10, 3);
    const run = store.getState().loadRun!;
    expect(api.sendHttp).toHaveBeenCalledTimes(10);
    expect(peak).toBe(3);
    expect(run).toMatchObject({ done: 10, running: false, error: null });
    expect(run.samples.filter((s) => s.startKind === 'cold')).toHaveLength(1);
    expect(run.samples.filter((s) => s.startKind === 'hot_reused')).toHaveLength(9);
  });

  it('refuses a bad number of calls or concurrency in words that name the fields as labelled', async () => {
    const { store, api } = await ready();
    await store.getState().startLoad(0, 2);
    expect(store.getState().loadRun?.error).toBe('Calls must be a whole number from 1 to 10000');
    await store.getState().startLoad(5, 1.5);
    expect(store.getState().loadRun?.error).toBe('Concurrency must be a whole number from 1 to 64');
    expect(api.sendHttp).not.toHaveBeenCalled();
  });
});
