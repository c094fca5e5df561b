// Host services through `npm run serve`: settings precedence and persistence, one host per data dir, retention
// under its caps, and live events with a resume path over the UI's WebSocket.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiMethod, ApiResult } from '../../src/shared/api-contract';
import type { App, CallRecord, Fn } from '../../src/shared/models';
import type { SettingsView } from '../../src/shared/settings';
import type { WsEvent, WsServerMessage } from '../../src/shared/ws-protocol';
import type { Page } from '../support/http-api-client';
import { type ServeProcess, useServes } from '../support/serve-process';
import { NODE_HTTP_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';

const serve = useServes();
async function jsonFn(s: ServeProcess, name: string): Promise<Fn> {
  const app = await s.api.createApp({ name });
  return s.api.createFn({
    app_id: app.id,
    name: 'f',
    image: NODE_JSON_IMAGE,
    format: 'json',
    network: 'none',
  });
}

describe('host services', () => {
  it('applies settings flag > environment > saved > default, and keeps saved ones across a restart', async () => {
    const env = { FN_STUDIO_HTTP_STREAM_MODE: 'direct' };
    const s = await serve({ env });
    let view = await s.api.ok<SettingsView>('GET', '/v2/settings');
    expect(view.sources).toMatchObject({
      wait_bound_s: 'default',
      http_stream_mode: 'environment',
      port: 'flag',
    });
    expect(view.values.retention_max_calls).toBe(50_000);
    view = await s.api.ok<SettingsView>('PUT', '/v2/settings', {
      wait_bound_s: 5,
      http_stream_mode: 'relay',
      retention_max_days: undefined,
    });
    // Saved, but the environment still decides the stream mode.
    expect(view.values).toMatchObject({ wait_bound_s: 5, http_stream_mode: 'direct' });
    expect(view.sources).toMatchObject({ wait_bound_s: 'saved', http_stream_mode: 'environment' });
    expect(view.saved).toMatchObject({ wait_bound_s: 5, http_stream_mode: 'relay' });
    await s.stop();

    const again = await serve({ dataDir: s.dataDir });
    view = await again.api.ok<SettingsView>('GET', '/v2/settings');
    expect(view.values).toMatchObject({ wait_bound_s: 5, http_stream_mode: 'relay' });
    expect(view.sources).toMatchObject({ wait_bound_s: 'saved', http_stream_mode: 'saved' });
    view = await again.api.ok<SettingsView>('PUT', '/v2/settings', { http_stream_mode: null });
    expect(view.values.http_stream_mode).toBe('auto');
    expect(view.restart_required).toEqual(['http_stream_mode']);
  });

  it('ends a detached call of a missing image as an error instead of retrying, and cancels a queued one', async () => {
    const s = await serve();
    const app = await s.api.createApp({ name: 'detached' });
    const missing = await s.api.createFn({
      app_id: app.id,
      name: 'missing',
      image: 'fn-studio-test/does-not-exist:1',
      format: 'json',
      network: 'none',
    });
    const detached = (fnId: string, body: string) =>
      fetch(`${s.baseUrl}/invoke/${fnId}`, {
        method: 'POST',
        headers: { 'Fn-Invoke-Type': 'detached' },
        body,
      }).then(async (r) => ({ status: r.status, ...((await r.json()) as { call_id: string }) }));
    const m = await detached(missing.id, 'x');
    expect(m.status).toBe(202);
    await expect
      .poll(async () => (await s.api.ok<CallRecord>('GET', `/v2/calls/${m.call_id}`)).status, {
        timeout: 30_000,
      })
      .toBe('error');
    expect(await s.api.ok<CallRecord>('GET', `/v2/calls/${m.call_id}`)).toMatchObject({
      http_status: 502,
      error: expect.stringMatching(/does-not-exist/),
    });

    // A 256 MB pool and 200 MB calls: one runs, the others wait in the queue.
    await s.api.ok<SettingsView>('PUT', '/v2/settings', { pool_mb: 256 });
    const fn = await s.api.createFn({
      app_id: app.id,
      name: 'sleepy',
      image: NODE_JSON_IMAGE,
      format: 'json',
      memory: 200,
      network: 'none',
    });
    const calls: { status: number; call_id: string }[] = [];
    for (let i = 0; i < 3; i++) calls.push(await detached(fn.id, 'sleep:1500'));
    await expect
      .poll(async () => (await s.api.ok<CallRecord>('GET', `/v2/calls/${calls[0].call_id}`)).status)
      .toBe('running');
    expect((await s.api.ok<CallRecord>('GET', `/v2/calls/${calls[2].call_id}`)).status).toBe('queued');
    const del = await fetch(`${s.baseUrl}/v2/calls/${calls[2].call_id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await s.api.ok<CallRecord>('GET', `/v2/calls/${calls[2].call_id}`)).status).toBe('cancelled');
    expect((await fetch(`${s.baseUrl}/v2/calls/${calls[2].call_id}`, { method: 'DELETE' })).status).toBe(409);
    await expect
      .poll(async () => (await s.api.ok<CallRecord>('GET', `/v2/calls/${calls[1].call_id}`)).status, {
        timeout: 20_000,
      })
      .toBe('success');
    const first = await s.api.ok<CallRecord>('GET', `/v2/calls/${calls[0].call_id}`);
    expect(first).toMatchObject({ status: 'success', type: 'detached', response: { body: 'slept:1500' } });
  });

  it('applies an update of a function on its next call and retires idle containers of the old config', async () => {
    const s = await serve();
    const app = await s.api.createApp({ name: 'updates', config: { FROM_APP: 'a' } });
    const fn = await s.api.createFn({
      app_id: app.id,
      name: 'env',
      image: NODE_JSON_IMAGE,
      format: 'json',
      network: 'none',
      config: { GREETING: 'hello', KEEP: 'yes' },
    });
    const env = async () => JSON.parse(await s.api.ok<string>('POST', `/invoke/${fn.id}`, 'env'));
    expect(await env()).toMatchObject({ GREETING: 'hello', KEEP: 'yes', FROM_APP: 'a' });
    const containers = async () =>
      (await s.api.listContainers()).filter((c) => c.fn_id === fn.id && c.state !== 'stopping');
    const [old] = await containers();
    expect(old.state).toBe('idle');

    const updated = await s.api.ok<Fn>('PUT', `/v2/fns/${fn.id}`, { config: { GREETING: 'hi', KEEP: '' } });
    expect(updated.config).toEqual({ GREETING: 'hi' });
    await expect.poll(async () => (await containers()).map((c) => c.id)).not.toContain(old.id);
    const after = await env();
    expect(after).toMatchObject({ GREETING: 'hi', FROM_APP: 'a' });
    expect(after).not.toHaveProperty('KEEP');

    // App config reaches every function: its change retires them too.
    const [second] = await containers();
    await s.api.ok<App>('PUT', `/v2/apps/${app.id}`, { config: { FROM_APP: 'b' } });
    await expect.poll(async () => (await containers()).map((c) => c.id)).not.toContain(second.id);
    expect(await env()).toMatchObject({ FROM_APP: 'b' });
  });

  it("keeps a hot container's output between calls as its own log, also after the container is gone", async () => {
    const s = await serve();
    const app = await s.api.createApp({ name: 'ticks' });
    const fn = await s.api.createFn({
      app_id: app.id,
      name: 'ticker',
      image: NODE_HTTP_IMAGE,
      format: 'http',
      network: 'none',
      idle_timeout: 2,
      config: { TICK: '1' },
    });
    const res = await fetch(`${s.baseUrl}/invoke/${fn.id}`, { method: 'POST', body: 'log:2' });
    expect(res.status).toBe(200);
    const callId = res.headers.get('fn-call-id');
    await res.text();
    const { container_id } = await s.api.ok<CallRecord>('GET', `/v2/calls/${callId}`);
    // While it idles, its ticks go to its own log, never the call's.
    await expect
      .poll(async () => s.api.ok<string>('GET', `/v2/containers/${container_id}/log`))
      .toContain('idle tick');
    // After the idle timeout it is removed; its log stays.
    await expect
      .poll(async () => (await s.api.listContainers()).map((c) => c.id))
      .not.toContain(container_id);
    expect(await s.api.ok<string>('GET', `/v2/containers/${container_id}/log`)).toContain('idle tick');
    expect(await s.api.ok<string>('GET', `/v2/calls/${callId}/log`)).toMatch(/line 1 of .*\nline 2 of /);
    const unknown = await fetch(`${s.baseUrl}/v2/containers/nope/log`);
    expect(unknown.status).toBe(404);
  });

  it('refuses a second host on the same data dir with one clear line', async () => {
    const s = await serve();
    const err = await serve({ dataDir: s.dataDir }).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(err).toMatch(/exited with 1/);
    expect(err).toMatch(/fn-studio: another Fn Studio host \(pid \d+\) is already using the data dir/);
  });

  it('keeps call history under the retention caps', async () => {
    const s = await serve();
    await s.api.ok<SettingsView>('PUT', '/v2/settings', { retention_max_calls: 25 });
    const fn = await jsonFn(s, 'retention');
    for (let i = 0; i < 60; i++) await s.api.ok<string>('POST', `/invoke/${fn.id}`, 'log:20');
    await expect
      .poll(
        async () =>
          (await s.api.ok<Page<CallRecord>>('GET', `/v2/calls?fn_id=${fn.id}&per_page=100`)).items.length,
        {
          timeout: 5000,
        },
      )
      .toBeLessThanOrEqual(25);
    const page = await s.api.ok<Page<CallRecord>>('GET', `/v2/calls?fn_id=${fn.id}&per_page=100`);
    expect(page.items.length).toBeGreaterThanOrEqual(20); // the newest stay
    expect(await s.api.ok<string>('GET', `/v2/calls/${page.items[0].id}/log`)).toContain('line 20 of');
    // What the store takes on disk: the database and its write-ahead log.
    const files = ['fn-studio.db', 'fn-studio.db-wal'].map((f) => join(s.dataDir, f)).filter(existsSync);
    expect(files.reduce((sum, f) => sum + statSync(f).size, 0)).toBeLessThan(5 * 1024 * 1024);
  });

  it('streams numbered events over the WebSocket and resumes a reconnecting UI from a snapshot', async () => {
    const s = await serve();
    const token = new URL(s.uiUrl).searchParams.get('token');
    const wsUrl = `${s.baseUrl.replace('http', 'ws')}/ws?token=${token}`;
    const connect = async () => {
      const ws = new WebSocket(wsUrl);
      const events: WsEvent[] = [];
      const replies = new Map<number, (m: WsServerMessage) => void>();
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as WsServerMessage;
        if (m.type === 'event') events.push(m);
        else replies.get(m.id)?.(m);
      });
      await new Promise((r) => ws.once('open', r));
      let n = 0;
      const call = <M extends ApiMethod>(method: M, params: unknown = {}) =>
        new Promise<ApiResult<M>>((resolve, reject) => {
          const id = ++n;
          replies.set(id, (m) =>
            'result' in m ? resolve(m.result as ApiResult<M>) : reject(new Error(JSON.stringify(m))),
          );
          ws.send(JSON.stringify({ type: 'call', id, method, params }));
        });
      return { ws, events, call };
    };
    const fn = await jsonFn(s, 'events');
    const first = await connect();
    await s.api.ok<string>('POST', `/invoke/${fn.id}`, 'log:3');
    await expect.poll(() => first.events.filter((e) => e.name === 'log').length).toBeGreaterThan(0);
    const seqs = first.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    first.ws.close();

    // While the UI is away: a call it never saw.
    const missed = await fetch(`${s.baseUrl}/invoke/${fn.id}`, { method: 'POST', body: 'missed' });
    const missedId = missed.headers.get('fn-call-id');
    await missed.text();

    const second = await connect();
    const state = await second.call('getLiveState');
    // Events that reached the socket before the reply are in the snapshot already; every later one is newer.
    const beforeReply = second.events.length;
    for (const e of second.events) expect(e.seq).toBeLessThanOrEqual(state.seq);
    expect(state.seq).toBeGreaterThan(Math.max(...seqs));
    expect(state.calls.map((c) => c.id)).toContain(missedId);
    expect(state.status.docker.reachable).toBe(true);
    await expect.poll(() => second.events.some((e) => e.name === 'ram')).toBe(true);
    const later = await second.call('getLiveState');
    expect(later.ram.length).toBeGreaterThan(0);
    await s.api.ok<string>('POST', `/invoke/${fn.id}`, 'after');
    await expect.poll(() => second.events.some((e) => e.name === 'call')).toBe(true);
    for (const e of second.events.slice(beforeReply)) expect(e.seq).toBeGreaterThan(state.seq);
    second.ws.close();
  });
});
