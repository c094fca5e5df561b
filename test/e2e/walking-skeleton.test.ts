// The walking skeleton in real headless Chromium against `npm run serve` and real Docker: register a cold function,
// send a body, see status, duration, response and the call's stderr; a failed call's reason in words; and the
// banner when Docker is unreachable.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, reportPath } from '../support/browser';
import { startServe, type ServeProcess } from '../support/serve-process';
import { BUSYBOX_FAIL_IMAGE, BUSYBOX_IMAGE } from '../support/test-images';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function openUi(s: ServeProcess): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(s.uiUrl);
  return { page, errors };
}

describe('walking skeleton in the browser', () => {
  let s: ServeProcess;
  beforeAll(async () => {
    s = await startServe();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('registers a cold function, sends a body, and shows status, duration, response and log', async () => {
    const { page, errors } = await openUi(s);
    await page.getByTestId('fns-empty-register').click(); // nothing registered yet: the empty state's first step
    await page.getByTestId('fn-form-app').fill('demo');
    await page.getByTestId('fn-form-name').fill('hello');
    await page.getByTestId('fn-form-image').fill(BUSYBOX_IMAGE);
    await page.getByTestId('fn-form-format').selectOption('default');
    await page.getByTestId('fn-form-submit').click();
    await expect.poll(() => page.getByTestId('fn-item-name').allTextContents()).toContain('hello');

    await page.getByTestId('composer-body').fill('from the browser');
    await page.getByTestId('composer-send').click();
    await page.getByTestId('response-status').waitFor();
    expect(await page.getByTestId('response-status').textContent()).toBe('200');
    expect(await page.getByTestId('response-body').textContent()).toBe('hello from the browser\n');
    expect(Number(await page.getByTestId('response-duration').textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('response-call-id').textContent()).toMatch(/^[0-9A-Z]{26}$/);
    // The stderr line, rendered by xterm.
    await expect.poll(() => page.getByTestId('call-log').innerText()).toContain('log: got 16 bytes');
    await page.screenshot({ path: reportPath('e2e-walking-skeleton.png') });

    // The same call is what the HTTP API recorded.
    const callId = await page.getByTestId('response-call-id').textContent();
    const call = await s.api.getCall(callId ?? '');
    expect(call).toMatchObject({
      status: 'success',
      start_kind: 'cold',
      request: { body: 'from the browser' },
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says in words why a call failed: a function that exits with code 3', async () => {
    const { page, errors } = await openUi(s);
    await page.getByTestId('fn-new').click();
    await page.getByTestId('fn-form-app').fill('demo');
    await page.getByTestId('fn-form-name').fill('failing');
    await page.getByTestId('fn-form-image').fill(BUSYBOX_FAIL_IMAGE);
    await page.getByTestId('fn-form-format').selectOption('default');
    await page.getByTestId('fn-form-submit').click();
    await page.getByTestId('fn-item-name').getByText('failing', { exact: true }).click();
    await page.getByTestId('composer-send').click();
    await page.getByTestId('response-failure').waitFor();
    expect(await page.getByTestId('response-status').textContent()).toBe('502');
    expect(await page.getByTestId('response-failure-title').textContent()).toBe('Function exited');
    expect(await page.getByTestId('response-failure-advice').textContent()).toMatch(/log/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the API error inline for invalid input', async () => {
    const { page } = await openUi(s);
    await page.getByTestId('fn-new').click();
    await page.getByTestId('fn-form-app').fill('demo');
    await page.getByTestId('fn-form-name').fill('bad name!');
    await page.getByTestId('fn-form-image').fill(BUSYBOX_IMAGE);
    await page.getByTestId('fn-form-submit').click();
    await expect.poll(() => page.getByTestId('form-error').textContent()).toContain('letters, digits');
    await page.close();
  });
});

describe('Docker unreachable', () => {
  it('prints a clear line from serve and shows a banner in the UI, without crashing', async () => {
    const s = await startServe({ env: { DOCKER_HOST: 'tcp://127.0.0.1:9' } });
    try {
      // stderr arrives on its own pipe, maybe after the ready line.
      await expect.poll(() => s.output()).toContain('Docker not reachable at tcp://127.0.0.1:9');
      expect(s.output()).not.toMatch(/\n\s+at /); // no stack trace
      const { page } = await openUi(s);
      const banner = page.getByTestId('docker-banner');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('tcp://127.0.0.1:9');
      await page.screenshot({ path: reportPath('e2e-docker-unreachable.png') });
      await page.close();
    } finally {
      const code = await s.stop();
      expect(code).toBe(0);
    }
  });
});
