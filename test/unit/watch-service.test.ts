// The watch service against a registry stand-in: a watch per function whose annotations say so, restarted when its
// folder or image changes, stopped when watch goes off or the function goes, and failed builds tried again on demand.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WatchService } from '../../src/main/host/watch-service';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';
import type { Fn } from '../../src/shared/models';
import type { WatchStatus } from '../../src/shared/watch-status';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fn-studio-watchsvc-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM x');
  return dir;
}

function setup() {
  let fns: Fn[] = [];
  let notify = () => undefined as void;
  const published: WatchStatus[] = [];
  const built: string[] = [];
  let failing = true;
  const service = new WatchService(
    { listFns: () => fns, onChange: (l) => ((notify = l), () => undefined) },
    {
      settleMs: 20,
      publish: (s) => published.push(s),
      build: async (dir, tag) => {
        built.push(`${tag} ${dir}`);
        if (failing) throw new Error('engine away');
        return 'sha256:x';
      },
    },
  );
  cleanups.push(() => service.close());
  const set = (next: Fn[]) => {
    fns = next;
    notify();
  };
  const fn = (id: string, dir: string, watch: unknown, image = 'fn:dev') =>
    ({
      id,
      image,
      annotations: { [FN_ANNOTATIONS.sourceFolder]: dir, [FN_ANNOTATIONS.watch]: watch },
    }) as unknown as Fn;
  return { service, set, fn, published, built, succeed: () => (failing = false) };
}

describe('watch service', () => {
  it('follows the registry: starts, restarts on a new image, stops when off or deleted', async () => {
    const { service, set, fn, published } = setup();
    const a = folder();
    service.start();
    set([fn('f1', a, true), fn('f2', a, false)]);
    expect(service.list().map((w) => w.fn_id)).toEqual(['f1']);
    const first = service.of('f1');
    set([fn('f1', a, 'true'), fn('f2', a, false)]);
    expect(service.of('f1')).toBe(first);
    set([fn('f1', a, true, 'fn:next')]);
    expect(service.of('f1')).not.toBe(first);
    expect(service.of('f1')!.image).toBe('fn:next');
    set([fn('f1', a, false)]);
    expect(service.list()).toEqual([]);
    set([]);
    expect(published.filter((s) => s.state === 'off').map((s) => s.image)).toEqual(['fn:dev', 'fn:next']);
  });

  it('builds a failed watch again when asked, and leaves the others alone', async () => {
    const { service, set, fn, built, succeed } = setup();
    service.start();
    set([fn('f1', folder(), true)]);
    await expect.poll(() => service.of('f1')!.current().state).toBe('failed');
    succeed();
    service.retryFailed();
    await expect.poll(() => service.of('f1')!.current()).toMatchObject({ state: 'watching', builds: 2 });
    service.retryFailed();
    expect(built).toHaveLength(2);
  });
});
