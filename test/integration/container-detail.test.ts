// What a container got, against `npm run serve` and the real engine: GET /v2/containers/{id} shows a hot container's
// environment with the secret masked (and shown with ?reveal=1), and its env, limits, labels, mounts, hardening and
// image ID are what `docker inspect` says; an ended cold container is still described; bad ids and parameters are
// refused in words; the registry export masks the secret too.
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerDetail } from '../../src/shared/container-detail';
import type { Fn } from '../../src/shared/models';
import type { RegistryFile } from '../../src/shared/registry-file';
import { MASKED_VALUE } from '../../src/shared/secret-config';
import type { ErrorBody } from '../support/http-api-client';
import { startServe, type ServeProcess } from '../support/serve-process';
import { BUSYBOX_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';

const TOKEN = 'tok-3f9a1c';
const MB = 1024 * 1024;
const docker = new Docker();
let s: ServeProcess;
let hot: Fn;

/** Invokes a function and answers the id of the container that served the call. */
async function containerOf(fnId: string, body: string): Promise<string> {
  const res = await fetch(`${s.baseUrl}/invoke/${fnId}`, { method: 'POST', body });
  expect(res.status, await res.text()).toBe(200);
  const call = await s.api.getCall(res.headers.get('fn-call-id') ?? '');
  expect(call.container_id).toEqual(expect.any(String));
  return call.container_id ?? '';
}

/** `docker inspect`'s env and labels, without what the image itself sets (PATH, its build labels and the like). */
async function setByHost(
  inspect: Docker.ContainerInspectInfo,
): Promise<{ env: Record<string, string>; labels: Record<string, string> }> {
  const image = (await docker.getImage(inspect.Image).inspect()).Config;
  const ownEnv = new Set(image.Env ?? []);
  const env = inspect.Config.Env.filter((e) => !ownEnv.has(e)).map((e) => {
    const at = e.indexOf('=');
    return [e.slice(0, at), e.slice(at + 1)];
  });
  const ownLabels = image.Labels ?? {};
  const labels = Object.entries(inspect.Config.Labels).filter(([k, v]) => ownLabels[k] !== v);
  return { env: Object.fromEntries(env), labels: Object.fromEntries(labels) };
}

beforeAll(async () => {
  s = await startServe();
  const app = await s.api.createApp({ name: 'envinfo', config: { REGION: 'eu' } });
  hot = await s.api.createFn({
    name: 'hot',
    app_id: app.id,
    image: NODE_JSON_IMAGE,
    format: 'json',
    network: 'none',
    memory: 96,
    idle_timeout: 120,
    config: { API_TOKEN: TOKEN, GREETING: 'hi' },
  });
});
afterAll(async () => {
  await s?.stop();
});

describe('GET /v2/containers/{id}', () => {
  it("shows a hot container's environment with the token masked, reveals it on request, and matches docker inspect", async () => {
    const id = await containerOf(hot.id, 'env');
    const reply = await s.api.request<ContainerDetail>('GET', `/v2/containers/${id}`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.text).not.toContain(TOKEN);
    const masked = reply.body;
    expect(masked).toMatchObject({
      id,
      fn_id: hot.id,
      image: NODE_JSON_IMAGE,
      format: 'json',
      kind: 'hot',
      memory_mb: 96,
      revealed: false,
      secret_keys: ['API_TOKEN'],
    });
    expect(masked.setup.env).toMatchObject({ REGION: 'eu', GREETING: 'hi', API_TOKEN: MASKED_VALUE });

    const shown = await s.api.getContainer(id, true);
    expect(shown.revealed).toBe(true);
    expect(shown.setup.env).toMatchObject({ REGION: 'eu', GREETING: 'hi', API_TOKEN: TOKEN });
    // The short id `docker ps` shows finds it too.
    expect((await s.api.getContainer(id.slice(0, 12))).id).toBe(id);

    const inspect = await docker.getContainer(id).inspect();
    // Environment and labels are exactly what the host set (the image's own aside), FN_* variables included.
    const host = await setByHost(inspect);
    expect(host.env).toEqual(shown.setup.env);
    expect(host.labels).toEqual(shown.setup.labels);
    expect(shown.setup.env).toMatchObject({
      FN_APP_NAME: 'envinfo',
      FN_FN_NAME: 'hot',
      FN_FN_ID: hot.id,
      FN_MEMORY: '96',
      FN_TYPE: 'sync',
      FN_FORMAT: 'json',
    });
    expect(shown.setup.labels['io.fnstudio.fn-id']).toBe(hot.id);
    expect(inspect.Image).toBe(shown.setup.image_id);
    // Started by the ID its name pointed to (a rebuilt tag never serves old code); the name is the function's.
    expect(inspect.Config.Image).toBe(shown.setup.image_id);
    expect(shown.image).toBe(NODE_JSON_IMAGE);

    const hc = inspect.HostConfig;
    const { limits, hardening, mounts, network } = shown.setup;
    expect(limits).toEqual({
      memory_mb: hc.Memory! / MB,
      memory_swap_mb: hc.MemorySwap! / MB,
      pids: hc.PidsLimit ?? null,
      cpus: hc.NanoCpus ? hc.NanoCpus / 1e9 : null,
    });
    expect(limits).toMatchObject({ memory_mb: 96, memory_swap_mb: 96, cpus: null });
    expect(hardening).toEqual({
      cap_drop: hc.CapDrop ?? [],
      no_new_privileges: (hc.SecurityOpt ?? []).includes('no-new-privileges'),
      read_only_rootfs: hc.ReadonlyRootfs,
      init: hc.Init,
    });
    expect(network).toBe(hc.NetworkMode);
    expect(mounts.filter((m) => m.type === 'tmpfs')).toEqual(
      Object.entries(hc.Tmpfs ?? {}).map(([target, options]) => ({
        type: 'tmpfs',
        source: null,
        target,
        options,
      })),
    );

    // The list keeps its pinned shape: the same container there, without the setup.
    const listed = (await s.api.listContainers()).find((c) => c.id === id);
    expect(listed).toMatchObject({ id, fn_id: hot.id, image: NODE_JSON_IMAGE });
    expect(listed).not.toHaveProperty('setup');
  });

  it('describes a cold container after it ended, with why it ended', async () => {
    const app = await s.api.createApp({ name: 'envinfo-cold' });
    const cold = await s.api.createFn({
      name: 'cold',
      app_id: app.id,
      image: BUSYBOX_IMAGE,
      format: 'default',
      network: 'none',
      config: { DB_PASSWORD: 'pw-1' },
    });
    const id = await containerOf(cold.id, 'x');
    // Its removal follows the reply: it has ended once it has an end time.
    await expect.poll(async () => (await s.api.getContainer(id)).ended_at).toEqual(expect.any(String));
    const ended = await s.api.getContainer(id);
    expect(ended).toMatchObject({ kind: 'cold', end_reason: 'done', secret_keys: ['DB_PASSWORD'] });
    expect(ended.setup.env).toMatchObject({ DB_PASSWORD: MASKED_VALUE, FN_FORMAT: 'default' });
    expect((await s.api.getContainer(id, true)).setup.env.DB_PASSWORD).toBe('pw-1');
  });

  it('answers 404 with a clear message for an unknown id, and 400 for a reveal value it does not know', async () => {
    const missing = await s.api.request<ErrorBody>('GET', '/v2/containers/no-such-container');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(
      /^no container no-such-container: not one of this host's live containers/,
    );
    const [c] = await s.api.listContainers();
    const bad = await s.api.request<ErrorBody>('GET', `/v2/containers/${c.id}?reveal=yes`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('reveal must be 1 (show secret values) or 0, not "yes"');
    expect((await s.api.request('POST', `/v2/containers/${c.id}`)).status).toBe(405);
  });

  it('the registry export masks the secret config value', async () => {
    const file = await s.api.ok<RegistryFile>('GET', '/v2/export');
    const fn = file.apps.find((a) => a.name === 'envinfo')?.fns.find((f) => f.name === 'hot');
    expect(fn?.config).toEqual({ API_TOKEN: MASKED_VALUE, GREETING: 'hi' });
    expect(JSON.stringify(file)).not.toContain(TOKEN);
  });
});
