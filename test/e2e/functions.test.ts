// The functions sidebar in headless Chromium against `npm run serve` and real Docker: the list first, an empty state
// that says what to do first, apps and functions created, edited and deleted through forms opened on demand (checked
// on the HTTP API), an image built from a folder, and a build error.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { startLocalRegistry } from '../support/local-registry';
import { BUSYBOX_IMAGE } from '../support/test-images';

const run = promisify(execFile);
const BUILT_TAG = `fn-studio-e2e/functions-built:${Date.now().toString(36)}`;

const tmpDirs: string[] = [];
const host = useE2eHost({
  cleanup: async () => {
    for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
    await run('docker', ['image', 'rm', '-f', BUILT_TAG]).catch(() => undefined);
  },
});

const getJson = (path: string) => host.api.request<Record<string, unknown>>('GET', path);

function tempFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fn-studio-e2e-build-'));
  tmpDirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const fnItem = (page: Page, name: string) => page.getByTestId('fn-item').filter({ hasText: name });
const appItem = (page: Page, name: string) =>
  page
    .getByTestId('app-item')
    .filter({ has: page.getByTestId('app-item-name').getByText(name, { exact: true }) });

describe('functions sidebar', () => {
  it('creates, edits, builds an image for, and deletes apps and functions', async () => {
    const { page, errors } = await host.openPage({ viewport: { width: 1360, height: 1000 } });

    // Nothing registered yet: the empty state explains what to do first and names the examples; no form is open.
    await page.getByTestId('fns-empty').waitFor();
    const empty = await page.getByTestId('fns-empty').textContent();
    expect(empty).toContain('Register a function');
    expect(empty).toContain('resources/examples');
    expect(await page.getByTestId('fn-form').count()).toBe(0);
    await page.screenshot({ path: reportPath('e2e-functions-empty.png') });

    // An app with one config row, through the app form.
    await page.getByTestId('app-new').click();
    await page.getByTestId('app-form-name').fill('shop');
    await page.getByTestId('app-form-config-add').click();
    await page.getByTestId('app-form-config-key').fill('REGION');
    await page.getByTestId('app-form-config-value').fill('eu');
    await page.getByTestId('app-form-submit').click();
    await appItem(page, 'shop').waitFor();
    const appId = await appItem(page, 'shop').getAttribute('data-app-id');
    expect((await getJson(`/v2/apps/${appId}`)).body).toMatchObject({
      name: 'shop',
      config: { REGION: 'eu' },
    });

    // The form opens on demand, on http-stream, the format the API gives a function that names none.
    await page.getByTestId('fns-empty-register').click();
    expect(await page.getByTestId('fn-form-format').inputValue()).toBe('http-stream');

    // A function with every field and two config rows; the image is checked when the field loses focus.
    await page.getByTestId('fn-form-app').fill('shop');
    await page.getByTestId('fn-form-name').fill('cart');
    await page.getByTestId('fn-form-image').fill(BUSYBOX_IMAGE);
    await page.getByTestId('fn-form-image').press('Tab'); // leaving the field checks the image
    await page.getByTestId('fn-form-format').selectOption('json');
    await expect.poll(() => page.getByTestId('fn-image-state').getAttribute('data-state')).toBe('present');
    await page.getByTestId('fn-form-network').fill('bridge');
    await page.getByTestId('fn-form-memory').fill('64');
    await page.getByTestId('fn-form-timeout').fill('20');
    await page.getByTestId('fn-form-idle_timeout').fill('45');
    await page.getByTestId('fn-form-config-add').click();
    await page.getByTestId('fn-form-config-add').click();
    await page.getByTestId('fn-form-config-key').nth(0).fill('GREETING');
    await page.getByTestId('fn-form-config-value').nth(0).fill('hi');
    await page.getByTestId('fn-form-config-key').nth(1).fill('LEVEL');
    await page.getByTestId('fn-form-config-value').nth(1).fill('debug');
    // Annotations: plain text is sent as a string, text that parses as JSON as that JSON value.
    await page.getByTestId('fn-form-annotation-add').click();
    await page.getByTestId('fn-form-annotation-add').click();
    await page.getByTestId('fn-form-annotation-key').nth(0).fill('example.com/owner');
    await page.getByTestId('fn-form-annotation-value').nth(0).fill('team blue');
    await page.getByTestId('fn-form-annotation-key').nth(1).fill('example.com/limits');
    await page.getByTestId('fn-form-annotation-value').nth(1).fill('{"burst": 3, "tags": ["a"]}');
    await page.getByTestId('fn-form-submit').click();
    await fnItem(page, 'cart').waitFor();
    // Registered: the form closes and the sidebar is the list again.
    await expect.poll(() => page.getByTestId('fn-form').count()).toBe(0);
    await page.screenshot({ path: reportPath('e2e-functions-list.png') });
    const fnId = await fnItem(page, 'cart').getAttribute('data-fn-id');
    expect((await getJson(`/v2/fns/${fnId}`)).body).toMatchObject({
      name: 'cart',
      app_id: appId,
      image: BUSYBOX_IMAGE,
      format: 'json',
      network: 'bridge',
      memory: 64,
      timeout: 20,
      idle_timeout: 45,
      config: { GREETING: 'hi', LEVEL: 'debug' },
      annotations: { 'example.com/owner': 'team blue', 'example.com/limits': { burst: 3, tags: ['a'] } },
    });

    // Edit: more memory and one config row fewer; the removed key is gone on the host.
    await fnItem(page, 'cart').getByTestId('fn-edit').click();
    await expect.poll(() => page.getByTestId('fn-form').getAttribute('data-mode')).toBe('edit');
    expect(await page.getByTestId('fn-form-memory').inputValue()).toBe('64');
    // Stored annotations are shown: strings as they are, other values as JSON.
    const annotationValues = page.getByTestId('fn-form-annotation-value');
    expect(await annotationValues.nth(0).inputValue()).toBe('team blue');
    expect(await annotationValues.nth(1).inputValue()).toBe('{"burst":3,"tags":["a"]}');
    await page.getByTestId('fn-form-memory').fill('96');
    await page.getByRole('button', { name: 'Remove config LEVEL' }).click();
    await page.getByRole('button', { name: 'Remove annotation example.com/owner' }).click();
    await page.getByTestId('fn-form-annotation-value').nth(0).fill('7');
    await page.getByTestId('fn-form-submit').click();
    await expect.poll(() => page.getByTestId('fn-form').count()).toBe(0);
    const edited = (await getJson(`/v2/fns/${fnId}`)).body;
    expect(edited).toMatchObject({ memory: 96, timeout: 20, idle_timeout: 45, config: { GREETING: 'hi' } });
    expect(edited.config).not.toHaveProperty('LEVEL');
    expect(edited.annotations).toMatchObject({ 'example.com/limits': 7 });
    expect(edited.annotations).not.toHaveProperty('example.com/owner');
    expect(await fnItem(page, 'cart').textContent()).toContain('96 MB');

    // Invalid input never reaches the host: the form says why. A new function starts in the selected one's app.
    await page.getByTestId('fn-new').click();
    expect(await page.getByTestId('fn-form').getAttribute('data-mode')).toBe('create');
    expect(await page.getByTestId('fn-form-app').inputValue()).toBe('shop');
    expect(await page.getByTestId('fn-form-format').inputValue()).toBe('http-stream');
    await page.getByTestId('fn-form-name').fill('second');
    await page.getByTestId('fn-form-image').fill(BUSYBOX_IMAGE);
    await page.getByTestId('fn-form-memory').fill('9000');
    await page.getByTestId('fn-form-submit').click();
    await expect.poll(() => page.getByTestId('form-error').textContent()).toMatch(/memory/i);
    await page.getByTestId('fn-form-memory').fill('128');

    // A missing image, built from a folder whose Dockerfile starts from a local test image.
    await page.getByTestId('fn-form-image').fill(BUILT_TAG);
    await page.getByTestId('fn-image-check').click();
    await expect.poll(() => page.getByTestId('fn-image-state').getAttribute('data-state')).toBe('missing');
    await page.getByTestId('fn-image-build').click();
    const folder = tempFolder({
      Dockerfile: `FROM ${BUSYBOX_IMAGE}\nCOPY note.txt /note.txt\nLABEL dev.fn-studio.e2e=functions\n`,
      'note.txt': 'built by the functions e2e test\n',
    });
    await page.getByTestId('fn-build-folder').fill(folder);
    expect(await page.getByTestId('fn-build-tag').inputValue()).toBe(BUILT_TAG);
    await page.getByTestId('fn-build-submit').click();
    await page.getByTestId('fn-build-result').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('fn-build-log').textContent()).toMatch(/Step 1\/3 : FROM/);
    await expect.poll(() => page.getByTestId('fn-image-state').getAttribute('data-state')).toBe('present');
    const inspected = await run('docker', [
      'image',
      'inspect',
      '--format',
      '{{json .Config.Labels}}',
      BUILT_TAG,
    ]);
    expect(JSON.parse(inspected.stdout)).toMatchObject({ 'dev.fn-studio.e2e': 'functions' });
    await page.screenshot({ path: reportPath('e2e-functions.png') });

    // A folder without a Dockerfile: the error in words.
    await page.getByTestId('fn-build-folder').fill(tempFolder({ 'README.txt': 'no Dockerfile here\n' }));
    await page.getByTestId('fn-build-tag').fill('fn-studio-e2e/never-built:1');
    await page.getByTestId('fn-build-submit').click();
    await page.getByTestId('fn-build-error').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('fn-build-error').textContent()).toContain('has no Dockerfile');
    await page.screenshot({ path: reportPath('e2e-functions-build-error.png') });

    // Delete the function, then the app (after a confirmation each).
    await fnItem(page, 'cart').getByTestId('fn-delete').click();
    await page.getByTestId('confirm-delete').click();
    await expect.poll(() => page.getByTestId('fn-item-name').allTextContents()).not.toContain('cart');
    expect((await getJson(`/v2/fns/${fnId}`)).status).toBe(404);
    await appItem(page, 'shop').getByTestId('app-delete').click();
    await page.getByTestId('confirm-delete').click();
    await expect.poll(() => page.getByTestId('app-item-name').allTextContents()).not.toContain('shop');
    expect((await getJson(`/v2/apps/${appId}`)).status).toBe(404);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('pulls a missing image from a registry with the Pull button', async () => {
    const registry = await startLocalRegistry();
    const ref = await registry.push(BUSYBOX_IMAGE, `fn-studio-e2e/pulled:${Date.now().toString(36)}`);
    const page = await host.browser.newPage({ viewport: { width: 1360, height: 1000 } });
    try {
      await page.goto(host.serve.uiUrl);
      await page.getByTestId('fn-new').click();
      await page.getByTestId('fn-form-image').fill(ref);
      await page.getByTestId('fn-image-check').click();
      await expect.poll(() => page.getByTestId('fn-image-state').getAttribute('data-state')).toBe('missing');
      await page.getByTestId('fn-image-pull').click();
      await expect.poll(() => page.getByTestId('fn-image-state').getAttribute('data-state')).toBe('present');
      await run('docker', ['image', 'inspect', ref]); // throws when the pull did not land
      await page.screenshot({ path: reportPath('e2e-functions-pull.png') });
    } finally {
      await page.close();
      await run('docker', ['image', 'rm', '-f', ref]).catch(() => undefined);
      await registry.stop();
    }
  });
});
