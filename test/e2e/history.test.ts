// The composer's history, drafts and saved requests kept by the host, in headless Chromium against `npm run serve`:
// a browser's old localStorage copy handed over once, all of it still there after the host restarts on another port
// (another origin, so nothing can come from the page's own storage), a call re-run from the Calls view, a call
// whose body the record cut refused with a message, and two calls compared.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, reportPath } from '../support/browser';
import { startServe, type ServeProcess } from '../support/serve-process';
import { NODE_JSON_IMAGE } from '../support/test-images';
import { createFn } from './calls-helpers';

const SLOW = { timeout: 90_000, interval: 200 };
const dataDir = mkdtempSync(join(tmpdir(), 'fn-studio-history-'));
let browser: Browser;
let serve: ServeProcess;
let fnId: string;
const errors: string[] = [];

async function openPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(serve.uiUrl);
  await page.getByTestId('fn-item-name').filter({ hasText: 'echo' }).first().click();
  return page;
}

async function send(page: Page, body: string): Promise<void> {
  const before = await page.getByTestId('history-item').count();
  await page.getByTestId('composer-body').fill(body);
  await page.getByTestId('composer-send').click();
  await expect.poll(() => page.getByTestId('history-item').count(), SLOW).toBe(before + 1);
}

beforeAll(async () => {
  [browser, serve] = await Promise.all([launchChromium(), startServe({ dataDir })]);
  fnId = await createFn(serve.api, 'history', {
    name: 'echo',
    image: NODE_JSON_IMAGE,
    format: 'json',
    timeout: 30,
    idle_timeout: 120,
  });
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe('composer history kept by the host', () => {
  it('takes over what the browser kept, then survives a host restart on another port', async () => {
    const page = await openPage();
    // What an earlier version left in this browser: a saved request and a draft.
    const draft = {
      method: 'POST',
      path: `/invoke/${fnId}`,
      headers: [{ key: 'Content-Type', value: 'text/plain' }],
      body: 'from the browser',
      bodyMode: 'text',
      detached: false,
    };
    await page.evaluate(
      ([saved, drafts]) => {
        localStorage.setItem('fn-studio.composer.saved', saved);
        localStorage.setItem('fn-studio.composer.drafts', drafts);
      },
      [JSON.stringify([{ name: 'from-browser', fnId, draft }]), JSON.stringify({ [fnId]: draft })],
    );
    await page.reload();
    await page.getByTestId('saved-item').filter({ hasText: 'from-browser' }).waitFor();
    await expect.poll(() => page.getByTestId('composer-body').inputValue(), SLOW).toBe('from the browser');
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('composer'))),
    ).toEqual([]);

    await send(page, 'first');
    await send(page, 'second');
    await page.getByTestId('save-name').fill('mine');
    await page.getByTestId('save-request').click();
    await page.getByTestId('saved-item').filter({ hasText: 'mine' }).waitFor();
    await page.getByTestId('composer-body').fill('a draft typed last');
    await page.locator('[data-testid="composer"][data-drafts-kept="true"]').waitFor();
    await page.close();

    const oldUrl = serve.baseUrl;
    expect(await serve.stop()).toBe(0);
    serve = await startServe({ dataDir });
    expect(serve.baseUrl).not.toBe(oldUrl);

    const again = await openPage();
    await expect.poll(() => again.getByTestId('history-item').count(), SLOW).toBe(2);
    expect(await again.getByTestId('history-body').allTextContents()).toEqual(['second', 'first']);
    expect(await again.getByTestId('saved-item').allTextContents()).toEqual([
      expect.stringContaining('from-browser'),
      expect.stringContaining('mine'),
    ]);
    expect(await again.getByTestId('composer-body').inputValue()).toBe('a draft typed last');
    await again.getByTestId('history-list').screenshot({ path: reportPath('e2e-history-after-restart.png') });
    await again.close();
  });

  it('re-runs a stored call from the Calls view as it was sent, and opens the new call', async () => {
    const page = await openPage();
    await page.getByTestId('tab-calls').click();
    const rows = page.getByTestId('call-row');
    await expect.poll(() => rows.count(), SLOW).toBe(2);
    const newest = (await rows.first().getAttribute('data-call-id'))!;
    await rows.first().click();
    const detail = page.getByTestId('call-detail');
    await page.locator(`[data-testid="call-detail"][data-call-id="${newest}"][data-loaded="full"]`).waitFor();
    await page.getByTestId('detail-rerun').click();
    await expect.poll(() => detail.getAttribute('data-call-id'), SLOW).not.toBe(newest);
    const rerunId = (await detail.getAttribute('data-call-id'))!;
    const [before, after] = await Promise.all([serve.api.getCall(newest), serve.api.getCall(rerunId)]);
    expect(after.request.method).toBe(before.request.method);
    expect(new URL(after.request.url).pathname).toBe(new URL(before.request.url).pathname);
    expect(after.request.body).toBe('second');
    expect(after.request.headers['content-type']).toEqual(before.request.headers['content-type']);
    await expect.poll(() => rows.count(), SLOW).toBe(3);
    await page.screenshot({ path: reportPath('e2e-history-rerun.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses to re-run a call whose request body the record cut, and says why', async () => {
    await serve.api.updateSettings({ body_keep_bytes: 16 });
    const res = await fetch(`${serve.baseUrl}/invoke/${fnId}`, { method: 'POST', body: 'x'.repeat(100) });
    await res.text();
    const callId = res.headers.get('fn-call-id')!;
    expect((await serve.api.getCall(callId)).request.body_truncated).toBe(true);
    const page = await openPage();
    await page.getByTestId('tab-calls').click();
    await page.locator(`[data-testid="call-row"][data-call-id="${callId}"]`).click();
    await page.locator(`[data-testid="call-detail"][data-call-id="${callId}"][data-loaded="full"]`).waitFor();
    await page.getByTestId('detail-rerun').click();
    await expect
      .poll(() => page.getByTestId('detail-rerun-error').textContent(), SLOW)
      .toMatch(/cannot be re-run: its request body was larger than the record keeps/);
    expect((await serve.api.allCalls({ fn_id: fnId })).length).toBe(4);
    await serve.api.updateSettings({ body_keep_bytes: null });
    await page.close();
  });

  it('compares two calls: status, headers, body and timings', async () => {
    const page = await openPage();
    await page.getByTestId('tab-calls').click();
    await expect.poll(() => page.getByTestId('call-row').count(), SLOW).toBe(4);
    const records = await serve.api.allCalls({ fn_id: fnId });
    const byBody = (body: string) => records.find((c) => c.request.body === body)!.id;
    for (const id of [byBody('first'), byBody('second')])
      await page
        .locator(`[data-testid="call-row"][data-call-id="${id}"] [data-testid="call-row-check"]`)
        .click();
    await page.getByTestId('calls-compare').click();
    const body = page.getByTestId('call-diff-response-body');
    await expect.poll(() => body.textContent(), SLOW).toContain('- echo:first');
    expect(await body.textContent()).toContain('+ echo:second');
    expect(await page.getByTestId('call-diff-section').allTextContents()).toEqual([
      expect.stringMatching(/^Status/),
      expect.stringMatching(/^Response headers/),
      expect.stringMatching(/^Response body/),
      expect.stringMatching(/^Timings/),
    ]);
    await page.getByTestId('call-diff').screenshot({ path: reportPath('e2e-calls-diff.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
