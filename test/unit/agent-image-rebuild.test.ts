// A function's image rebuilt under the same name, with a fake driver: idle containers of the old image retire at
// once, busy ones after their call, waiting calls go to the new image, and every call records the image it ran on.
import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/main/core/agent';
import type { CallOptions } from '../../src/main/core/call-types';
import type { ContainerInfo } from '../../src/shared/models';
import { callOptions } from '../support/call-options';
import { FakeClock, FakeDriver, settle } from '../support/fake-driver';

const call = (over: Partial<CallOptions> = {}): CallOptions =>
  callOptions({ image: 'fn:dev', memory: 100, format: 'json', body: Buffer.from('b'), ...over });

function setup(poolMb = 1000) {
  const driver = new FakeDriver();
  const clock = new FakeClock();
  const agent = new Agent({ driver, clock, poolMb, owner: { instanceId: 'i', dataDir: '/d' } });
  const ended: ContainerInfo[] = [];
  agent.on('containerEnded', (c) => ended.push(c));
  const endOf = (id: string | undefined) => ended.find((c) => c.id === id)?.end_reason;
  driver.images.set('fn:dev', 'sha256:v1');
  return { driver, clock, agent, ended, endOf };
}

describe('a rebuilt image (fake driver)', () => {
  it('retires idle containers of the old image at once and busy ones after their call', async () => {
    const { driver, agent, endOf } = setup();
    // One call held in its container, another served and idle beside it.
    driver.behaviour = (id) => (id === held.id ? 'held' : 'reply');
    const held = call();
    const heldRun = agent.submit(held);
    const idle = await agent.submit(call()).outcome;
    expect(idle).toMatchObject({ status: 'success', image_id: 'sha256:v1' });
    const busyId = (await heldRun.started)?.container_id;
    expect(agent.containers.list().map((c) => c.state)).toEqual(['busy', 'idle']);

    driver.rebuild('fn:dev', 'sha256:v2');
    await settle();
    expect(endOf(idle.container_id)).toBe('image_rebuilt');
    // The function was in use: one container of the new image is started at once, for no call.
    expect(driver.startedImages.at(-1)).toBe('sha256:v2');
    const ready = agent.containers.list().find((c) => c.id !== busyId);
    expect(agent.containers.list().map((c) => [c.id, c.state])).toEqual([
      [busyId, 'busy'],
      [ready?.id, 'idle'],
    ]);

    // The next call runs the new image in that container, with no start to wait for.
    const next = await agent.submit(call()).outcome;
    expect(next).toMatchObject({
      status: 'success',
      start_kind: 'hot_reused',
      image_id: 'sha256:v2',
      container_id: ready?.id,
    });
    expect(driver.startedImages.filter((i) => i === 'sha256:v2')).toHaveLength(1);

    // The busy call ends on the old image; its container is not handed out again.
    driver.replyTo(held.id);
    expect(await heldRun.outcome).toMatchObject({ status: 'success', image_id: 'sha256:v1' });
    await agent.containers.settled();
    expect(endOf(busyId)).toBe('image_rebuilt');
    const after = await agent.submit(call()).outcome;
    expect(after).toMatchObject({ container_id: next.container_id, image_id: 'sha256:v2' });
    await agent.close();
    expect(driver.live.size).toBe(0);
    expect(agent.pool.usedMb).toBe(0);
  });

  it('sends a call waiting for a container of the old image to the new one', async () => {
    const { driver, agent, ended } = setup();
    driver.startMode = () => 'manual';
    const waiting = agent.submit(call());
    await settle();
    expect(driver.heldStarts).toBe(1); // the launch for it, of the old image, is under way
    driver.rebuild('fn:dev', 'sha256:v2');
    await settle();
    driver.release();
    const out = await waiting.outcome;
    expect(out).toMatchObject({ status: 'success', start_kind: 'hot_new', image_id: 'sha256:v2' });
    expect(driver.startedImages).toEqual(['sha256:v1', 'sha256:v2']);
    await agent.containers.settled();
    // The old image's container came up for nobody and went at once.
    expect(agent.containers.list().map((c) => c.id)).toEqual([out.container_id]);
    expect(ended.map((c) => c.end_reason)).toEqual(['image_rebuilt']);
    await agent.close();
    expect(agent.pool.usedMb).toBe(0);
  });

  it('starts none of the new image ahead of a call in debug mode, or when memory is not free', async () => {
    // Debug mode runs one container at a time, on one port: the next call starts it.
    const debug = setup();
    await debug.agent.submit(call({ debug: { port: 9229 } })).outcome;
    debug.driver.rebuild('fn:dev', 'sha256:v2');
    await settle();
    await debug.agent.containers.settled();
    expect(debug.driver.startedImages).toEqual(['sha256:v1']);
    expect(debug.agent.containers.list()).toEqual([]);
    await debug.agent.close();

    // The old container still holds the memory the new one would need: nothing waits or evicts for a guess.
    const small = setup(150);
    await small.agent.submit(call()).outcome;
    small.driver.rebuild('fn:dev', 'sha256:v2');
    await settle();
    await small.agent.containers.settled();
    expect(small.driver.startedImages).toEqual(['sha256:v1']);
    expect(small.agent.pool.usedMb).toBe(0);
    await small.agent.close();
  });

  it('looks the image up once, not at every call', async () => {
    const { driver, agent } = setup();
    for (let i = 0; i < 5; i++) await agent.submit(call()).outcome;
    await settle();
    for (let i = 0; i < 5; i++) await agent.submit(call()).outcome;
    // One look for the first call, one when the event stream came up; none per call.
    expect(driver.imageLooks.length).toBeLessThanOrEqual(2);
    await agent.close();
  });

  it('records the image of a cold call, which its container is started by', async () => {
    const { driver, clock, agent } = setup();
    // The fake container never answers a cold call: it runs until its timeout, on the image it was started from.
    const run = agent.submit(call({ format: 'default' }));
    await run.started;
    clock.advance(30_000);
    expect(await run.outcome).toMatchObject({ status: 'timeout', image_id: 'sha256:v1' });
    expect(driver.startedImages).toEqual(['sha256:v1']);
    await agent.close();
  });
});
