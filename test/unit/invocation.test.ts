// The invocation boundary over the real registries: each rule once, with its status and message; paths, invoke
// types, headers kept as lists, the trigger mapping, and a stored call checked against today's registry and pool.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BodyTap } from '../../src/main/host/body-tap';
import type { HostRequest } from '../../src/main/host/http-types';
import { callOptionsOf, InvocationGate, replyHeadOf } from '../../src/main/host/invocation';
import { ApiError } from '../../src/shared/errors';
import type { CallRecord } from '../../src/shared/models';
import { HOST, openRegistryFixture, type RegistryFixture } from '../support/registry-fixture';

let f: RegistryFixture;
beforeEach(() => {
  f = openRegistryFixture();
});
afterEach(() => f.close());

function req(over: Partial<HostRequest> = {}): HostRequest {
  return {
    method: 'POST',
    url: '/invoke/x',
    headers: { host: HOST },
    body: Buffer.alloc(0),
    abort: new AbortController(),
    ...over,
  };
}

/** A streamed body as the socket server hands it over: a BodyTap the request is piped into. */
function tap(body: string, limit = 1024): BodyTap {
  const t = new BodyTap(limit, 16);
  t.end(Buffer.from(body));
  return t;
}

/** The ApiError a call throws (or rejects with), as status and message. */
async function refusal(fn: () => unknown): Promise<{ status: number; message: string }> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ApiError) return { status: err.status, message: err.message };
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('InvocationGate.targetOf and invokes', () => {
  it('reads /invoke/{fn_id} and /t/{app}{source}, decoded; other paths are not invokes', () => {
    expect(InvocationGate.targetOf('/invoke/F1')).toEqual({ fnId: 'F1' });
    expect(InvocationGate.targetOf('/invoke/F1/')).toEqual({ fnId: 'F1' });
    expect(InvocationGate.targetOf('/invoke/a%20b')).toEqual({ fnId: 'a b' });
    expect(InvocationGate.targetOf('/t/shop')).toEqual({ appName: 'shop', source: '/' });
    expect(InvocationGate.targetOf('/t/my%20shop/a/b%2Fc')).toEqual({ appName: 'my shop', source: '/a/b/c' });
    // A trigger's source is matched as is: a trailing slash is part of it.
    expect(InvocationGate.targetOf('/t/shop/json/')).toEqual({ appName: 'shop', source: '/json/' });
    expect(InvocationGate.targetOf('/invoke/a/b')).toBeUndefined();
    expect(InvocationGate.targetOf('/invoke')).toBeUndefined();
    expect(InvocationGate.targetOf('/v2/apps')).toBeUndefined();
  });

  it('answers a path segment that is not valid percent-encoding with 400', async () => {
    expect(await refusal(() => InvocationGate.targetOf('/invoke/%E0%A4%A'))).toEqual({
      status: 400,
      message: 'not a valid path segment: %E0%A4%A',
    });
    expect((await refusal(() => InvocationGate.targetOf('/t/shop/%zz'))).status).toBe(400);
  });

  it('counts POST on /invoke and any method on /t as invokes', () => {
    expect(InvocationGate.invokes('POST', '/invoke/F1')).toBe(true);
    expect(InvocationGate.invokes('GET', '/invoke/F1')).toBe(false);
    expect(InvocationGate.invokes('GET', '/t/shop/x')).toBe(true);
    expect(InvocationGate.invokes('DELETE', '/t/shop')).toBe(true);
    expect(InvocationGate.invokes('POST', '/v2/apps')).toBe(false);
  });
});

describe('InvocationGate.fromRequest: the rules', () => {
  it('an unknown function is 404', async () => {
    expect(await refusal(() => f.gate.fromRequest(req(), { fnId: 'NOPE' }))).toEqual({
      status: 404,
      message: 'function NOPE not found',
    });
  });

  it('an unknown app and an unknown trigger path are 404', async () => {
    expect(await refusal(() => f.gate.fromRequest(req(), { appName: 'nope', source: '/json' }))).toEqual({
      status: 404,
      message: 'no app named "nope"',
    });
    expect(await refusal(() => f.gate.fromRequest(req(), { appName: 'shop', source: '/missing' }))).toEqual({
      status: 404,
      message: 'app "shop" has no trigger for the path /missing',
    });
  });

  it('a function bigger than the pool is 400', async () => {
    f.poolMb = 64;
    expect(await refusal(() => f.gate.fromRequest(req(), { fnId: f.fns.json.id }))).toEqual({
      status: 400,
      message: 'memory 128 MB is more than the whole pool (64 MB)',
    });
  });

  it('a streamed body over the limit is 413 when the gate reads it whole', async () => {
    const r = req({ bodyStream: tap('0123456789', 4) });
    expect(await refusal(() => f.gate.fromRequest(r, { fnId: f.fns.json.id }))).toEqual({
      status: 413,
      message: 'the request body is over the limit of 4 bytes',
    });
  });

  it('an unknown Fn-Invoke-Type is 400', async () => {
    const r = req({ headers: { host: HOST, 'fn-invoke-type': 'later' } });
    expect(await refusal(() => f.gate.fromRequest(r, { fnId: f.fns.json.id }))).toEqual({
      status: 400,
      message: 'Fn-Invoke-Type must be sync or detached, not "later"',
    });
  });
});

describe('InvocationGate.fromRequest: the invocation', () => {
  it('builds a sync call with its function, app, method, URL and a fresh id', async () => {
    const r = req({ method: 'put', url: '/invoke/x?q=1', body: Buffer.from('hi') });
    const a = await f.gate.fromRequest(r, { fnId: f.fns.json.id });
    const b = await f.gate.fromRequest(r, { fnId: f.fns.json.id });
    expect(a).toMatchObject({ type: 'sync', method: 'PUT', url: `http://${HOST}/invoke/x?q=1` });
    expect(a.fn.id).toBe(f.fns.json.id);
    expect(a.app.id).toBe(f.app.id);
    expect(a.triggerId).toBeUndefined();
    expect(a.body.toString()).toBe('hi');
    expect(a.id).not.toBe(b.id);
  });

  it('keeps headers as lists: two values of one header stay two, a single value becomes a list of one', async () => {
    const r = req({ headers: { host: HOST, 'set-cookie': ['a=1', 'b=2'], 'x-one': 'v' } });
    const inv = await f.gate.fromRequest(r, { fnId: f.fns.json.id });
    expect(inv.headers).toEqual({ host: [HOST], 'set-cookie': ['a=1', 'b=2'], 'x-one': ['v'] });
  });

  it('hands a sync http-stream call its body as a stream, and reads it whole for every other case', async () => {
    const streamed = await f.gate.fromRequest(req({ bodyStream: tap('abc') }), {
      fnId: f.fns['http-stream'].id,
    });
    expect(streamed.bodyStream).toBeDefined();
    expect(streamed.body.length).toBe(0);
    const json = await f.gate.fromRequest(req({ bodyStream: tap('abc') }), { fnId: f.fns.json.id });
    expect(json.bodyStream).toBeUndefined();
    expect(json.body.toString()).toBe('abc');
    // A detached call is stored and run later: its body is needed whole, whatever the format.
    const detached = await f.gate.fromRequest(
      req({ headers: { host: HOST, 'fn-invoke-type': 'Detached' }, bodyStream: tap('abc') }),
      { fnId: f.fns['http-stream'].id },
    );
    expect(detached).toMatchObject({ type: 'detached', bodyStream: undefined });
    expect(detached.body.toString()).toBe('abc');
  });

  it('through a trigger: the trigger is named, and only an http-stream function gets the gateway headers', async () => {
    const headers = { host: HOST, 'x-twice': ['1', '2'], 'content-type': 'text/plain' };
    const stream = await f.gate.fromRequest(req({ method: 'GET', url: '/t/shop/http-stream', headers }), {
      appName: 'shop',
      source: '/http-stream',
    });
    expect(stream.triggerId).toBe(f.triggers.find(f.app.id, '/http-stream')?.id);
    expect(callOptionsOf(stream).headers).toMatchObject({
      'Fn-Intent': ['httprequest'],
      'Fn-Http-Method': ['GET'],
      'Fn-Http-Request-Url': [`http://${HOST}/t/shop/http-stream`],
      'Fn-Http-H-X-Twice': ['1', '2'],
      'Content-Type': ['text/plain'],
    });
    const json = await f.gate.fromRequest(req({ url: '/t/shop/json', headers }), {
      appName: 'shop',
      source: '/json',
    });
    expect(callOptionsOf(json).headers).toEqual(json.headers);
    expect(callOptionsOf(json).headers['Fn-Intent']).toBeUndefined();
    // Invoked directly, an http-stream function gets the caller's headers as they are.
    const direct = await f.gate.fromRequest(req({ headers }), { fnId: f.fns['http-stream'].id });
    expect(callOptionsOf(direct).headers['Fn-Intent']).toBeUndefined();
  });

  it('maps a gateway reply back (status and Fn-Http-H-* as lists) only for http-stream behind a trigger', async () => {
    const reply = {
      status: 200,
      headers: {
        'Fn-Http-Status': ['201'],
        'Fn-Http-H-Set-Cookie': ['a=1', 'b=2'],
        'Content-Type': ['text/plain'],
        'Fn-Fdk-Version': ['x'],
      },
    };
    const viaTrigger = await f.gate.fromRequest(req(), { appName: 'shop', source: '/http-stream' });
    expect(replyHeadOf(viaTrigger, reply)).toEqual({
      status: 201,
      headers: { 'Set-Cookie': ['a=1', 'b=2'], 'Content-Type': ['text/plain'] },
    });
    const direct = await f.gate.fromRequest(req(), { fnId: f.fns['http-stream'].id });
    expect(replyHeadOf(direct, reply)).toBe(reply);
    const json = await f.gate.fromRequest(req(), { appName: 'shop', source: '/json' });
    expect(replyHeadOf(json, reply)).toBe(reply);
  });
});

describe('InvocationGate.fromRecord', () => {
  const record = (fnId: string): CallRecord => ({
    id: 'C1',
    fn_id: fnId,
    app_id: f.app.id,
    type: 'detached',
    status: 'queued',
    created_at: new Date().toISOString(),
    timings: { queue_ms: 0, resource_wait_ms: 0, launch_ms: 0, exec_ms: 0 },
    request: {
      method: 'POST',
      url: 'http://x/invoke/F',
      headers: { 'x-a': ['1', '2'] },
      body: '',
      body_truncated: false,
    },
  });

  it('builds the stored call with its id, request and body', () => {
    const inv = f.gate.fromRecord(record(f.fns.json.id), Buffer.from('b'));
    expect(inv).toMatchObject({ id: 'C1', type: 'detached', method: 'POST', url: 'http://x/invoke/F' });
    expect(inv.headers).toEqual({ 'x-a': ['1', '2'] });
    expect(inv.body.toString()).toBe('b');
  });

  it('refuses a call whose function was deleted (404) or no longer fits the pool (400)', async () => {
    const r = record(f.fns.json.id);
    f.poolMb = 100;
    expect(await refusal(() => f.gate.fromRecord(r, Buffer.alloc(0)))).toEqual({
      status: 400,
      message: 'memory 128 MB is more than the whole pool (100 MB)',
    });
    f.registry.deleteFn(f.fns.json.id);
    expect(await refusal(() => f.gate.fromRecord(r, Buffer.alloc(0)))).toEqual({
      status: 404,
      message: `function ${f.fns.json.id} not found`,
    });
  });
});
