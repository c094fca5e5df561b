// Hand-off in the UI, in headless Chromium against two `npm run serve` hosts: export the registry as a file
// and read it back, push it to the second host by its API URL, refuse a push to itself (the last report cleared),
// import the file there again (updates by name), and clear errors for a bad URL and a file that is not JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import type { Page as ListPage } from '../support/http-api-client';
import { startServe, type ServeProcess } from '../support/serve-process';
import { NODE_JSON_IMAGE } from '../support/test-images';

const SLOW = { timeout: 60_000, interval: 200 };

/** The host whose UI the test drives: the source of the hand-off. */
const host = useE2eHost();
let source: ServeProcess;
let target: ServeProcess;
let page: Page;
let errors: string[] = [];

const names = async (s: ServeProcess, path: string) =>
  (await s.api.ok<ListPage<{ name: string }>>('GET', path)).items.map((i) => i.name);

beforeAll(async () => {
  source = host.serve;
  target = await startServe();
  const app = await source.api.createApp({ name: 'shop', config: { REGION: 'local' } });
  const fn = await source.api.createFn({
    name: 'cart',
    app_id: app.id,
    image: NODE_JSON_IMAGE,
    format: 'json',
    memory: 128,
  });
  await source.api.createTrigger({
    name: 'cart-http',
    app_id: app.id,
    fn_id: fn.id,
    type: 'http',
    source: '/cart',
  });
  ({ page, errors } = await host.openPage({
    viewport: { width: 1360, height: 1200 },
    acceptDownloads: true,
  }));
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByTestId('handoff').waitFor();
});
afterAll(async () => {
  await target?.stop();
});

describe('hand-off', () => {
  let exported = '';

  it('exports apps, functions and triggers as a file', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('handoff-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe('fn-studio-registry.json');
    exported = join(tmpdir(), `fn-studio-registry-${process.pid}.json`);
    await download.saveAs(exported);
    const file = JSON.parse(readFileSync(exported, 'utf8')) as {
      apps: {
        name: string;
        config: Record<string, string>;
        fns: { name: string; triggers: { source: string }[] }[];
      }[];
    };
    expect(file.apps.map((a) => a.name)).toEqual(['shop']);
    expect(file.apps[0].config).toEqual({ REGION: 'local' });
    expect(file.apps[0].fns.map((f) => f.name)).toEqual(['cart']);
    expect(file.apps[0].fns[0].triggers.map((t) => t.source)).toEqual(['/cart']);
  });

  it('refuses a URL that is not http(s) with a clear message', async () => {
    await page.getByTestId('handoff-url').fill('ftp://nowhere');
    await page.getByTestId('handoff-push').click();
    await expect.poll(() => page.getByTestId('handoff-error').textContent(), SLOW).toMatch(/URL/);
  });

  it('pushes to another Fn server by its API URL and reports what it created', async () => {
    await page.getByTestId('handoff-url').fill(target.baseUrl);
    await page.getByTestId('handoff-push').click();
    await expect
      .poll(() => page.getByTestId('handoff-report').textContent(), SLOW)
      .toMatch(/^Push to http:\/\/127\.0\.0\.1:\d+: 3 created/);
    expect(await page.getByTestId('handoff-error').count()).toBe(0);
    expect(await names(target, '/v2/apps')).toEqual(['shop']);
    expect(await names(target, '/v2/fns')).toEqual(['cart']);
    expect(await names(target, '/v2/triggers')).toEqual(['cart-http']);
    await page.screenshot({ path: reportPath('e2e-handoff.png'), fullPage: true });
  });

  it('refuses a push to this host itself, clearing the last report and saying why', async () => {
    expect(await page.getByTestId('handoff-report').count()).toBe(1);
    await page.getByTestId('handoff-url').fill(`http://localhost:${new URL(source.baseUrl).port}`);
    await page.getByTestId('handoff-push').click();
    await expect
      .poll(() => page.getByTestId('handoff-error').textContent(), SLOW)
      .toMatch(/is this Fn Studio itself .*another Fn server/);
    expect(await page.getByTestId('handoff-report').count()).toBe(0);
    await page.screenshot({ path: reportPath('e2e-handoff-self.png'), fullPage: true });
  });

  it('imports the exported file into the other host, updating by name', async () => {
    const other = await host.browser.newPage({ viewport: { width: 1360, height: 1200 } });
    other.on('pageerror', (e) => errors.push(e.message));
    await other.goto(target.uiUrl);
    await other.getByRole('tab', { name: 'Settings' }).click();
    await other.getByTestId('handoff-import').setInputFiles(exported);
    await expect
      .poll(() => other.getByTestId('handoff-report').textContent(), SLOW)
      .toMatch(/^Import: 0 created, 3 updated/);

    const notJson = join(tmpdir(), `fn-studio-not-json-${process.pid}.json`);
    writeFileSync(notJson, 'this is not json');
    await other.getByTestId('handoff-import').setInputFiles(notJson);
    await expect.poll(() => other.getByTestId('handoff-error').textContent(), SLOW).toMatch(/not JSON/);
    expect(await names(target, '/v2/fns')).toEqual(['cart']);
    await other.close();
    expect(errors).toEqual([]);
  });
});
