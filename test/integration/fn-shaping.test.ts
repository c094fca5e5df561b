// Shaping a function's containers through `npm run serve` on the real engine: the CPU limit on the container
// (docker inspect), the concurrency cap (one container, the other calls waiting at the cap), min-warm (containers
// started unasked and at host start, outliving the idle timeout, replaced when killed), and bad input refused with
// nothing stored.
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { LABEL } from '../../src/main/core/container-labels';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';
import type { App, Fn } from '../../src/shared/models';
import { HOLD, releaseHeld } from '../support/held-calls';
import { type ServeProcess, useServes } from '../support/serve-process';
import { NODE_JSON_IMAGE } from '../support/test-images';

const docker = new Docker();
const serve = useServes();

async function serveWithApp(): Promise<{ s: ServeProcess; app: App }> {
  const s = await serve();
  return { s, app: await s.api.createApp({ name: 'shaped' }) };
}

const jsonFn = (s: ServeProcess, app: App, name: string, annotations: Record<string, unknown>, idle = 30) =>
  s.api.createFn({
    app_id: app.id,
    name,
    image: NODE_JSON_IMAGE,
    format: 'json',
    network: 'none',
    memory: 64,
    idle_timeout: idle,
    annotations,
  });

/** The function's running containers on the engine. */
async function running(fnId: string): Promise<string[]> {
  const list = await docker.listContainers({ filters: { label: [`${LABEL.fnId}=${fnId}`] } });
  return list.map((c) => c.Id).sort();
}

const invoke = (s: ServeProcess, fn: Fn, body: string) =>
  fetch(`${s.baseUrl}/invoke/${fn.id}`, { method: 'POST', body }).then(async (r) => ({
    status: r.status,
    text: await r.text(),
  }));

describe('shaping a function', () => {
  it('gives the container its CPU limit as NanoCPUs, and refuses more CPUs than the engine has', async () => {
    const { s, app } = await serveWithApp();
    const fn = await jsonFn(s, app, 'half-cpu', { [FN_ANNOTATIONS.cpus]: 0.5 });
    expect(await invoke(s, fn, 'hi')).toEqual({ status: 200, text: 'echo:hi' });
    const [id] = await running(fn.id);
    expect((await docker.getContainer(id).inspect()).HostConfig.NanoCpus).toBe(500_000_000);

    const engineCpus = (await docker.info()).NCPU as number;
    const tooMany = await s.api.request<{ message: string }>('PUT', `/v2/fns/${fn.id}`, {
      body: { annotations: { [FN_ANNOTATIONS.cpus]: engineCpus + 1 }, memory: 32 },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toContain(FN_ANNOTATIONS.cpus);
    expect(tooMany.body.message).toContain(`(${engineCpus})`);
    // Nothing half-applied: neither the annotation nor the memory in the same request.
    const after = await s.api.ok<Fn>('GET', `/v2/fns/${fn.id}`);
    expect(after.memory).toBe(64);
    expect(after.annotations[FN_ANNOTATIONS.cpus]).toBe(0.5);
    const created = await s.api.request<{ message: string }>('POST', '/v2/fns', {
      body: {
        app_id: app.id,
        name: 'greedy',
        image: NODE_JSON_IMAGE,
        format: 'json',
        annotations: { [FN_ANNOTATIONS.cpus]: 'lots' },
      },
    });
    expect(created.status).toBe(400);
    expect(created.body.message).toContain(FN_ANNOTATIONS.cpus);
    expect((await s.api.ok<{ items: Fn[] }>('GET', `/v2/fns?app_id=${app.id}`)).items).toHaveLength(1);
  });

  it('runs at most max-concurrency calls at once: the others wait at the cap, on the same container', async () => {
    const { s, app } = await serveWithApp();
    const fn = await jsonFn(s, app, 'one-at-a-time', { [FN_ANNOTATIONS.maxConcurrency]: 1 });
    const replies = Array.from({ length: 3 }, () => invoke(s, fn, HOLD));
    // One call runs (held), two wait at the cap; no second container is started for them.
    await expect
      .poll(async () =>
        (await s.api.allCalls({ fn_id: fn.id })).map((c) => `${c.status}:${c.waiting_for ?? null}`).sort(),
      )
      .toEqual(['queued:concurrency', 'queued:concurrency', 'running:launch']);
    const [id] = await running(fn.id);
    expect(await running(fn.id)).toEqual([id]);
    await releaseHeld(id);
    expect((await Promise.all(replies)).map((r) => r.status)).toEqual([200, 200, 200]);
    const calls = await s.api.allCalls({ fn_id: fn.id });
    expect(new Set(calls.map((c) => c.container_id))).toEqual(new Set([id]));
    expect(calls.filter((c) => c.waiting_for === 'concurrency')).toHaveLength(2);

    const stats = await s.api.stats();
    const overPool = Math.floor(stats.pool.total_mb / 64) + 1;
    const refused = await s.api.request<{ message: string }>('PUT', `/v2/fns/${fn.id}`, {
      body: { annotations: { [FN_ANNOTATIONS.maxConcurrency]: overPool } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain(FN_ANNOTATIONS.maxConcurrency);
    expect((await s.api.ok<Fn>('GET', `/v2/fns/${fn.id}`)).annotations[FN_ANNOTATIONS.maxConcurrency]).toBe(
      1,
    );
  });

  it('keeps min-warm containers started, past the idle timeout and at host start, and replaces one that is killed', async () => {
    const { s, app } = await serveWithApp();
    const warm = await jsonFn(s, app, 'warm', { [FN_ANNOTATIONS.minWarm]: 2 }, 1);
    // Started without any call.
    await expect.poll(() => running(warm.id).then((ids) => ids.length)).toBe(2);
    const kept = await running(warm.id);
    // Idle with no deadline, and said to be kept warm.
    await expect
      .poll(async () =>
        (await s.api.listContainers())
          .filter((c) => c.fn_id === warm.id)
          .map((c) => [c.state, c.idle_deadline ?? null, c.kept_warm]),
      )
      .toEqual([
        ['idle', null, true],
        ['idle', null, true],
      ]);
    // A function without min-warm, same idle timeout: once its container is reaped, the warm ones have idled as long.
    const plain = await jsonFn(s, app, 'plain', {}, 1);
    expect((await invoke(s, plain, 'hi')).status).toBe(200);
    await expect.poll(() => running(plain.id)).toEqual([]);
    expect(await running(warm.id)).toEqual(kept);
    // A call is served by a warm container.
    expect((await invoke(s, warm, 'hi')).status).toBe(200);
    const [call] = await s.api.allCalls({ fn_id: warm.id });
    expect(kept).toContain(call.container_id);

    await docker.getContainer(kept[0]).kill();
    await expect
      .poll(async () => {
        const ids = await running(warm.id);
        return ids.length === 2 && !ids.includes(kept[0]);
      })
      .toBe(true);

    const stats = await s.api.stats();
    const overPool = Math.floor(stats.pool.total_mb / 64) + 1;
    const refused = await s.api.request<{ message: string }>('PUT', `/v2/fns/${plain.id}`, {
      body: { annotations: { [FN_ANNOTATIONS.minWarm]: overPool } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain(FN_ANNOTATIONS.minWarm);
    expect((await s.api.ok<Fn>('GET', `/v2/fns/${plain.id}`)).annotations).toEqual({
      'fnproject.io/fn/invokeEndpoint': expect.any(String),
    });

    // A restart removes them with the host, and the next start launches them again.
    await s.stop();
    expect(await running(warm.id)).toEqual([]);
    const again = await serve({ dataDir: s.dataDir });
    await expect.poll(() => running(warm.id).then((ids) => ids.length)).toBe(2);

    // Lowered to none: the warm containers get their idle timeout back and go.
    await again.api.ok('PUT', `/v2/fns/${warm.id}`, { annotations: { [FN_ANNOTATIONS.minWarm]: '' } });
    await expect.poll(() => running(warm.id)).toEqual([]);
  });
});
