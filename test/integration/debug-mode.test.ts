// Debug mode on real Docker through the real HTTP API: the Node FDK function run with Node's inspector, its port
// published on 127.0.0.1 and answering there, one container at a time that outlives its idle timeout, the debug
// session's own init and call timeouts, and bad debug settings refused whole.
import Docker from 'dockerode';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';
import type { FnDebug } from '../../src/shared/fn-debug';
import type { ContainerInfo, Fn } from '../../src/shared/models';
import { startServe, type ServeProcess } from '../support/serve-process';
import { FDK_NODE_IMAGE } from '../support/test-images-hot';

let s: ServeProcess;
let appId = '';
let names = 0;
const docker = new Docker();

beforeAll(async () => {
  s = await startServe();
  appId = (await s.api.createApp({ name: 'debugging' })).id;
});
afterAll(async () => {
  await s?.stop();
});

const INSPECT = { NODE_OPTIONS: '--inspect=0.0.0.0:9229' };
/** Node waits for a debugger before it runs the function: its start takes as long as the developer does. */
const INSPECT_WAIT = { NODE_OPTIONS: '--inspect-wait=0.0.0.0:9229' };

const debugFn = (debug: FnDebug | null, over: Record<string, unknown> = {}) =>
  s.api.createFn({
    name: `d${++names}`,
    app_id: appId,
    image: FDK_NODE_IMAGE,
    format: 'http-stream',
    network: 'bridge',
    annotations: { [FN_ANNOTATIONS.debug]: debug },
    ...over,
  });

const invoke = (fn: Fn, body: string) => s.api.request<string>('POST', `/invoke/${fn.id}`, { body });
const containersOf = async (fn: Fn): Promise<ContainerInfo[]> =>
  (await s.api.listContainers()).filter((c) => c.fn_id === fn.id);
const getFn = (fn: Fn) => s.api.ok<Fn>('GET', `/v2/fns/${fn.id}`);

/** Node's inspector over HTTP at the published address (it answers only Host headers that are IPs or localhost). */
async function inspector<T>(address: string, path: string): Promise<T> {
  const res = await fetch(`http://${address}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** Attaches a debugger and lets a Node waiting for one (--inspect-wait) run on. */
async function releaseWaitingNode(address: string): Promise<void> {
  const [target] = await inspector<Array<{ id: string }>>(address, '/json/list');
  const ws = new WebSocket(`ws://${address}/${target.id}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'Runtime.runIfWaitingForDebugger' })));
    ws.on('message', (m: Buffer) => {
      if ((JSON.parse(m.toString()) as { id?: number }).id === 1) resolve();
    });
    ws.once('error', reject);
  });
  ws.close();
}

describe('debug mode', () => {
  it("publishes the debugger port on 127.0.0.1, where Node's inspector answers", async () => {
    const fn = await debugFn({ port: 9229, env: INSPECT });
    const reply = await invoke(fn, 'hello');
    expect(reply.status).toBe(200);
    const [c] = await containersOf(fn);
    expect(c.debug_address).toMatch(/^127\.0\.0\.1:\d+$/);
    const version = await inspector<Record<string, string>>(c.debug_address as string, '/json/version');
    expect(version.Browser).toMatch(/^node\.js\/v\d+/);
    expect(version['Protocol-Version']).toBeTruthy();
    // Loopback only, as the engine has it.
    const ports = (await docker.getContainer(c.id).inspect()).NetworkSettings.Ports['9229/tcp'];
    expect(ports).toEqual([{ HostIp: '127.0.0.1', HostPort: c.debug_address?.split(':')[1] }]);
  });

  it('runs one container at a time, which its idle timeout does not reap', async () => {
    const fn = await debugFn({ port: 9229, env: INSPECT }, { idle_timeout: 1 });
    const twin = await debugFn(null, { idle_timeout: 1 });
    const replies = await Promise.all([1, 2, 3].map(() => invoke(fn, 'sleep:300')));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    const calls = await Promise.all(replies.map((r) => s.api.getCall(r.headers['fn-call-id'][0])));
    expect(new Set(calls.map((c) => c.container_id)).size).toBe(1);
    // The same function without debug mode, idle as long: its container is reaped, the debug one stays.
    expect((await invoke(twin, 'x')).status).toBe(200);
    await expect.poll(() => containersOf(twin), { interval: 200 }).toEqual([]);
    const [kept] = await containersOf(fn);
    expect(kept).toMatchObject({ id: calls[0].container_id, state: 'idle', calls_served: 3 });
    expect(kept.idle_deadline).toBeUndefined();
  });

  it('retires the debug container when debug mode is turned off; calls then run in a normal one', async () => {
    const fn = await debugFn({ port: 9229, env: INSPECT });
    expect((await invoke(fn, 'a')).status).toBe(200);
    const [debugging] = await containersOf(fn);
    await s.api.ok('PUT', `/v2/fns/${fn.id}`, { annotations: { [FN_ANNOTATIONS.debug]: null } });
    await expect.poll(async () => (await containersOf(fn)).map((c) => c.id)).toEqual([]);
    expect((await invoke(fn, 'b')).status).toBe(200);
    const [plain] = await containersOf(fn);
    expect(plain.id).not.toBe(debugging.id);
    expect(plain.debug_address).toBeUndefined();
  });

  it("uses the debug session's call timeout instead of the function's", async () => {
    const fn = await debugFn({ port: 9229, timeout: 20 }, { timeout: 1 });
    const reply = await invoke(fn, 'sleep:1500');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('slept:1500');
  });

  it('gives up on a start at the debug init timeout, with the time in the message', async () => {
    const fn = await debugFn({ port: 9229, init_timeout: 1, env: INSPECT_WAIT });
    const reply = await invoke(fn, 'x');
    expect(reply.status).toBe(504);
    const call = await s.api.getCall(reply.headers['fn-call-id'][0]);
    expect(call).toMatchObject({ status: 'timeout', error_kind: 'init_timeout' });
    expect(call.error).toMatch(/within 1 s/);
  });

  it('waits past the 5 s default for a debugger to attach, then serves the call', async () => {
    const fn = await debugFn({ port: 9229, init_timeout: 60, env: INSPECT_WAIT });
    const reply = invoke(fn, 'attached');
    // The container is up, its inspector published, and Node waits for a debugger: still starting after 6 s.
    await expect
      .poll(
        async () => {
          const [c] = await containersOf(fn);
          return c?.state === 'starting' && c.debug_address && Date.now() - Date.parse(c.started_at) > 6000;
        },
        { interval: 250 },
      )
      .toBe(true);
    const [c] = await containersOf(fn);
    await releaseWaitingNode(c.debug_address as string);
    const answered = await reply;
    expect(answered.status).toBe(200);
    expect(answered.body).toBe('attached');
  });
});

describe('bad debug settings', () => {
  const KEY = FN_ANNOTATIONS.debug;

  it.each([
    [{ port: 70000 }, 'bridge', 400, /fnstudio\.io\/fn\/debug: port must be an integer from 1 to 65535/],
    [{ port: 9229, host_port: 0 }, 'bridge', 400, /host_port must be an integer from 1 to 65535/],
    [{ port: 9229, init_timeout: 0 }, 'bridge', 400, /init_timeout must be 1-3600 s/],
    [{ port: 9229 }, 'none', 400, /network "none" has none/],
  ])('refuses %j on network %s (%i)', async (debug, network, status, message) => {
    const reply = await s.api.request<{ message: string }>('POST', '/v2/fns', {
      body: {
        name: `bad${++names}`,
        app_id: appId,
        image: FDK_NODE_IMAGE,
        network,
        annotations: { [KEY]: debug },
      },
    });
    expect(reply.status).toBe(status);
    expect(reply.body.message).toMatch(message);
  });

  it('refuses a host port another function holds, and keeps the whole update out', async () => {
    await debugFn({ port: 9229, host_port: 39229 });
    const fn = await debugFn(null, { memory: 128 });
    const reply = await s.api.request<{ message: string }>('PUT', `/v2/fns/${fn.id}`, {
      body: { memory: 256, annotations: { [KEY]: { port: 9229, host_port: 39229 } } },
    });
    expect(reply.status).toBe(409);
    expect(reply.body.message).toMatch(/host_port 39229 is already taken by function "d\d+"/);
    const after = await getFn(fn);
    expect(after.memory).toBe(128);
    expect(after.annotations[KEY]).toBeNull();
  });

  it('refuses a change of network that debug mode cannot work with, keeping the function as it was', async () => {
    const fn = await debugFn({ port: 9229 });
    const reply = await s.api.request<{ message: string }>('PUT', `/v2/fns/${fn.id}`, {
      body: { network: 'host' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(/network "host" cannot/);
    expect((await getFn(fn)).network).toBe('bridge');
  });
});
