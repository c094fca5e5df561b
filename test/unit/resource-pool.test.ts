// The RAM pool: FIFO waiting, cancellation, exactly-once release, and the pool-size rule.
import { describe, expect, it } from 'vitest';
import { poolSizeMb, poolSizing, ResourcePool } from '../../src/main/core/resource-pool';

describe('ResourcePool', () => {
  it('grants at once while memory is free and makes later callers wait in order', async () => {
    const pool = new ResourcePool(256);
    const a = await pool.reserve(128);
    const b = await pool.reserve(128);
    const order: string[] = [];
    const c = pool.reserve(200).then((t) => (order.push('c'), t));
    const d = pool.reserve(10).then((t) => (order.push('d'), t));
    expect(pool.waiting).toBe(2);
    a.release();
    await Promise.resolve();
    expect(order).toEqual([]); // c (200) does not fit yet, and d may not jump the queue
    b.release();
    const [tc, td] = await Promise.all([c, d]);
    expect(order).toEqual(['c', 'd']);
    expect(pool.usedMb).toBe(210);
    tc.release();
    td.release();
    expect(pool.usedMb).toBe(0);
  });

  it('rejects at once a reservation larger than the whole pool', async () => {
    await expect(new ResourcePool(100).reserve(101)).rejects.toMatchObject({ status: 400 });
  });

  it('cancels a waiting reservation without leaking memory and lets the next waiter in', async () => {
    const pool = new ResourcePool(100);
    const held = await pool.reserve(100);
    const abort = new AbortController();
    const cancelled = pool.reserve(50, abort.signal);
    const next = pool.reserve(50);
    abort.abort(new Error('gone'));
    await expect(cancelled).rejects.toThrow('gone');
    held.release();
    expect((await next).mb).toBe(50);
    expect(pool.usedMb).toBe(50);
  });

  it('releases each token exactly once over thousands of randomized runs', async () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 2000; run++) {
      const pool = new ResourcePool(512);
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < 8; i++) {
        const abort = new AbortController();
        const p = pool.reserve(1 + Math.floor(rand() * 300), abort.signal).then(
          (t) => {
            t.release();
            t.release(); // a second release must do nothing
          },
          () => undefined,
        );
        if (rand() < 0.3) abort.abort();
        pending.push(p);
      }
      await Promise.all(pending);
      expect(pool.usedMb).toBe(0);
      expect(pool.waiting).toBe(0);
    }
  });
});

describe('poolSizeMb', () => {
  it('takes 10 % headroom clamped to 256 MB–5 GB, capped by the cgroup limit', () => {
    const GiB = 1024 ** 3;
    expect(poolSizeMb(24 * GiB)).toBe(24 * 1024 - Math.floor(24 * 1024 * 0.1));
    expect(poolSizeMb(1 * GiB)).toBe(1024 - 256);
    expect(poolSizeMb(100 * GiB)).toBe(100 * 1024 - 5 * 1024);
    expect(poolSizeMb(24 * GiB, 4 * GiB)).toBe(4096 - 409);
  });

  it('clamps the reserve, not the pool: the pool is the memory less the reserve', () => {
    const MiB = 1024 ** 2;
    // A 23.5 GiB engine keeps 10 % (2,406 MB): a pool of 21,658 MB, far above 5 GB.
    expect(poolSizing(23.5 * 1024 * MiB)).toEqual({ machine_mb: 24_064, reserve_mb: 2_406, pool_mb: 21_658 });
    expect(poolSizing(1024 * MiB)).toEqual({ machine_mb: 1024, reserve_mb: 256, pool_mb: 768 });
    expect(poolSizing(100 * 1024 * MiB).reserve_mb).toBe(5 * 1024);
    expect(poolSizing(200 * MiB)).toEqual({ machine_mb: 200, reserve_mb: 200, pool_mb: 0 });
  });
});
