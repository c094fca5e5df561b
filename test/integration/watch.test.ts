// Watch on real Docker, through a host in this process and its HTTP API: a saved file rebuilds the image and the next
// call runs the new code (the old hot container retired as `image_rebuilt`); a broken Dockerfile leaves the last good
// image serving and reports the error; the tie is refused whole when its folder is not buildable; a running build is
// abandoned at shutdown; the watch stops when turned off or the function is deleted, and starts again with the host.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StudioHost } from '../../src/main/host/studio-host';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';
import type { ContainerInfo, Fn } from '../../src/shared/models';
import type { WatchStatus } from '../../src/shared/watch-status';
import { BROKEN_DOCKERFILE, GOOD_DOCKERFILE, removeImages, WatchFolder } from '../support/watch-folder';
import { BUSYBOX_IMAGE } from '../support/test-images';
import { ThrowawayImages } from '../support/throwaway-images';

const docker = new Docker();
const FOLDER = FN_ANNOTATIONS.sourceFolder;
const WATCH = FN_ANNOTATIONS.watch;
const hosts: StudioHost[] = [];
const folders: WatchFolder[] = [];
const builtIds = new Set<string>();
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
  folders.splice(0).forEach((f) => f.remove());
});
afterAll(() => removeImages(builtIds));

async function startHost(dataDir = mkdtempSync(join(tmpdir(), 'fn-studio-watch-host-'))) {
  const host = await StudioHost.start({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    uiRoot: dataDir,
    version: 'test',
  });
  hosts.push(host);
  host.events.subscribe((event, payload) => {
    const id = event === 'watch' ? (payload as WatchStatus).last_build?.image_id : undefined;
    if (id) builtIds.add(id);
  });
  return { host, dataDir };
}

function folder(reply: string): WatchFolder {
  const f = new WatchFolder(reply);
  folders.push(f);
  return f;
}

async function http(host: StudioHost, method: string, path: string, body?: unknown) {
  const res = await fetch(`${host.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function watchedFn(host: StudioHost, dir: string): Promise<Fn> {
  const app = await host.api.createApp({ name: 'watched' });
  return host.api.createFn({
    app_id: app.id,
    name: 'f',
    image: ThrowawayImages.uniqueTag('watch'),
    format: 'json',
    network: 'none',
    memory: 64,
    annotations: { [FOLDER]: dir, [WATCH]: true },
  });
}

const statusOf = (host: StudioHost, fnId: string) => host.watches.of(fnId)?.current();

/** Waits until the watch has ended `builds` builds and is idle again; its status then. */
async function builtTimes(host: StudioHost, fnId: string, builds: number): Promise<WatchStatus> {
  await expect
    .poll(() => statusOf(host, fnId), { timeout: 60_000 })
    .toMatchObject({ builds, state: expect.stringMatching(/^(watching|failed)$/), queued: false });
  return statusOf(host, fnId)!;
}

async function invoke(host: StudioHost, fnId: string): Promise<string> {
  const res = await fetch(`${host.apiUrl}/invoke/${fnId}`, { method: 'POST', body: 'hi' });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return text;
}

describe('watch (real Docker)', () => {
  it('rebuilds on a saved file: the next call runs the new code, the old container retires as image_rebuilt', async () => {
    const { host } = await startHost();
    const src = folder('v1');
    const fn = await watchedFn(host, src.dir);
    const ended: ContainerInfo[] = [];
    host.agent.on('containerEnded', (c) => ended.push(c));

    // The watch's first build brings the image up to the folder.
    const first = await builtTimes(host, fn.id, 1);
    expect(first.last_build).toMatchObject({ ok: true });
    expect(await invoke(host, fn.id)).toBe('v1');
    const oldContainer = host.agent.containers.list().find((c) => c.fn_id === fn.id)!;
    expect(oldContainer.state).toBe('idle');

    // Build output and installed packages do not count; the saved function does.
    mkdirSync(join(src.dir, 'node_modules'));
    src.write('node_modules/x.js', 'churn');
    src.edit('v2');
    const second = await builtTimes(host, fn.id, 2);
    expect(second.last_build).toMatchObject({ ok: true });
    expect(second.last_build!.image_id).not.toBe(first.last_build!.image_id);
    expect(await invoke(host, fn.id)).toBe('v2');
    await expect.poll(() => ended.find((c) => c.id === oldContainer.id)?.end_reason).toBe('image_rebuilt');
    expect(await host.api.listWatches({})).toEqual([statusOf(host, fn.id)]);
    expect(await http(host, 'GET', `/v2/fns/${fn.id}/watch`)).toEqual({
      status: 200,
      body: statusOf(host, fn.id),
    });
  });

  it('keeps the last good image serving when the Dockerfile breaks, and reports the error', async () => {
    const { host } = await startHost();
    const src = folder('good');
    const fn = await watchedFn(host, src.dir);
    const good = await builtTimes(host, fn.id, 1);
    expect(await invoke(host, fn.id)).toBe('good');

    src.dockerfile(BROKEN_DOCKERFILE);
    const broken = await builtTimes(host, fn.id, 2);
    expect(broken.state).toBe('failed');
    expect(broken.last_build).toMatchObject({ ok: false, error: expect.stringMatching(/COPPY/i) });
    expect(await invoke(host, fn.id)).toBe('good');
    expect(
      (await host.api.getCall({ call_id: (await host.api.listCalls({ fn_id: fn.id }))[0].id })).image_id,
    ).toBe(good.last_build!.image_id);

    // Fixed, with the function changed meanwhile: the next build serves the new code.
    src.edit('fixed');
    src.dockerfile(GOOD_DOCKERFILE);
    const fixed = await builtTimes(host, fn.id, 3);
    expect(fixed).toMatchObject({ state: 'watching', last_build: { ok: true } });
    expect(await invoke(host, fn.id)).toBe('fixed');
  });

  it('refuses a folder that does not exist or has no Dockerfile, naming the field, with nothing applied', async () => {
    const { host } = await startHost();
    const app = await host.api.createApp({ name: 'bad' });
    const missing = join(tmpdir(), 'fn-studio-no-such-folder');
    const created = await http(host, 'POST', '/v2/fns', {
      app_id: app.id,
      name: 'f',
      image: 'fn-studio-test/nope:dev',
      annotations: { [FOLDER]: missing, [WATCH]: true },
    });
    expect(created.status).toBe(400);
    expect(created.body.message).toBe(
      `annotations: ${FOLDER}: ${missing} does not exist on the host's machine`,
    );
    expect((await http(host, 'GET', `/v2/fns?app_id=${app.id}`)).body.items).toEqual([]);

    const fn = await host.api.createFn({ app_id: app.id, name: 'f', image: 'fn-studio-test/nope:dev' });
    const bare = folder('x');
    bare.remove();
    mkdirSync(bare.dir);
    const put = await http(host, 'PUT', `/v2/fns/${fn.id}`, {
      memory: 256,
      annotations: { [FOLDER]: bare.dir, [WATCH]: true },
    });
    expect(put.status).toBe(400);
    expect(put.body.message).toMatch(`${FOLDER}: ${bare.dir} has no Dockerfile`);
    await expect(
      host.api.updateFn({ fn_id: fn.id, patch: { annotations: { [WATCH]: true } } }),
    ).rejects.toThrow(`${WATCH}: needs ${FOLDER}`);
    const after = (await http(host, 'GET', `/v2/fns/${fn.id}`)).body;
    expect(after.memory).toBe(128);
    expect(after.annotations[FOLDER]).toBeUndefined();
    expect(host.watches.list()).toEqual([]);
    expect(await http(host, 'GET', `/v2/fns/${fn.id}/watch`)).toEqual({
      status: 404,
      body: { message: 'function f is not watched (annotation fnstudio.io/fn/watch)' },
    });
  });

  it('abandons a running build at shutdown: the host closes without waiting for it', async () => {
    const { host } = await startHost();
    const src = folder('slow');
    // Without the build being aborted, closing would wait out this step.
    src.dockerfile(`FROM ${BUSYBOX_IMAGE}\nRUN sleep 600\n`);
    const fn = await watchedFn(host, src.dir);
    await expect.poll(() => statusOf(host, fn.id)?.state, { timeout: 60_000 }).toBe('building');
    await expect
      .poll(async () => (await docker.listContainers()).some((c) => c.Command.includes('sleep 600')), {
        timeout: 60_000,
      })
      .toBe(true);
    await host.close();
    hosts.splice(hosts.indexOf(host), 1);
    // The engine cancels the build once its client is gone: its step's container goes too.
    await expect
      .poll(async () => (await docker.listContainers()).some((c) => c.Command.includes('sleep 600')), {
        timeout: 60_000,
      })
      .toBe(false);
  });

  it('stops when turned off or the function is deleted, and starts again with the host', async () => {
    const { host, dataDir } = await startHost();
    const src = folder('v1');
    const fn = await watchedFn(host, src.dir);
    await builtTimes(host, fn.id, 1);
    const offs: WatchStatus[] = [];
    host.events.subscribe(
      (e, p) => e === 'watch' && (p as WatchStatus).state === 'off' && offs.push(p as WatchStatus),
    );
    await host.api.updateFn({ fn_id: fn.id, patch: { annotations: { [WATCH]: false } } });
    expect(host.watches.list()).toEqual([]);
    expect(offs.map((s) => s.fn_id)).toEqual([fn.id]);

    await host.api.updateFn({ fn_id: fn.id, patch: { annotations: { [WATCH]: true } } });
    await builtTimes(host, fn.id, 1);
    await host.close();
    hosts.splice(hosts.indexOf(host), 1);

    // The tie is stored with the function: a new host on the same data watches again, and sees a change.
    const { host: again } = await startHost(dataDir);
    await builtTimes(again, fn.id, 1);
    src.edit('v3');
    await builtTimes(again, fn.id, 2);
    expect(await invoke(again, fn.id)).toBe('v3');
    await again.api.deleteFn({ fn_id: fn.id });
    expect(again.watches.list()).toEqual([]);
  });
});
