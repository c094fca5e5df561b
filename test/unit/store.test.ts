// The SQLite store on a real file: schema versioning, durability across reopen, batching, paging and retention.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newId } from '../../src/shared/ids';
import type { CallRecord, CallUsage } from '../../src/shared/models';
import { MIGRATIONS } from '../../src/main/host/store/migrations';
import { openDatabase, schemaVersion } from '../../src/main/host/store/sqlite';
import { clearStaleWriteLock, DATABASE_FILE, Store } from '../../src/main/host/store/store';
import { callUsage } from '../support/call-usage-fixture';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fn-studio-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function record(over: Partial<CallRecord> = {}, at = Date.now()): CallRecord {
  return {
    id: newId(at),
    fn_id: 'F1',
    app_id: 'A1',
    type: 'sync',
    status: 'success',
    created_at: new Date(at).toISOString(),
    timings: { queue_ms: 0, resource_wait_ms: 0, launch_ms: 0, exec_ms: 1 },
    request: {
      method: 'POST',
      url: 'http://127.0.0.1/invoke/F1',
      headers: {},
      body: 'hi',
      body_truncated: false,
    },
    ...over,
  };
}

const usage = (peakMb: number): CallUsage => callUsage({ memory_peak_mb: peakMb });

describe('store', () => {
  it('creates the schema at the latest version and refuses a newer one with a clear message', () => {
    const s = Store.open(dir);
    s.close();
    const db = openDatabase(join(dir, DATABASE_FILE));
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.exec(`PRAGMA user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => Store.open(dir)).toThrow(/newer than this Fn Studio understands/);
  });

  it('makes a new file with 16 KiB pages that give freed pages back (the order of the settings matters)', () => {
    Store.open(dir).close();
    const db = openDatabase(join(dir, DATABASE_FILE));
    expect(db.get('PRAGMA page_size')).toEqual({ page_size: 16384 });
    expect(db.get('PRAGMA auto_vacuum')).toEqual({ auto_vacuum: 2 });
    db.close();
  });

  it('migrates a version 1 database: call heads become columns the summaries read', async () => {
    const sqlite = (await import('node-sqlite3-wasm')).default;
    const db = new sqlite.Database(join(dir, DATABASE_FILE));
    db.exec(MIGRATIONS[0]);
    db.exec('PRAGMA user_version = 1');
    const r = record({ start_kind: 'hot_reused', http_status: 200, container_id: 'C9', usage: usage(41.5) });
    db.run(
      'INSERT INTO calls (id, fn_id, app_id, type, status, created_at, bytes, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [r.id, r.fn_id, r.app_id, r.type, r.status, r.created_at, 10, JSON.stringify(r)],
    );
    db.close();
    const s = Store.open(dir);
    expect(s.calls.summaries({ limit: 10 })).toEqual([
      expect.objectContaining({
        id: r.id,
        start_kind: 'hot_reused',
        http_status: 200,
        container_id: 'C9',
        memory_peak_mb: 41.5,
        memory_limit_mb: 128,
      }),
    ]);
    expect(s.calls.summaries({ limit: 10, start_kind: 'cold' })).toEqual([]);
    s.close();
  });

  it('a record stored again with what the call cost: the summaries carry its memory peak and limit', () => {
    const s = Store.open(dir);
    const r = record({ container_id: 'C1' });
    s.calls.save(r);
    s.calls.flush();
    expect(s.calls.summaries({ limit: 1 })[0]).not.toHaveProperty('memory_peak_mb');
    r.usage = usage(67.3);
    s.calls.save(r);
    expect(s.calls.summaries({ limit: 1 })[0]).toMatchObject({ memory_peak_mb: 67.3, memory_limit_mb: 128 });
    expect(s.calls.get(r.id)?.usage).toEqual(usage(67.3));
    s.close();
  });

  it('keeps apps, functions, settings and call records across a reopen', () => {
    const s = Store.open(dir);
    const app = { id: 'A1', name: 'a', config: {}, annotations: {}, created_at: 'x', updated_at: 'x' };
    s.registry.putApp(app);
    s.registry.putFn({
      ...app,
      id: 'F1',
      app_id: 'A1',
      name: 'f',
      image: 'busybox',
      memory: 128,
      timeout: 30,
      idle_timeout: 30,
      format: 'json',
      network: 'none',
    });
    s.settings.save({ wait_bound_s: 12 });
    const r = record();
    s.calls.save(r, 'line 1\n');
    s.close(); // flushes the batch
    const t = Store.open(dir);
    expect(t.registry.loadApps().map((a) => a.name)).toEqual(['a']);
    expect(t.registry.loadFns().map((f) => f.id)).toEqual(['F1']);
    expect(t.settings.all()).toEqual({ wait_bound_s: 12 });
    expect(t.calls.get(r.id)?.status).toBe('success');
    expect(t.calls.log(r.id)).toBe('line 1\n');
    t.registry.deleteApp('A1');
    expect(t.registry.loadFns()).toEqual([]); // cascade
    t.close();
  });

  it('serves a batched record before it is flushed, and pages newest first with filters', () => {
    const s = Store.open(dir);
    const t0 = Date.now() - 10_000;
    const all = Array.from({ length: 25 }, (_, i) =>
      record({ fn_id: i % 2 ? 'F1' : 'F2', status: i % 5 ? 'success' : 'error' }, t0 + i),
    );
    for (const r of all) s.calls.save(r);
    expect(s.calls.get(all[3].id)?.id).toBe(all[3].id);
    const page1 = s.calls.list({ limit: 10 });
    expect(page1.map((r) => r.id)).toEqual(
      all
        .slice(-10)
        .reverse()
        .map((r) => r.id),
    );
    const page2 = s.calls.list({ limit: 10, before: page1[9].id });
    expect(page2[0].id).toBe(all[14].id);
    expect(s.calls.list({ limit: 100, fn_id: 'F2', status: 'error' }).length).toBe(
      all.filter((r) => r.fn_id === 'F2' && r.status === 'error').length,
    );
    s.close();
  });

  it('retention holds the count, age and size caps and never removes queued or running calls', () => {
    const s = Store.open(dir);
    const now = Date.now();
    const old = record({}, now - 8 * 86_400_000);
    s.calls.save(old);
    const queued = record({ type: 'detached', status: 'queued' }, now - 9 * 86_400_000);
    s.calls.commit(queued);
    const big = 'x'.repeat(10_000) + '\n';
    for (let i = 0; i < 300; i++) s.calls.save(record({}, now - 1000 + i), big);
    s.calls.flush();
    expect(s.calls.count()).toBe(302);

    s.calls.prune({ maxCalls: 200, maxAgeMs: 7 * 86_400_000, maxBytes: 1 << 30 });
    expect(s.calls.get(old.id)).toBeUndefined();
    expect(s.calls.get(queued.id)?.status).toBe('queued');
    expect(s.calls.count()).toBe(200); // the queued one counts, and stays

    s.calls.saveContainerLog('C1', 'F1', 'between calls\n'.repeat(1000));
    expect(s.calls.containerLog('C1')).toMatch(/^between calls\n/);
    s.calls.prune({ maxCalls: 50_000, maxAgeMs: 7 * 86_400_000, maxBytes: 500_000 });
    expect(s.calls.containerLog('C1')).toBeUndefined(); // the oldest logs go first
    expect(s.calls.bytes).toBeLessThanOrEqual(500_000);
    expect(s.calls.count()).toBeGreaterThan(30);
    // Deleted pages go back to the file system at once rather than staying in the file or its write-ahead log.
    const onDisk = () =>
      [DATABASE_FILE, `${DATABASE_FILE}-wal`]
        .map((f) => join(dir, f))
        .filter((f) => existsSync(f))
        .reduce((sum, f) => sum + statSync(f).size, 0);
    expect(onDisk()).toBeLessThan(1_500_000);
    s.close();
    expect(onDisk()).toBeLessThan(1_500_000);
  });

  it('counts the bytes it holds as records are written, rewritten, given late log lines and committed', () => {
    let s = Store.open(dir);
    // The running count against the records and logs in the file, and against what a fresh open reads.
    const recounted = () => {
      s.calls.flush();
      const running = s.calls.bytes;
      s.close();
      const db = openDatabase(join(dir, DATABASE_FILE));
      const held = db.get(
        'SELECT (SELECT SUM(length(CAST(doc AS BLOB))) FROM calls) + (SELECT COALESCE(SUM(length(CAST(text AS BLOB))), 0) FROM call_logs) AS b',
      ) as { b: number };
      db.close();
      expect(running).toBe(held.b);
      s = Store.open(dir);
      expect(s.calls.bytes).toBe(running);
    };
    // A call's life as the host writes it: each step in a later batch. `between` runs after each flush.
    const life = (between: () => void) => {
      const a = record({ status: 'running' });
      s.calls.save(a);
      s.calls.flush();
      between();
      s.calls.save({ ...a, status: 'success', http_status: 200 }, 'line one\n');
      s.calls.flush();
      between();
      s.calls.save({ ...a, status: 'success', http_status: 200 }, 'line one\nand a late line\n');
      s.calls.flush();
      between();
      s.calls.save({ ...a, status: 'success', http_status: 200, usage: usage(40) });
      s.calls.flush();
      between();
      // A call that logged nothing has no log row until a late line comes.
      const quiet = record({ status: 'success', http_status: 200 });
      s.calls.save(quiet, '');
      s.calls.flush();
      between();
      expect(s.calls.log(quiet.id) ?? '').toBe('');
      s.calls.save(quiet, 'a late line\n');
      s.calls.flush();
      between();
      expect(s.calls.log(quiet.id)).toBe('a late line\n');
      const b = record({ type: 'detached', status: 'queued' });
      s.calls.commit(b);
      between();
      s.calls.commit({ ...b, status: 'running' }, 'ünïcode log\n');
      between();
    };
    // Rewrites of rows this store wrote (their counts remembered)...
    life(() => undefined);
    recounted();
    // ...and of rows an earlier open wrote (their counts read back).
    life(recounted);
    expect(s.calls.bytes).toBeGreaterThan(1000);
    s.close();
  });

  it('writes records at once past 4,096 waiting for their batch, so that what it holds stays bounded', () => {
    const s = Store.open(dir);
    const now = Date.now();
    for (let i = 0; i < 4095; i++) s.calls.save(record({}, now + i));
    expect(s.calls.count()).toBe(0);
    s.calls.save(record({}, now + 4095));
    expect(s.calls.count()).toBe(4096);
    s.close();
  });

  it('writes a record whose cost follows once, with the cost, or after a bound when the cost never comes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const s = Store.open(dir);
      let flushes = 0;
      s.calls.onFlushed(() => flushes++);
      const a = record();
      s.calls.save(a, 'its log\n', true);
      vi.advanceTimersByTime(1000); // batches come and go: it waits for its cost
      s.calls.prune({ maxCalls: 50_000, maxAgeMs: 86_400_000, maxBytes: 1 << 30 }); // so does retention
      expect(s.calls.bytes).toBe(0);
      expect(s.calls.get(a.id)?.id).toBe(a.id); // served while it waits
      expect(s.calls.log(a.id)).toBe('its log\n');
      s.calls.save({ ...a }, 'its log\nand a late line\n'); // late lines keep it waiting
      vi.advanceTimersByTime(500);
      expect(s.calls.bytes).toBe(0);
      s.calls.save({ ...a, usage: usage(40) }, undefined, false);
      vi.advanceTimersByTime(300);
      expect(flushes).toBe(1);
      expect(s.calls.bytes).toBeGreaterThan(0);
      expect(s.calls.summaries({ limit: 10 })[0]).toMatchObject({ id: a.id, memory_peak_mb: 40 });
      expect(s.calls.log(a.id)).toBe('its log\nand a late line\n');

      // A cost that never comes: written anyway once the bound has passed.
      const b = record();
      s.calls.save(b, undefined, true);
      vi.advanceTimersByTime(2000);
      expect(s.calls.count()).toBe(1);
      vi.advanceTimersByTime(1500);
      expect(flushes).toBe(2);

      // Full batches go a turn of the event loop each, from the turn after they filled (a second of calls' costs
      // settles at once), without what waits for its rest; what is left of a batch waits for the timer.
      const nextTurn = () => new Promise((r) => setImmediate(r));
      const c = record();
      s.calls.save(c, undefined, true);
      for (let i = 0; i < 1200; i++) s.calls.save(record({}, Date.now() + 1 + i));
      expect(s.calls.count()).toBe(2);
      await nextTurn();
      expect(s.calls.count()).toBe(502);
      await nextTurn();
      expect(s.calls.count()).toBe(1002);
      await nextTurn();
      expect(s.calls.count()).toBe(1002);
      vi.advanceTimersByTime(300);
      expect(s.calls.count()).toBe(1202);
      // What waits so is bounded: past 4,096 records the oldest (c) is written without its rest.
      for (let i = 0; i < 4096; i++) s.calls.save(record({}, Date.now() + 2000 + i), undefined, true);
      vi.advanceTimersByTime(300);
      expect(s.calls.count()).toBe(1203);
      s.calls.flush();
      // And by what the waiting records hold: 600 calls with 64 KiB bodies pass 32 M characters.
      const body = 'b'.repeat(64 * 1024);
      for (let i = 0; i < 600; i++)
        s.calls.save(
          record(
            { response: { status: 200, headers: {}, body, body_truncated: false } },
            Date.now() + 9000 + i,
          ),
          undefined,
          true,
        );
      vi.advanceTimersByTime(300);
      expect(s.calls.count() - (1203 + 4096)).toBe(600 - Math.floor((32 * 1024 * 1024) / (64 * 1024 + 2)));
      s.close(); // writes what still waits
      const again = Store.open(dir);
      expect(again.calls.get(c.id)?.id).toBe(c.id);
      expect(again.calls.count()).toBe(1203 + 4096 + 600);
      again.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a write lock left by a host killed mid-write', () => {
  let lockDir: string;
  beforeEach(() => {
    lockDir = mkdtempSync(join(tmpdir(), 'fn-studio-lock-'));
    Store.open(lockDir).close();
    mkdirSync(join(lockDir, `${DATABASE_FILE}.lock`)); // what kill -9 during a transaction leaves
  });
  afterEach(() => rmSync(lockDir, { recursive: true, force: true }));

  it('makes every open fail as locked until it is cleared, then the store works', () => {
    expect(() => Store.open(lockDir)).toThrow(/locked/);
    clearStaleWriteLock(lockDir);
    expect(existsSync(join(lockDir, `${DATABASE_FILE}.lock`))).toBe(false);
    const store = Store.open(lockDir);
    store.settings.save({ pool_mb: 512 });
    store.close();
  });
});
