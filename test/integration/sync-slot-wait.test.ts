// A sync call's wait for a slot is measured, through `npm run serve` on real Docker: a call that waits for the only
// container's memory has that wait in its record (memory or container wait, not lost in queue_ms, which is only the
// host's own handling) and in /metrics, whose per-call series carry the function's labels. The first call is held
// busy and released by the test (held-calls): no sleeps.
import { describe, expect, it } from 'vitest';
import type { ContainerInfo, Fn } from '../../src/shared/models';
import { HOLD, releaseHeld } from '../support/held-calls';
import { useServes } from '../support/serve-process';
import { NODE_JSON_IMAGE } from '../support/test-images';

const serve = useServes();

describe('a sync call waiting for a slot', () => {
  it('records the wait as its memory or container wait, and /metrics shows it by function', async () => {
    const s = await serve();
    await s.api.updateSettings({ pool_mb: 128 }); // room for one 128 MB container
    const app = await s.api.createApp({ name: 'slots' });
    const fn: Fn = await s.api.createFn({
      app_id: app.id,
      name: 'one',
      image: NODE_JSON_IMAGE,
      format: 'json',
      network: 'none',
      memory: 128,
    });
    const sync = (body: string) => s.api.invoke(fn.id, body);
    const labels = `fn_id="${fn.id}",app_id="${app.id}",fn_appname="slots",fn_name="one"`;
    const series = async (name: string) => {
      const text = (await s.api.request<string>('GET', '/metrics')).body;
      const m = new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, 'm').exec(text);
      return m ? Number(m[1]) : null;
    };

    const first = sync(HOLD);
    await expect
      .poll(
        async () => (await s.api.listContainers()).filter((c: ContainerInfo) => c.state === 'busy').length,
      )
      .toBe(1);
    const holder = (await s.api.listContainers()).find((c: ContainerInfo) => c.state === 'busy')!;
    const second = sync('hi');
    // The second call waits in the agent: /metrics says so, on this function's series.
    await expect.poll(() => series('fn_queued')).toBe(1);
    expect(await series('fn_running')).toBe(1);

    await releaseHeld(holder.id);
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    await expect
      .poll(async () => (await s.api.allCalls({ fn_id: fn.id })).filter((r) => r.completed_at).length)
      .toBe(2);
    const [a, b] = (await s.api.allCalls({ fn_id: fn.id })).sort((x, y) =>
      x.created_at.localeCompare(y.created_at),
    );
    // b could have its slot only once a's function was done with it: everything b waited until then is in its
    // memory or container wait (timings are whole milliseconds: 2 ms of rounding).
    const slotFreed = Date.parse(a!.started_at!) + a!.timings.exec_ms;
    const waitedUntil =
      Date.parse(b!.created_at) +
      b!.timings.queue_ms +
      b!.timings.resource_wait_ms +
      (b!.timings.container_wait_ms ?? 0);
    expect(waitedUntil + 2).toBeGreaterThanOrEqual(slotFreed);
    expect(b!.timings.resource_wait_ms + (b!.timings.container_wait_ms ?? 0)).toBeGreaterThan(0);
    expect(['memory', 'container', 'launch']).toContain(b!.waiting_for);

    expect(await series('fn_completed')).toBe(2);
    expect(await series('fn_queued')).toBe(0);
    expect(await series('fn_calls')).toBe(2);
  });
});
