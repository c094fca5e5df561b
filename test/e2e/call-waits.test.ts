// Why a call waits, in headless Chromium against `npm run serve` and real Docker: a full 256 MB pool holds two
// calls that the test releases when it chooses, a third waits for memory, and the Calls view says so while it waits
// (with the Memory view's sentence) and keeps the reason and phases that add up once it ran.
import { describe, expect, it } from 'vitest';
import type { ContainerInfo } from '../../src/shared/models';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { HOLD, releaseHeld } from '../support/held-calls';
import { NODE_JSON_IMAGE } from '../support/test-images';
import { createFn, invoke, openCallsView } from './calls-helpers';

const host = useE2eHost();

describe('waits explained', () => {
  it('shows a call held for memory as waiting for memory, live, and keeps the reason after it ran', async () => {
    const { api } = host;
    await api.updateSettings({ pool_mb: 256 });
    const fnId = await createFn(api, 'waits', {
      name: 'held',
      image: NODE_JSON_IMAGE,
      format: 'json',
      memory: 128,
      network: 'none',
      timeout: 120,
    });
    const { page, errors } = await openCallsView(host);
    const base = host.serve.baseUrl;
    const busy = async () =>
      (await api.listContainers()).filter((c: ContainerInfo) => c.fn_id === fnId && c.state === 'busy');
    // Two calls fill the pool and stay until released.
    const held = [invoke(base, fnId, HOLD), invoke(base, fnId, HOLD)];
    await expect.poll(async () => (await busy()).length, { timeout: 60_000 }).toBe(2);
    const third = invoke(base, fnId, 'after');
    const queued = async () => (await api.listCalls({ fn_id: fnId, status: 'queued' })).items;
    await expect.poll(async () => (await queued()).length).toBe(1);
    const [waiting] = await queued();
    const waitingRow = page.locator(`[data-testid="call-row"][data-call-id="${waiting.id}"]`);
    await waitingRow.click();
    const reason = page.getByTestId('waterfall-reason');
    // First it waits for one of the busy containers; held back a start time, it gets a launch that waits for memory.
    await expect.poll(() => reason.getAttribute('data-reason')).toBe('memory');
    const memorySeen = Date.now();
    // The table's Reason column says the same.
    await expect
      .poll(() => waitingRow.getByTestId('call-row-reason').textContent())
      .toBe('Waiting for memory');
    await expect.poll(() => reason.textContent()).toContain('of 256 MB held by 2 containers of 128 MB');
    // The waterfall grows while it waits.
    const wait = page.getByTestId('waterfall-resource_wait_ms');
    const first = Number(await wait.getAttribute('data-ms'));
    await expect.poll(async () => Number(await wait.getAttribute('data-ms'))).toBeGreaterThan(first);
    await page.screenshot({ path: reportPath('e2e-call-waits-memory.png') });

    // The record keeps the longest wait: release only once the memory wait has outlasted the wait before it (which
    // ended before memorySeen), however slowly the machine got there.
    const before = memorySeen - Date.parse(waiting.created_at);
    await expect.poll(() => Date.now() - memorySeen > before).toBe(true);
    await Promise.all((await busy()).map((c) => releaseHeld(c.id)));
    const done = await third;
    expect(done.status).toBe(200);
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
    const record = await api.getCall(done.callId);
    expect(record.waiting_for).toBe('memory');
    const t = record.timings;
    expect(t.queue_ms + t.resource_wait_ms + (t.container_wait_ms ?? 0) + t.launch_ms + t.exec_ms).toBe(
      Date.parse(record.completed_at ?? '') - Date.parse(record.created_at),
    );
    expect(t.resource_wait_ms).toBeGreaterThan(0);
    await page.locator(`[data-testid="call-row"][data-call-id="${done.callId}"]`).click();
    await expect.poll(() => reason.textContent()).toBe('Waited longest for memory.');
    await page.screenshot({ path: reportPath('e2e-call-waits-after.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
