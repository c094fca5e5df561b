// How a hot call's wait is told apart: whose launch served it, what it waited for while it waited (memory, a
// launch, a busy container), and phases that add up to the wait.
import { describe, expect, it } from 'vitest';
import { waitPhases } from '../../src/main/core/hot-runner';
import type { WaitWatcher } from '../../src/main/core/slot-queue';
import type { WaitReason } from '../../src/shared/models';
import { settle } from '../support/fake-driver';
import { slotQueueFixture } from '../support/slot-queue-fixture';

const watcher = () => {
  const told: WaitReason[] = [];
  const w: WaitWatcher & { told: WaitReason[] } = { told, reason: (r) => told.push(r) };
  return w;
};

describe('waitPhases', () => {
  const me = watcher();
  const other = watcher();
  it('splits a wait served by its own launch into memory wait and launch', () => {
    const p = waitPhases(100, 900, { for: me, askedAt: 100, reservedAt: 400, readyAt: 899 }, me, []);
    expect(p).toEqual({
      timings: { resource_wait_ms: 300, launch_ms: 499, container_wait_ms: 1 },
      ownLaunch: true,
      waitedFor: 'launch',
    });
  });

  it("counts a launch for another call as a wait for a container, not as this call's launch", () => {
    // Arrived mid-launch (asked at 0, ready at 800) and took that container at 800.
    const p = waitPhases(500, 800, { for: other, askedAt: 0, reservedAt: 0, readyAt: 800 }, me, [
      { at: 500, reason: 'launch' },
    ]);
    expect(p).toEqual({
      timings: { resource_wait_ms: 0, launch_ms: 0, container_wait_ms: 300 },
      ownLaunch: false,
      waitedFor: 'launch',
    });
  });

  it('counts the time it was told it waited for memory as a memory wait, whoever served it', () => {
    // Its own launch waited for memory from 500 to 700; then a busy container came back at 1000 and served it.
    const told = [
      { at: 500, reason: 'memory' as const },
      { at: 700, reason: 'launch' as const },
    ];
    const p = waitPhases(500, 1000, undefined, me, told);
    expect(p.timings).toEqual({ resource_wait_ms: 200, launch_ms: 0, container_wait_ms: 300 });
    expect(p.ownLaunch).toBe(false);
    // Memory short the whole time (the pool full with busy containers), then served by one of them: a memory wait.
    const full = waitPhases(500, 1000, undefined, me, [{ at: 500, reason: 'memory' }]);
    expect(full).toMatchObject({
      timings: { resource_wait_ms: 500, container_wait_ms: 0 },
      waitedFor: 'memory',
    });
  });

  it('counts finding the image (an inspect or a pull) as launch for its own launch, else as a container wait', () => {
    // 300 ms pulling the image from 100 on, then its own launch from 400 to 899.
    const own = waitPhases(100, 900, { for: me, askedAt: 400, reservedAt: 400, readyAt: 899 }, me, [], 300);
    expect(own.timings).toEqual({ resource_wait_ms: 0, launch_ms: 799, container_wait_ms: 1 });
    expect(own.waitedFor).toBe('launch');
    // Another call's container served it after the look.
    const reused = waitPhases(100, 150, undefined, me, [{ at: 100, reason: 'launch' }], 5);
    expect(reused.timings).toEqual({ resource_wait_ms: 0, launch_ms: 0, container_wait_ms: 50 });
  });

  it('a reused container: the wait is for a busy container; no wait, no reason', () => {
    expect(waitPhases(0, 40, undefined, me, [{ at: 0, reason: 'container' }])).toEqual({
      timings: { resource_wait_ms: 0, launch_ms: 0, container_wait_ms: 40 },
      ownLaunch: false,
      waitedFor: 'container',
    });
    expect(waitPhases(7, 7, undefined, me, []).waitedFor).toBeNull();
  });
});

describe('slot queue wait reasons and launch records', () => {
  const setup = () => slotQueueFixture();

  it('tells a waiting call memory, then launch, and records the launch as its own', async () => {
    const { clock, launches, queue, container, never } = setup();
    const me = watcher();
    const got = queue.acquire(never, me);
    await settle();
    expect(me.told).toEqual(['memory']);
    clock.advance(50);
    launches[0].reservedAt = clock.now();
    launches[0].onReserved?.();
    expect(me.told).toEqual(['memory', 'launch']);
    clock.advance(300);
    const c = container('c1');
    launches[0].resolve(c);
    expect(await got).toBe(c);
    expect(queue.launchOf(c)).toEqual({ for: me, askedAt: 0, reservedAt: 50, readyAt: 350 });
    // Read once: the next call on it was not launched for.
    expect(queue.launchOf(c)).toBeUndefined();
  });

  it('tells a call that waits on a busy container so, when no launch is coming', async () => {
    const { clock, launches, queue, container, never } = setup();
    const first = queue.acquire(never);
    await settle();
    clock.advance(300); // a launch takes 300 ms
    launches[0].reservedAt = 0;
    launches[0].resolve(container('c1'));
    const c1 = await first;
    clock.advance(10); // a call 10 ms
    queue.offer(c1);
    expect(await queue.acquire(never)).toBe(c1);
    // c1 is busy and will be back long before a launch could finish: no launch, the call waits for c1.
    const me = watcher();
    const second = queue.acquire(never, me);
    await settle();
    expect(launches).toHaveLength(1);
    expect(me.told).toEqual(['container']);
    queue.offer(c1);
    expect(await second).toBe(c1);
  });
  it('credits a launch that finished out of order to the call that took its container, and swaps launches', async () => {
    const { launches, queue, container, never } = setup();
    const [a, b] = [watcher(), watcher()];
    const gotA = queue.acquire(never, a);
    const gotB = queue.acquire(never, b);
    await settle();
    expect(launches).toHaveLength(2); // one for A, one for B
    for (const l of launches) l.reservedAt = 0;
    const [c1, c2] = [container('c1'), container('c2')];
    launches[1].resolve(c2); // B's launch finishes first: its container goes to A, first in line
    expect(await gotA).toBe(c2);
    expect(queue.launchOf(c2)?.for).toBe(a);
    launches[0].resolve(c1);
    expect(await gotB).toBe(c1);
    expect(queue.launchOf(c1)?.for).toBe(b);
  });
});
