// A queue with a container cap (debug mode: one container): calls beyond it wait for the container instead of
// launching another, and the queue starts the next one only once the last is gone.
import { describe, expect, it } from 'vitest';
import { settle } from '../support/fake-driver';
import { slotQueueFixture } from '../support/slot-queue-fixture';

const setup = () => slotQueueFixture({ cap: 1 });

describe('slot queue with a container cap of one', () => {
  it('launches once for a burst; the other calls take the container in turn', async () => {
    const { queue, launches, container, never } = setup();
    const calls = [queue.acquire(never), queue.acquire(never), queue.acquire(never)];
    await settle();
    expect(launches).toHaveLength(1);
    const c1 = container('c1');
    launches[0].resolve(c1);
    expect(await calls[0]).toBe(c1);
    queue.offer(c1);
    expect(await calls[1]).toBe(c1);
    queue.offer(c1);
    expect(await calls[2]).toBe(c1);
    expect(launches).toHaveLength(1);
  });

  it('does not launch while its container is busy, however long the wait', async () => {
    const { clock, queue, launches, container, never } = setup();
    const first = queue.acquire(never);
    await settle();
    launches[0].resolve(container('c1'));
    await first;
    void queue.acquire(never);
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      await settle();
    }
    expect(launches).toHaveLength(1);
  });

  it('starts the next container once the busy one is gone, for the call waiting', async () => {
    const { queue, launches, container, never } = setup();
    const first = queue.acquire(never);
    await settle();
    const c1 = container('c1');
    launches[0].resolve(c1);
    await first;
    const second = queue.acquire(never);
    await settle();
    expect(launches).toHaveLength(1);
    // Killed in its call (a timeout): it exits, and the queue is told.
    c1.alive = false;
    queue.forget(c1);
    await settle();
    expect(launches).toHaveLength(2);
    const c2 = container('c2');
    launches[1].resolve(c2);
    expect(await second).toBe(c2);
  });
});
