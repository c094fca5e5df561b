// Debug mode in the agent with a fake driver and a manual clock: one container for a burst, kept past its idle
// timeout, and retired once its settings changed and its call is done.
import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/main/core/agent';
import type { CallOptions } from '../../src/main/core/call-types';
import type { ContainerInfo } from '../../src/shared/models';
import { callOptions } from '../support/call-options';
import { FakeClock, FakeDriver, settle } from '../support/fake-driver';

// A hot function on a network that can publish a port, as debug mode needs.
const call = (over: Partial<CallOptions> = {}): CallOptions =>
  callOptions({
    image: 'img',
    fn_id: 'f',
    memory: 100,
    format: 'json',
    network: 'bridge',
    body: Buffer.from('b'),
    ...over,
  });
const debugCall = (over: Partial<CallOptions> = {}) => call({ debug: { port: 9229 }, ...over });

function setup(waitBoundMs = 60_000) {
  const driver = new FakeDriver();
  const clock = new FakeClock();
  const agent = new Agent({
    driver,
    clock,
    poolMb: 1000,
    owner: { instanceId: 'i', dataDir: '/d' },
    waitBoundMs,
  });
  const ended: ContainerInfo[] = [];
  agent.on('containerEnded', (c) => ended.push(c));
  return { driver, clock, agent, ended };
}

describe('agent in debug mode (fake driver, manual clock)', () => {
  it('starts one container for a burst of calls, which serves them in turn', async () => {
    const { agent, driver } = setup();
    driver.startMode = () => 'manual';
    const outs = [1, 2, 3].map(() => agent.submit(debugCall()).outcome);
    await settle();
    expect(driver.heldStarts).toBe(1);
    driver.release();
    const done = await Promise.all(outs);
    expect(done.map((o) => o.status)).toEqual(['success', 'success', 'success']);
    expect(new Set(done.map((o) => o.container_id)).size).toBe(1);
    expect(driver.starts).toBe(1);
    await agent.close();
  });

  it('says where a debugger attaches: the published port, and the engine machine when it is remote', async () => {
    const local = setup();
    const here = await local.agent.submit(debugCall()).outcome;
    const info = local.agent.containers.list().find((c) => c.id === here.container_id);
    expect(info).toMatchObject({ debug_address: '127.0.0.1:32769' });
    expect(info?.debug_engine_host).toBeUndefined();

    const remote = setup();
    remote.driver.remoteHost = 'build-box';
    const there = await remote.agent.submit(debugCall()).outcome;
    expect(remote.agent.containers.list().find((c) => c.id === there.container_id)).toMatchObject({
      debug_address: '127.0.0.1:32769',
      debug_engine_host: 'build-box',
    });
  });

  it('keeps its container past the idle timeout that reaps a normal one', async () => {
    const { agent, driver, clock, ended } = setup();
    const debugged = await agent.submit(debugCall({ idle_timeout: 5 })).outcome;
    const plain = await agent.submit(call({ fn_id: 'g', idle_timeout: 5 })).outcome;
    clock.advance(60_000);
    await settle();
    expect(ended.map((c) => [c.id, c.end_reason])).toEqual([[plain.container_id, 'idle_timeout']]);
    const live = agent.containers.list();
    expect(live).toMatchObject([{ id: debugged.container_id, state: 'idle' }]);
    expect(live[0].idle_deadline).toBeUndefined();
    expect(driver.live.size).toBe(1);
    await agent.close();
  });

  it('retires its container once its settings changed and the call it serves is done', async () => {
    const { agent, driver, ended } = setup();
    driver.behaviour = () => 'held';
    const running = agent.submit(debugCall());
    const id = (await running.started)?.container_id;
    expect(agent.hot.retireIdleOf('f')).toBe(0); // busy: it finishes its call first
    await settle(); // the function has read its request
    expect(driver.replyTo(running.id)).toBe(true);
    expect((await running.outcome).status).toBe('success');
    await agent.containers.settled();
    expect(ended.map((c) => [c.id, c.end_reason])).toEqual([[id, 'config_changed']]);
    expect(driver.live.size).toBe(0);
    await agent.close();
  });

  it('lets a call wait the debug call timeout on top of the wait bound, then says why it was not run', async () => {
    const { agent, driver, clock } = setup(1000);
    driver.startMode = () => 'manual'; // a start that never finishes, as one held by a debugger
    const out = agent.submit(debugCall({ timeout: 5 })).outcome;
    await settle();
    let ended = false;
    void out.then(() => (ended = true));
    clock.advance(5999);
    await settle();
    expect(ended).toBe(false); // 1 s of bound plus the 5 s a call before it could have run
    clock.advance(1);
    expect(await out).toMatchObject({ status: 'error', http_status: 503, error_kind: 'no_capacity' });
    expect((await out).error).toMatch(
      /debug mode, which runs one container, and it stayed busy or starting for 6 s/,
    );
    driver.release();
    await agent.close();
  });

  it('starts the container of new debug settings only once the old one has finished its call', async () => {
    const { agent, driver, ended } = setup();
    driver.behaviour = (id) => (id === first.id ? 'held' : 'reply');
    const first = debugCall();
    const held = agent.submit(first);
    const oldId = (await held.started)?.container_id;
    await settle(); // the function has read its request
    agent.hot.retireIdleOf('f'); // e.g. its debug timeout changed: the next call has another hot key
    const next = agent.submit(debugCall({ timeout: 99 })).outcome;
    await settle(20);
    expect(driver.starts).toBe(1); // held back: the old container still holds the debugger
    driver.replyTo(first.id);
    expect((await held.outcome).status).toBe('success');
    const out = await next;
    expect(out).toMatchObject({ status: 'success', start_kind: 'hot_new' });
    expect(out.container_id).not.toBe(oldId);
    expect(ended.map((c) => [c.id, c.end_reason])).toEqual([[oldId, 'config_changed']]);
    await agent.close();
  });
});
