// Scheduling races of the agent with a fake driver and a manual clock: reuse, no herd, cancellation at every
// step, timeouts, and memory tokens released exactly once over thousands of randomized runs.
import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/main/core/agent';
import type { CallOptions, CallOutcome } from '../../src/main/core/call-types';
import { CallLog } from '../../src/main/core/call-log';
import { callOptions } from '../support/call-options';
import { FakeClock, FakeDriver, settle } from '../support/fake-driver';

const call = (over: Partial<CallOptions> = {}): CallOptions =>
  callOptions({ image: 'img', memory: 100, format: 'json', body: Buffer.from('b'), ...over });

function setup(poolMb = 1000, waitBoundMs = 60_000) {
  const driver = new FakeDriver();
  const clock = new FakeClock();
  const agent = new Agent({ driver, clock, poolMb, owner: { instanceId: 'i', dataDir: '/d' }, waitBoundMs });
  return { driver, clock, agent };
}

describe('agent scheduling (fake driver, manual clock)', () => {
  it('reuses one hot container for sequential calls, most recent first', async () => {
    const { agent, driver } = setup();
    const kinds: string[] = [];
    for (let i = 0; i < 5; i++) kinds.push((await agent.submit(call()).outcome).start_kind as string);
    expect(kinds).toEqual(['hot_new', 'hot_reused', 'hot_reused', 'hot_reused', 'hot_reused']);
    expect(driver.starts).toBe(1);
    await agent.close();
    expect(driver.live.size).toBe(0);
  });

  it('never launches more containers than there are waiting calls (no herd)', async () => {
    const { agent, driver } = setup();
    driver.startMode = () => 'manual';
    const calls = Array.from({ length: 6 }, () => agent.submit(call()).outcome);
    await settle();
    expect(driver.heldStarts).toBe(6);
    driver.release(1);
    await settle(20);
    // One container served all six in turn while five launches were still pending; none more were started.
    expect(driver.starts).toBe(6);
    driver.release();
    const outs = await Promise.all(calls);
    expect(outs.every((o) => o.status === 'success')).toBe(true);
    await agent.close();
    expect(driver.live.size).toBe(0);
    expect(agent.pool.usedMb).toBe(0);
  });

  it('gives a launch error to the call that caused it', async () => {
    const { agent, driver } = setup();
    driver.startMode = () => 'fail';
    const out = await agent.submit(call()).outcome;
    expect(out).toMatchObject({ status: 'error', http_status: 502, error: 'fake launch failure' });
    expect(agent.pool.usedMb).toBe(0);
  });

  it('cancels at every step and leaks nothing', async () => {
    const { agent, driver } = setup(100);
    // 1. while waiting for memory
    driver.behaviour = () => 'hang';
    const ac0 = new AbortController();
    const holder = agent.submit(call({ fn_id: 'holder' }), { abort: ac0 }).outcome;
    await settle();
    const ac1 = new AbortController();
    const waiting = agent.submit(call({ fn_id: 'w' }), { abort: ac1 }).outcome;
    await settle();
    expect(agent.pool.waiting).toBe(1);
    ac1.abort();
    expect((await waiting).status).toBe('cancelled');
    expect(agent.pool.waiting).toBe(0);
    // 2. while running: the container is killed
    const ac2 = new AbortController();
    const running = agent.submit(call({ fn_id: 'r', memory: 1 }), { abort: ac2 }).outcome;
    await settle(10);
    ac2.abort();
    expect((await running).status).toBe('cancelled');
    // 3. while its container is launching
    driver.startMode = () => 'manual';
    const ac3 = new AbortController();
    const launching = agent.submit(call({ fn_id: 'l', memory: 1 }), { abort: ac3 }).outcome;
    await settle();
    ac3.abort();
    expect((await launching).status).toBe('cancelled');
    driver.release();
    ac0.abort();
    expect((await holder).status).toBe('cancelled');
    await agent.close();
    expect(driver.live.size).toBe(0);
    expect(agent.pool.usedMb).toBe(0);
  });

  it('times out at the execution deadline (container killed, 504) and bounds the wait separately (503)', async () => {
    const { agent, driver, clock } = setup(100, 5000);
    driver.behaviour = () => 'hang';
    const slow = agent.submit(call({ timeout: 10 })).outcome;
    await settle(10);
    const starved = agent.submit(call({ fn_id: 'other' })).outcome;
    await settle();
    clock.advance(5000);
    expect(await starved).toMatchObject({ status: 'error', http_status: 503 });
    clock.advance(5000);
    expect(await slow).toMatchObject({ status: 'timeout', http_status: 504 });
    await agent.close();
    expect(driver.live.size).toBe(0);
  });

  it.each(['json', 'default'] as const)(
    'ends a %s call that reached its memory limit and then its timeout as out of memory (502, container oom)',
    async (format) => {
      const { agent, driver, clock } = setup();
      driver.behaviour = () => 'hang';
      driver.memoryLimitReached = true;
      const ended: Array<string | undefined> = [];
      agent.on('containerEnded', (c) => ended.push(c.end_reason));
      const out = agent.submit(call({ format, timeout: 10 })).outcome;
      await settle(10);
      clock.advance(10_000);
      expect(await out).toMatchObject({
        status: 'error',
        http_status: 502,
        error_kind: 'oom',
        error: expect.stringMatching(
          /out of memory: it reached its memory limit \(100 MB\).*timeout of 10 s/,
        ),
      });
      await agent.close();
      expect(ended).toEqual(['oom']);
      expect(driver.live.size).toBe(0);
    },
  );

  // The host refuses such a call at its door (400); the agent, given one anyway (the pool shrank since), must not
  // let it wait for memory that can never be free.
  it('ends at once a call larger than the whole pool, as no capacity', async () => {
    const { agent } = setup(100);
    expect(await agent.submit(call({ memory: 101 })).outcome).toMatchObject({
      status: 'error',
      http_status: 503,
      error_kind: 'no_capacity',
    });
  });

  it("keeps a container whose reply's last newline comes in a read of its own", async () => {
    const { agent, driver } = setup();
    driver.behaviour = () => 'reply-split';
    const first = await agent.submit(call()).outcome;
    // The lone newline reaches the container after the call ended: whitespace between calls is no protocol breach.
    await new Promise((r) => setImmediate(r));
    const second = await agent.submit(call()).outcome;
    expect([first.status, second.status]).toEqual(['success', 'success']);
    expect(second).toMatchObject({ start_kind: 'hot_reused', container_id: first.container_id });
    await agent.close();
  });

  it('keeps logs of consecutive calls apart', async () => {
    const { agent } = setup();
    const logs = [new CallLog(), new CallLog(), new CallLog()];
    const ids: string[] = [];
    for (const log of logs) {
      const c = call();
      ids.push(c.id);
      await agent.submit(c, { log }).outcome;
    }
    logs.forEach((log, i) => expect(log.allLines()).toEqual([`log of ${ids[i]}`]));
  });

  it('releases every token exactly once over thousands of randomized runs', async () => {
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let run = 0; run < 1500; run++) {
      const { agent, driver, clock } = setup(300, 1000);
      driver.startMode = () => (rand() < 0.1 ? 'fail' : 'ok');
      driver.behaviour = () => (rand() < 0.1 ? 'crash' : rand() < 0.1 ? 'hang' : 'reply');
      const outs: Promise<CallOutcome>[] = [];
      for (let i = 0; i < 10; i++) {
        const ac = new AbortController();
        const fmt = rand() < 0.2 ? 'default' : 'json';
        outs.push(
          agent.submit(
            call({
              fn_id: `f${Math.floor(rand() * 3)}`,
              memory: 50 + Math.floor(rand() * 150),
              format: fmt,
              timeout: 2,
            }),
            { abort: ac },
          ).outcome,
        );
        if (rand() < 0.2) setImmediate(() => ac.abort());
      }
      await settle(10);
      clock.advance(2000); // timeouts and wait bounds fire
      await settle(10);
      clock.advance(2000);
      const results = await Promise.all(outs);
      expect(results).toHaveLength(10);
      await agent.close();
      expect(agent.pool.usedMb).toBe(0);
      expect(agent.pool.waiting).toBe(0);
      expect(driver.live.size).toBe(0);
      const s = agent.stats().calls;
      expect(s.queued + s.running).toBe(0);
      expect(s.completed + s.failed + s.timed_out + s.cancelled).toBe(10);
    }
  }, 60_000);
});

describe('agent API', () => {
  it('cancels a call by id and reports the call lifecycle', async () => {
    const { agent, driver } = setup();
    driver.behaviour = () => 'hang';
    const states: string[] = [];
    agent.on('call', (e) => states.push(e.state));
    const c = call();
    const run = agent.submit(c).outcome;
    await settle(10);
    expect(agent.cancel(c.id)).toBe(true);
    expect((await run).status).toBe('cancelled');
    expect(agent.cancel(c.id)).toBe(false);
    expect(states).toEqual(['queued', 'running', 'cancelled']);
    await agent.close();
  });

  it('forwards image pull progress to its event feed', async () => {
    const { agent } = setup();
    const pulls: string[] = [];
    agent.on('pull', (p) => pulls.push(`${p.image}: ${p.status}`));
    await agent.submit(call({ image: 'some/image:1' })).outcome;
    await agent.submit(call({ image: 'hot/image:1' })).outcome;
    expect(pulls).toEqual(['some/image:1: Pull complete', 'hot/image:1: Pull complete']);
    await agent.close();
  });
});
