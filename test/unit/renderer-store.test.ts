// The renderer store against a fake StudioClient: registration, sending, errors and host events, all without a DOM.
import { describe, expect, it, vi } from 'vitest';
import type { EventName, StudioClient, StudioEvents } from '../../src/shared/api-contract';
import { ApiError } from '../../src/shared/errors';
import type { App, CallRecord, Fn, HostStatus } from '../../src/shared/models';
import { selectResultFailure } from '../../src/renderer/src/store/composer-selectors';
import { DEFAULT_FN_FORM } from '../../src/renderer/src/store/fn-form';
import {
  selectConnectionProblem,
  selectDockerProblem,
  selectResult,
  selectResultLogLines,
} from '../../src/renderer/src/store/selectors';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';
import { FIXTURE_NOW, namedFn as fn } from '../support/fn-fixture';

const NOW = FIXTURE_NOW;

const app = (name: string, id = `app-${name}`): App => ({
  id,
  name,
  config: {},
  annotations: {},
  created_at: NOW,
  updated_at: NOW,
});

const call = (id: string, fnId: string, extra: Partial<CallRecord> = {}): CallRecord => ({
  id,
  fn_id: fnId,
  app_id: 'app-demo',
  type: 'sync',
  status: 'success',
  http_status: 200,
  start_kind: 'cold',
  created_at: NOW,
  timings: { queue_ms: 0, resource_wait_ms: 0, launch_ms: 5, exec_ms: 10 },
  request: { method: 'POST', url: '/invoke/x', headers: {}, body: '', body_truncated: false },
  ...extra,
});

const okStatus: HostStatus = {
  version: '0.1.0',
  docker: { reachable: true, endpoint: 'unix:///var/run/docker.sock', engine_version: '27.0' },
  api_url: 'http://127.0.0.1:8080',
};

/** A fake client whose methods are vi.fn()s and whose `on` lets the test push events. */
function fakeClient() {
  const listeners = new Map<EventName, Set<(payload: unknown, seq?: number) => void>>();
  const api = {
    getStatus: vi.fn(async () => okStatus),
    getLiveState: vi.fn(async () => ({
      seq: 0,
      status: okStatus,
      containers: [],
      ram: [],
      calls: [] as CallRecord[],
    })),
    listApps: vi.fn(async (): Promise<App[]> => []),
    createApp: vi.fn(async (p: { name: string }) => app(p.name)),
    listFns: vi.fn(async (): Promise<Fn[]> => []),
    createFn: vi.fn(async (p: { name: string; app_id: string }) => fn(p.name, p.app_id)),
    deleteFn: vi.fn(async () => null),
    sendHttp: vi.fn(async () => ({
      status: 200,
      headers: { 'content-type': 'text/plain', 'fn-call-id': 'call-1' },
      body: 'hello world',
      duration_ms: 42.4,
    })),
    listCalls: vi.fn(async (): Promise<CallRecord[]> => []),
    getCall: vi.fn(async (p: { call_id: string }) => call(p.call_id, 'fn-hello')),
    getCallLog: vi.fn(async () => 'starting\nsaid hello\n'),
    listContainers: vi.fn(async () => []),
    on: vi.fn(<E extends EventName>(event: E, listener: (payload: StudioEvents[E], seq?: number) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown, seq?: number) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown, seq?: number) => void);
    }),
  };
  const emit = <E extends EventName>(event: E, payload: StudioEvents[E], seq?: number) => {
    for (const l of listeners.get(event) ?? []) l(payload, seq);
  };
  return { api, client: api as unknown as StudioClient, emit };
}

const form = (over: Partial<typeof DEFAULT_FN_FORM>) => ({ ...DEFAULT_FN_FORM, ...over });

describe('renderer store: registering a function', () => {
  it('creates the app when it is missing, then the function, and selects it', async () => {
    const { api, client } = fakeClient();
    const store = createStudioStore(client);

    const ok = await store.getState().registerFn(form({ app: 'demo', name: 'hello', image: 'busybox:1' }));

    expect(ok).toBe(true);
    expect(api.createApp).toHaveBeenCalledWith({ name: 'demo' });
    expect(api.createFn).toHaveBeenCalledWith({
      name: 'hello',
      app_id: 'app-demo',
      image: 'busybox:1',
      format: 'http-stream',
      memory: 128,
      timeout: 30,
    });
    expect(api.createApp.mock.invocationCallOrder[0]).toBeLessThan(api.createFn.mock.invocationCallOrder[0]!);
    const s = store.getState();
    expect(s.fns.map((f) => f.name)).toEqual(['hello']);
    expect(s.apps.map((a) => a.name)).toEqual(['demo']);
    expect(s.selectedFnId).toBe('fn-hello');
    expect(s.formIssues).toEqual([]);
  });

  it('reuses an app that already exists instead of creating it', async () => {
    const { api, client } = fakeClient();
    api.listApps.mockResolvedValue([app('shop', 'app-7')]);
    const store = createStudioStore(client);
    await store.getState().loadCatalog();

    await store.getState().registerFn(form({ app: 'shop', name: 'cart', image: 'busybox:1' }));

    expect(api.createApp).not.toHaveBeenCalled();
    expect(api.createFn).toHaveBeenCalledWith(expect.objectContaining({ app_id: 'app-7', name: 'cart' }));
  });

  it('shows validation errors from the shared schemas without calling the API', async () => {
    const { api, client } = fakeClient();
    const store = createStudioStore(client);

    const ok = await store.getState().registerFn(form({ name: 'bad name!', image: '', memory: '9000' }));

    expect(ok).toBe(false);
    expect(api.createApp).not.toHaveBeenCalled();
    expect(api.createFn).not.toHaveBeenCalled();
    const fields = store.getState().formIssues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'image', 'memory']));
    expect(store.getState().formIssues.find((i) => i.field === 'memory')?.message).toBe(
      'memory must be 1-8192 MB',
    );
  });

  it('surfaces an ApiError from the host as the form error message', async () => {
    const { api, client } = fakeClient();
    api.createFn.mockRejectedValue(
      new ApiError('conflict', 'a function named hello already exists in app demo'),
    );
    const store = createStudioStore(client);

    const ok = await store.getState().registerFn(form({ name: 'hello', image: 'busybox:1' }));

    expect(ok).toBe(false);
    expect(store.getState().formIssues).toEqual([
      { field: null, message: 'a function named hello already exists in app demo' },
    ]);
    expect(store.getState().formBusy).toBe(false);
  });

  it('deletes a function and moves the selection', async () => {
    const { api, client } = fakeClient();
    api.listFns.mockResolvedValue([fn('a', 'app-demo'), fn('b', 'app-demo')]);
    const store = createStudioStore(client);
    await store.getState().loadCatalog();
    expect(store.getState().selectedFnId).toBe('fn-a');

    await store.getState().deleteFn('fn-a');

    expect(api.deleteFn).toHaveBeenCalledWith({ fn_id: 'fn-a' });
    expect(store.getState().fns.map((f) => f.id)).toEqual(['fn-b']);
    expect(store.getState().selectedFnId).toBe('fn-b');
  });
});

describe('renderer store: the composer', () => {
  async function storeWithFn() {
    const fake = fakeClient();
    fake.api.listFns.mockResolvedValue([fn('hello', 'app-demo')]);
    const store = createStudioStore(fake.client);
    await store.getState().loadCatalog();
    return { ...fake, store };
  }

  it('sends to /invoke/<fn_id> and stores status, duration, body, call id, call record and log', async () => {
    const { api, store } = await storeWithFn();
    store.getState().setBody('world');

    await store.getState().send();

    expect(api.sendHttp).toHaveBeenCalledWith({
      method: 'POST',
      path: '/invoke/fn-hello',
      headers: { 'Content-Type': 'text/plain' },
      body: 'world',
    });
    expect(api.getCall).toHaveBeenCalledWith({ call_id: 'call-1' });
    expect(api.getCallLog).toHaveBeenCalledWith({ call_id: 'call-1' });
    const result = selectResult(store.getState());
    expect(result).toMatchObject({ status: 200, durationMs: 42.4, body: 'hello world', callId: 'call-1' });
    expect(result?.call?.start_kind).toBe('cold');
    expect(selectResultLogLines(store.getState())).toEqual(['starting', 'said hello']);
    expect(store.getState().sending).toBe(false);
    expect(store.getState().calls.map((c) => c.id)).toEqual(['call-1']);
  });

  it('shows live log lines from `log` events until the stored log is at least as long', async () => {
    const { api, store, emit } = await storeWithFn();
    api.getCallLog.mockResolvedValue('');
    store.getState().start();

    await store.getState().send();
    emit('log', { call_id: 'call-1', lines: ['line 1', 'line 2'] });
    emit('log', { call_id: 'other-call', lines: ['not ours'] });

    expect(selectResultLogLines(store.getState())).toEqual(['line 1', 'line 2']);
  });

  it('surfaces an ApiError from sendHttp as the send error', async () => {
    const { api, store } = await storeWithFn();
    api.sendHttp.mockRejectedValue(new ApiError('unavailable', 'Lost the connection to the Fn Studio host.'));

    await store.getState().send();

    expect(store.getState().sendError).toBe('Lost the connection to the Fn Studio host.');
    expect(store.getState().result).toBeNull();
    expect(store.getState().sending).toBe(false);
  });

  it("explains a failed call by its record's kind, with the host's message beneath", async () => {
    const { api, store } = await storeWithFn();
    expect(selectResultFailure(store.getState())).toBeNull();
    await store.getState().send();
    expect(selectResultFailure(store.getState())).toBeNull(); // a success needs no explanation

    api.sendHttp.mockResolvedValue({
      status: 502,
      headers: { 'content-type': 'application/json', 'fn-call-id': 'call-1' },
      body: '{}',
      duration_ms: 9,
    });
    api.getCall.mockResolvedValue(
      call('call-1', 'fn-hello', {
        status: 'error',
        http_status: 502,
        error: 'container exited with code 3',
        error_kind: 'exit',
      }),
    );
    await store.getState().send();
    const exited = selectResultFailure(store.getState());
    expect(exited).toMatchObject({ title: 'Function exited', error: 'container exited with code 3' });
    expect(exited?.advice).toMatch(/log/);
    // The same record gives the same object, so the panel does not re-render on unrelated updates.
    store.getState().setBody('next');
    expect(selectResultFailure(store.getState())).toBe(exited);

    api.getCall.mockResolvedValue(
      call('call-1', 'fn-hello', {
        status: 'timeout',
        http_status: 504,
        error: 'did not become ready in 2 s',
        error_kind: 'init_timeout',
      }),
    );
    await store.getState().send();
    expect(selectResultFailure(store.getState())).toMatchObject({
      title: 'Did not start in time',
      error: 'did not become ready in 2 s',
    });

    // A record older than error_kind: a title from its status only.
    api.getCall.mockResolvedValue(call('call-1', 'fn-hello', { status: 'error', http_status: 502 }));
    await store.getState().send();
    expect(selectResultFailure(store.getState())).toMatchObject({ title: 'Failed', error: null });
  });

  it('keeps the response when the call details cannot be loaded, and says why', async () => {
    const { api, store } = await storeWithFn();
    api.getCall.mockRejectedValue(new ApiError('not_found', 'call call-1 not found'));

    await store.getState().send();

    const result = selectResult(store.getState());
    expect(result?.status).toBe(200);
    expect(result?.detailError).toContain('call call-1 not found');
  });
});

describe('renderer store: host events', () => {
  it('a status event with Docker unreachable sets the banner state, and a reachable one clears it', async () => {
    const { client, emit } = fakeClient();
    const store = createStudioStore(client);
    store.getState().start();
    await vi.waitFor(() => expect(store.getState().status).not.toBeNull());
    expect(selectDockerProblem(store.getState())).toBeNull();

    emit('status', {
      ...okStatus,
      docker: { reachable: false, endpoint: 'unix:///var/run/docker.sock', message: 'connect ENOENT' },
    });
    expect(selectDockerProblem(store.getState())).toEqual({
      reachable: false,
      endpoint: 'unix:///var/run/docker.sock',
      message: 'connect ENOENT',
    });

    emit('status', okStatus);
    expect(selectDockerProblem(store.getState())).toBeNull();
  });

  it('call events keep the recent-calls list fresh, newest first', () => {
    const { client, emit } = fakeClient();
    const store = createStudioStore(client);
    store.getState().start();

    emit('call', call('c1', 'fn-a', { status: 'running', created_at: '2026-11-28T10:00:01.000Z' }));
    emit('call', call('c2', 'fn-a', { created_at: '2026-11-28T10:00:02.000Z' }));
    emit('call', call('c1', 'fn-a', { status: 'success', created_at: '2026-11-28T10:00:01.000Z' }));

    expect(store.getState().calls.map((c) => [c.id, c.status])).toEqual([
      ['c2', 'success'],
      ['c1', 'success'],
    ]);
  });

  it('after a reconnect takes the snapshot, then only events numbered after it', async () => {
    const { api, client, emit } = fakeClient();
    const store = createStudioStore(client);
    store.getState().start();
    await vi.waitFor(() => expect(store.getState().status).not.toBeNull());
    api.getLiveState.mockResolvedValue({
      seq: 10,
      status: okStatus,
      containers: [],
      ram: [],
      calls: [call('c5', 'fn-a', { status: 'success', created_at: '2026-11-28T10:00:05.000Z' })],
    });
    await store.getState().refresh();
    expect(store.getState().calls.map((c) => [c.id, c.status])).toEqual([['c5', 'success']]);
    // Sent before the snapshot was taken: already in it, and older.
    emit('call', call('c5', 'fn-a', { status: 'running', created_at: '2026-11-28T10:00:05.000Z' }), 9);
    emit('call', call('c6', 'fn-a', { status: 'running', created_at: '2026-11-28T10:00:06.000Z' }), 11);
    expect(store.getState().calls.map((c) => [c.id, c.status])).toEqual([
      ['c6', 'running'],
      ['c5', 'success'],
    ]);
  });

  it('reports a failed status load and a lost connection as a connection problem', async () => {
    const { api, client } = fakeClient();
    api.getStatus.mockRejectedValue(new ApiError('forbidden', 'This page has no access token'));
    const store = createStudioStore(client);

    await store.getState().loadStatus();
    expect(selectConnectionProblem(store.getState())).toBe('This page has no access token');

    store.getState().setConnection({ state: 'reconnecting', message: 'Connection closed; retrying in 1 s.' });
    expect(selectConnectionProblem(store.getState())).toBe('Connection closed; retrying in 1 s.');
  });
});
