// Hand-off of apps, functions and triggers: export → import into a fresh data dir, and push to a second Fn Studio
// (its own data dir and port) acting as the target Fn server, creating first and updating by name after; a push
// to the host itself, under any name, is refused.
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, Fn } from '../../src/shared/models';
import type { RegistryFile, TransferReport } from '../../src/shared/registry-file';
import type { ErrorBody, Page } from '../support/http-api-client';
import { startServe, type ServeProcess } from '../support/serve-process';
import { BUSYBOX_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';

let source: ServeProcess;
let target: ServeProcess;

/** The registry as names and settings only, comparable across servers. */
async function shape(s: ServeProcess): Promise<RegistryFile['apps']> {
  const file = await s.api.ok<RegistryFile>('GET', '/v2/export');
  return file.apps;
}

beforeAll(async () => {
  [source, target] = await Promise.all([startServe(), startServe()]);
  const app = await source.api.createApp({
    name: 'shop',
    config: { REGION: 'eu' },
    annotations: { team: 'a' },
  });
  const cold = await source.api.createFn({
    app_id: app.id,
    name: 'hello',
    image: BUSYBOX_IMAGE,
    format: 'default',
    memory: 64,
    config: { GREETING: 'hi' },
  });
  await source.api.createFn({
    app_id: app.id,
    name: 'json',
    image: NODE_JSON_IMAGE,
    format: 'json',
    timeout: 10,
  });
  await source.api.createTrigger({
    name: 'greet',
    app_id: app.id,
    fn_id: cold.id,
    type: 'http',
    source: '/greet',
  });
  await source.api.createApp({ name: 'empty' });
});
afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
});

describe('registry hand-off', () => {
  it('exports by name and imports into a fresh data dir, which then serves the trigger', async () => {
    const file = await source.api.ok<RegistryFile>('GET', '/v2/export');
    expect(file).toMatchObject({ kind: 'fn-studio/registry', version: 1 });
    expect(JSON.stringify(file)).not.toContain('"id"');
    const fresh = await startServe();
    try {
      const report = await fresh.api.ok<TransferReport>('POST', '/v2/import', file);
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
      const again = await fresh.api.ok<TransferReport>('POST', '/v2/import', file);
      expect(again.created).toEqual([]);
      expect(again.updated.length).toBe(report.created.length);
      const bad = await fresh.api.request<ErrorBody>('POST', '/v2/import', { body: '{"kind":"other"}' });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/not a valid registry file/);
    } finally {
      await fresh.stop();
    }
  });

  it('pushes to another Fn server through its v2 API, creating then updating by name', async () => {
    const first = await source.api.ok<TransferReport>('POST', '/v2/push', { url: target.baseUrl });
    expect(first.errors).toEqual([]);
    expect(first.created).toContain('trigger shop/greet');
    expect(await shape(target)).toEqual(await shape(source));

    // A change at the source, including a removed config key, reaches the target as an update.
    const [app] = (await source.api.ok<Page<App>>('GET', '/v2/apps?name=shop')).items;
    const [fn] = (await source.api.ok<Page<Fn>>('GET', `/v2/fns?app_id=${app.id}&name=hello`)).items;
    await source.api.ok('PUT', `/v2/fns/${fn.id}`, { memory: 96, config: { GREETING: '', NEW: 'yes' } });
    const second = await source.api.ok<TransferReport>('POST', '/v2/push', { url: target.baseUrl });
    expect(second.created).toEqual([]);
    expect(second.updated).toContain('function shop/hello');
    const [tApp] = (await target.api.ok<Page<App>>('GET', '/v2/apps?name=shop')).items;
    const [tFn] = (await target.api.ok<Page<Fn>>('GET', `/v2/fns?app_id=${tApp.id}&name=hello`)).items;
    expect(tFn).toMatchObject({ memory: 96, config: { NEW: 'yes' } });
    expect(tFn.config).not.toHaveProperty('GREETING');
  });

  it('refuses to push to itself: by its own address, another name for it, or a port forwarded to it', async () => {
    const own = new URL(source.baseUrl);
    // A forward from another port: only the instance id the server answers with tells it is this host.
    const sockets: Socket[] = [];
    const forward = createServer((client) => {
      const upstream = connect(Number(own.port), own.hostname);
      sockets.push(client, upstream);
      client.pipe(upstream).pipe(client);
      const close = () => (client.destroy(), upstream.destroy());
      client.on('error', close);
      upstream.on('error', close);
    });
    await new Promise<void>((resolve) => forward.listen(0, '127.0.0.1', resolve));
    const forwarded = `http://127.0.0.1:${(forward.address() as AddressInfo).port}`;
    const before = await shape(source);
    try {
      for (const url of [source.baseUrl, `http://localhost:${own.port}/`, forwarded]) {
        const res = await source.api.request<ErrorBody>('POST', '/v2/push', { body: { url } });
        expect(res.status, url).toBe(400);
        expect(res.body.message).toMatch(/is this Fn Studio itself .*another Fn server/);
      }
    } finally {
      // Kept-alive connections would hold the server open.
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => forward.close(resolve));
    }
    expect(await shape(source)).toEqual(before);
    // Another host is told apart by its instance id too.
    const status = await source.api.ok<{ instance_id: string }>('GET', '/v2/status');
    expect((await target.api.ok<{ instance_id: string }>('GET', '/v2/status')).instance_id).not.toBe(
      status.instance_id,
    );
  });

  it('says clearly when the target server cannot be reached', async () => {
    const res = await source.api.request<ErrorBody>('POST', '/v2/push', {
      body: { url: 'http://127.0.0.1:9' },
    });
    expect(res.status).toBe(502);
    expect(res.body.message).toMatch(/could not reach http:\/\/127\.0\.0\.1:9/);
  });
});
