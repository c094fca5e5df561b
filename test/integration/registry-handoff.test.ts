// Hand-off of apps, functions and triggers: export → import into a fresh data dir, and push to a second Fn Studio
// (its own data dir and port) acting as the target Fn server, creating first and updating by name after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../support/serve-process';
import { BUSYBOX_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
let source: ServeProcess;
let target: ServeProcess;

async function api(s: ServeProcess, path: string, method = 'GET', body?: unknown): Promise<Json> {
  const res = await fetch(`${s.baseUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** The registry as names and settings only, comparable across servers. */
async function shape(s: ServeProcess): Promise<Json> {
  const file = await api(s, '/v2/export');
  return file.apps;
}

beforeAll(async () => {
  [source, target] = await Promise.all([startServe(), startServe()]);
  const app = await api(source, '/v2/apps', 'POST', {
    name: 'shop',
    config: { REGION: 'eu' },
    annotations: { team: 'a' },
  });
  const cold = await api(source, '/v2/fns', 'POST', {
    app_id: app.id,
    name: 'hello',
    image: BUSYBOX_IMAGE,
    format: 'default',
    memory: 64,
    config: { GREETING: 'hi' },
  });
  await api(source, '/v2/fns', 'POST', {
    app_id: app.id,
    name: 'json',
    image: NODE_JSON_IMAGE,
    format: 'json',
    timeout: 10,
  });
  await api(source, '/v2/triggers', 'POST', {
    name: 'greet',
    app_id: app.id,
    fn_id: cold.id,
    type: 'http',
    source: '/greet',
  });
  await api(source, '/v2/apps', 'POST', { name: 'empty' });
});
afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
});

describe('registry hand-off', () => {
  it('exports by name and imports into a fresh data dir, which then serves the trigger', async () => {
    const file = await api(source, '/v2/export');
    expect(file).toMatchObject({ kind: 'fn-studio/registry', version: 1 });
    expect(JSON.stringify(file)).not.toContain('"id"');
    const fresh = await startServe();
    try {
      const report = await api(fresh, '/v2/import', 'POST', file);
      expect(report.errors).toEqual([]);
      expect(report.created).toEqual(
        expect.arrayContaining([
          'app shop',
          'function shop/hello',
          'function shop/json',
          'trigger shop/greet',
          'app empty',
        ]),
      );
      expect(await shape(fresh)).toEqual(await shape(source));
      const res = await fetch(`${fresh.baseUrl}/t/shop/greet`, { method: 'POST', body: 'imported' });
      expect(await res.text()).toBe('hello imported\n');
      // Importing again updates in place: nothing new, nothing lost.
      const again = await api(fresh, '/v2/import', 'POST', file);
      expect(again.created).toEqual([]);
      expect(again.updated.length).toBe(report.created.length);
      const bad = await fetch(`${fresh.baseUrl}/v2/import`, { method: 'POST', body: '{"kind":"other"}' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toMatch(/not a valid registry file/);
    } finally {
      await fresh.stop();
    }
  });

  it('pushes to another Fn server through its v2 API, creating then updating by name', async () => {
    const first = await api(source, '/v2/push', 'POST', { url: target.baseUrl });
    expect(first.errors).toEqual([]);
    expect(first.created).toContain('trigger shop/greet');
    expect(await shape(target)).toEqual(await shape(source));

    // A change at the source, including a removed config key, reaches the target as an update.
    const [app] = (await api(source, '/v2/apps?name=shop')).items;
    const [fn] = (await api(source, `/v2/fns?app_id=${app.id}&name=hello`)).items;
    await api(source, `/v2/fns/${fn.id}`, 'PUT', { memory: 96, config: { GREETING: '', NEW: 'yes' } });
    const second = await api(source, '/v2/push', 'POST', { url: target.baseUrl });
    expect(second.created).toEqual([]);
    expect(second.updated).toContain('function shop/hello');
    const [tApp] = (await api(target, '/v2/apps?name=shop')).items;
    const [tFn] = (await api(target, `/v2/fns?app_id=${tApp.id}&name=hello`)).items;
    expect(tFn).toMatchObject({ memory: 96, config: { NEW: 'yes' } });
    expect(tFn.config).not.toHaveProperty('GREETING');
  });

  it('says clearly when the target server cannot be reached', async () => {
    const res = await fetch(`${source.baseUrl}/v2/push`, {
      method: 'POST',
      body: JSON.stringify({ url: 'http://127.0.0.1:9' }),
    });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /could not reach http:\/\/127\.0\.0\.1:9/,
    );
  });
});
