// What the studio says about a call is true, through `npm run serve` on real Docker: phases measured on the call
// and adding up to its duration, start kinds that say whose launch it was, waits named for what they waited for,
// and no launch thrash after a burst.
import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { LABEL } from '../../src/main/core/container-labels';
import type { CallRecord, ContainerInfo, Fn } from '../../src/shared/models';
import { type ServeProcess, useServes } from '../support/serve-process';
import { NODE_JSON_IMAGE } from '../support/test-images';

const serve = useServes();
async function jsonFn(s: ServeProcess, memory = 128): Promise<Fn> {
  const app = await s.api.createApp({ name: 'truth' });
  return s.api.createFn({
    app_id: app.id,
    name: 'f',
    image: NODE_JSON_IMAGE,
    format: 'json',
    network: 'none',
    memory,
  });
}
const invoke = (s: ServeProcess, fn: Fn, body: string) => s.api.invoke(fn.id, body);
/** The engine's own record of a function's containers: each start and each death since `since` (unix seconds). */
async function engineEvents(fnId: string, since: number): Promise<Array<{ action: string; id: string }>> {
  const stream = (await new Docker().getEvents({
    since,
    until: Math.ceil(Date.now() / 1000) + 1,
    filters: { type: ['container'], event: ['start', 'die'], label: [`${LABEL.fnId}=${fnId}`] },
  })) as NodeJS.ReadableStream;
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { Action: string; id: string })
    .map((e) => ({ action: e.Action, id: e.id }));
}
const duration = (r: CallRecord) => Date.parse(r.completed_at ?? '') - Date.parse(r.created_at);
const phaseSum = (r: CallRecord) =>
  r.timings.queue_ms +
  r.timings.resource_wait_ms +
  (r.timings.container_wait_ms ?? 0) +
  r.timings.launch_ms +
  r.timings.exec_ms;

describe('call timings and start kinds', () => {
  it('50 calls at 4 clients to a new function: phases add up, launches are their own, waits are not memory', async () => {
    const s = await serve();
    const fn = await jsonFn(s);
    let sent = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (sent++ < 50) expect((await invoke(s, fn, 'hi')).status).toBe(200);
      }),
    );
    // Sync records are stored just after the answer: wait until all 50 have ended.
    await expect
      .poll(async () => (await s.api.allCalls({ fn_id: fn.id })).filter((r) => r.completed_at).length)
      .toBe(50);
    const calls = await s.api.allCalls({ fn_id: fn.id });
    for (const r of calls) {
      const row = { id: r.id, kind: r.start_kind, timings: r.timings, duration: duration(r) };
      expect({ ...row, sum: phaseSum(r) }).toEqual({ ...row, sum: duration(r) });
      expect(r.timings.launch_ms).toBeLessThanOrEqual(duration(r));
      // 21 GB or 2 GB free: nothing here waited for memory.
      expect(r.timings.resource_wait_ms).toBe(0);
      expect(r.waiting_for).not.toBe('memory');
      if (r.start_kind === 'hot_new') expect(r.timings.launch_ms).toBeGreaterThan(0);
      else expect(r.timings.launch_ms).toBe(0);
    }
    // Each container was launched for one call, which is the one marked hot_new on it.
    const containers = new Set(calls.map((r) => r.container_id));
    const fresh = calls.filter((r) => r.start_kind === 'hot_new');
    expect(new Set(fresh.map((r) => r.container_id)).size).toBe(fresh.length);
    expect(fresh.length).toBeLessThanOrEqual(containers.size);
    expect(fresh.length).toBeGreaterThan(0);
    // A call that waited for a container started for another one says so.
    for (const r of calls.filter(
      (c) => c.start_kind === 'hot_reused' && (c.timings.container_wait_ms ?? 0) > 0,
    ))
      expect(['launch', 'container']).toContain(r.waiting_for);
  });

  it('a burst of 6 long calls on a 256 MB pool starts exactly 2 containers, and neither is killed after', async () => {
    const s = await serve();
    await s.api.updateSettings({ pool_mb: 256 });
    const fn = await jsonFn(s, 128);
    const since = Math.floor(Date.now() / 1000) - 1;
    const replies = await Promise.all(Array.from({ length: 6 }, () => invoke(s, fn, 'sleep:1500')));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await expect
      .poll(async () => (await s.api.allCalls({ fn_id: fn.id })).filter((r) => r.completed_at).length)
      .toBe(6);
    const calls = await s.api.allCalls({ fn_id: fn.id });
    expect(new Set(calls.map((r) => r.container_id)).size).toBe(2);
    // The calls that waited, waited for one of their function's busy containers, not for memory to be freed by
    // killing one.
    expect(calls.filter((r) => r.start_kind === 'hot_new')).toHaveLength(2);
    // Both containers are still there, idle, and nothing else was started: no launch, no eviction after the burst.
    await expect
      .poll(
        async () =>
          (await s.api.listContainers()).filter((c: ContainerInfo) => c.fn_id === fn.id && c.state === 'idle')
            .length,
      )
      .toBe(2);
    const live = (await s.api.listContainers()).filter((c: ContainerInfo) => c.fn_id === fn.id);
    expect(live.map((c) => c.id).sort()).toEqual([...new Set(calls.map((r) => r.container_id))].sort());
    expect(live.every((c) => c.state === 'idle')).toBe(true);
    // The engine agrees: two starts, no container died.
    const events = await engineEvents(fn.id, since);
    expect(events.filter((e) => e.action === 'start')).toHaveLength(2);
    expect(events.filter((e) => e.action === 'die')).toEqual([]);
  });
});
