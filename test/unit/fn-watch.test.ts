// A watched function's rebuilds, with a build that finishes when the test says: a first build when the watch starts,
// never two builds at once, a change during a build queues exactly one more, a failed build is reported with the
// engine's words, and a stop says `off` and starts nothing more.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FnWatch } from '../../src/main/host/fn-watch';
import type { WatchStatus } from '../../src/shared/watch-status';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'fn-studio-fnwatch-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM x');
  const published: WatchStatus[] = [];
  const builds: { finish(error?: string): void }[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const watch = new FnWatch({ id: 'fn1', image: 'fn:dev' }, dir, {
    settleMs: 20,
    publish: (s) => published.push(s),
    build: () =>
      new Promise((resolve, reject) => {
        mostAtOnce = Math.max(mostAtOnce, ++running);
        builds.push({
          finish: (error) => {
            running--;
            if (error) reject(new Error(error));
            else resolve(`sha256:${builds.length}`);
          },
        });
      }),
  });
  cleanups.push(() => watch.stop());
  const last = () => published[published.length - 1];
  return { dir, watch, published, builds, last, mostAtOnce: () => mostAtOnce };
}

describe('a watched function', () => {
  it('builds once at start, then queues one build for any number of changes during a build', async () => {
    const { watch, builds, last, mostAtOnce } = setup();
    await expect.poll(() => builds.length).toBe(1);
    expect(last()).toMatchObject({ state: 'building', builds: 0, queued: false });
    watch.rebuild();
    watch.rebuild();
    watch.rebuild();
    expect(last()).toMatchObject({ state: 'building', queued: true });
    builds[0].finish();
    await expect.poll(() => builds.length).toBe(2);
    expect(watch.current()).toMatchObject({ state: 'building', builds: 1, queued: false });
    builds[1].finish();
    await expect.poll(() => last().state).toBe('watching');
    expect(last()).toMatchObject({ builds: 2, last_build: { ok: true, image_id: 'sha256:2' } });
    expect(builds).toHaveLength(2);
    expect(mostAtOnce()).toBe(1);
  });

  it('reports a failed build with its error and goes on watching; the next good build clears it', async () => {
    const { watch, builds, last, dir } = setup();
    await expect.poll(() => builds.length).toBe(1);
    builds[0].finish('building fn:dev failed: unknown instruction: FORM');
    await expect.poll(() => last().state).toBe('failed');
    expect(last().last_build).toMatchObject({ ok: false, error: expect.stringContaining('FORM') });
    writeFileSync(join(dir, 'Dockerfile'), 'FROM y');
    await expect.poll(() => builds.length).toBe(2);
    builds[1].finish();
    await expect.poll(() => last().state).toBe('watching');
    expect(watch.current()).toMatchObject({ builds: 2, last_build: { ok: true } });
  });

  it('says off when stopped and builds nothing more, even with a build queued', async () => {
    const { watch, builds, last } = setup();
    await expect.poll(() => builds.length).toBe(1);
    watch.rebuild();
    const stopped = watch.stop();
    expect(last().state).toBe('off');
    builds[0].finish();
    await stopped;
    watch.rebuild();
    expect(builds).toHaveLength(1);
    expect(last().state).toBe('off');
  });
});
