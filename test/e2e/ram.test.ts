// The Memory view in headless Chromium against `npm run serve` and real Docker: a 256 MB pool, four 128 MB calls,
// two run and two wait, and the view explains it in words, charts it, and goes back to "no calls waiting"; the calls
// table then says which calls waited, and for what.
import { describe, expect, it } from 'vitest';
import { callReason } from '../../src/renderer/src/store/call-reason';
import { reportPath } from '../support/browser';
import { HOLD, releaseHeld } from '../support/held-calls';
import { useE2eHost } from '../support/e2e-host';
import { NODE_JSON_IMAGE } from '../support/test-images';

const host = useE2eHost();

describe('Memory view', () => {
  it('explains two waiting calls in a full 256 MB pool, charts the pool, and clears when they finish', async () => {
    const { api, serve: s } = host;
    await api.updateSettings({ pool_mb: 256 });
    const app = await api.createApp({ name: 'ramapp' });
    const fn = await api.createFn({
      name: 'sleeper',
      app_id: app.id,
      image: NODE_JSON_IMAGE,
      format: 'json',
      memory: 128,
      network: 'none',
    });

    const { page, errors } = await host.openPage({ viewport: { width: 1360, height: 900 } });
    await page.getByTestId('tab-ram').click();
    const explanation = page.getByTestId('ram-explanation');
    // The first 1 Hz sample shows the new pool size before any call is sent.
    await expect.poll(() => explanation.textContent()).toContain('of 256 MB');

    const calls = Array.from({ length: 4 }, () =>
      fetch(`${s.baseUrl}/invoke/${fn.id}`, { method: 'POST', body: HOLD }).then(async (r) => ({
        status: r.status,
        id: r.headers.get('fn-call-id') ?? '',
        body: await r.text(),
      })),
    );

    await expect
      .poll(() => explanation.textContent(), { timeout: 60_000 })
      .toContain('2 calls waiting: 256 of 256 MB held by 2 containers of 128 MB');
    expect(await page.getByTestId('ram-gauge').getByRole('meter').getAttribute('aria-valuenow')).toBe('256');
    expect(await page.getByTestId('ram-gauge-waiting').textContent()).toContain('2 waiting');
    // The chart: an svg with the busy and idle areas and the pool line, and the waiting series below it.
    const chart = page.getByTestId('ram-chart');
    await expect.poll(() => chart.locator('svg .recharts-area').count()).toBe(2);
    expect(await chart.locator('svg .recharts-line').count()).toBe(1);
    expect(await chart.locator('svg .recharts-area-area').count()).toBe(2);
    await expect
      .poll(() => page.getByTestId('ram-waiting-chart').locator('svg .recharts-area').count())
      .toBe(1);
    await page.screenshot({ path: reportPath('e2e-ram.png') });

    // The two running calls end when the test says (their containers then serve the two waiting ones at once).
    const held = (await api.listContainers()).filter((c) => c.fn_id === fn.id && c.state === 'busy');
    expect(held).toHaveLength(2);
    await Promise.all(held.map((c) => releaseHeld(c.id)));
    const results = await Promise.all(calls);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await expect.poll(() => explanation.textContent()).toMatch(/^No calls waiting: \d+ of 256 MB held by/);
    expect(await page.getByTestId('ram-gauge-waiting').count()).toBe(0);
    // Samples trail the calls by up to a second: wait until no container is busy any more.
    const meter = page.getByTestId('ram-gauge').getByRole('meter');
    await expect.poll(() => meter.getAttribute('aria-label')).toContain('(0 MB busy,');
    await page.screenshot({ path: reportPath('e2e-ram-after.png') });

    // The calls table's Reason column: what each call waited for longest, as its record says; two of them waited.
    await page.getByTestId('tab-calls').click();
    const records = await Promise.all(results.map((r) => api.getCall(r.id)));
    expect(records.filter((r) => r.waiting_for).length).toBeGreaterThanOrEqual(2);
    for (const r of records) {
      const reason = page
        .locator(`[data-testid="call-row"][data-call-id="${r.id}"]`)
        .getByTestId('call-row-reason');
      await expect.poll(() => reason.textContent()).toBe(callReason(r)?.text ?? '');
    }
    const shown = await page.getByTestId('call-row-reason').allTextContents();
    expect(shown.filter((t) => t.startsWith('Waited for')).length).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: reportPath('e2e-ram-calls-reason.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
