// `npm run serve` as a real process: ready line, the pinned HTTP API's walking-skeleton path and statuses, busy port,
// loopback guards, body limit, and a graceful SIGTERM that leaves no container behind.
import Docker from 'dockerode';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/serve-process';
import { BUSYBOX_IMAGE, BUSYBOX_SLEEP_IMAGE } from '../support/test-images';

let s: ServeProcess;
// Response shapes are what these tests assert, so the parsed JSON is left loosely typed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const read = async (r: Response | Promise<Response>): Promise<Json> => (await r).json();
const api = (path: string, init?: RequestInit) => fetch(`${s.baseUrl}${path}`, init);
const post = (path: string, body: unknown) =>
  api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** A raw request, so tests can send a Host header fetch would not allow. */
function rawRequest(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; body: string }> {
  const url = new URL(s.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  s = await startServe();
});
afterAll(async () => {
  await s?.stop();
});

describe('npm run serve', () => {
  it('prints the ready line with the UI URL carrying a token, and serves the UI without one', async () => {
    expect(s.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    const res = await api('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<div id="root">');
  });

  it('answers GET /version', async () => {
    const res = await api('/version');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ version: expect.any(String) });
  });

  it('runs the walking skeleton over HTTP: app, fn, invoke with Fn-Call-Id, call record and log', async () => {
    const app = await read(post('/v2/apps', { name: 'skeleton' }));
    expect(app).toMatchObject({ name: 'skeleton', config: {}, annotations: {} });
    const fnRes = await post('/v2/fns', {
      name: 'hello',
      app_id: app.id,
      image: BUSYBOX_IMAGE,
      format: 'default',
    });
    expect(fnRes.status).toBe(200);
    const fn: Json = await fnRes.json();
    expect(fn).toMatchObject({
      memory: 128,
      timeout: 30,
      idle_timeout: 30,
      format: 'default',
      network: 'bridge',
    });
    expect(fn.annotations['fnproject.io/fn/invokeEndpoint']).toBe(`${s.baseUrl}/invoke/${fn.id}`);

    const inv = await api(`/invoke/${fn.id}`, { method: 'POST', body: 'curl' });
    expect(inv.status).toBe(200);
    expect(await inv.text()).toBe('hello curl\n');
    const callId = inv.headers.get('fn-call-id') as string;
    expect(callId).toHaveLength(26);
    const call = await read(api(`/v2/calls/${callId}`));
    expect(call).toMatchObject({
      id: callId,
      fn_id: fn.id,
      status: 'success',
      http_status: 200,
      start_kind: 'cold',
    });
    expect(call.request.body).toBe('curl');
    const log = await api(`/v2/calls/${callId}/log`);
    expect(log.headers.get('content-type')).toContain('text/plain');
    expect(await log.text()).toBe('log: got 4 bytes\n');
  });

  it('answers the pinned error statuses with a JSON message', async () => {
    const [app] = (await read(api('/v2/apps?name=skeleton'))).items;
    const cases: Array<[Promise<Response>, number, string]> = [
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
      [api('/invoke/nope', { method: 'POST' }), 404, 'function nope'],
      [api('/invoke/nope', { method: 'GET' }), 405, 'not allowed'],
      [api('/v2/calls/nope'), 404, 'call nope'],
      [api('/v2/apps', { method: 'POST', body: '{not json' }), 400, 'not valid JSON'],
    ];
    for (const [res, status, text] of cases) {
      const r = await res;
      expect(r.status, text).toBe(status);
      expect(r.headers.get('content-type')).toContain('application/json');
      expect(((await r.json()) as Json).message).toContain(text);
    }
  });

  it('answers 502 naming a missing image and 504 for a function past its timeout', async () => {
    const [app] = (await read(api('/v2/apps?name=skeleton'))).items;
    const missing = await read(
      post('/v2/fns', {
        name: 'missing',
        app_id: app.id,
        image: 'fn-studio-test/absent:9',
        format: 'default',
      }),
    );
    const r1 = await api(`/invoke/${missing.id}`, { method: 'POST' });
    expect(r1.status).toBe(502);
    expect(((await r1.json()) as Json).message).toContain('fn-studio-test/absent:9');
    const slow = await read(
      post('/v2/fns', {
        name: 'slow',
        app_id: app.id,
        image: BUSYBOX_SLEEP_IMAGE,
        format: 'default',
        timeout: 1,
      }),
    );
    const r2 = await api(`/invoke/${slow.id}`, { method: 'POST' });
    expect(r2.status).toBe(504);
  });

  it('refuses a foreign Host or Origin with 403', async () => {
    expect((await rawRequest('/version', { Host: 'evil.example:80' })).status).toBe(403);
    expect((await rawRequest('/version', { Host: '127.0.0.1', Origin: 'http://evil.example' })).status).toBe(
      403,
    );
    expect((await rawRequest('/version', { Host: 'localhost' })).status).toBe(200);
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await api('/v2/apps', { method: 'POST', body: 'x'.repeat(6 * 1024 * 1024 + 1) });
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
    const app = await read(
      fetch(`${base}/v2/apps`, { method: 'POST', body: JSON.stringify({ name: 'term' }) }),
    );
    const fn = await read(
      fetch(`${base}/v2/fns`, {
        method: 'POST',
        body: JSON.stringify({
          name: 's',
          app_id: app.id,
          image: BUSYBOX_SLEEP_IMAGE,
          format: 'default',
          timeout: 2,
        }),
      }),
    );
    const call = fetch(`${base}/invoke/${fn.id}`, { method: 'POST' });
    await new Promise((r) => setTimeout(r, 700));
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
    const app: Json = await read(post('/v2/apps', { name: 'cancel' }));
    const fn: Json = await read(
      post('/v2/fns', { name: 's', app_id: app.id, image: BUSYBOX_SLEEP_IMAGE, format: 'default' }),
    );
    const call = api(`/invoke/${fn.id}`, { method: 'POST' });
    let id: string | undefined;
    await expect
      .poll(async () => {
        const page: Json = await read(api(`/v2/calls?fn_id=${fn.id}&status=running`));
        id = page.items[0]?.id;
        return id;
      })
      .toBeDefined();
    expect((await api(`/v2/calls/${id}`, { method: 'DELETE' })).status).toBe(204);
    await call;
    expect((await read(api(`/v2/calls/${id}`))).status).toBe('cancelled');
    expect((await api(`/v2/calls/${id}`, { method: 'DELETE' })).status).toBe(409);
  });
});
