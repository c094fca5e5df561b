// What a call cost, through `npm run serve` on real Docker: a hot call that fills ~60 MB records that peak, a busy
// loop records its CPU time and an echo almost none, a call whose span another call shared says so, a cold
// container's whole life is measured, and live containers show their memory in use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord, CallUsage, Fn } from '../../src/shared/models';
import { startServe, type ServeProcess } from '../support/serve-process';
import { NODE_USAGE_IMAGE } from '../support/test-images-hot';

let s: ServeProcess;
beforeAll(async () => {
  s = await startServe();
});
afterAll(async () => {
  await s?.stop();
});

async function usageFn(name: string, format: 'json' | 'default'): Promise<Fn> {
  const apps = await s.api.ok<{ items: Array<{ id: string; name: string }> }>('GET', '/v2/apps?name=cost');
  const app = apps.items[0] ?? (await s.api.createApp({ name: 'cost' }));
  return s.api.createFn({
    app_id: app.id,
    name,
    image: NODE_USAGE_IMAGE,
    format,
    network: 'none',
    memory: 128,
    idle_timeout: 120,
  });
}

/** Invokes and answers the call id; the reply does not wait for the figures. */
async function invoke(fn: Fn, body: string): Promise<string> {
  const res = await s.api.invoke(fn.id, body);
  expect(res.status).toBe(200);
  return res.headers['fn-call-id'][0];
}

/** The call's record once its figures have arrived (about a second after its end: the engine samples). */
async function usageOf(callId: string): Promise<CallUsage | null> {
  let record: CallRecord | undefined;
  await expect
    .poll(async () => {
      record = await s.api.getCall(callId);
      return record.usage !== undefined;
    })
    .toBe(true);
  return record!.usage ?? null;
}

describe('what a call cost', () => {
  it('hot calls: ~60 MB filled, a busy loop’s CPU, an echo’s almost none, each its own span', async () => {
    const fn = await usageFn('hot', 'json');
    // The first call starts the container; the later ones run on it, each after the previous one's figures came.
    const warm = await usageOf(await invoke(fn, 'warm'));
    expect(warm).not.toBeNull();

    const filled = (await usageOf(await invoke(fn, 'alloc:60:100')))!;
    expect(filled).toMatchObject({
      source: 'cgroup-v1',
      memory_peak_exact: true,
      memory_limit_mb: 128,
      span: 'call',
      calls: 1,
      cut_short: false,
    });
    expect(filled.memory_peak_mb).toBeGreaterThanOrEqual(60 * 0.8);
    expect(filled.memory_peak_mb).toBeLessThanOrEqual(60 * 1.2);

    const spun = (await usageOf(await invoke(fn, 'spin:400')))!;
    expect(spun).toMatchObject({ span: 'call', calls: 1 });
    // It used 400 ms of CPU by its own clock; the span adds only what the idle container used around it.
    expect(spun.cpu_ms).toBeGreaterThanOrEqual(400);
    expect(spun.cpu_ms).toBeLessThan(400 * 1.2);

    const echoed = (await usageOf(await invoke(fn, 'echo')))!;
    expect(echoed).toMatchObject({ span: 'call', calls: 1 });
    expect(echoed.cpu_ms).toBeGreaterThanOrEqual(0);
    expect(echoed.cpu_ms).toBeLessThan(spun.cpu_ms / 4);
    // Memory is the container's: what the fill left for node's garbage collector still counts.
    expect(echoed.memory_peak_mb).toBeGreaterThan(0);

    // The container's live row shows its memory in use, from the same samples.
    await expect
      .poll(async () => {
        const containers = await s.api.listContainers();
        return containers.find((c) => c.fn_id === fn.id)?.memory_used_mb ?? 0;
      })
      .toBeGreaterThan(0);
  });

  it('back-to-back calls: figures that cover one call only hold its own work, others say they are shared', async () => {
    const fn = await usageFn('shared', 'json');
    await usageOf(await invoke(fn, 'warm'));
    for (let i = 0; i < 3; i++) {
      // The echo is dispatched a moment after the busy loop's reply: where the engine's samples fell decides whether
      // the spans share a call. Either way each call's figures are its own or say they are shared.
      const spin = await invoke(fn, 'spin:400');
      const echo = await invoke(fn, 'echo');
      const [spun, echoed] = [(await usageOf(spin))!, (await usageOf(echo))!];
      expect(spun.cpu_ms).toBeGreaterThanOrEqual(400);
      if (spun.calls === 1) expect(spun.cpu_ms).toBeLessThan(400 * 1.2);
      else expect(spun.calls).toBe(2);
      if (echoed.calls === 1) expect(echoed.cpu_ms).toBeLessThan(100);
      else expect(echoed.calls).toBe(2);
    }
  });

  it('cold: the container’s whole life, from its samples while it ran', async () => {
    const fn = await usageFn('cold', 'default');
    // Held 2 s, so the engine (about one sample a second) samples it while the memory is filled.
    const filled = (await usageOf(await invoke(fn, 'alloc:60:2000')))!;
    expect(filled).toMatchObject({ span: 'container', calls: 1, cut_short: true, memory_limit_mb: 128 });
    expect(filled.memory_peak_mb).toBeGreaterThanOrEqual(60 * 0.8);
    expect(filled.memory_peak_mb).toBeLessThanOrEqual(60 * 1.2);
    expect(filled.cpu_ms).toBeGreaterThan(0);
  });
});
