// The agent's shaping of a function's containers (fake driver, manual clock): the concurrency cap holds calls back
// and says so, min-warm keeps containers started past the idle timeout, spares them from eviction, replaces one
// that died (not in a loop), and lets them go when lowered; the CPU limit reaches the container spec.
import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/main/core/agent';
import type { CallOptions } from '../../src/main/core/call-types';
import type { ContainerSpec, RunningContainer } from '../../src/main/core/driver';
import { WARM_REFILL_GAP_MS } from '../../src/main/core/warm-targets';
import { callOptions } from '../support/agent-fixture';
import { FakeClock, FakeDriver, settle } from '../support/fake-driver';

let n = 0;
const call = (fn: string, over: Partial<CallOptions> = {}): CallOptions =>
  callOptions({
    id: `${fn}-${++n}`,
    image: 'img',
    format: 'json',
    memory: 100,
    idle_timeout: 10,
    fn_id: fn,
    fn_name: fn,
    body: Buffer.from('b'),
    ...over,
  });

function setup(poolMb = 1000, waitBoundMs = 60_000) {
  const driver = new FakeDriver();
  const clock = new FakeClock();
  const agent = new Agent({ driver, clock, poolMb, owner: { instanceId: 'i', dataDir: '/d' }, waitBoundMs });
  const specs: ContainerSpec[] = [];
  const started: RunningContainer[] = [];
  const start = driver.start.bind(driver);
  driver.start = async (spec) => {
    specs.push(spec);
    const c = await start(spec);
    started.push(c);
    return c;
  };
  return { driver, clock, agent, specs, started };
}

describe('concurrency cap', () => {
  it('runs at most max_concurrency calls of a function; the next waits at the cap and says so', async () => {
    const { agent, driver, clock } = setup();
    driver.behaviour = (id) => (id.startsWith('capped-') ? 'held' : 'reply');
    const a = call('capped', { max_concurrency: 1 });
    const b = call('capped', { max_concurrency: 1 });
    const waits: string[] = [];
    const first = agent.submit(a).outcome;
    const second = agent.submit(b, { onWait: (r) => waits.push(r) }).outcome;
    await settle(20);
    expect(waits).toEqual(['concurrency']);
    expect(driver.starts).toBe(1);
    // Another function is not held back by this one's cap.
    expect(await agent.submit(call('free')).outcome).toMatchObject({ status: 'success' });
    clock.advance(700);
    driver.replyTo(a.id);
    expect(await first).toMatchObject({ status: 'success' });
    await settle(20);
    driver.replyTo(b.id);
    const done = await second;
    expect(done).toMatchObject({ status: 'success', start_kind: 'hot_reused', waited_for: 'concurrency' });
    expect(done.timings.container_wait_ms).toBe(700);
    expect(driver.starts).toBe(2); // capped's one container, and free's
    await agent.close();
  });

  it('lets calls held at the cap in when a newer call comes with a higher cap (the function was updated)', async () => {
    const { agent, driver } = setup();
    driver.behaviour = () => 'held';
    const a = call('capped', { max_concurrency: 1 });
    const b = call('capped', { max_concurrency: 1 });
    agent.submit(a);
    const second = agent.submit(b);
    await settle(20);
    expect(driver.heldReplies.has(b.id)).toBe(false);
    const c = call('capped', { max_concurrency: 3 });
    agent.submit(c);
    await settle(20);
    expect([driver.heldReplies.has(b.id), driver.heldReplies.has(c.id)]).toEqual([true, true]);
    for (const id of [a.id, b.id, c.id]) driver.replyTo(id);
    expect(await second.outcome).toMatchObject({ status: 'success' });
    await agent.close();
  });

  it('answers 503 naming the cap when the wait bound passes at the cap', async () => {
    const { agent, driver, clock } = setup(1000, 5000);
    driver.behaviour = () => 'held';
    const a = call('capped', { max_concurrency: 1 });
    agent.submit(a);
    const late = agent.submit(call('capped', { max_concurrency: 1 })).outcome;
    await settle(20);
    clock.advance(5000);
    const out = await late;
    expect(out).toMatchObject({ status: 'error', http_status: 503, error_kind: 'no_capacity' });
    expect(out.error).toContain('concurrency cap');
    driver.replyTo(a.id);
    await agent.close();
  });
});

describe('min-warm', () => {
  it('keeps warm containers started past the idle timeout and lets them go when lowered', async () => {
    const { agent, driver, clock } = setup();
    await agent.keepWarm(call('warm'), 2);
    await settle(20);
    expect(driver.live.size).toBe(2);
    expect(agent.containers.list().map((c) => [c.state, c.idle_deadline, c.kept_warm])).toEqual([
      ['idle', undefined, true],
      ['idle', undefined, true],
    ]);
    // A burst of 3 calls: the warm pair serves two, a third container is launched and later reaped.
    driver.behaviour = (id) => (id.startsWith('warm-') ? 'held' : 'reply');
    const calls = [call('warm'), call('warm'), call('warm')];
    const outs = calls.map((c) => agent.submit(c).outcome);
    await settle(20);
    expect(driver.live.size).toBe(3);
    for (const c of calls) driver.replyTo(c.id);
    await Promise.all(outs);
    await settle(20);
    clock.advance(10_000);
    await settle(20);
    expect(driver.live.size).toBe(2);
    clock.advance(60_000);
    await settle(20);
    expect(driver.live.size).toBe(2);
    await agent.keepWarm(call('warm'), 0);
    clock.advance(10_000);
    await settle(20);
    expect(driver.live.size).toBe(0);
    await agent.close();
  });

  it('replaces a warm container that died, at most once per refill gap', async () => {
    const { agent, driver, clock } = setup();
    let crash = false;
    driver.behaviour = () => (crash ? 'crash' : 'reply');
    await agent.keepWarm(call('warm'), 1);
    await settle(20);
    expect(driver.starts).toBe(1);
    crash = true;
    expect(await agent.submit(call('warm')).outcome).toMatchObject({ status: 'error' });
    crash = false;
    await settle(20);
    expect([driver.live.size, driver.starts]).toEqual([0, 1]); // not at once: its first start was less than the gap ago
    clock.advance(WARM_REFILL_GAP_MS);
    await settle(20);
    expect(driver.live.size).toBe(1);
    expect(driver.starts).toBe(2);
    await agent.close();
  });

  it('waits longer before each replacement of warm containers that die without serving a call', async () => {
    const { agent, driver, clock, started } = setup();
    await agent.keepWarm(call('warm'), 1);
    await settle(20);
    await started[0].kill();
    await settle(20);
    clock.advance(WARM_REFILL_GAP_MS);
    await settle(20);
    expect(driver.starts).toBe(2);
    await started[1].kill();
    await settle(20);
    clock.advance(WARM_REFILL_GAP_MS);
    await settle(20);
    expect(driver.starts).toBe(2); // the second failure in a row doubles the gap
    clock.advance(WARM_REFILL_GAP_MS);
    await settle(20);
    expect(driver.starts).toBe(3);
    await agent.close();
  });

  it('moves the warm containers to the new image when the image name moves (a rebuild)', async () => {
    const { agent, driver } = setup();
    driver.images.set('img', 'sha256:v1');
    await agent.keepWarm(call('warm'), 1);
    await settle(20);
    driver.rebuild('img', 'sha256:v2');
    await settle(20);
    expect(driver.startedImages).toEqual(['sha256:v1', 'sha256:v2']);
    expect(driver.live.size).toBe(1);
    await agent.close();
  });

  it('is not evicted for another function, which waits for memory instead', async () => {
    const { agent, driver } = setup(200);
    await agent.keepWarm(call('warm'), 2);
    await settle(20);
    const waits: string[] = [];
    const other = agent.submit(call('other'), { onWait: (r) => waits.push(r) });
    await settle(20);
    expect(waits).toContain('memory');
    expect(driver.live.size).toBe(2);
    expect(agent.cancel(other.id)).toBe(true);
    await agent.close();
  });

  it('starts warm containers for sync calls, with the CPU limit as NanoCPUs', async () => {
    const { agent, specs } = setup();
    await agent.keepWarm(call('warm', { type: 'detached', cpus: 0.5 }), 1);
    await settle(20);
    expect(specs).toHaveLength(1);
    expect(specs[0].env.FN_TYPE).toBe('sync');
    expect(specs[0].nanoCpus).toBe(500_000_000);
    await agent.close();
  });
});
