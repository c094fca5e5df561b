// The seed's async rule, isolated through `npm run serve` on real Docker: a detached call starts only while at least
// half of the memory pool is free (idle containers count as free), even when its own container would fit. Calls are
// held busy and released by the test (held-calls), so every step waits on a state, never on a sleep.
import { describe, expect, it } from 'vitest';
import type { CallRecord, ContainerInfo, Fn } from '../../src/shared/models';
import { HOLD, releaseHeld } from '../support/held-calls';
import { useServes } from '../support/serve-process';
import { NODE_JSON_IMAGE } from '../support/test-images';

const serve = useServes();

describe('detached calls and the half-pool rule', () => {
  it('waits at 25 % free though its container fits, while a sync call runs; starts once half is free', async () => {
    const s = await serve();
    // Four 128 MB containers fill the pool; half of it is two of them.
    await s.api.updateSettings({ pool_mb: 512 });
    const app = await s.api.createApp({ name: 'rule' });
    const fn: Fn = await s.api.createFn({
      app_id: app.id,
      name: 'f',
      image: NODE_JSON_IMAGE,
      format: 'json',
      network: 'none',
      memory: 128,
    });
    const sync = (body: string) => s.api.invoke(fn.id, body);
    const busy = async () =>
      (await s.api.listContainers()).filter((c: ContainerInfo) => c.fn_id === fn.id && c.state === 'busy');

    // Three calls held busy: 384 MB used, 128 MB free (25 %).
    const held = [sync(HOLD), sync(HOLD), sync(HOLD)];
    await expect.poll(async () => (await busy()).length).toBe(3);
    const heldIds = (await busy()).map((c) => c.id);

    // The detached call fits in the free 128 MB, but the rule holds it, and its record says so.
    const queued = await s.api.invoke<{ call_id: string }>(fn.id, 'hi', { 'Fn-Invoke-Type': 'detached' });
    expect(queued.status).toBe(202);
    const id = queued.body.call_id;
    await expect
      .poll(async () => {
        const r = await s.api.getCall(id);
        return [r.status, r.waiting_for];
      })
      .toEqual(['queued', 'detached_rule']);

    // A sync call is not under the rule: it takes the last 128 MB now. After it, its container is idle (free again,
    // as the queue counts it) but the three held calls still leave only 128 MB of 512 free: the detached call waits.
    const direct = await sync('hi');
    expect(direct.status).toBe(200);
    expect((await s.api.getCall(id)).status).toBe('queued');

    // One held call released: its container idle too, 256 MB of 512 free, exactly half: the detached call runs.
    await releaseHeld(heldIds[0]!);
    await expect.poll(async () => (await s.api.getCall(id)).status).toBe('success');
    const ran: CallRecord = await s.api.getCall(id);
    const first = (await s.api.allCalls({ fn_id: fn.id })).find(
      (r) => r.container_id === heldIds[0] && r.type === 'sync',
    );
    expect(first?.completed_at).toBeDefined();
    // It could not start before the release, and its record keeps what it waited for.
    expect(Date.parse(ran.started_at!)).toBeGreaterThanOrEqual(Date.parse(first!.completed_at!));
    expect(ran.waiting_for).toBe('detached_rule');
    // Hot containers are kept apart by call type: it launched its own, in the memory of an idle one.
    expect(ran.start_kind).toBe('hot_new');

    for (const c of heldIds.slice(1)) await releaseHeld(c);
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200, 200]);
  });
});
