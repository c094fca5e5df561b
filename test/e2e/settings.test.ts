// The settings view in headless Chromium against `npm run serve`: reached by keyboard, sources, the read-only data
// dir and listen address, save, validation, reset, the persisted light theme, and the Docker-unreachable banner
// that says what to start.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../src/shared/settings';
import { launchChromium, reportPath } from '../support/browser';
import { startServe, type ServeProcess } from '../support/serve-process';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function openUi(
  s: ServeProcess,
  colorScheme: 'dark' | 'light' = 'dark',
): Promise<{ page: Page; errors: string[] }> {
  // The system preference picks the first theme when none is saved; Playwright's default would be light.
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, colorScheme });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(s.uiUrl);
  await page.getByTestId('tab-composer').waitFor();
  return { page, errors };
}

// Page-side code as strings: the test project is compiled without the DOM's types.
const inPage = <T>(page: Page, expression: string) => page.evaluate<T>(expression);
const focusedRole = (page: Page) =>
  inPage<string>(page, "document.activeElement?.getAttribute('role') ?? ''");
const focusedTestId = (page: Page) =>
  inPage<string>(page, "document.activeElement?.getAttribute('data-testid') ?? ''");
const themeOf = (page: Page) => inPage<string | undefined>(page, 'document.documentElement.dataset.theme');

async function hostSettings(s: ServeProcess): Promise<SettingsView> {
  return s.api.ok<SettingsView>('GET', '/v2/settings');
}

describe('settings view', () => {
  let s: ServeProcess;
  beforeAll(async () => {
    s = await startServe({ env: { FN_STUDIO_HTTP_STREAM_MODE: 'direct' } });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('opens by keyboard only, shows sources, saves, refuses an invalid value, and resets', async () => {
    const { page, errors } = await openUi(s);
    // Tab into the tablist: one tab stop, the selected tab.
    for (let i = 0; i < 10 && (await focusedRole(page)) !== 'tab'; i++) await page.keyboard.press('Tab');
    expect(await focusedTestId(page)).toBe('tab-composer');
    await page.keyboard.press('ArrowRight');
    expect(await focusedTestId(page)).toBe('tab-timeline');
    await page.keyboard.press('End');
    expect(await focusedTestId(page)).toBe('tab-settings');
    await page.keyboard.press('Home');
    expect(await focusedTestId(page)).toBe('tab-composer');
    await page.keyboard.press('ArrowLeft'); // wraps to the last tab
    expect(await focusedTestId(page)).toBe('tab-settings');
    expect(await page.getByTestId('tab-settings').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('tab-composer').getAttribute('tabindex')).toBe('-1');
    await page.getByTestId('settings-view').waitFor();

    // Sources: the environment for the stream mode, the default for the rest.
    await expect
      .poll(() => page.getByTestId('setting-http_stream_mode-source').textContent())
      .toBe('environment');
    expect(await page.getByTestId('setting-http_stream_mode-value').textContent()).toBe('direct');
    expect(await page.getByTestId('setting-wait_bound_s-source').textContent()).toBe('default');
    expect(await page.getByTestId('setting-retention_max_bytes-value').textContent()).toBe('1 GiB');

    // Read-only start-up facts: the data dir and listen address this host runs with, and where they came from.
    expect(await page.getByTestId('startup-data-dir').textContent()).toBe(s.dataDir);
    expect(await page.getByTestId('startup-data-dir-source').textContent()).toBe('command-line flag');
    expect(await page.getByTestId('startup-listen').textContent()).toBe(new URL(s.baseUrl).host);
    expect(await page.getByTestId('startup-listen-source').textContent()).toBe('port: command-line flag');
    expect(await page.getByTestId('startup-listen-host-source').textContent()).toBe('address: default');
    expect(await page.getByTestId('startup-facts').locator('input, select, button').count()).toBe(0);
    const facts = await hostSettings(s);
    expect(facts.data_dir).toEqual({ value: s.dataDir, source: 'flag' });
    expect(facts.listen).toEqual({ value: new URL(s.baseUrl).host, source: 'flag', host_source: 'default' });
    // The pool: "auto" with its number in MB, and how auto sizing came to it.
    const pool = facts.pool!;
    expect(await page.getByTestId('setting-pool_mb-value').textContent()).toBe(
      `auto: ${pool.size_mb.toLocaleString('en')} MB`,
    );
    expect(await page.getByTestId('setting-pool_mb-detail').textContent()).toContain(
      `less a ${pool.auto.reserve_mb.toLocaleString('en')} MB reserve`,
    );

    // Change wait_bound_s by keyboard: focus its field, type, Enter submits.
    const wait = page.getByTestId('setting-wait_bound_s-input');
    await wait.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('42');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('setting-wait_bound_s-source').textContent()).toBe('saved');
    expect(await page.getByTestId('setting-wait_bound_s-value').textContent()).toBe('42 s');
    let host = await hostSettings(s);
    expect(host.values.wait_bound_s).toBe(42);
    expect(host.sources.wait_bound_s).toBe('saved');
    expect(host.saved.wait_bound_s).toBe(42);
    await expect.poll(() => page.getByTestId('settings-notice').textContent()).toBe('wait_bound_s saved.');
    // Escape puts back the value in effect.
    await page.getByTestId('setting-wait_bound_s-input').fill('99');
    await page.getByTestId('setting-wait_bound_s-input').press('Escape');
    expect(await page.getByTestId('setting-wait_bound_s-input').inputValue()).toBe('42');

    // 0 is refused in the page with the schema's message; the host keeps 42.
    await page.getByTestId('setting-wait_bound_s-input').fill('0');
    await page.getByTestId('setting-wait_bound_s-save').click();
    await expect
      .poll(() => page.getByTestId('setting-wait_bound_s-error').textContent())
      .toContain('wait_bound_s must be an integer from 1 to 3600');
    expect(await page.getByTestId('setting-wait_bound_s-input').getAttribute('aria-invalid')).toBe('true');
    host = await hostSettings(s);
    expect(host.values.wait_bound_s).toBe(42);
    await page.screenshot({ path: reportPath('e2e-settings.png'), fullPage: true });

    // Reset to default forgets the saved value.
    await page.getByTestId('setting-wait_bound_s-reset').click();
    await expect.poll(() => page.getByTestId('setting-wait_bound_s-source').textContent()).toBe('default');
    expect(await page.getByTestId('setting-wait_bound_s-value').textContent()).toBe('60 s');
    host = await hostSettings(s);
    expect(host.values.wait_bound_s).toBe(60);
    expect(host.sources.wait_bound_s).toBe('default');
    expect(host.saved.wait_bound_s).toBeUndefined();

    // A restart setting overridden by the environment: saving keeps the environment's value in effect.
    await page.getByTestId('setting-http_stream_mode-input').selectOption('relay');
    await page.getByTestId('setting-http_stream_mode-save').click();
    await expect
      .poll(() => page.getByTestId('setting-http_stream_mode-saved').textContent())
      .toContain('saved relay, overridden by the environment');
    expect((await hostSettings(s)).saved.http_stream_mode).toBe('relay');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches to the light theme, which survives a reload', async () => {
    const { page } = await openUi(s);
    const bg = () => inPage<string>(page, 'getComputedStyle(document.documentElement).backgroundColor');
    expect(await themeOf(page)).toBe('dark');
    const darkBg = await bg();
    await page.screenshot({ path: reportPath('e2e-settings-theme-dark.png') });
    await page.getByTestId('theme-toggle').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => themeOf(page)).toBe('light');
    await page.reload();
    await page.getByTestId('tab-composer').waitFor();
    expect(await themeOf(page)).toBe('light');
    expect(await bg()).toBe('rgb(255, 255, 255)');
    expect(await bg()).not.toBe(darkBg);
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('settings-view').waitFor();
    await page.screenshot({ path: reportPath('e2e-settings-theme-light.png'), fullPage: true });
    await page.close();

    // With nothing saved (a fresh page context), a system that prefers light starts light.
    const fresh = await openUi(s, 'light');
    expect(await themeOf(fresh.page)).toBe('light');
    await fresh.page.close();
  });
});

describe('Docker unreachable', () => {
  it('names the endpoint, the engine error and what to start', async () => {
    const s = await startServe({ env: { DOCKER_HOST: 'tcp://127.0.0.1:9' } });
    try {
      const { page } = await openUi(s);
      const banner = page.getByTestId('docker-banner');
      await banner.waitFor();
      const text = (await banner.textContent()) ?? '';
      expect(text).toContain('Docker not reachable at tcp://127.0.0.1:9');
      expect(text).toContain('Start the Docker service');
      expect(text).toContain('dockerd');
      expect(text).toContain('Podman');
      expect(text).toContain('DOCKER_HOST');
      expect(text).toContain('docker_host setting');
      expect((await page.getByTestId('docker-banner-error').textContent())?.length).toBeGreaterThan(20);
      expect(await banner.getAttribute('role')).toBe('alert');
      await page.screenshot({ path: reportPath('e2e-settings-docker-unreachable.png') });
      await page.close();
    } finally {
      await s.stop();
    }
  });
});
