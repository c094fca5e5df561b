// Conformance of one `npm run serve` process (real Docker) to every endpoint and status pinned in DESIGN.md §3.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInput, FnInput } from '../../src/shared/api-contract';
import type { App, CallRecord, ContainerInfo, Fn } from '../../src/shared/models';
import type { SettingsView } from '../../src/shared/settings';
import { type ApiReply, type ErrorBody, HttpApiClient, type Page } from '../support/http-api-client';
import { startServe, type ServeProcess } from '../support/serve-process';
import { BUSYBOX_FAIL_IMAGE, BUSYBOX_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';

let s: ServeProcess;
const api = new HttpApiClient(() => s.baseUrl);

const INVOKE_ENDPOINT = 'fnproject.io/fn/invokeEndpoint';
const ZERO_DATE = '0001-01-01T00:00:00.000Z';
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const METRIC_NAMES = (
  'fn_calls fn_queued fn_running fn_completed fn_canceled fn_timeouts fn_errors fn_server_busy ' +
  'fn_container_wait_total fn_container_start_total fn_container_idle_total fn_container_paused_total ' +
  'fn_container_busy_total fn_util_mem_used fn_util_mem_avail'
).split(' ');

const get = <T>(path: string) => api.request<T>('GET', path);
const send = <T = ErrorBody>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => api.request<T>(method, path, { body, headers });

/** Asserts a reply's status first, so a failure shows the server's message. */
async function expectJson<T>(reply: ApiReply<T> | Promise<ApiReply<T>>, status: number): Promise<T> {
  const r = await reply;
  expect(r.status, r.text).toBe(status);
  expect(r.headers['content-type']?.[0]).toContain('application/json');
  return r.body;
}
const ok = <T>(reply: ApiReply<T> | Promise<ApiReply<T>>) => expectJson(reply, 200);

async function expectNoContent(reply: Promise<ApiReply<unknown>>): Promise<void> {
  const r = await reply;
  expect(r.status).toBe(204);
  expect(r.text).toBe('');
}

/** Follows next_cursor from the first page and returns every page, to check paging end to end. */
async function allPages<T>(path: string): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  let cursor: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await ok(
      get<Page<T>>(`${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`),
    );
    pages.push(page);
    cursor = page.next_cursor;
    expect(pages.length).toBeLessThan(50);
  } while (cursor);
  return pages;
}

async function metric(name: string): Promise<number> {
  const { text } = await get('/metrics');
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  expect(m, `${name} in /metrics`).not.toBeNull();
  return Number(m?.[1]);
}

const createApp = (body: AppInput) => ok(send<App>('POST', '/v2/apps', body));
const createFn = (body: FnInput) => ok(send<Fn>('POST', '/v2/fns', body));

beforeAll(async () => {
  s = await startServe();
});
afterAll(async () => {
  await s?.stop();
});

describe('apps', () => {
  it('creates (200 with the object), gets, filters by exact name, and pages with per_page and cursor', async () => {
    const app = await createApp({
      name: 'conf-a',
      config: { A: '1' },
      annotations: { 'x/y': 'z' },
      syslog_url: 'tcp://127.0.0.1:514',
    });
    expect(app).toMatchObject({
      id: expect.any(String),
      name: 'conf-a',
      config: { A: '1' },
      annotations: { 'x/y': 'z' },
      syslog_url: 'tcp://127.0.0.1:514',
    });
    expect(app.created_at).toMatch(RFC3339);
    expect(app.updated_at).toMatch(RFC3339);
    expect(await ok(get<App>(`/v2/apps/${app.id}`))).toEqual(app);

    for (const name of ['conf-ab', 'conf-b', 'conf-c', 'conf-d']) await createApp({ name });
    const filtered = await ok(get<Page<App>>('/v2/apps?name=conf-a'));
    expect(filtered.items.map((a) => a.name)).toEqual(['conf-a']);
    expect(filtered).not.toHaveProperty('next_cursor');
    expect((await ok(get<Page<App>>('/v2/apps?name=conf'))).items).toEqual([]);

    const whole = await ok(get<Page<App>>('/v2/apps'));
    expect(whole).not.toHaveProperty('next_cursor');
    const pages = await allPages<App>('/v2/apps?per_page=2');
    expect(pages.length).toBe(Math.ceil(whole.items.length / 2));
    for (const p of pages.slice(0, -1)) expect(p.items).toHaveLength(2);
    expect(pages[pages.length - 1]).not.toHaveProperty('next_cursor');
    expect(pages.flatMap((p) => p.items)).toEqual(whole.items);
  });

  it('PUT merges config and annotations key by key, "" deletes, absent fields stay, read-only echoes are ignored', async () => {
    const app = await createApp({
      name: 'conf-put',
      config: { KEEP: 'k', DROP: 'd', CHANGE: 'old' },
      annotations: { keep: 1, drop: 'x' },
      syslog_url: 'tcp://127.0.0.1:514',
    });
    const updated = await ok(
      send<App>('PUT', `/v2/apps/${app.id}`, {
        id: 'someone-else',
        name: 'conf-put',
        created_at: ZERO_DATE,
        updated_at: ZERO_DATE,
        config: { DROP: '', CHANGE: 'new', ADD: 'a' },
        annotations: { drop: '' },
      }),
    );
    expect(updated).toMatchObject({
      id: app.id,
      name: 'conf-put',
      config: { KEEP: 'k', CHANGE: 'new', ADD: 'a' },
      annotations: { keep: 1 },
      syslog_url: 'tcp://127.0.0.1:514',
      created_at: app.created_at,
    });
    expect(Object.keys(updated.config).sort()).toEqual(['ADD', 'CHANGE', 'KEEP']);
    expect(updated.updated_at).toMatch(RFC3339);
    expect(updated.updated_at).not.toBe(ZERO_DATE);
    expect(await ok(get<App>(`/v2/apps/${app.id}`))).toEqual(updated);

    const renamed = await expectJson(send('PUT', `/v2/apps/${app.id}`, { name: 'conf-other' }), 409);
    expect(renamed.message).toEqual(expect.any(String));
    expect((await ok(get<App>(`/v2/apps/${app.id}`))).name).toBe('conf-put');
  });

  it('DELETE answers 204 with no body and removes the app and its functions', async () => {
    const app = await createApp({ name: 'conf-del' });
    const fn = await createFn({ name: 'f', app_id: app.id, image: BUSYBOX_IMAGE, format: 'default' });
    await expectNoContent(send('DELETE', `/v2/apps/${app.id}`));
    await expectJson(get(`/v2/apps/${app.id}`), 404);
    await expectJson(get(`/v2/fns/${fn.id}`), 404);
    await expectJson(send('POST', `/invoke/${fn.id}`), 404);
    expect((await ok(get<Page<App>>('/v2/apps?name=conf-del'))).items).toEqual([]);
  });
});

describe('fns', () => {
  let app: App;
  beforeAll(async () => {
    app = await createApp({ name: 'conf-fns' });
  });

  it('creates with the pinned defaults and the invoke annotation in every response', async () => {
    const fn = await createFn({ name: 'defaults', app_id: app.id, image: BUSYBOX_IMAGE });
    expect(fn).toMatchObject({
      id: expect.any(String),
      name: 'defaults',
      app_id: app.id,
      image: BUSYBOX_IMAGE,
      memory: 128,
      timeout: 30,
      idle_timeout: 30,
      format: 'http-stream',
      network: 'bridge',
      config: {},
    });
    expect(fn.created_at).toMatch(RFC3339);
    const endpoint = `${s.baseUrl}/invoke/${fn.id}`;
    expect(fn.annotations[INVOKE_ENDPOINT]).toBe(endpoint);
    expect((await ok(get<Fn>(`/v2/fns/${fn.id}`))).annotations[INVOKE_ENDPOINT]).toBe(endpoint);
    const listed = await ok(get<Page<Fn>>(`/v2/fns?app_id=${app.id}`));
    expect(listed.items.map((f) => f.annotations[INVOKE_ENDPOINT])).toContain(endpoint);
    for (const f of listed.items) expect(f.annotations[INVOKE_ENDPOINT]).toBe(`${s.baseUrl}/invoke/${f.id}`);

    // The annotation follows the request's Host, since the CLI invokes exactly that URL.
    const port = new URL(s.baseUrl).port;
    const viaLocalhost = await api.request<Fn>('GET', `/v2/fns/${fn.id}`, {
      headers: { Host: `localhost:${port}` },
    });
    expect(viaLocalhost.status).toBe(200);
    expect(viaLocalhost.body.annotations[INVOKE_ENDPOINT]).toBe(`http://localhost:${port}/invoke/${fn.id}`);
  });

  it('filters by app_id and exact name, and pages with per_page and cursor', async () => {
    const other = await createApp({ name: 'conf-fns-other' });
    for (const name of ['p1', 'p2', 'p3', 'p4', 'p5'])
      await createFn({ name, app_id: app.id, image: BUSYBOX_IMAGE, format: 'default' });
    const twin = await createFn({ name: 'p1', app_id: other.id, image: BUSYBOX_IMAGE });

    const byName = await ok(get<Page<Fn>>(`/v2/fns?app_id=${app.id}&name=p1`));
    expect(byName.items).toHaveLength(1);
    expect(byName.items[0]).toMatchObject({ name: 'p1', app_id: app.id });
    expect(byName).not.toHaveProperty('next_cursor');
    expect((await ok(get<Page<Fn>>(`/v2/fns?app_id=${other.id}&name=p1`))).items.map((f) => f.id)).toEqual([
      twin.id,
    ]);
    expect((await ok(get<Page<Fn>>(`/v2/fns?app_id=${app.id}&name=p`))).items).toEqual([]);

    const whole = await ok(get<Page<Fn>>(`/v2/fns?app_id=${app.id}`));
    expect(whole.items.every((f) => f.app_id === app.id)).toBe(true);
    const pages = await allPages<Fn>(`/v2/fns?app_id=${app.id}&per_page=2`);
    expect(pages.length).toBe(Math.ceil(whole.items.length / 2));
    expect(pages[pages.length - 1]).not.toHaveProperty('next_cursor');
    expect(pages.flatMap((p) => p.items)).toEqual(whole.items);
  });

  it('PUT merges key by key, accepts echoed read-only fields and the invoke annotation, and refuses a rename', async () => {
    const fn = await createFn({
      name: 'put',
      app_id: app.id,
      image: BUSYBOX_IMAGE,
      format: 'default',
      config: { KEEP: 'k', DROP: 'd' },
      annotations: { keep: 'k', drop: 'd' },
    });
    // What the fn CLI sends back on update: the whole object, dates zeroed, annotation included.
    const echoed: Partial<Fn> = {
      ...fn,
      id: 'not-this-id',
      app_id: 'not-this-app',
      created_at: ZERO_DATE,
      updated_at: ZERO_DATE,
      memory: 256,
      config: { DROP: '', ADD: 'a' },
      annotations: { drop: '', [INVOKE_ENDPOINT]: 'http://evil.example/invoke/x' },
    };
    delete echoed.timeout;
    const updated = await ok(send<Fn>('PUT', `/v2/fns/${fn.id}`, echoed));
    expect(updated).toMatchObject({
      id: fn.id,
      app_id: app.id,
      name: 'put',
      memory: 256,
      timeout: 30,
      idle_timeout: 30,
      format: 'default',
      created_at: fn.created_at,
      config: { KEEP: 'k', ADD: 'a' },
    });
    expect(Object.keys(updated.config).sort()).toEqual(['ADD', 'KEEP']);
    expect(updated.annotations).toEqual({ keep: 'k', [INVOKE_ENDPOINT]: `${s.baseUrl}/invoke/${fn.id}` });
    expect(updated.updated_at).not.toBe(ZERO_DATE);
    expect(await ok(get<Fn>(`/v2/fns/${fn.id}`))).toEqual(updated);

    await expectJson(send('PUT', `/v2/fns/${fn.id}`, { name: 'renamed' }), 409);
    expect((await ok(get<Fn>(`/v2/fns/${fn.id}`))).name).toBe('put');
  });

  it('DELETE answers 204 with no body; the fn is then 404 to GET and to invoke', async () => {
    const fn = await createFn({ name: 'gone', app_id: app.id, image: BUSYBOX_IMAGE, format: 'default' });
    await expectNoContent(send('DELETE', `/v2/fns/${fn.id}`));
    await expectJson(get(`/v2/fns/${fn.id}`), 404);
    await expectJson(send('POST', `/invoke/${fn.id}`), 404);
    await expectJson(send('DELETE', `/v2/fns/${fn.id}`), 404);
  });
});

describe('invoke and calls', () => {
  let app: App;
  let echo: Fn;
  beforeAll(async () => {
    app = await createApp({ name: 'conf-invoke' });
    echo = await createFn({ name: 'echo', app_id: app.id, image: BUSYBOX_IMAGE, format: 'default' });
  });

  it('answers 200 with the body and Fn-Call-Id; 405 with Allow to GET; 404 for an unknown fn', async () => {
    const res = await send('POST', `/invoke/${echo.id}`, 'conf');
    expect(res.status).toBe(200);
    expect(res.text).toBe('hello conf\n');
    expect(res.headers['fn-call-id']?.[0]).toMatch(/^\w{26}$/);

    const viaGet = await get(`/invoke/${echo.id}`);
    expect(viaGet.headers.allow?.[0]).toContain('POST');
    expect(await expectJson(viaGet, 405)).toEqual({ message: expect.any(String) });
    await expectJson(send('POST', '/invoke/unknown-fn', 'x'), 404);
  });

  it('runs a detached call: 202 {call_id} at once, then the record reaches success', async () => {
    const hot = await createFn({ name: 'json', app_id: app.id, image: NODE_JSON_IMAGE, format: 'json' });
    const accepted = await expectJson(
      send<{ call_id: string }>('POST', `/invoke/${hot.id}`, 'later', { 'Fn-Invoke-Type': 'detached' }),
      202,
    );
    expect(accepted).toEqual({ call_id: expect.stringMatching(/^\w{26}$/) });
    await expect
      .poll(async () => (await ok(get<CallRecord>(`/v2/calls/${accepted.call_id}`))).status, {
        timeout: 60_000,
      })
      .toBe('success');
    const call = await ok(get<CallRecord>(`/v2/calls/${accepted.call_id}`));
    expect(call).toMatchObject({
      id: accepted.call_id,
      fn_id: hot.id,
      app_id: app.id,
      type: 'detached',
      http_status: 200,
      start_kind: expect.stringMatching(/^(cold|hot_new|hot_reused)$/),
      request: { method: 'POST', body: 'later' },
      response: { status: 200, body: 'echo:later' },
    });
    for (const k of ['created_at', 'started_at', 'completed_at'] as const) expect(call[k]).toMatch(RFC3339);
    // The pinned four; more may be added (container_wait_ms is).
    expect(Object.keys(call.timings)).toEqual(
      expect.arrayContaining(['exec_ms', 'launch_ms', 'queue_ms', 'resource_wait_ms']),
    );

    // The hot container stays idle for its idle_timeout (30 s), so it is listed with the §5 fields.
    const containers = await ok(get<Page<ContainerInfo>>('/v2/containers'));
    const mine = containers.items.find((c) => c.fn_id === hot.id);
    expect(mine).toMatchObject({ image: NODE_JSON_IMAGE, format: 'json', memory_mb: 128, calls_served: 1 });
    expect(['starting', 'idle', 'busy', 'paused', 'stopping']).toContain(mine?.state);
  });

  it('lists calls by fn_id and status with paging, serves a call log as text, and refuses to cancel ended calls', async () => {
    const ids: string[] = [];
    for (const body of ['a', 'bb', 'ccc']) {
      const r = await send('POST', `/invoke/${echo.id}`, body);
      expect(r.status).toBe(200);
      ids.push(r.headers['fn-call-id']?.[0] ?? '');
    }
    const failing = await createFn({
      name: 'fail',
      app_id: app.id,
      image: BUSYBOX_FAIL_IMAGE,
      format: 'default',
    });
    const failed = await send('POST', `/invoke/${failing.id}`);
    expect(failed.status).toBe(502);
    const failedId = failed.headers['fn-call-id']?.[0];
    // The record keeps what the client got: the status, the JSON error body and the call id.
    expect((await ok(get<CallRecord>(`/v2/calls/${failedId}`))).response).toMatchObject({
      status: 502,
      headers: { 'Content-Type': [failed.headers['content-type']?.[0]], 'Fn-Call-Id': [failedId] },
      body: failed.text,
      body_truncated: false,
    });

    const all = await ok(get<Page<CallRecord>>(`/v2/calls?fn_id=${echo.id}`));
    expect(all.items.every((c) => c.fn_id === echo.id)).toBe(true);
    expect(all.items.map((c) => c.id)).toEqual(expect.arrayContaining(ids));
    const pages = await allPages<CallRecord>(`/v2/calls?fn_id=${echo.id}&per_page=2`);
    expect(pages[0].items).toHaveLength(2);
    expect(pages[0].next_cursor).toEqual(expect.any(String));
    expect(pages[pages.length - 1]).not.toHaveProperty('next_cursor');
    expect(pages.flatMap((p) => p.items.map((c) => c.id))).toEqual(all.items.map((c) => c.id));

    const successes = await ok(get<Page<CallRecord>>(`/v2/calls?app_id=${app.id}&status=success`));
    expect(successes.items.every((c) => c.status === 'success')).toBe(true);
    expect(successes.items.map((c) => c.id)).not.toContain(failedId);
    const errors = await ok(get<Page<CallRecord>>(`/v2/calls?app_id=${app.id}&status=error`));
    expect(errors.items.map((c) => c.id)).toEqual([failedId]);
    expect(errors.items[0].http_status).toBe(502);

    const log = await get(`/v2/calls/${ids[1]}/log`);
    expect(log.status).toBe(200);
    expect(log.headers['content-type']?.[0]).toContain('text/plain');
    expect(log.text).toBe('log: got 2 bytes\n');

    await expectJson(send('DELETE', `/v2/calls/${ids[0]}`), 409);
    await expectJson(send('DELETE', '/v2/calls/no-such-call'), 404);
    expect((await ok(get<CallRecord>(`/v2/calls/${ids[0]}`))).status).toBe('success');
  });
});

describe('host endpoints', () => {
  it('answers /v2/stats, /v2/triggers and /version', async () => {
    const stats = await ok(get<{ pool: { total_mb: number }; calls: object }>('/v2/stats'));
    expect(stats.pool).toMatchObject({ total_mb: expect.any(Number), used_mb: expect.any(Number) });
    expect(stats.pool.total_mb).toBeGreaterThan(0);
    expect(stats.calls).toEqual(expect.any(Object));
    expect(await ok(get('/v2/triggers'))).toEqual({ items: [] });
    // Fn's {version}, extended with the engine in use and the http-stream mode.
    expect(await ok(get('/version'))).toMatchObject({ version: expect.stringMatching(/\S/) });
  });

  it('GET /v2/settings shows values, sources, the data dir and listen address; PUT saves a value and null forgets it', async () => {
    const view = await ok(get<SettingsView>('/v2/settings'));
    // The four pinned fields, and the read-only start-up facts, engine and pool figures added beside them.
    expect(Object.keys(view).sort()).toEqual([
      'data_dir',
      'engine',
      'http_stream',
      'listen',
      'pool',
      'restart_required',
      'saved',
      'sources',
      'values',
    ]);
    expect(view.data_dir).toEqual({ value: s.dataDir, source: 'flag' });
    expect(view.listen).toEqual({ value: new URL(s.baseUrl).host, source: 'flag', host_source: 'default' });
    // Auto sizing: the engine's machine less its reserve; the pool in effect is that number, as /v2/stats says.
    const { auto, size_mb } = view.pool!;
    expect(auto.from).toBe('engine');
    expect(auto.pool_mb).toBe(auto.machine_mb - auto.reserve_mb);
    expect(auto.reserve_mb).toBeGreaterThanOrEqual(256);
    expect(auto.reserve_mb).toBeLessThanOrEqual(5 * 1024);
    expect(size_mb).toBe(auto.pool_mb);
    expect(size_mb).toBe((await ok(get<{ pool: { total_mb: number } }>('/v2/stats'))).pool.total_mb);
    expect(view.values.wait_bound_s).toBe(60);
    expect(view.sources.wait_bound_s).toBe('default');
    expect(view.saved).not.toHaveProperty('wait_bound_s');
    expect(view.restart_required).toEqual([]);

    // An override is the pool in effect; auto still says what it would give.
    const overridden = await ok(send<SettingsView>('PUT', '/v2/settings', { pool_mb: 1024 }));
    expect(overridden.pool).toEqual({ size_mb: 1024, auto });
    await ok(send('PUT', '/v2/settings', { pool_mb: null }));

    const saved = await ok(send<SettingsView>('PUT', '/v2/settings', { wait_bound_s: 90 }));
    expect(saved.values.wait_bound_s).toBe(90);
    expect(saved.sources.wait_bound_s).toBe('saved');
    expect(saved.saved.wait_bound_s).toBe(90);
    expect((await ok(get<SettingsView>('/v2/settings'))).values.wait_bound_s).toBe(90);

    const forgotten = await ok(send<SettingsView>('PUT', '/v2/settings', { wait_bound_s: null }));
    expect(forgotten.values.wait_bound_s).toBe(60);
    expect(forgotten.sources.wait_bound_s).toBe('default');
    expect(forgotten.saved).not.toHaveProperty('wait_bound_s');
  });

  it('GET /metrics carries every Fn metric name, and fn_completed grows after a call', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']?.[0]).toContain('text/plain');
    const text = res.text;
    for (const name of METRIC_NAMES) expect(text).toMatch(new RegExp(`^${name} \\d+(\\.\\d+)?$`, 'm'));

    const before = await metric('fn_completed');
    const callsBefore = await metric('fn_calls');
    const app = await createApp({ name: 'conf-metrics' });
    const fn = await createFn({ name: 'm', app_id: app.id, image: BUSYBOX_IMAGE, format: 'default' });
    expect((await send('POST', `/invoke/${fn.id}`, 'm')).status).toBe(200);
    expect(await metric('fn_completed')).toBe(before + 1);
    expect(await metric('fn_calls')).toBeGreaterThan(callsBefore);
  });
});
