// What a call cost, in headless Chromium against `npm run serve` and real Docker: the call detail says the memory
// used of the limit and the CPU time as the figures arrive, the Calls table's Memory column shows used of limit,
// and the containers table shows a live container's memory in use.
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallUsage } from '../../src/shared/models';
import { memoryCell, usageHeadline } from '../../src/shared/usage-words';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { NODE_USAGE_IMAGE } from '../support/test-images-hot';
import { createFn, invoke, openCallsView } from './calls-helpers';

const host = useE2eHost();
let fnId = '';

beforeAll(async () => {
  fnId = await createFn(host.api, 'cost', {
    name: 'filler',
    image: NODE_USAGE_IMAGE,
    format: 'json',
    memory: 128,
    idle_timeout: 120,
  });
});

/** The call's figures, once they arrived (about a second after its end: the engine samples). */
async function usageOf(callId: string): Promise<CallUsage> {
  await expect.poll(async () => (await host.api.getCall(callId)).usage).toBeTruthy();
  return (await host.api.getCall(callId)).usage!;
}

describe('what a call cost, in the UI', () => {
  it('the detail and the Calls table show memory used of the limit and CPU time; containers their memory now', async () => {
    const warm = await invoke(host.serve.baseUrl, fnId, 'warm');
    await usageOf(warm.callId);
    const { page, errors } = await openCallsView(host);
    // Invoked with the page open: the figures reach it by events after the call ended.
    const filled = await invoke(host.serve.baseUrl, fnId, 'alloc:60:100');
    expect(filled.status).toBe(200);
    const row = page.locator(`[data-testid="call-row"][data-call-id="${filled.callId}"]`);
    await row.click();
    const usage = await usageOf(filled.callId);
    expect(usage.memory_peak_mb).toBeGreaterThan(48);

    const shown = page.getByTestId('detail-usage');
    await expect.poll(() => shown.getAttribute('data-state')).toBe('measured');
    expect(await shown.textContent()).toContain(usageHeadline(usage));
    expect(await shown.textContent()).toMatch(/^used \d+ of 128 MB, [\d.]+ ms CPU/);
    await expect
      .poll(() => row.getByTestId('call-row-memory').textContent())
      .toBe(memoryCell(usage.memory_peak_mb, usage.memory_limit_mb));
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: reportPath('e2e-call-usage.png'), fullPage: true });

    // The containers view: the live container's memory in use, of its limit.
    await page.getByTestId('tab-timeline').click();
    const container = page.locator(
      `[data-testid="container-row"][data-container-id="${(await host.api.getCall(filled.callId)).container_id}"]`,
    );
    await expect
      .poll(() => container.getByTestId('container-memory').textContent())
      .toMatch(/^[\d.]+ of 128 MB$/);
    await page
      .getByTestId('container-table')
      .screenshot({ path: reportPath('e2e-call-usage-containers.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
