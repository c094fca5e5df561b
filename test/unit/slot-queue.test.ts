// The slot queue's launch decisions with a manual clock: the first burst launches per waiting call (as Fn does);
// once call and launch times are known, calls that busy containers will serve sooner cause no launch, and a busy
// container that dies is noticed so its waiters still get a container.
import { describe, expect, it } from 'vitest';
import { settle } from '../support/fake-driver';
import { slotQueueFixture } from '../support/slot-queue-fixture';

function setup() {
  const fixture = slotQueueFixture();
  const { clock, launches, queue, container, never } = fixture;
  /** Times one launch and one call on c1, then hands c1 out again: it is busy, and both times are known. */
  const busyAfter = async (launchMs: number, callMs: number) => {
    const c1 = container('c1');
    const first = queue.acquire(never);
    clock.advance(launchMs);
    launches[0].resolve(c1);
    expect(await first).toBe(c1);
    clock.advance(callMs);
    queue.offer(c1);
    expect(await queue.acquire(never)).toBe(c1);
    return c1;
  };
  return { ...fixture, busyAfter };
}

describe('slot queue launches', () => {
  it('launches one container per waiting call while nothing has been timed', async () => {
    const { queue, launches, never } = setup();
    for (let i = 0; i < 4; i++) void queue.acquire(never);
    await settle();
    expect(launches).toHaveLength(4);
  });

  it('lets a busy container serve a stream of short calls instead of launching for each', async () => {
    const { clock, queue, launches, never, busyAfter } = setup();
    const c1 = await busyAfter(300, 10); // a launch takes 300 ms, a call 10 ms
    const waiting = Array.from({ length: 5 }, () => queue.acquire(never));
    await settle();
    // c1 serves ~30 calls in the time a launch takes: five waiting calls need no new container.
    expect(launches).toHaveLength(1);
    for (const w of waiting) {
      clock.advance(10);
      queue.offer(c1);
      expect(await w).toBe(c1);
    }
    expect(launches).toHaveLength(1);
  });

  it('launches when the waiting calls outnumber what the busy containers can serve in a launch time', async () => {
    const { queue, launches, never, busyAfter } = setup();
    await busyAfter(100, 50); // c1 busy; it serves 2 calls per launch time (100 / 50)
    for (let i = 0; i < 3; i++) void queue.acquire(never);
    await settle();
    expect(launches).toHaveLength(2);
  });

  it('launches for the waiters of a busy container that died in its call', async () => {
    const { clock, queue, launches, container, never, busyAfter } = setup();
    const c1 = await busyAfter(300, 10);
    const waiter = queue.acquire(never);
    await settle();
    expect(launches).toHaveLength(1);
    c1.alive = false; // killed from outside: it never comes back
    clock.advance(300);
    await settle();
    expect(launches).toHaveLength(2);
    const c2 = container('c2');
    launches[1].resolve(c2);
    expect(await waiter).toBe(c2);
  });

  it('launches for a call held back a launch time while the busy container is stuck in a long call', async () => {
    const { clock, queue, launches, container, never, busyAfter } = setup();
    await busyAfter(300, 10); // c1 takes a call that hangs (it stays alive, busy)
    const waiter = queue.acquire(never);
    await settle();
    expect(launches).toHaveLength(1);
    clock.advance(299);
    await settle();
    expect(launches).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(launches).toHaveLength(2);
    const c2 = container('c2');
    launches[1].resolve(c2);
    expect(await waiter).toBe(c2);
  });

  it('launches one at a time for calls held back a start time, each return looking again (no burst)', async () => {
    const { clock, queue, launches, container, never, busyAfter } = setup();
    await busyAfter(300, 10); // c1 busy with a call that never ends
    const waiting = Array.from({ length: 3 }, () => queue.acquire(never));
    await settle();
    expect(launches).toHaveLength(1);
    clock.advance(300);
    await settle();
    expect(launches).toHaveLength(2);
    for (let i = 0; i < 3; i++) {
      launches[1 + i].resolve(container(`n${i}`));
      expect((await waiting[i]) as unknown as { name: string }).toMatchObject({ name: `n${i}` });
      await settle();
      expect(launches).toHaveLength(Math.min(4, 3 + i));
    }
  });
});
