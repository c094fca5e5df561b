// A container's details in the containers view, in headless Chromium against `npm run serve` and real Docker: a hot
// container's environment with its token masked, revealed on request and masked again; an ended cold container's
// details from the "Show ended" rows.
import { describe, expect, it } from 'vitest';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { BUSYBOX_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';
import { invoke } from './calls-helpers';

const TOKEN = 'tok-e2e-51d0';
const host = useE2eHost();

/** Invokes a function and answers the id of the container that served the call. */
async function containerOf(fnId: string): Promise<string> {
  const { callId, status } = await invoke(host.serve.baseUrl, fnId, 'x');
  expect(status).toBe(200);
  return (await host.api.getCall(callId)).container_id ?? '';
}

describe('container details', () => {
  it('show the environment with the secret masked, revealed on request, and an ended container too', async () => {
    const app = await host.api.createApp({ name: 'envinfo', config: { REGION: 'eu' } });
    const hot = await host.api.createFn({
      name: 'hot',
      app_id: app.id,
      image: NODE_JSON_IMAGE,
      format: 'json',
      network: 'none',
      idle_timeout: 300,
      config: { API_TOKEN: TOKEN, GREETING: 'hi' },
    });
    const cold = await host.api.createFn({
      name: 'cold',
      app_id: app.id,
      image: BUSYBOX_IMAGE,
      format: 'default',
      network: 'none',
      config: { DB_PASSWORD: 'pw-e2e' },
    });
    const hotId = await containerOf(hot.id);
    const coldId = await containerOf(cold.id);

    const { page, errors } = await host.openPage({ viewport: { width: 1500, height: 1400 } });
    await page.getByTestId('tab-timeline').click();
    const row = page.locator(`[data-testid="container-row"][data-container-id="${hotId}"]`);
    await row.getByTestId('container-open').click();

    const panel = page.getByTestId('container-detail');
    await expect.poll(() => panel.getAttribute('data-loaded')).toBe('true');
    expect(await panel.getAttribute('data-container-id')).toBe(hotId);
    const env = (name: string) => panel.locator(`[data-testid="container-env-row"][data-name="${name}"]`);
    const value = (name: string) => env(name).getByTestId('container-env-value').textContent();
    expect(await value('GREETING')).toBe('hi');
    expect(await value('REGION')).toBe('eu');
    expect(await value('FN_FN_NAME')).toBe('hot');
    expect(await value('API_TOKEN')).toBe('********');
    expect(await env('API_TOKEN').getAttribute('data-masked')).toBe('true');
    expect(await page.locator('body').textContent()).not.toContain(TOKEN);
    expect(await panel.getByTestId('container-limits').textContent()).toContain('128 MB');
    expect(await panel.getByTestId('container-hardening').textContent()).toContain('ALL');
    expect(await panel.getByTestId('container-labels').textContent()).toContain(hot.id);
    await page.screenshot({ path: reportPath('e2e-container-detail-masked.png'), fullPage: true });

    const reveal = panel.getByTestId('container-reveal');
    await reveal.click();
    await expect.poll(() => value('API_TOKEN')).toBe(TOKEN);
    expect(await reveal.getAttribute('aria-pressed')).toBe('true');
    expect(await env('API_TOKEN').getAttribute('data-masked')).toBe('false');
    await page.screenshot({ path: reportPath('e2e-container-detail-revealed.png'), fullPage: true });
    await reveal.click();
    await expect.poll(() => value('API_TOKEN')).toBe('********');

    // The cold container has ended: its row shows with "Show ended", and its details still open.
    await page.getByTestId('container-show-ended').check();
    const coldRow = page.locator(`[data-testid="container-row"][data-container-id="${coldId}"]`);
    await expect.poll(() => coldRow.getAttribute('data-ended')).toBe('true');
    await coldRow.getByTestId('container-open').click();
    await expect.poll(() => panel.getAttribute('data-container-id')).toBe(coldId);
    await expect.poll(() => value('DB_PASSWORD')).toBe('********');
    expect(await panel.getByTestId('container-facts').textContent()).toContain('ended: done (cold)');

    await panel.getByTestId('container-detail-close').click();
    await expect.poll(() => panel.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
