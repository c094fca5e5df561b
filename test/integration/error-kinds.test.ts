// Every error_kind a real container (or a real engine, registry or host) can produce, each asserted with the status
// and HTTP status it decides: through the agent on real Docker, and through `npm run serve` for the stored record.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/main/core/agent';
import type { CallOptions } from '../../src/main/core/call-types';
import type { CallRecord, FnFormat } from '../../src/shared/models';
import { DockerDriver } from '../../src/main/core/docker-driver';
import type { ErrorKind } from '../../src/shared/error-kinds';
import { newId } from '../../src/shared/ids';
import { callOptions, useAgents } from '../support/agent-fixture';
import { startLocalRegistry, type LocalRegistry } from '../support/local-registry';
import { startServe, type ServeProcess } from '../support/serve-process';
import {
  BUSYBOX_FAIL_IMAGE,
  BUSYBOX_FILL_IMAGE,
  BUSYBOX_IMAGE,
  BUSYBOX_OOM_IMAGE,
  BUSYBOX_SLEEP_IMAGE,
  NODE_JSON_IMAGE,
} from '../support/test-images';
import { FDK_NODE_IMAGE, NODE_FILL_IMAGE, NODE_STREAM_IMAGE } from '../support/test-images-hot';

const agentFor = useAgents();

const json = (body: string, over: Partial<CallOptions> = {}) =>
  callOptions({ image: NODE_JSON_IMAGE, format: 'json', body: Buffer.from(body), ...over });
const fdk = (body: string, over: Partial<CallOptions> = {}) =>
  callOptions({
    image: FDK_NODE_IMAGE,
    format: 'http-stream',
    memory: 128,
    body: Buffer.from(body),
    ...over,
  });
const edge = (mode: string, over: Partial<CallOptions> = {}) =>
  callOptions({ image: NODE_STREAM_IMAGE, format: 'http-stream', config: { MODE: mode }, ...over });
const cold = (image: string, over: Partial<CallOptions> = {}) => callOptions({ image, ...over });

/** The three facts the kind decides, side by side so a failure shows all of them (and the message). */
const facts = (o: Pick<CallRecord, 'error_kind' | 'status' | 'http_status' | 'error'>) => ({
  error_kind: o.error_kind,
  status: o.status,
  http_status: o.http_status,
  error: o.error,
});
const expected = (error_kind: ErrorKind, status: string, http_status: number | undefined) => ({
  error_kind,
  status,
  http_status,
  error: expect.any(String),
});

describe('error kinds through the agent on real Docker', () => {
  it.each([
    ['timeout (hot)', () => json('sleep:20000', { timeout: 1 }), 'timeout', 'timeout', 504],
    ['timeout (cold)', () => cold(BUSYBOX_SLEEP_IMAGE, { timeout: 1 }), 'timeout', 'timeout', 504],
    ['oom (hot)', () => json('oom', { memory: 64 }), 'oom', 'error', 502],
    ['oom (cold)', () => cold(BUSYBOX_OOM_IMAGE, { memory: 16 }), 'oom', 'error', 502],
    ['oom (http-stream)', () => fdk('oom', { memory: 64 }), 'oom', 'error', 502],
    ['exit (hot, crash mid-call)', () => json('crash'), 'exit', 'error', 502],
    ['exit (cold, non-zero)', () => cold(BUSYBOX_FAIL_IMAGE), 'exit', 'error', 502],
    ['bad_reply (json garbage)', () => json('garbage'), 'bad_reply', 'error', 502],
    ['bad_reply (http-stream status 500)', () => edge('status-500'), 'bad_reply', 'error', 502],
    ['function_error (FDK answers 502)', () => fdk('throw'), 'function_error', 'error', 502],
    [
      'init_failed (exits before ready)',
      () => cold(BUSYBOX_FAIL_IMAGE, { format: 'http-stream' }),
      'init_failed',
      'error',
      502,
    ],
    [
      'launch_failed (unknown network)',
      () => json('x', { network: 'fn-studio-no-such-net' }),
      'launch_failed',
      'error',
      502,
    ],
  ] as const)('%s', async (_name, make, kind, status, http) => {
    const { agent } = agentFor();
    expect(facts(await agent.submit(make()).outcome)).toEqual(expected(kind, status, http));
  });

  // Stalled at the limit (no OOM kill, no notice), the call runs into its timeout: the memory figures decide. The
  // fill takes well under a second; the timeout is what ends the call.
  it.each([
    ['hot', () => json('x', { image: NODE_FILL_IMAGE, timeout: 5 })],
    ['cold', () => cold(BUSYBOX_FILL_IMAGE, { memory: 16, timeout: 5 })],
  ] as const)('oom (%s): stalled at its limit until its timeout', async (_name, make) => {
    const { agent } = agentFor();
    const out = await agent.submit(make()).outcome;
    expect(facts(out)).toEqual(expected('oom', 'error', 502));
    expect(out.error).toMatch(
      /out of memory: it reached its memory limit \(\d+ MB\) and ran past its timeout/,
    );
  });

  it('init_timeout: a function that never opens its socket', async () => {
    const { agent } = agentFor({ initTimeoutMs: 1500 });
    const out = await agent.submit(edge('never-ready')).outcome;
    expect(facts(out)).toEqual(expected('init_timeout', 'timeout', 504));
  });

  it('no_capacity: no container within the wait bound, and a function bigger than the pool', async () => {
    // The bound covers the first call's own launch too: long enough for a launch on a busy machine.
    const { agent } = agentFor({ poolMb: 128, waitBoundMs: 10_000 });
    const busy = agent.submit(json('sleep:60000', { fn_id: 'a', memory: 128 }));
    expect(await busy.started).not.toBeNull();
    const starved = await agent.submit(json('x', { fn_id: 'b', memory: 128 })).outcome;
    expect(facts(starved)).toEqual(expected('no_capacity', 'error', 503));
    const bigger = await agent.submit(json('x', { fn_id: 'c', memory: 256 })).outcome;
    expect(facts(bigger)).toEqual(expected('no_capacity', 'error', 503));
    busy.cancel();
    await busy.outcome;
  });

  it('cancelled: a running call and a waiting one (no HTTP answer)', async () => {
    const { agent } = agentFor({ poolMb: 64 });
    const running = agent.submit(json('sleep:60000', { fn_id: 'a' }));
    expect(await running.started).not.toBeNull();
    const waiting = agent.submit(json('x', { fn_id: 'b' }));
    expect(waiting.cancel()).toBe(true);
    expect(facts(await waiting.outcome)).toEqual(expected('cancelled', 'cancelled', undefined));
    expect(running.cancel()).toBe(true);
    expect(facts(await running.outcome)).toEqual(expected('cancelled', 'cancelled', undefined));
  });

  it('shutdown: a call submitted after close began', async () => {
    const { agent } = agentFor();
    const closing = agent.close();
    const out = await agent.submit(cold(BUSYBOX_IMAGE)).outcome;
    await closing;
    expect(facts(out)).toEqual(expected('shutdown', 'error', 503));
    expect(out.container_id).toBeUndefined();
  });

  it('engine_unavailable: an engine that does not answer', async () => {
    const agent = new Agent({
      driver: new DockerDriver(`unix:///tmp/fn-studio-no-engine-${newId()}.sock`),
      poolMb: 256,
      owner: { instanceId: newId(), dataDir: '/tmp/fn-studio-test' },
    });
    try {
      const out = await agent.submit(cold(BUSYBOX_IMAGE)).outcome;
      expect(facts(out)).toEqual(expected('engine_unavailable', 'error', 503));
    } finally {
      await agent.close();
    }
  });

  describe('pull_failed', () => {
    let registry: LocalRegistry;
    beforeAll(async () => {
      registry = await startLocalRegistry();
    });
    afterAll(async () => {
      await registry?.stop();
    });

    it('an image the registry does not have', async () => {
      const { agent } = agentFor();
      const image = `${registry.host}/fn-studio-test/absent:1`;
      const out = await agent.submit(json('x', { image })).outcome;
      expect(facts(out)).toEqual(expected('pull_failed', 'error', 502));
      expect(out.error).toContain(image);
    });
  });
});

describe('error kinds in the stored record, through `npm run serve`', () => {
  let s: ServeProcess;
  const api = () => s.api;
  const send = (method: string, path: string, body?: unknown) => api().ok<{ id: string }>(method, path, body);
  const record = (id: string) => api().getCall(id);
  let appId: string;
  const makeFn = async (name: string, image: string, format: FnFormat, memory = 128): Promise<string> =>
    (await api().createFn({ name, app_id: appId, image, format, memory })).id;

  beforeAll(async () => {
    s = await startServe();
    appId = (await api().createApp({ name: 'kinds' })).id;
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('cancelled: DELETE /v2/calls/{id} while it runs', async () => {
    const fnId = await makeFn('sleeper', BUSYBOX_SLEEP_IMAGE, 'default');
    const invoked = fetch(`${s.baseUrl}/invoke/${fnId}`, { method: 'POST' });
    let id: string | undefined;
    await expect
      .poll(async () => (id = (await api().listCalls({ fn_id: fnId, status: 'running' })).items[0]?.id), {
        timeout: 60_000,
      })
      .toBeDefined();
    await api().ok('DELETE', `/v2/calls/${id}`);
    await invoked.catch(() => undefined);
    expect(facts(await record(id!))).toEqual(expected('cancelled', 'cancelled', undefined));
  });

  it('oom: the record keeps the kind the invoke answered with', async () => {
    const fnId = await makeFn('hog', BUSYBOX_OOM_IMAGE, 'default', 16);
    const res = await fetch(`${s.baseUrl}/invoke/${fnId}`, { method: 'POST' });
    expect(res.status).toBe(502);
    const id = res.headers.get('fn-call-id');
    expect(id).toBeTruthy();
    expect(facts(await record(id!))).toEqual(expected('oom', 'error', 502));
  });

  /** A chunked invoke (no Content-Length, so the body is counted as it streams): `first` now, `rest` on cue. */
  function chunkedInvoke(fnId: string) {
    const url = new URL(`${s.baseUrl}/invoke/${fnId}`);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST' });
    const status = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    return { status, write: (bytes: number) => req.write(Buffer.alloc(bytes, 'x')), end: () => req.end() };
  }
  const callsOf = async (fnId: string) => (await api().listCalls({ fn_id: fnId })).items;

  it('too_large: an http-stream body that goes over the limit while it streams to the function', async () => {
    await send('PUT', '/v2/settings', { body_limit_bytes: 1024 });
    const fnId = await makeFn('echo-fdk', FDK_NODE_IMAGE, 'http-stream');
    const call = chunkedInvoke(fnId);
    call.write(512);
    // The call is with its container before the body passes the limit.
    await expect.poll(async () => (await callsOf(fnId))[0]?.status, { timeout: 60_000 }).toBe('running');
    call.write(64 * 1024);
    call.end();
    expect(await call.status).toBe(413);
    expect((await callsOf(fnId)).map((c) => facts(c))).toEqual([expected('too_large', 'error', 413)]);
  });

  it('too_large: an http-stream body over the limit before the container is ready', async () => {
    await send('PUT', '/v2/settings', { body_limit_bytes: 1024 });
    const fnId = (
      await send('POST', '/v2/fns', {
        name: 'echo-fdk-early',
        app_id: appId,
        image: FDK_NODE_IMAGE,
        format: 'http-stream',
        memory: 128,
        timeout: 2,
      })
    ).id;
    const call = chunkedInvoke(fnId);
    call.write(64 * 1024);
    call.end();
    expect(await call.status).toBe(413);
    expect((await callsOf(fnId)).map((c) => facts(c))).toEqual([expected('too_large', 'error', 413)]);
  });

  it('fn_deleted: a detached call whose function was deleted while it waited', async () => {
    // A pool more than half busy keeps detached calls queued.
    await send('PUT', '/v2/settings', { pool_mb: 256 });
    const blocker = await makeFn('blocker', BUSYBOX_SLEEP_IMAGE, 'default', 192);
    const blocking = fetch(`${s.baseUrl}/invoke/${blocker}`, { method: 'POST' });
    await expect.poll(async () => (await callsOf(blocker))[0]?.status, { timeout: 60_000 }).toBe('running');
    const doomed = await makeFn('doomed', BUSYBOX_IMAGE, 'default', 64);
    const queued = (
      await api().request<{ call_id: string }>('POST', `/invoke/${doomed}`, {
        headers: { 'Fn-Invoke-Type': 'detached' },
      })
    ).body;
    expect((await record(queued.call_id)).status).toBe('queued');
    await api().ok('DELETE', `/v2/fns/${doomed}`);
    await expect
      .poll(async () => (await record(queued.call_id)).status, { timeout: 60_000 })
      .not.toBe('queued');
    expect(facts(await record(queued.call_id))).toEqual(expected('fn_deleted', 'error', 404));
    await api().ok('DELETE', `/v2/calls/${(await callsOf(blocker))[0].id}`);
    await blocking;
  });
});
