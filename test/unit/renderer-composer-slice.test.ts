// The composer slice against a fake StudioClient whose composer methods are the host's own over a real SQLite file:
// drafts, history and saved requests kept by the host, a browser's old localStorage copy handed over once,
// validation, detached sends, re-run, and the load runner.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src/shared/api-contract';
import type { CallRecord, Fn } from '../../src/shared/models';
import { createComposerApi } from '../../src/main/host/composer-service';
import { EventHub } from '../../src/main/host/event-hub';
import { Store } from '../../src/main/host/store/store';
import { DRAFTS_KEY, HISTORY_KEY, SAVED_KEY } from '../../src/renderer/src/store/composer-legacy';
import { selectDraft, selectFnHistory } from '../../src/renderer/src/store/composer-selectors';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';
import { fnFixture } from '../support/fn-fixture';

const NOW = '2026-11-28T10:00:00.000Z';
const fn = (id: string): Fn =>
  fnFixture({
    id,
    name: id,
    app_id: 'A',
    image: 'busybox:1',
    format: 'default',
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
let dir: string;
let hostStore: Store;
beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('localStorage', storage);
  dir = mkdtempSync(join(tmpdir(), 'fn-studio-composer-'));
  hostStore = Store.open(dir);
});
afterEach(() => {
  vi.unstubAllGlobals();
  hostStore.close();
  rmSync(dir, { recursive: true, force: true });
});

function fake() {
  let n = 0;
  const events = new EventHub();
  const api = {
    ...createComposerApi(hostStore.composer, events),
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
  await Promise.all([store.getState().loadCatalog(), store.getState().loadComposer()]);
  return { ...f, store };
}

/** Until the history the host answered is in the store (it is kept after the response shows). */
const historyOf = async (store: Awaited<ReturnType<typeof ready>>['store'], count: number) => {
  await vi.waitFor(() => expect(selectFnHistory(store.getState())).toHaveLength(count));
  return selectFnHistory(store.getState());
};

describe('composer drafts', () => {
  it('edits the selected function’s draft, keeps it per function on the host, keystrokes collapsing', async () => {
    const { store, client, api } = await ready();
    const saveDraft = vi.spyOn(api, 'saveComposerDraft');
    expect(selectDraft(store.getState())?.path).toBe('/invoke/F1');
    store.getState().updateDraft({ body: 'o', headers: [{ key: 'X-A', value: '1' }] });
    store.getState().updateDraft({ body: 'on' });
    store.getState().updateDraft({ body: 'one' });
    expect(store.getState().draftsKept).toBe(false);
    store.getState().selectFn('F2');
    expect(selectDraft(store.getState())?.body).toBe('');
    store.getState().selectFn('F1');
    expect(selectDraft(store.getState())?.body).toBe('one');
    await vi.waitFor(() => expect(store.getState().draftsKept).toBe(true));
    // The first keystroke is written at once; the two typed during that write go as one.
    expect(saveDraft).toHaveBeenCalledTimes(2);
    expect(hostStore.composer.state().drafts.F1?.body).toBe('one');
    expect(storage.map.size).toBe(0);

    const again = createStudioStore(client);
    await Promise.all([again.getState().loadCatalog(), again.getState().loadComposer()]);
    expect(selectDraft(again.getState())).toMatchObject({
      body: 'one',
      headers: [{ key: 'X-A', value: '1' }],
    });
  });

  it('hands what a browser kept in localStorage to the host once, then forgets it', async () => {
    const draft = {
      method: 'PUT',
      path: '/invoke/F2',
      headers: [],
      body: 'old draft',
      bodyMode: 'text',
      detached: false,
    };
    const entry = {
      id: '1700000000000-1',
      fnId: 'F1',
      at: '2026-11-01T10:00:00.000Z',
      request: { method: 'POST', path: '/invoke/F1', headers: {}, body: 'old' },
      status: 200,
      durationMs: 3,
      headers: {},
      body: 'old reply',
      callId: null,
    };
    storage.setItem(DRAFTS_KEY, JSON.stringify({ F2: draft }));
    storage.setItem(HISTORY_KEY, JSON.stringify({ F1: [entry, { broken: true }] }));
    storage.setItem(SAVED_KEY, JSON.stringify([{ name: 'kept', fnId: 'F2', draft }]));
    const { store, api } = await ready();
    expect(selectFnHistory(store.getState()).map((e) => e.body)).toEqual(['old reply']);
    expect(store.getState().saved.map((s) => s.name)).toEqual(['kept']);
    expect(store.getState().drafts.F2?.body).toBe('old draft');
    expect(storage.map.size).toBe(0);
    expect(hostStore.composer.history().map((e) => e.id)).toEqual([entry.id]);

    // Another store of this page (or a page reloaded) no longer imports: it reads the host.
    const importState = vi.spyOn(api, 'importComposerState');
    const again = createStudioStore(api as unknown as StudioClient);
    await again.getState().loadComposer();
    expect(importState).not.toHaveBeenCalled();
    expect(again.getState().saved.map((s) => s.name)).toEqual(['kept']);
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
    expect((await historyOf(store, 1)).map((e) => e.status)).toEqual([202]);
    expect(hostStore.composer.history().map((e) => e.status)).toEqual([202]);
  });

  it('clears a function’s history on the host', async () => {
    const { store } = await ready();
    await store.getState().send();
    await historyOf(store, 1);
    await store.getState().clearHistory('F1');
    expect(selectFnHistory(store.getState())).toEqual([]);
    expect(hostStore.composer.history()).toEqual([]);
  });

  it('re-runs a history entry with its own request, even after the draft changed', async () => {
    const { store, api } = await ready();
    store.getState().updateDraft({ body: 'first' });
    await store.getState().send();
    store.getState().updateDraft({ body: 'second' });
    const entry = (await historyOf(store, 1))[0]!;
    await store.getState().rerun(entry.id);
    expect(api.sendHttp).toHaveBeenLastCalledWith(expect.objectContaining({ body: 'first' }));
    expect((await historyOf(store, 2)).map((e) => e.body)).toEqual(['echo first', 'echo first']);
  });

  it('saves a named request on the host and opens it back into its function’s draft', async () => {
    const { store } = await ready();
    store.getState().updateDraft({ body: 'saved body' });
    store.getState().saveRequest('  mine ');
    await vi.waitFor(() => expect(hostStore.composer.saved().map((s) => s.name)).toEqual(['mine']));
    store.getState().selectFn('F2');
    store.getState().openSaved('mine');
    expect(store.getState().selectedFnId).toBe('F1');
    expect(selectDraft(store.getState())?.body).toBe('saved body');
    store.getState().deleteSaved('mine');
    expect(store.getState().saved).toEqual([]);
    await vi.waitFor(() => expect(hostStore.composer.saved()).toEqual([]));
  });

  it('says so when the host cannot keep a saved request, and still sends', async () => {
    const { store, api } = await ready();
    api.saveComposerRequest = vi.fn(async () => {
      throw new Error('disk full');
    });
    store.getState().saveRequest('x');
    await vi.waitFor(() =>
      expect(store.getState().keepError).toBe('Could not keep the saved request "x": disk full'),
    );
    await store.getState().send();
    expect(store.getState().result?.status).toBe(200);
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
