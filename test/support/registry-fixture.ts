// The real store, function registry, trigger registry and invocation gate over a temp dir, for unit tests of the
// host's call path (no Docker): one app with a function per format, and a pool whose size a test can change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionRegistry } from '../../src/main/host/function-registry';
import { InvocationGate } from '../../src/main/host/invocation';
import { Store } from '../../src/main/host/store/store';
import { TriggerRegistry } from '../../src/main/host/trigger-registry';
import type { App, Fn, FnFormat } from '../../src/shared/models';

export const PORT = 8080;
export const HOST = `127.0.0.1:${PORT}`;

export interface RegistryFixture {
  store: Store;
  registry: FunctionRegistry;
  triggers: TriggerRegistry;
  gate: InvocationGate;
  app: App;
  /** One function per format, each behind a trigger at `/<format>`, 128 MB. */
  fns: Record<FnFormat, Fn>;
  /** The pool the registry and the gate check memory against. */
  poolMb: number;
  close(): void;
}

export function openRegistryFixture(poolMb = 1024): RegistryFixture {
  const dir = mkdtempSync(join(tmpdir(), 'fn-studio-registry-'));
  const store = Store.open(dir);
  const f = { poolMb } as RegistryFixture;
  const registry = new FunctionRegistry({
    store: store.registry,
    maxMemoryMb: () => f.poolMb,
    retireIdle: () => undefined,
  });
  const triggers = new TriggerRegistry(store.registry, registry);
  const app = registry.createApp({ name: 'shop' });
  const fns = {} as Record<FnFormat, Fn>;
  for (const format of ['default', 'json', 'http', 'http-stream'] as const) {
    fns[format] = registry.createFn({ app_id: app.id, name: format, image: 'img:1', format, memory: 128 });
    triggers.create({
      name: `t-${format}`,
      app_id: app.id,
      fn_id: fns[format].id,
      type: 'http',
      source: `/${format}`,
    });
  }
  return Object.assign(f, {
    store,
    registry,
    triggers,
    gate: new InvocationGate({ registry, triggers, port: () => PORT }),
    app,
    fns,
    close: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
