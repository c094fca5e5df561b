// HttpApi.handle's invoke paths over the real CallService and DetachedQueue on a fake agent: status codes, the JSON
// error shape, Fn-Call-Id, Retry-After, reply headers kept as lists (two Set-Cookie stay two), and the same lists
// through the real socket server to a node:http client.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failed } from '../../src/main/core/call-failure';
import { BodyTap } from '../../src/main/host/body-tap';
import { CallService } from '../../src/main/host/call-service';
import { DetachedQueue } from '../../src/main/host/detached-queue';
import { HttpApi, type HostRequest, type HostResponse } from '../../src/main/host/http-api';
import { createHttpServer } from '../../src/main/host/http-server';
import type { SettingsService } from '../../src/main/host/settings-service';
import type { WsServer } from '../../src/main/host/ws-server';
import type { HostStatus } from '../../src/shared/models';
import { openCallPath, type CallPath } from '../support/call-path-fixture';
import { FakeAgent, success } from '../support/fake-agent';
import { HOST, PORT, type RegistryFixture } from '../support/registry-fixture';

const LIMIT = 16;
let path: CallPath;
let f: RegistryFixture;
let agent: FakeAgent;
let calls: CallService;
let queue: DetachedQueue;
let api: HttpApi;
beforeEach(() => {
  path = openCallPath();
  ({ f, agent, calls, queue } = path);
  api = new HttpApi({
    gate: f.gate,
    registry: f.registry,
    triggers: f.triggers,
    calls,
    queue,
    agent: agent.asAgent,
    // The invoke paths read no settings.
    settings: {} as SettingsService,
    version: 'test',
    status: () => ({}) as HostStatus,
    port: () => PORT,
    bodyLimitBytes: () => LIMIT,
    watchOf: () => undefined,
  });
});
afterEach(() => path.close());

function request(method: string, url: string, over: Partial<HostRequest> = {}): Promise<HostResponse> {
  return api.handle({
    method,
    url,
    headers: { host: HOST },
    body: Buffer.alloc(0),
    abort: new AbortController(),
    ...over,
  });
}

/** A JSON error answer's status and message. */
const error = (res: HostResponse) => ({ status: res.status, message: JSON.parse(String(res.body)).message });

describe('HttpApi invoke', () => {
  it('answers a sync call 200 with the reply, its headers as lists, and Fn-Call-Id', async () => {
    agent.respond = (call) =>
      success(`echo:${call.body.toString()}`, {
        'Set-Cookie': ['a=1', 'b=2'],
        'Content-Type': ['text/plain'],
      });
    const res = await request('POST', `/invoke/${f.fns.json.id}`, { body: Buffer.from('hi') });
    expect(res.status).toBe(200);
    expect(String(res.body)).toBe('echo:hi');
    const id = agent.submitted[0].id;
    expect(res.headers).toEqual({
      'Set-Cookie': ['a=1', 'b=2'],
      'Content-Type': ['text/plain'],
      'Fn-Call-Id': id,
    });
  });

  it('answers a detached call 202 with its id at once, before it runs', async () => {
    agent.otherUsedMb = agent.pool.totalMb;
    const res = await request('POST', `/invoke/${f.fns.json.id}`, {
      headers: { host: HOST, 'fn-invoke-type': 'detached' },
      body: Buffer.from('later'),
    });
    expect(res.status).toBe(202);
    const { call_id } = JSON.parse(String(res.body)) as { call_id: string };
    expect(res.headers['Fn-Call-Id']).toBe(call_id);
    expect(f.store.calls.get(call_id)).toMatchObject({ type: 'detached', status: 'queued' });
    expect(agent.submitted).toEqual([]);
  });

  it('answers GET on /invoke/{id} 405 with Allow: POST', async () => {
    const res = await request('GET', `/invoke/${f.fns.json.id}`);
    expect(error(res)).toEqual({
      status: 405,
      message: `method GET is not allowed on /invoke/${f.fns.json.id} (use POST)`,
    });
    expect(res.headers.Allow).toBe('POST');
  });

  it('answers an unknown function, app or trigger path 404 with a JSON message', async () => {
    expect(error(await request('POST', '/invoke/NOPE'))).toEqual({
      status: 404,
      message: 'function NOPE not found',
    });
    expect(error(await request('GET', '/t/nope/x'))).toEqual({ status: 404, message: 'no app named "nope"' });
    expect(error(await request('GET', '/t/shop/x'))).toEqual({
      status: 404,
      message: 'app "shop" has no trigger for the path /x',
    });
  });

  it('answers a body over the limit 413, buffered or streamed, without running the call', async () => {
    const expected = { status: 413, message: `the request body is over the limit of ${LIMIT} bytes` };
    const big = Buffer.alloc(LIMIT + 1, 'x');
    expect(error(await request('POST', `/invoke/${f.fns.json.id}`, { body: big }))).toEqual(expected);
    const tap = new BodyTap(LIMIT, 4);
    tap.end(big);
    expect(error(await request('POST', `/invoke/${f.fns.json.id}`, { bodyStream: tap }))).toEqual(expected);
    expect(agent.submitted).toEqual([]);
  });

  it('answers a bad Fn-Invoke-Type 400 and a bad path segment 400', async () => {
    const bad = await request('POST', `/invoke/${f.fns.json.id}`, {
      headers: { host: HOST, 'fn-invoke-type': 'x' },
    });
    expect(error(bad)).toEqual({ status: 400, message: 'Fn-Invoke-Type must be sync or detached, not "x"' });
    expect(error(await request('POST', '/invoke/%E0%A4%A'))).toEqual({
      status: 400,
      message: 'not a valid path segment: %E0%A4%A',
    });
  });

  it('reads a plain path with a query as it is, and any other path as a URL parser does', async () => {
    agent.respond = () => success('ok');
    const id = f.fns.json.id;
    expect((await request('POST', `/invoke/${id}?x=1&y=%20`)).status).toBe(200);
    // Dot segments are resolved and percent-encoding decoded, as before the plain paths' shortcut.
    expect((await request('POST', `/invoke/./${id}`)).status).toBe(200);
    expect((await request('POST', `/v2/../invoke/${id}`)).status).toBe(200);
    expect((await request('POST', `/invoke/%${id.charCodeAt(0).toString(16)}${id.slice(1)}`)).status).toBe(
      200,
    );
    // A leading '//' is not a plain path: the URL parser reads its first segment as a host name.
    expect(error(await request('POST', `//invoke/${id}`)).status).toBe(404);
    const list = await request('GET', `/v2/apps?name=${f.app.name}`);
    expect(JSON.parse(String(list.body)).items.map((a: { name: string }) => a.name)).toEqual([f.app.name]);
  });

  it('answers a call that found no capacity 503 with Retry-After and Fn-Call-Id', async () => {
    agent.respond = () =>
      failed('no_capacity', 'no capacity: no container with 128 MB became available within 60 s');
    const res = await request('POST', `/invoke/${f.fns.json.id}`);
    expect(error(res)).toEqual({
      status: 503,
      message: 'no capacity: no container with 128 MB became available within 60 s',
    });
    expect(res.headers).toMatchObject({ 'Retry-After': ['5'], 'Fn-Call-Id': [agent.submitted[0].id] });
    expect(calls.serverBusy).toBe(1);
  });

  it('answers a cancelled call 409 with its message (a cancelled call has no HTTP status of its own)', async () => {
    agent.respond = () => failed('cancelled', 'cancelled while running (container killed)');
    const res = await request('POST', `/invoke/${f.fns.json.id}`);
    expect(error(res)).toEqual({ status: 409, message: 'cancelled while running (container killed)' });
    expect(res.headers).toMatchObject({ 'Fn-Call-Id': [agent.submitted[0].id] });
  });

  it('answers a failed call with the status its kind decides', async () => {
    agent.respond = () => failed('oom', 'function ran out of memory (limit 128 MB)');
    const res = await request('POST', `/invoke/${f.fns.json.id}`);
    expect(error(res)).toEqual({ status: 502, message: 'function ran out of memory (limit 128 MB)' });
    expect(res.headers['Retry-After']).toBeUndefined();
  });

  it('through a trigger, maps an http-stream reply: Fn-Http-Status and two Fn-Http-H-Set-Cookie', async () => {
    const body = Readable.from([Buffer.from('streamed')]);
    agent.once('submitted', (call) => {
      agent.start(call.id);
      agent.replyStarted(
        call.id,
        { status: 200, headers: { 'Fn-Http-Status': ['201'], 'Fn-Http-H-Set-Cookie': ['a=1', 'b=2'] } },
        body,
      );
    });
    const res = await request('PUT', '/t/shop/http-stream', { bodyStream: new BodyTap(LIMIT, 4) });
    expect(res.status).toBe(201);
    expect(res.headers).toEqual({ 'Set-Cookie': ['a=1', 'b=2'], 'Fn-Call-Id': agent.submitted[0].id });
    expect(res.body).toBe(body);
    expect(agent.submitted[0].headers).toMatchObject({
      'Fn-Intent': ['httprequest'],
      'Fn-Http-Method': ['PUT'],
    });
  });
});

describe('the socket server in front of HttpApi', () => {
  /** One POST through node:http, which gives repeated response headers such as Set-Cookie as an array. */
  function post(
    port: number,
    path: string,
    headers: Record<string, string[]>,
  ): Promise<{ headers: IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end('x');
    });
  }

  /** Runs `use` against the socket server on a free loopback port, closing the server afterwards. */
  async function withServer(use: (port: number) => Promise<void>): Promise<void> {
    const server = createHttpServer({
      api,
      // Only upgrades reach it.
      ws: {} as WsServer,
      uiRoot: '/nonexistent',
      port: () => PORT,
      limits: () => ({ bodyLimitBytes: LIMIT, keepBytes: 4 }),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await use((server.address() as AddressInfo).port);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('hands request headers to the call as lists and sends reply header lists as separate headers', async () => {
    agent.respond = (call) =>
      success(JSON.stringify(call.headers['x-twice']), { 'Set-Cookie': ['a=1', 'b=2'] });
    await withServer(async (port) => {
      const res = await post(port, `/invoke/${f.fns.json.id}`, { 'X-Twice': ['1', '2'] });
      expect(JSON.parse(res.body)).toEqual(['1', '2']);
      expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    });
  });

  it('sends a whole body with its Content-Length (not chunked), over any length the function set', async () => {
    agent.respond = () =>
      success('twelve bytes', { 'Content-Length': ['3'], 'Transfer-Encoding': ['chunked'] });
    await withServer(async (port) => {
      const res = await post(port, `/invoke/${f.fns.json.id}`, {});
      expect(res.body).toBe('twelve bytes');
      expect(res.headers['content-length']).toBe('12');
      expect(res.headers['transfer-encoding']).toBeUndefined();
    });
  });
});
