// The settings view names the engine in use and how http-stream functions reach it, with why, in headless Chromium
// against `npm run serve`: the main engine on its unix socket, and a TLS dockerd on loopback given through the
// environment (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH), whose TLS settings show beside the address.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, reportPath } from '../support/browser';
import { startServe, type ServeProcess } from '../support/serve-process';
import { startTlsDockerd, type TlsDockerd } from '../support/tls-dockerd';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function settingsPage(s: ServeProcess): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  await page.goto(s.uiUrl);
  await page.getByTestId('tab-settings').click();
  // Filled in once the engine has answered (the view loads the settings when it opens).
  await page.getByTestId('engine-summary').waitFor();
  return page;
}

describe('engine in use', () => {
  it('the main engine: local, on its unix socket, http-stream direct because it shares this machine', async () => {
    const s = await startServe();
    try {
      const page = await settingsPage(s);
      expect(await page.getByTestId('engine-summary').textContent()).toMatch(
        /^(Docker Engine|Podman) \S+ on .+, local \(this machine\)$/,
      );
      if (!process.env.DOCKER_HOST)
        expect(await page.getByTestId('engine-source').textContent()).toContain(
          'unix, from platform default',
        );
      expect(await page.getByTestId('engine-http-stream').textContent()).toMatch(
        /^direct — auto: the engine runs on this machine \(unix socket\)/,
      );
      await page.getByTestId('engine-facts').screenshot({ path: reportPath('e2e-engine-facts-local.png') });
      await page.close();
    } finally {
      await s.stop();
    }
  });

  describe('a TLS dockerd given through the environment', () => {
    let d: TlsDockerd;
    let s: ServeProcess;
    beforeAll(async () => {
      d = await startTlsDockerd();
      s = await startServe({ env: d.env });
    }, 120_000);
    afterAll(async () => {
      await s?.stop();
      await d?.destroy();
    });

    it('shows the engine over tls, from DOCKER_HOST, with its TLS settings from the environment', async () => {
      const page = await settingsPage(s);
      expect(await page.getByTestId('engine-endpoint').textContent()).toBe(d.host);
      expect(await page.getByTestId('engine-source').textContent()).toContain('tls, from DOCKER_HOST');
      expect(await page.getByTestId('engine-summary').textContent()).toMatch(/local \(this machine\)$/);
      // On loopback: whether it mounts this machine's folders is found out at the first http-stream launch.
      expect(await page.getByTestId('engine-http-stream').textContent()).toMatch(
        /^undecided — auto: .*loopback/,
      );
      expect(await page.getByTestId('setting-docker_tls_verify-value').textContent()).toBe('on');
      expect(await page.getByTestId('setting-docker_tls_verify-source').textContent()).toBe('environment');
      expect(await page.getByTestId('setting-docker_cert_path-value').textContent()).toBe(d.certDir);
      await page.screenshot({ path: reportPath('e2e-engine-facts-tls.png'), fullPage: true });
      await page.close();
    });
  });
});
