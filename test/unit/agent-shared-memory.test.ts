// Many functions sharing a pool too small for all of them (fake driver, manual clock): a function's waiting calls
// wait for its live container instead of evicting another function's, a launch nobody needs any more is dropped,
// a container goes to its own function's waiting calls, and a function that keeps getting calls cannot starve
// another one waiting for memory.
import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/main/core/agent';
import type { CallOptions } from '../../src/main/core/call-types';
import { callOptions } from '../support/agent-fixture';
import { FakeClock, FakeDriver, settle } from '../support/fake-driver';

/** How long every launch takes on the manual clock. */
const START_MS = 500;

let n = 0;
/** The id names its function: the fake driver's behaviour picks held replies by it. */
const call = (fn: string): CallOptions =>
  callOptions({
    id: `${fn}-${++n}`,
    image: 'img',
    format: 'json',
    memory: 100,
    app_id: 'a',
    app_name: 'a',
    fn_id: fn,
    fn_name: fn,
    url: `http://x/invoke/${fn}`,
    body: Buffer.from('b'),
  });

function setup(poolMb: number) {
  const driver = new FakeDriver();
  const clock = new FakeClock();
  driver.startMode = () => 'manual';
  // Calls of the function "busy" reply only when the test says so; the others at once.
  driver.behaviour = (id) => (id.startsWith('busy-') ? 'held' : 'reply');
  const agent = new Agent({ driver, clock, poolMb, owner: { instanceId: 'i', dataDir: '/d' } });
  /** Lets the launch waiting at the driver finish START_MS later on the clock. */
  const finishStart = async () => {
    await settle(20);
    expect(driver.heldStarts).toBe(1);
    clock.advance(START_MS);
    driver.release(1);
    await settle(20);
  };
  const closeClean = async () => {
    for (const id of [...driver.heldReplies.keys()]) driver.replyTo(id);
    driver.release();
    await agent.close();
    expect(agent.pool.usedMb).toBe(0);
    expect(driver.live.size).toBe(0);
  };
  return { driver, clock, agent, finishStart, closeClean };
}

describe('many functions, few slots', () => {
  it("waits for its function's busy container instead of evicting another function's idle one", async () => {
    const { agent, driver, clock, finishStart, closeClean } = setup(200);
    const idle = agent.submit(call('idle')).outcome;
    await finishStart();
    expect(await idle).toMatchObject({ status: 'success', start_kind: 'hot_new' });
    const a1 = call('busy');
    const first = agent.submit(a1).outcome;
    await finishStart(); // a1 runs on busy's container; the pool is full
    const a2 = call('busy');
    const second = agent.submit(a2).outcome;
    await settle(20);
    clock.advance(START_MS - 1); // held back just under a start time: still waiting for the busy container
    await settle(20);
    expect(driver.starts).toBe(2);
    expect(driver.live.size).toBe(2);
    driver.replyTo(a1.id);
    expect(await first).toMatchObject({ status: 'success' });
    await settle(20);
    driver.replyTo(a2.id);
    expect(await second).toMatchObject({ status: 'success', start_kind: 'hot_reused' });
    expect(await agent.submit(call('idle')).outcome).toMatchObject({
      status: 'success',
      start_kind: 'hot_reused',
    });
    expect(driver.starts).toBe(2);
    await closeClean();
  });

  it('launches for a call held back a whole start time (a long call does not hold up the next forever)', async () => {
    const { agent, driver, clock, finishStart, closeClean } = setup(200);
    const idle = agent.submit(call('idle')).outcome;
    await finishStart();
    await idle;
    const first = agent.submit(call('busy')).outcome; // never answered: it ends when the test closes the agent
    await finishStart();
    const a2 = call('busy');
    const second = agent.submit(a2).outcome;
    await settle(20);
    clock.advance(START_MS);
    await finishStart(); // evicts the idle function's container for the launch
    driver.replyTo(a2.id);
    expect(await second).toMatchObject({ status: 'success', start_kind: 'hot_new' });
    expect(driver.starts).toBe(3);
    await closeClean();
    await first;
  });

  it('drops a launch still waiting for memory once its call got the running container', async () => {
    const { agent, driver, clock, finishStart, closeClean } = setup(100);
    const a1 = call('busy');
    const first = agent.submit(a1).outcome;
    await finishStart();
    const a2 = call('busy');
    const second = agent.submit(a2).outcome;
    const other = agent.submit(call('other')).outcome; // waits for memory: the only container is busy
    await settle(20);
    clock.advance(START_MS); // a2 held back a start time: a launch for it queues for memory behind "other"
    await settle(20);
    driver.replyTo(a1.id);
    await first;
    await settle(20);
    // a2 took the container back from a1: the launch asked for it is gone from the line for memory.
    expect(agent.pool.waiting).toBe(1);
    driver.replyTo(a2.id);
    expect(await second).toMatchObject({ status: 'success', start_kind: 'hot_reused' });
    await finishStart(); // the idle container of "busy" is evicted for "other"
    expect(await other).toMatchObject({ status: 'success', start_kind: 'hot_new' });
    expect(driver.starts).toBe(2);
    await closeClean();
  });

  it('gives a container to its own waiting calls before a launch that has not waited much longer', async () => {
    const { agent, driver, finishStart, closeClean } = setup(100);
    const a1 = call('busy');
    const first = agent.submit(a1).outcome;
    await finishStart();
    const other = agent.submit(call('other')).outcome;
    const a2 = call('busy');
    const second = agent.submit(a2).outcome;
    await settle(20);
    driver.replyTo(a1.id);
    await first;
    await settle(20);
    expect(driver.heldReplies.has(a2.id)).toBe(true); // a2 runs on busy's container
    expect(driver.heldStarts).toBe(0); // and "other" still waits for memory
    expect(agent.pool.waiting).toBe(1);
    driver.replyTo(a2.id);
    expect(await second).toMatchObject({ start_kind: 'hot_reused' });
    await finishStart();
    expect(await other).toMatchObject({ status: 'success' });
    await closeClean();
  });

  it('does not let a function that keeps getting calls starve another waiting for memory', async () => {
    const { agent, driver, clock, finishStart, closeClean } = setup(100);
    let running = call('busy');
    const outs = [agent.submit(running).outcome];
    await finishStart();
    const late = agent.submit(call('late')).outcome;
    await settle(20);
    // "busy" gets a new call before each one ends: its container always has a call waiting.
    for (let i = 0; i < 6 && driver.heldStarts === 0; i++) {
      clock.advance(START_MS / 2);
      const next = call('busy');
      outs.push(agent.submit(next).outcome);
      await settle(20);
      driver.replyTo(running.id);
      await settle(20);
      running = next;
    }
    // Once "late" has waited two start times longer than busy's waiting call, busy's container made room for it.
    await finishStart();
    expect(await late).toMatchObject({ status: 'success', start_kind: 'hot_new' });
    await finishStart(); // "late" went idle and made room again: busy gets a new container
    for (const id of [...driver.heldReplies.keys()]) driver.replyTo(id);
    await settle(20);
    for (const id of [...driver.heldReplies.keys()]) driver.replyTo(id);
    expect((await Promise.all(outs)).map((o) => o.status)).toEqual(outs.map(() => 'success'));
    await closeClean();
  });
});
