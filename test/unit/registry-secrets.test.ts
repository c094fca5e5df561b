// Secrets in the registry hand-off: an exported file masks secret-looking config values; applying such a file keeps
// the server's own value for a masked key and names the keys the server does not have; a push carries real values.
import { describe, expect, it } from 'vitest';
import type { FunctionRegistry } from '../../src/main/host/function-registry';
import { exportRegistry, type FnApiRequest, pushRegistry } from '../../src/main/host/registry-transfer';
import type { TriggerRegistry } from '../../src/main/host/trigger-registry';
import { describeTransfer } from '../../src/renderer/src/store/transfer-report';
import type { App, Fn } from '../../src/shared/models';
import { MASKED_VALUE } from '../../src/shared/secret-config';

const app = {
  id: 'a1',
  name: 'shop',
  config: { REGION: 'eu', DB_PASSWORD: 'pw' },
  annotations: {},
} as unknown as App;
const fn = {
  id: 'f1',
  name: 'hello',
  app_id: 'a1',
  image: 'img:1',
  memory: 64,
  timeout: 30,
  idle_timeout: 30,
  format: 'json',
  network: 'none',
  config: { GREETING: 'hi', API_TOKEN: 'tok-123' },
  annotations: {},
} as unknown as Fn;
const registry = { listApps: () => [app], listFns: () => [fn] } as unknown as FunctionRegistry;
const triggers = { list: () => [] } as unknown as TriggerRegistry;

type Item = { id: string; name: string; app_id?: string; config: Record<string, string> };

/** An Fn v2 server in memory: apps and fns by name, PUT merging config key by key ("" deletes). */
function fakeServer(apps: Item[] = [], fns: Item[] = []) {
  let n = 0;
  const merge = (item: Item, patch: Record<string, string> = {}) => {
    for (const [k, v] of Object.entries(patch))
      if (v === '') delete item.config[k];
      else item.config[k] = v;
  };
  const send: FnApiRequest = async (method, path, body) => {
    const url = new URL(path, 'http://x');
    const b = body as { name: string; app_id?: string; config?: Record<string, string> };
    const list = url.pathname.startsWith('/v2/apps') ? apps : fns;
    const id = url.pathname.split('/')[3];
    if (method === 'GET') {
      const name = url.searchParams.get('name');
      return { status: 200, body: { items: list.filter((i) => i.name === name) } };
    }
    if (method === 'POST') {
      const item = { id: `id${++n}`, name: b.name, app_id: b.app_id, config: { ...b.config } };
      list.push(item);
      return { status: 200, body: item };
    }
    const item = list.find((i) => i.id === id) as Item;
    merge(item, b.config);
    return { status: 200, body: item };
  };
  return { send, apps, fns };
}

describe('registry secrets', () => {
  it('an exported file masks secret-looking config values of apps and functions; a push copy keeps them', () => {
    const file = exportRegistry(registry, triggers);
    expect(file.apps[0].config).toEqual({ REGION: 'eu', DB_PASSWORD: MASKED_VALUE });
    expect(file.apps[0].fns[0].config).toEqual({ GREETING: 'hi', API_TOKEN: MASKED_VALUE });
    expect(JSON.stringify(file)).not.toMatch(/tok-123|"pw"/);
    const forPush = exportRegistry(registry, triggers, { secrets: 'keep' });
    expect(forPush.apps[0].fns[0].config.API_TOKEN).toBe('tok-123');
  });

  it('importing a masked file never writes the mask: a new function lacks the key (reported), an existing one keeps its value', async () => {
    const file = exportRegistry(registry, triggers);
    const fresh = fakeServer();
    const first = await pushRegistry(file, fresh.send);
    expect(first.errors).toEqual([]);
    expect(fresh.apps[0].config).toEqual({ REGION: 'eu' });
    expect(fresh.fns[0].config).toEqual({ GREETING: 'hi' });
    expect(first.secrets_not_set).toEqual(['app shop: DB_PASSWORD', 'function shop/hello: API_TOKEN']);
    expect(describeTransfer('Import', first)).toContain(
      '  ? function shop/hello: API_TOKEN: masked in the file, so not set; set it on the server',
    );

    // Once set on the server, a second import leaves the value alone and has nothing to report.
    fresh.fns[0].config.API_TOKEN = 'set-by-hand';
    fresh.apps[0].config.DB_PASSWORD = 'pw-by-hand';
    const again = await pushRegistry(file, fresh.send);
    expect(again.updated).toEqual(['app shop', 'function shop/hello']);
    expect(fresh.fns[0].config).toEqual({ GREETING: 'hi', API_TOKEN: 'set-by-hand' });
    expect(fresh.apps[0].config).toEqual({ REGION: 'eu', DB_PASSWORD: 'pw-by-hand' });
    expect(again.secrets_not_set).toBeUndefined();
  });

  it('a push carries the real values', async () => {
    const target = fakeServer();
    const report = await pushRegistry(exportRegistry(registry, triggers, { secrets: 'keep' }), target.send);
    expect(report.secrets_not_set).toBeUndefined();
    expect(target.fns[0].config).toEqual({ GREETING: 'hi', API_TOKEN: 'tok-123' });
  });
});
