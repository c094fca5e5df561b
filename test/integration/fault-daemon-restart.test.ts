// Fault injection: the Docker daemon restarted mid-run — on a second, disposable dockerd this test starts itself
// (DESIGN.md §8). Calls during the outage fail fast with a clear 502/503, the UI (in headless Chromium) shows
// Docker unreachable, and the host recovers by itself when the daemon returns, with no reservation left behind.
import Docker from 'dockerode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, reportPath } from '../support/browser';
import { type DisposableDockerd, startDisposableDockerd } from '../support/disposable-dockerd';
import { HttpApiClient } from '../support/http-api-client';
import { startServe, type ServeProcess } from '../support/serve-process';
import { BUSYBOX_IMAGE, BUSYBOX_SLEEP_IMAGE, ensureBusyboxImages } from '../support/test-images';

let dd: DisposableDockerd;
let s: ServeProcess;
const api = new HttpApiClient(() => s.baseUrl);
let browser: Browser;
let page: Page;
const fns: Record<string, string> = {};

beforeAll(async () => {
  dd = await startDisposableDockerd();
  await ensureBusyboxImages(dd.docker);
  s = await startServe({ env: { DOCKER_HOST: dd.host } });
  const app = await api.createApp({ name: 'outage' });
  for (const [name, image] of [
    ['echo', BUSYBOX_IMAGE],
    ['sleepy', BUSYBOX_SLEEP_IMAGE],
  ])
    fns[name] = (
      await api.createFn({
        app_id: app.id,
        name,
        image,
        format: 'default',
        network: 'none',
        timeout: 60,
      })
    ).id;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(s.uiUrl);
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await dd?.destroy();
});

describe('the Docker daemon restarted mid-run', () => {
  it('fails calls fast and clearly during the outage, then recovers by itself', async () => {
    const ok = await fetch(`${s.baseUrl}/invoke/${fns.echo}`, { method: 'POST', body: 'before' });
    expect(ok.status).toBe(200);
    expect((await api.status()).docker.reachable).toBe(true);
    await page.getByTestId('fn-item-name').filter({ hasText: 'sleepy' }).waitFor(); // connected and loaded
    expect(await page.getByTestId('docker-banner').count()).toBe(0);

    // A call in flight when the daemon goes away.
    const inFlight = fetch(`${s.baseUrl}/invoke/${fns.sleepy}`, { method: 'POST', body: '' });
    await expect.poll(async () => (await api.stats()).calls.running).toBe(1);
    await dd.stop();

    const lost = await inFlight;
    expect([502, 503]).toContain(lost.status);
    const during = Date.now();
    const refused = await fetch(`${s.baseUrl}/invoke/${fns.echo}`, { method: 'POST', body: 'during' });
    expect(Date.now() - during).toBeLessThan(10_000);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /^(no Docker Engine at unix:\/\/\S+docker\.sock .*does not exist|nothing answers on the socket \S+docker\.sock).*Start/,
    );
    await expect.poll(async () => (await api.status()).docker.reachable).toBe(false);
    // The UI says so, naming the endpoint it cannot reach.
    await page.getByTestId('docker-banner').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('docker-banner').textContent()).toContain('docker.sock');
    await page.screenshot({ path: reportPath('fault-docker-outage.png') });

    await dd.start();
    await expect.poll(async () => (await api.status()).docker.reachable).toBe(true);
    const after = await fetch(`${s.baseUrl}/invoke/${fns.echo}`, { method: 'POST', body: 'after' });
    expect(after.status).toBe(200);
    expect(await after.text()).toBe('hello after\n');
    await expect.poll(() => page.getByTestId('docker-banner').count()).toBe(0);

    // No stuck reservations: once containers are gone the pool holds nothing and no call is left running.
    await expect.poll(async () => (await api.listContainers()).length).toBe(0);
    expect((await api.stats()).pool).toMatchObject({ used_mb: 0, waiting: 0 });
    expect((await api.stats()).calls).toMatchObject({ queued: 0, running: 0 });
  }, 240_000);

  it("leaves the main engine's default bridge alone (the disposable daemon has its own network namespace)", async () => {
    const main = new Docker();
    const c = await main.createContainer({
      Image: BUSYBOX_IMAGE,
      Cmd: ['true'],
      HostConfig: { NetworkMode: 'bridge' },
    });
    try {
      await c.start();
      expect((await c.wait()).StatusCode).toBe(0);
    } finally {
      await c.remove({ force: true });
    }
  });
});
