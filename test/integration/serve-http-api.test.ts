// `npm run serve` as a real process: ready line, the pinned HTTP API's walking-skeleton path and statuses, busy port,
// loopback guards, body limit, and a graceful SIGTERM that leaves no container behind.
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, Fn } from '../../src/shared/models';
import { type ApiReply, type ErrorBody, HttpApiClient, type Page } from '../support/http-api-client';
import { startServe, type ServeProcess } from '../support/serve-process';
import { BUSYBOX_IMAGE, BUSYBOX_SLEEP_IMAGE } from '../support/test-images';

let s: ServeProcess;
const api = new HttpApiClient(() => s.baseUrl);
const invoke = (fnId: string, body?: string) =>
  fetch(`${s.baseUrl}/invoke/${fnId}`, { method: 'POST', body });

beforeAll(async () => {
  s = await startServe();
});
afterAll(async () => {
  await s?.stop();
});

describe('npm run serve', () => {
  it('prints the ready line with the UI URL carrying a token, and serves the UI without one', async () => {
    expect(s.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    const res = await api.request('GET', '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']?.[0]).toContain("script-src 'self'");
    expect(res.text).toContain('<div id="root">');
  });

  it('answers GET /version, naming the engine and the http-stream mode with why', async () => {
    const res = await api.request('GET', '/version');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      version: expect.any(String),
      engine: {
        reachable: true,
        endpoint: expect.any(String),
        name: expect.stringMatching(/Docker Engine|Docker Desktop|Podman/),
        version: expect.any(String),
        os: expect.any(String),
        remote: expect.any(Boolean),
        connection: expect.stringMatching(/^(unix|npipe|tcp|tls|ssh)$/),
        source: expect.any(String),
      },
      http_stream: { mode: expect.stringMatching(/^(direct|relay|undecided)$/), reason: expect.any(String) },
    });
  });

  it('runs the walking skeleton over HTTP: app, fn, invoke with Fn-Call-Id, call record and log', async () => {
    const app = await api.createApp({ name: 'skeleton' });
    expect(app).toMatchObject({ name: 'skeleton', config: {}, annotations: {} });
    const fnRes = await api.request<Fn>('POST', '/v2/fns', {
      body: { name: 'hello', app_id: app.id, image: BUSYBOX_IMAGE, format: 'default' },
    });
    expect(fnRes.status).toBe(200);
    const fn = fnRes.body;
    expect(fn).toMatchObject({
      memory: 128,
      timeout: 30,
      idle_timeout: 30,
      format: 'default',
      network: 'bridge',
    });
    expect(fn.annotations['fnproject.io/fn/invokeEndpoint']).toBe(`${s.baseUrl}/invoke/${fn.id}`);

    const inv = await invoke(fn.id, 'curl');
    expect(inv.status).toBe(200);
    expect(await inv.text()).toBe('hello curl\n');
    const callId = inv.headers.get('fn-call-id') as string;
    expect(callId).toHaveLength(26);
    const call = await api.getCall(callId);
    expect(call).toMatchObject({
      id: callId,
      fn_id: fn.id,
      status: 'success',
      http_status: 200,
      start_kind: 'cold',
    });
    expect(call.request.body).toBe('curl');
    const log = await api.request('GET', `/v2/calls/${callId}/log`);
    expect(log.headers['content-type']?.[0]).toContain('text/plain');
    expect(log.text).toBe('log: got 4 bytes\n');
  });

  it('answers the pinned error statuses with a JSON message', async () => {
    const [app] = (await api.ok<Page<App>>('GET', '/v2/apps?name=skeleton')).items;
    const post = (path: string, body: unknown) => api.request<ErrorBody>('POST', path, { body });
    const cases: Array<[Promise<ApiReply<ErrorBody>>, number, string]> = [
      [post('/v2/apps', { name: 'bad name!' }), 400, 'app name'],
      [post('/v2/apps', { name: 'skeleton' }), 409, 'already exists'],
      [post('/v2/fns', { name: 'x', app_id: app.id, image: 'Not A Ref' }), 400, 'image'],
      [post('/v2/fns', { name: 'x', app_id: app.id, image: BUSYBOX_IMAGE, timeout: 301 }), 400, 'timeout'],
      [post('/v2/fns', { name: 'x', app_id: app.id, image: BUSYBOX_IMAGE, memory: 9000 }), 400, 'memory'],
      [
        post('/v2/fns', { name: 'x', app_id: app.id, image: BUSYBOX_IMAGE, config: { 'BAD-KEY': 'v' } }),
        400,
        'config',
      ],
      [post('/v2/fns', { name: 'x', app_id: 'nope', image: BUSYBOX_IMAGE }), 404, 'app nope'],
      [api.request('POST', '/invoke/nope'), 404, 'function nope'],
      [api.request('GET', '/invoke/nope'), 405, 'not allowed'],
      [api.request('GET', '/v2/calls/nope'), 404, 'call nope'],
      [post('/v2/apps', '{not json'), 400, 'not valid JSON'],
    ];
    for (const [res, status, text] of cases) {
      const r = await res;
      expect(r.status, text).toBe(status);
      expect(r.headers['content-type']?.[0]).toContain('application/json');
      expect(r.body.message).toContain(text);
    }
  });

  it('answers 502 naming a missing image and 504 for a function past its timeout', async () => {
    const [app] = (await api.ok<Page<App>>('GET', '/v2/apps?name=skeleton')).items;
    const missing = await api.createFn({
      name: 'missing',
      app_id: app.id,
      image: 'fn-studio-test/absent:9',
      format: 'default',
    });
    const r1 = await invoke(missing.id);
    expect(r1.status).toBe(502);
    expect(((await r1.json()) as ErrorBody).message).toContain('fn-studio-test/absent:9');
    const slow = await api.createFn({
      name: 'slow',
      app_id: app.id,
      image: BUSYBOX_SLEEP_IMAGE,
      format: 'default',
      timeout: 1,
    });
    const r2 = await invoke(slow.id);
    expect(r2.status).toBe(504);
  });

  it('refuses a foreign Host or Origin with 403', async () => {
    const version = (headers: Record<string, string>) => api.request('GET', '/version', { headers });
    expect((await version({ Host: 'evil.example:80' })).status).toBe(403);
    expect((await version({ Host: '127.0.0.1', Origin: 'http://evil.example' })).status).toBe(403);
    expect((await version({ Host: 'localhost' })).status).toBe(200);
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await api.request('POST', '/v2/apps', { body: 'x'.repeat(6 * 1024 * 1024 + 1) });
    expect(res.status).toBe(413);
  });

  it('exits non-zero with one clear line when the port is busy', async () => {
    const port = Number(new URL(s.baseUrl).port);
    const err = await startServe({ port }).then(
      () => new Error('a second server started on a busy port'),
      (e: Error) => e,
    );
    expect(err.message).toMatch(/exited with 1 before it was ready/);
    expect(err.message).toContain(`port ${port} on 127.0.0.1 is already in use`);
  });

  it('on SIGTERM lets a running call finish, then removes every container it started', async () => {
    const other = await startServe();
    const base = other.baseUrl;
    const app = await other.api.createApp({ name: 'term' });
    const fn = await other.api.createFn({
      name: 's',
      app_id: app.id,
      image: BUSYBOX_SLEEP_IMAGE,
      format: 'default',
      timeout: 2,
    });
    const call = fetch(`${base}/invoke/${fn.id}`, { method: 'POST' });
    await expect.poll(async () => (await other.api.listCalls({ status: 'running' })).items.length).toBe(1);
    const code = await other.stop('SIGTERM');
    expect((await call).status).toBe(504);
    expect(code).toBe(0);
    const left = await new Docker().listContainers({
      all: true,
      filters: { label: [`io.fnstudio.data-dir=${other.dataDir}`] },
    });
    expect(left).toEqual([]);
  });
});

describe('cancel over HTTP', () => {
  it('DELETE /v2/calls/{id} cancels a running call (204) and answers 409 once it has ended', async () => {
    const app = await api.createApp({ name: 'cancel' });
    const fn = await api.createFn({
      name: 's',
      app_id: app.id,
      image: BUSYBOX_SLEEP_IMAGE,
      format: 'default',
    });
    const call = invoke(fn.id);
    let id: string | undefined;
    await expect
      .poll(async () => {
        const page = await api.listCalls({ fn_id: fn.id, status: 'running' });
        id = page.items[0]?.id;
        return id;
      })
      .toBeDefined();
    expect((await api.request('DELETE', `/v2/calls/${id}`)).status).toBe(204);
    // The caller still waiting is answered 409 with a message; the record keeps that answer, no HTTP status.
    const answered = await call;
    expect(answered.status).toBe(409);
    expect(answered.headers.get('fn-call-id')).toBe(id);
    const body = (await answered.json()) as ErrorBody;
    expect(body.message).toMatch(/cancelled/);
    const record = await api.getCall(id ?? '');
    expect(record.status).toBe('cancelled');
    expect(record.http_status).toBeUndefined();
    expect(record.response).toMatchObject({ status: 409, body: JSON.stringify(body) });
    expect((await api.request('DELETE', `/v2/calls/${id}`)).status).toBe(409);
  });
});
