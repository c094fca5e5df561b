// The same contract cases over both transports of the typed API: Electron IPC (electron mocked) and WebSocket.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createStudioClient, type ClientTransport } from '../../src/shared/api-client';
import type { EventName, StudioClient, StudioEvents } from '../../src/shared/api-contract';
import { ApiError } from '../../src/shared/errors';
import { MASKED_VALUE } from '../../src/shared/secret-config';
import { StudioHost } from '../../src/main/host/studio-host';
import { createWsTransport, webSocketUrl } from '../../src/renderer/src/api/ws-transport';
import { BUSYBOX_FAIL_IMAGE, BUSYBOX_IMAGE } from '../support/test-images';
import { ThrowawayImages } from '../support/throwaway-images';
import { removeImages, WatchFolder } from '../support/watch-folder';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';

// A stand-in for Electron's IPC: main's handlers and the renderer's invoke meet in this process.
const ipc = vi.hoisted(() => {
  const handlers = new Map<string, (e: unknown, p: unknown) => unknown>();
  // vi.hoisted runs before imports: a minimal emitter, enough for on/off/emit.
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const rendererBus = {
    on: (ch: string, l: (...a: unknown[]) => void) =>
      listeners.set(ch, (listeners.get(ch) ?? new Set()).add(l)),
    off: (ch: string, l: (...a: unknown[]) => void) => listeners.get(ch)?.delete(l),
    emit: (ch: string, ...a: unknown[]) => listeners.get(ch)?.forEach((l) => l(...a)),
  };
  const exposed: Record<string, unknown> = {};
  return { handlers, rendererBus, exposed };
});
vi.mock('electron', () => ({
  ipcMain: {
    handle: (ch: string, fn: (e: unknown, p: unknown) => unknown) => ipc.handlers.set(ch, fn),
    removeHandler: (ch: string) => ipc.handlers.delete(ch),
  },
  ipcRenderer: {
    // Structured clone, as Electron does across the process boundary.
    invoke: async (ch: string, params: unknown) =>
      structuredClone(await ipc.handlers.get(ch)?.({}, structuredClone(params))),
    on: (ch: string, l: (...a: unknown[]) => void) => ipc.rendererBus.on(ch, l),
    removeListener: (ch: string, l: (...a: unknown[]) => void) => ipc.rendererBus.off(ch, l),
  },
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => (ipc.exposed[name] = api) },
}));

type Harness = { client: StudioClient; raw: ClientTransport; host: StudioHost; close(): void };

async function startHost(): Promise<StudioHost> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fn-studio-contract-'));
  return StudioHost.start({ port: 0, host: '127.0.0.1', dataDir, uiRoot: dataDir, version: 'test' });
}

const transports: Record<string, () => Promise<Harness>> = {
  ipc: async () => {
    const host = await startHost();
    const { bindIpc } = await import('../../src/main/electron/ipc-binding');
    const electron = await import('electron');
    const webContents = {
      isDestroyed: () => false,
      send: (ch: string, msg: unknown) => ipc.rendererBus.emit(ch, {}, structuredClone(msg)),
    };
    const unbind = bindIpc(electron.ipcMain, host.api, host.events, () => webContents as never);
    await import('../../src/preload/index');
    const raw = ipc.exposed.fnStudio as ClientTransport;
    return { client: createStudioClient(raw), raw, host, close: unbind };
  },
  websocket: async () => {
    const host = await startHost();
    const url = webSocketUrl({ protocol: 'http:', host: `127.0.0.1:${host.port}` }, host.token);
    const transport = createWsTransport({
      url,
      noTokenMessage: 'no token',
      createSocket: (u, h) => {
        const ws = new WebSocket(u, { headers: { origin: host.apiUrl } });
        ws.on('open', () => h.onOpen());
        ws.on('message', (d) => h.onMessage(d.toString()));
        ws.on('close', (code, reason) => h.onClose(code, reason.toString()));
        ws.on('error', () => undefined);
        return { send: (d) => ws.send(d), close: () => ws.close() };
      },
    });
    return { client: createStudioClient(transport), raw: transport, host, close: () => transport.close() };
  },
};

describe.each(Object.keys(transports))('typed API contract over %s', (name) => {
  let h: Harness;
  beforeAll(async () => {
    h = await transports[name]();
  });
  afterAll(async () => {
    h.close();
    await h.host.close();
  });

  const nextEvent = <E extends EventName>(event: E, match: (p: StudioEvents[E]) => boolean) =>
    new Promise<StudioEvents[E]>((resolve) => {
      const off = h.client.on(event, (p) => {
        if (match(p)) {
          off();
          resolve(p);
        }
      });
    });

  it('reports the host status with Docker reachable', async () => {
    const status = await h.client.getStatus({});
    expect(status.version).toBe('test');
    expect(status.docker.reachable).toBe(true);
    expect(status.api_url).toBe(h.host.apiUrl);
  });

  it('creates and lists apps, refusing a duplicate name with a conflict', async () => {
    const app = await h.client.createApp({ name: 'contract' });
    expect(app.id).toHaveLength(26);
    expect((await h.client.listApps({})).map((a) => a.name)).toContain('contract');
    await expect(h.client.createApp({ name: 'contract' })).rejects.toMatchObject({
      code: 'conflict',
      status: 409,
    });
  });

  it('validates function input with a readable message', async () => {
    const [app] = await h.client.listApps({});
    const err = await h.client
      .createFn({ name: 'bad', app_id: app.id, image: BUSYBOX_IMAGE, memory: 0 })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toContain('memory must be 1-8192 MB');
  });

  it('refuses a method outside the channel map', async () => {
    const env = await h.raw.invoke('deleteEverything' as never, {});
    expect(env).toMatchObject({ error: { status: 400 } });
  });

  it('invokes a cold function through sendHttp, with call and log events', async () => {
    const [app] = await h.client.listApps({});
    const fn = await h.client.createFn({
      name: 'echo',
      app_id: app.id,
      image: BUSYBOX_IMAGE,
      format: 'default',
    });
    const ended = nextEvent('call', (c) => c.fn_id === fn.id && c.status === 'success');
    const logged = nextEvent('log', (l) => l.lines.includes('log: got 8 bytes'));
    const res = await h.client.sendHttp({ method: 'POST', path: `/invoke/${fn.id}`, body: 'contract' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('hello contract\n');
    expect(res.duration_ms).toBeGreaterThan(0);
    const callId = res.headers['Fn-Call-Id'];
    expect((await ended).id).toBe(callId);
    await logged;
    expect(await h.client.getCallLog({ call_id: callId })).toBe('log: got 8 bytes\n');
    expect((await h.client.getCall({ call_id: callId })).start_kind).toBe('cold');
  });

  it('stores a function without a format as http-stream; a non-FDK image fails to initialize (502)', async () => {
    const [app] = await h.client.listApps({});
    const fn = await h.client.createFn({ name: 'streamer', app_id: app.id, image: BUSYBOX_FAIL_IMAGE });
    expect(fn.format).toBe('http-stream');
    const res = await h.client.sendHttp({ method: 'POST', path: `/invoke/${fn.id}`, body: '' });
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body).message).toContain('failed to initialize');
  });

  it('answers 404 for an invoke of a deleted function', async () => {
    const [app] = await h.client.listApps({});
    const fn = await h.client.createFn({
      name: 'gone',
      app_id: app.id,
      image: BUSYBOX_IMAGE,
      format: 'default',
    });
    await h.client.deleteFn({ fn_id: fn.id });
    expect((await h.client.listFns({ app_id: app.id })).map((f) => f.name)).not.toContain('gone');
    const res = await h.client.sendHttp({ method: 'POST', path: `/invoke/${fn.id}` });
    expect(res.status).toBe(404);
  });
  it('updates a function with merge semantics and deletes an app with its functions', async () => {
    const app = await h.client.createApp({ name: 'contract-update', config: { A: '1' } });
    const fn = await h.client.createFn({
      name: 'upd',
      app_id: app.id,
      image: BUSYBOX_IMAGE,
      format: 'default',
      config: { X: '1', Y: '2' },
    });
    const next = await h.client.updateFn({ fn_id: fn.id, patch: { memory: 64, config: { X: '', Z: '3' } } });
    expect(next).toMatchObject({ memory: 64, config: { Y: '2', Z: '3' } });
    await expect(h.client.updateFn({ fn_id: fn.id, patch: { name: 'renamed' } })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await h.client.updateApp({ app_id: app.id, patch: { config: { B: '2' } } })).config).toEqual({
      A: '1',
      B: '2',
    });
    await h.client.deleteApp({ app_id: app.id });
    expect((await h.client.listFns({ app_id: app.id })).length).toBe(0);
  });

  it('reads and saves settings, refusing unknown keys and values out of range', async () => {
    const view = await h.client.getSettings({});
    expect(view.values.wait_bound_s).toBe(60);
    const saved = await h.client.updateSettings({ wait_bound_s: 30 });
    expect(saved).toMatchObject({ values: { wait_bound_s: 30 }, sources: { wait_bound_s: 'saved' } });
    await expect(h.client.updateSettings({ wait_bound_s: 0 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const unknown = await h.raw.invoke('updateSettings', { colour: 'blue' });
    expect(unknown).toMatchObject({
      error: { status: 400, message: expect.stringMatching(/unknown setting colour/) },
    });
    await h.client.updateSettings({ wait_bound_s: null });
  });

  it('keeps composer history, drafts and saved requests, tells every UI of a change, and refuses bad input', async () => {
    const draft = {
      method: 'POST',
      path: '/invoke/x',
      headers: [{ key: 'X-A', value: '1' }],
      body: 'hi',
      bodyMode: 'text' as const,
      detached: false,
    };
    const told = nextEvent('composer', (p) => p.part === 'history');
    const kept = await h.client.addComposerHistory({
      entry: {
        fnId: 'x',
        request: { method: 'POST', path: '/invoke/x', headers: {}, body: 'hi' },
        status: 200,
        durationMs: 2,
        headers: { 'content-type': 'text/plain' },
        body: 'reply',
        callId: null,
      },
    });
    expect(kept.id).toHaveLength(26);
    await told;
    await h.client.saveComposerDraft({ fn_id: 'x', draft });
    expect(await h.client.saveComposerRequest({ request: { name: 'mine', fnId: 'x', draft } })).toEqual([
      { name: 'mine', fnId: 'x', draft },
    ]);
    const state = await h.client.getComposerState({});
    expect(state).toEqual({
      history: [kept],
      saved: [{ name: 'mine', fnId: 'x', draft }],
      drafts: { x: draft },
    });
    await expect(
      h.client.saveComposerRequest({ request: { name: ' ', fnId: 'x', draft } }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/needs a name/) });
    const merged = await h.client.importComposerState({
      state: { history: [{ ...kept, id: 'old-1', at: '2026-01-01T00:00:00.000Z' }], saved: [], drafts: {} },
    });
    expect(merged.history.map((e) => e.id)).toEqual([kept.id, 'old-1']);
    expect(await h.client.deleteComposerRequest({ name: 'mine' })).toEqual([]);
    await h.client.clearComposerHistory({});
    expect((await h.client.getComposerState({})).history).toEqual([]);
  });

  it('gives a live-state snapshot numbered like the events, and filters calls', async () => {
    const state = await h.client.getLiveState({});
    expect(state.seq).toBeGreaterThan(0);
    expect(state.status.docker.reachable).toBe(true);
    expect(state.calls.length).toBeGreaterThan(0);
    const failed = await h.client.listCalls({ status: 'error' });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((c) => c.status === 'error')).toBe(true);
    const [newest] = await h.client.listCalls({ limit: 1 });
    await expect(h.client.cancelCall({ call_id: newest.id })).rejects.toMatchObject({ code: 'conflict' });
  });
  it('lists call summaries with filters, exports calls with their logs, and tells whether an image is here', async () => {
    const all = await h.client.listCallSummaries({});
    expect(all.length).toBeGreaterThan(0);
    expect(all[0]).not.toHaveProperty('request');
    const cold = await h.client.listCallSummaries({ start_kind: 'cold', status: 'success' });
    expect(cold.length).toBeGreaterThan(0);
    expect(cold.every((c) => c.start_kind === 'cold' && c.status === 'success')).toBe(true);
    expect(await h.client.listCallSummaries({ since: '2999-01-01T00:00:00Z' })).toEqual([]);

    const file = await h.client.exportCalls({ format: 'ndjson', ids: [cold[0].id] });
    expect(file.filename).toMatch(/\.ndjson$/);
    const [line] = file.content
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(line).toMatchObject({ id: cold[0].id, log: 'log: got 8 bytes\n' });
    const csv = await h.client.exportCalls({ format: 'csv', filter: { status: 'success' } });
    expect(csv.content.split('\r\n')[0]).toMatch(/^id,fn_id,app_id,type,status,http_status,start_kind/);

    expect(await h.client.imageStatus({ image: BUSYBOX_IMAGE })).toEqual({
      image: BUSYBOX_IMAGE,
      present: true,
    });
    expect((await h.client.imageStatus({ image: 'fn-studio-test/not-here:1' })).present).toBe(false);
    await expect(h.client.buildImage({ folder: '/nonexistent', tag: 'x:1' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('reports ended containers with why they ended (a cold one is done after its call)', async () => {
    const state = await h.client.getLiveState({});
    const ended = state.ended_containers.filter((c) => c.kind === 'cold');
    expect(ended.length).toBeGreaterThan(0);
    expect(ended[0]).toMatchObject({ end_reason: 'done', ended_at: expect.any(String) });
  });

  it('describes one container with what it was started with, secrets masked unless revealed; an unknown id is not found', async () => {
    const app = await h.client.createApp({ name: 'contract-container' });
    const fn = await h.client.createFn({
      name: 'secretive',
      app_id: app.id,
      image: BUSYBOX_IMAGE,
      format: 'default',
      config: { API_TOKEN: 'contract-token', REGION: 'eu' },
    });
    const ended = nextEvent('containerEnded', (c) => c.fn_id === fn.id);
    const res = await h.client.sendHttp({ method: 'POST', path: `/invoke/${fn.id}`, body: 'x' });
    expect(res.status).toBe(200);
    const { id } = await ended;
    const masked = await h.client.getContainer({ container_id: id });
    expect(masked).toMatchObject({ id, fn_id: fn.id, kind: 'cold', end_reason: 'done', revealed: false });
    expect(masked.setup.env).toMatchObject({ API_TOKEN: MASKED_VALUE, REGION: 'eu', FN_FN_ID: fn.id });
    expect(masked.setup.limits.memory_mb).toBe(fn.memory);
    const shown = await h.client.getContainer({ container_id: id, reveal: true });
    expect(shown.setup.env.API_TOKEN).toBe('contract-token');
    await expect(h.client.getContainer({ container_id: 'no-such-container' })).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
      message: expect.stringMatching(/^no container no-such-container: /),
    });
    const bad = await h.raw.invoke('getContainer', { container_id: id, reveal: 'yes' });
    expect(bad).toMatchObject({
      error: { status: 400, message: expect.stringMatching(/reveal must be true or false/) },
    });
  });

  it('ties a function to a folder: listed with its watch, whose builds arrive as events; a bad folder is refused', async () => {
    const app = await h.client.createApp({ name: 'watch-contract' });
    const src = new WatchFolder('contract');
    const tie = { [FN_ANNOTATIONS.sourceFolder]: src.dir, [FN_ANNOTATIONS.watch]: true };
    try {
      const missing = join(src.dir, 'missing');
      await expect(
        h.client.createFn({
          name: 'watched-bad',
          app_id: app.id,
          image: 'x:dev',
          annotations: { ...tie, [FN_ANNOTATIONS.sourceFolder]: missing },
        }),
      ).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining(`${FN_ANNOTATIONS.sourceFolder}: ${missing}`),
      });
      const built = nextEvent('watch', (w) => w.builds === 1);
      const fn = await h.client.createFn({
        name: 'watched',
        app_id: app.id,
        image: ThrowawayImages.uniqueTag('contract-watch'),
        format: 'json',
        annotations: tie,
      });
      const status = await built;
      expect(status).toMatchObject({
        fn_id: fn.id,
        folder: src.dir,
        image: fn.image,
        last_build: { ok: true },
      });
      expect((await h.client.listWatches({})).map((w) => w.fn_id)).toEqual([fn.id]);
      const off = nextEvent('watch', (w) => w.state === 'off');
      await h.client.deleteFn({ fn_id: fn.id });
      expect((await off).fn_id).toBe(fn.id);
      expect(await h.client.listWatches({})).toEqual([]);
      await removeImages([status.last_build!.image_id!]);
    } finally {
      src.remove();
    }
  });
});
