// Fault injection: a hot container killed from outside (`docker kill`) while it serves a call and while it idles.
// The call gets a clear error, the slot is replaced by a fresh container, and no memory or container leaks.
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerInfo } from '../../src/shared/models';
import { HttpApiClient } from '../support/http-api-client';
import { startServe, type ServeProcess } from '../support/serve-process';
import { NODE_JSON_IMAGE } from '../support/test-images';
import { HOLD } from '../support/held-calls';

const docker = new Docker();
let s: ServeProcess;
const api = new HttpApiClient(() => s.baseUrl);
let fnId: string;

const live = async (): Promise<ContainerInfo[]> =>
  (await api.listContainers()).filter((c) => c.fn_id === fnId && c.state !== 'stopping');
const invoke = (body: string) => fetch(`${s.baseUrl}/invoke/${fnId}`, { method: 'POST', body });

beforeAll(async () => {
  s = await startServe();
  const app = await api.createApp({ name: 'kills' });
  const fn = await api.createFn({
    app_id: app.id,
    name: 'victim',
    image: NODE_JSON_IMAGE,
    format: 'json',
    memory: 64,
    idle_timeout: 3,
    network: 'none',
  });
  fnId = fn.id;
});
afterAll(async () => {
  await s?.stop();
});

describe('a container killed from outside', () => {
  it('while busy: the call fails with the exit code, and the next call gets a fresh container', async () => {
    const running = invoke(HOLD); // ended by the kill below
    await expect.poll(async () => (await live()).map((c) => c.state)).toContain('busy');
    const [victim] = await live();
    await docker.getContainer(victim.id).kill();
    const res = await running;
    expect(res.status).toBe(502);
    expect(((await res.json()) as { message: string }).message).toMatch(/exited with code 137/);
    const record = await api.getCall(res.headers.get('fn-call-id') ?? '');
    expect(record).toMatchObject({ status: 'error', http_status: 502, container_id: victim.id });

    const next = await invoke('again');
    expect(next.status).toBe(200);
    const after = await api.getCall(next.headers.get('fn-call-id') ?? '');
    expect(after.container_id).not.toBe(victim.id);
    expect(after.start_kind).toBe('hot_new');
  });

  it('while idle: it leaves the pool, and the next call launches a new one', async () => {
    await expect.poll(async () => (await live()).map((c) => c.state)).toEqual(['idle']);
    const [victim] = await live();
    await docker.getContainer(victim.id).kill();
    await expect.poll(async () => (await live()).map((c) => c.id)).not.toContain(victim.id);
    const ended = (await api.stats()).pool;
    expect(ended.waiting).toBe(0);
    const res = await invoke('after idle kill');
    expect(res.status).toBe(200);
    const record = await api.getCall(res.headers.get('fn-call-id') ?? '');
    expect(record.container_id).not.toBe(victim.id);
  });

  it('leaks nothing: once idle containers time out the pool holds no memory', async () => {
    // Gone means removed, not just stopping: a stopping container still holds its memory until Docker removes it.
    await expect.poll(async () => (await api.listContainers()).length).toBe(0);
    expect((await api.stats()).pool).toMatchObject({ used_mb: 0, waiting: 0 });
    const ours = await docker.listContainers({
      all: true,
      filters: { label: [`io.fnstudio.data-dir=${s.dataDir}`] },
    });
    expect(ours).toEqual([]);
  });
});
