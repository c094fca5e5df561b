// HTTP triggers through `npm run serve` with real Docker: CRUD with Fn's endpoint annotation and validation, and
// /t/{app}{source} with any method for `default`, `json` and `http-stream` (real Node FDK) functions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, Fn, Trigger } from '../../src/shared/models';
import { type ErrorBody, HttpApiClient, type Page } from '../support/http-api-client';
import { startServe, type ServeProcess } from '../support/serve-process';
import { BUSYBOX_IMAGE, FDK_NODE_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';

let s: ServeProcess;
const api = new HttpApiClient(() => s.baseUrl);
let app: App;
const fns: Record<string, Fn> = {};

beforeAll(async () => {
  s = await startServe();
  app = await api.createApp({ name: 'shop' });
  for (const [name, image, format] of [
    ['cold', BUSYBOX_IMAGE, 'default'],
    ['hotjson', NODE_JSON_IMAGE, 'json'],
    ['fdk', FDK_NODE_IMAGE, 'http-stream'],
  ] as const) {
    fns[name] = await api.createFn({ app_id: app.id, name, image, format, network: 'none' });
  }
});
afterAll(async () => {
  await s?.stop();
});

const trigger = <T = Trigger>(name: string, fn: string, source: string) =>
  api.request<T>('POST', '/v2/triggers', {
    body: { name, app_id: app.id, fn_id: fns[fn].id, type: 'http', source },
  });

describe('HTTP triggers', () => {
  it('are created, listed, updated and deleted with Fn endpoint annotations and validation', async () => {
    const created = await trigger('t-cold', 'cold', '/cold');
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 't-cold', type: 'http', source: '/cold', fn_id: fns.cold.id });
    const host = new URL(s.baseUrl).host;
    expect(created.body.annotations['fnproject.io/trigger/httpEndpoint']).toBe(`http://${host}/t/shop/cold`);
    expect((await trigger('t-cold', 'cold', '/other')).status).toBe(409);
    expect((await trigger('t-dup', 'cold', '/cold')).status).toBe(409);
    const bad = await trigger<ErrorBody>('t-bad', 'cold', 'cold');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/source must be a path starting with '\//);
    expect(
      (
        await api.request('POST', '/v2/triggers', {
          body: { name: 'x', app_id: app.id, fn_id: fns.cold.id, type: 'cron', source: '/x' },
        })
      ).status,
    ).toBe(400);
    expect(
      (await api.ok<Page<Trigger>>('GET', `/v2/triggers?app_id=${app.id}&fn_id=${fns.cold.id}`)).items.map(
        (t) => t.name,
      ),
    ).toEqual(['t-cold']);
    const moved = await api.request<Trigger>('PUT', `/v2/triggers/${created.body.id}`, {
      body: { source: '/cold2', annotations: { team: 'a' } },
    });
    expect(moved.body).toMatchObject({ source: '/cold2', annotations: { team: 'a' } });
    expect(
      (await api.request('PUT', `/v2/triggers/${created.body.id}`, { body: { name: 'renamed' } })).status,
    ).toBe(409);
    expect((await api.request('DELETE', `/v2/triggers/${created.body.id}`)).status).toBe(204);
    expect((await api.request('GET', `/v2/triggers/${created.body.id}`)).status).toBe(404);
    expect((await fetch(`${s.baseUrl}/t/shop/cold2`)).status).toBe(404);
  });

  it('invokes a cold function with any method; the record names the trigger', async () => {
    const t = (await trigger('hello', 'cold', '/hello')).body;
    const res = await fetch(`${s.baseUrl}/t/shop/hello`, { method: 'PUT', body: 'via trigger' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello via trigger\n');
    const record = await api.getCall(res.headers.get('fn-call-id') ?? '');
    expect(record).toMatchObject({ trigger_id: t.id, fn_id: fns.cold.id, request: { method: 'PUT' } });
    expect(record.request.url).toMatch(/\/t\/shop\/hello$/);
  });

  it('passes method, URL and headers to a json function through its protocol fields', async () => {
    await trigger('json', 'hotjson', '/json/deep');
    const res = await fetch(`${s.baseUrl}/t/shop/json/deep?q=1`, {
      method: 'PATCH',
      headers: { 'X-Custom': 'abc' },
      body: 'protocol',
    });
    expect(res.status).toBe(200);
    const protocol = JSON.parse(await res.text());
    expect(protocol.method).toBe('PATCH');
    expect(protocol.request_url).toMatch(/\/t\/shop\/json\/deep\?q=1$/);
    const headers = Object.fromEntries(
      Object.entries(protocol.headers).map(([k, v]) => [k.toLowerCase(), v]),
    );
    expect(headers['x-custom']).toEqual(['abc']);
    // A non-200 status a json function answers is the response's status.
    expect(
      (await fetch(`${s.baseUrl}/t/shop/json/deep`, { method: 'POST', body: 'status:418' })).status,
    ).toBe(418);
  });

  it("maps Fn's gateway headers both ways for an http-stream function built with the real FDK", async () => {
    await trigger('fdk', 'fdk', '/fdk');
    const res = await fetch(`${s.baseUrl}/t/shop/fdk?x=2`, {
      method: 'DELETE',
      headers: { 'X-Custom-Header': 'v1', 'Content-Type': 'text/plain' },
      body: 'gateway',
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-gateway')).toBe('yes');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('fn-call-id')).toMatch(/^[0-9A-Z]{26}$/);
    const seen = JSON.parse(await res.text());
    expect(seen.method).toBe('DELETE');
    expect(seen.url).toMatch(/\/t\/shop\/fdk\?x=2$/);
    expect(seen.headers['X-Custom-Header']).toEqual(['v1']);
    // A plain echo keeps the function's 200 and body.
    const echo = await fetch(`${s.baseUrl}/t/shop/fdk`, {
      method: 'POST',
      body: 'ping',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(echo.status).toBe(200);
    expect(await echo.text()).toBe('ping');
  });

  it('answers 404 for an unknown app or path, and deleting a function removes its triggers', async () => {
    expect((await fetch(`${s.baseUrl}/t/nope/hello`)).status).toBe(404);
    const missing = await fetch(`${s.baseUrl}/t/shop/missing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toMatch(
      /no trigger for the path \/missing/,
    );
    const extra = await api.createFn({
      app_id: app.id,
      name: 'extra',
      image: BUSYBOX_IMAGE,
      format: 'default',
    });
    fns.extra = extra;
    const t = (await trigger('extra', 'extra', '/extra')).body;
    expect((await api.request('DELETE', `/v2/fns/${extra.id}`)).status).toBe(204);
    expect((await api.request('GET', `/v2/triggers/${t.id}`)).status).toBe(404);
  });
});
