// The calls view in headless Chromium against `npm run serve` and real Docker: table (function names with their
// app's, a Reason column), filters, detail (image ID, request, response, waterfall, call log, container log), a
// failed call explained in words with what its client got, and Cancel of a running call (its client answered 409).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainFailure } from '../../src/shared/explain-failure';
import { callReason } from '../../src/renderer/src/store/call-reason';
import { startKindLabel } from '../../src/renderer/src/store/start-kind-label';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { BUSYBOX_FAIL_IMAGE, BUSYBOX_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';
import { createFn, invoke, openCallsView } from './calls-helpers';
import { HOLD } from '../support/held-calls';

const host = useE2eHost();
const fns: Record<string, string> = {};

beforeAll(async () => {
  fns.hello = await createFn(host.api, 'calls', { name: 'hello', image: BUSYBOX_IMAGE, format: 'default' });
  fns.json = await createFn(host.api, 'calls', {
    name: 'jsonfn',
    image: NODE_JSON_IMAGE,
    format: 'json',
    timeout: 60,
    idle_timeout: 60,
  });
  fns.fail = await createFn(host.api, 'calls', {
    name: 'failing',
    image: BUSYBOX_FAIL_IMAGE,
    format: 'default',
  });
  // A function of the same name in another app: the filter and the table tell them apart by the app.
  fns.twin = await createFn(host.api, 'calls2', { name: 'hello', image: BUSYBOX_IMAGE, format: 'default' });
});

// The machine is shared: generous waits, never tight timing.
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn);
const rowIds = (page: Page) =>
  page.getByTestId('call-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-call-id') ?? ''));
const rowCount = async (page: Page) =>
  Number(await page.getByTestId('call-table').getAttribute('data-row-count'));

describe('calls view', () => {
  it('lists, filters and opens calls; explains a failed one', async () => {
    // A JSON body, so the detail offers its Raw checkbox.
    const hello = await invoke(host.serve.baseUrl, fns.hello, '{"hello":"world"}');
    const jsonCalls = [];
    for (let i = 0; i < 3; i++) jsonCalls.push(await invoke(host.serve.baseUrl, fns.json, 'log:3'));
    const failed = await invoke(host.serve.baseUrl, fns.fail, 'x');
    expect(hello.status).toBe(200);
    expect(failed.status).toBeGreaterThanOrEqual(500);

    const { page, errors } = await openCallsView(host);
    await expect.poll(() => rowCount(page)).toBe(5);

    // Function names carry their app's, in the filter and in the table.
    const fnFilter = page.getByTestId('filter-fn');
    expect(await fnFilter.locator('option').allTextContents()).toEqual(
      expect.arrayContaining(['calls / hello', 'calls2 / hello', 'calls / jsonfn']),
    );
    const row = (id: string) => page.locator(`[data-testid="call-row"][data-call-id="${id}"]`);
    expect(await row(hello.callId).getByRole('cell').nth(2).textContent()).toBe('calls / hello');

    // Reason: a failed call's headline (its advice in the tooltip); for a call that ran, what it waited for, if it did.
    const failedRecord = await host.api.getCall(failed.callId);
    const reasonOf = (id: string) => row(id).getByTestId('call-row-reason');
    expect(await reasonOf(failed.callId).textContent()).toBe(explainFailure(failedRecord)!.title);
    expect(await reasonOf(failed.callId).getAttribute('title')).toBe(explainFailure(failedRecord)!.advice);
    const helloRecord = await host.api.getCall(hello.callId);
    expect(await reasonOf(hello.callId).textContent()).toBe(callReason(helloRecord)?.text ?? '');

    // Filters: function, then status, then start kind.
    await page.getByTestId('filter-fn').selectOption(fns.json);
    await poll(() => rowCount(page)).toBe(3);
    expect((await rowIds(page)).sort()).toEqual(jsonCalls.map((c) => c.callId).sort());
    await page.getByTestId('filter-fn').selectOption('');
    await page.getByTestId('filter-status').selectOption('error');
    await poll(() => rowIds(page)).toEqual([failed.callId]);
    await page.getByTestId('filter-status').selectOption('');
    await page.getByTestId('filter-start-kind').selectOption('hot_reused');
    await poll(() => rowCount(page)).toBe(2);
    await page.getByTestId('filter-start-kind').selectOption('');
    await page.getByTestId('filter-last').selectOption('5');
    await poll(() => rowCount(page)).toBe(5);
    await page.getByTestId('filter-last').selectOption('0');
    await page.getByTestId('filter-since').fill('2000-01-01T00:00');
    await page.getByTestId('filter-until').fill('2000-01-02T00:00');
    await poll(() => rowCount(page)).toBe(0);
    await page.getByTestId('filter-since').fill('2000-01-03T00:00');
    await poll(() => page.getByTestId('filter-error').textContent()).toContain('before');
    await page.getByTestId('filter-since').fill('');
    await page.getByTestId('filter-until').fill('');
    await poll(() => rowCount(page)).toBe(5);

    // Open a hot call with the keyboard: request, response, waterfall, its own log lines, container log.
    const target = jsonCalls[2].callId;
    const record = await host.api.getCall(target);
    await page.locator(`[data-testid="call-row"][data-call-id="${target}"]`).focus();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('call-detail');
    await expect.poll(() => detail.getAttribute('data-loaded')).toBe('full');
    expect(await detail.getAttribute('data-status')).toBe('success');
    expect(await detail.getAttribute('data-call-id')).toBe(target);
    expect(await page.getByTestId('detail-start-kind').textContent()).toBe(startKindLabel(record.start_kind));
    expect(await page.getByTestId('detail-fn').textContent()).toBe('calls / jsonfn');
    // The image it ran on, by ID: what its image's name pointed to when it was dispatched.
    expect(record.image_id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await page.getByTestId('detail-image-id').textContent()).toBe(record.image_id);
    expect(await page.getByTestId('detail-request-body').textContent()).toBe('log:3');
    expect(await page.getByTestId('detail-response-body').textContent()).toBe(record.response?.body);
    expect(Number(await page.getByTestId('waterfall-exec_ms').getAttribute('data-ms'))).toBe(
      record.timings.exec_ms,
    );
    const log = page.getByTestId('detail-log');
    // xterm pauses rendering while it is out of view, as a person would scroll to it.
    await log.scrollIntoViewIfNeeded();
    await expect.poll(() => log.innerText()).toContain(`line 3 of ${target}`);
    expect(await log.innerText()).not.toContain(jsonCalls[0].callId);
    expect(await log.getAttribute('data-line-count')).toBe('3');
    await expect
      .poll(
        async () =>
          (await page.getByTestId('detail-container-log').count()) +
          (await page.getByTestId('detail-container-log-empty').count()),
      )
      .toBe(1);
    // Search in the log.
    await page.getByTestId('detail-log-search').fill('no such text anywhere');
    await page.getByTestId('detail-log-search').press('Enter');
    await page.getByTestId('detail-log-notfound').waitFor();

    // The failed call, in words.
    await page.locator(`[data-testid="call-row"][data-call-id="${failed.callId}"]`).click();
    await expect.poll(() => page.getByTestId('detail-failure-title').textContent()).toBe('Function exited');
    // What its client got: the 502 and the JSON message.
    await poll(() => page.getByTestId('detail-response').locator('h4').textContent()).toBe('Response 502');
    expect(await page.getByTestId('detail-response-body').textContent()).toContain(
      '"message": "function exited with code 3"',
    );
    await log.scrollIntoViewIfNeeded();
    await expect.poll(() => log.innerText()).toContain('about to fail');
    await page.evaluate('window.scrollTo(0, 0)'); // a full-page shot draws the sticky top bar where it is scrolled to
    await page.screenshot({ path: reportPath('e2e-calls.png'), fullPage: true });

    // A JSON body's Raw checkbox is a box beside its word, not a 500 px field.
    await row(hello.callId).click();
    await expect.poll(() => detail.getAttribute('data-loaded')).toBe('full');
    const raw = page.getByTestId('detail-request').getByRole('checkbox', { name: 'Raw' });
    expect((await raw.boundingBox())!.width).toBeLessThanOrEqual(24);
    await raw.check();
    expect(await page.getByTestId('detail-request-body').textContent()).toBe('{"hello":"world"}');
    await page.getByTestId('detail-request').screenshot({ path: reportPath('e2e-calls-raw.png') });

    // New calls arrive in the open table through events.
    const later = await invoke(host.serve.baseUrl, fns.hello, 'later');
    await expect.poll(() => rowIds(page)).toContain(later.callId);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('cancels a running call from its detail', async () => {
    const { page, errors } = await openCallsView(host);
    const pending = invoke(host.serve.baseUrl, fns.json, HOLD); // runs until cancelled
    await page.getByTestId('filter-status').selectOption('running');
    const running = page.getByTestId('call-row').first();
    await running.waitFor({ timeout: 30_000 });
    const callId = (await running.getAttribute('data-call-id')) ?? '';
    await running.click();
    await page.getByTestId('detail-cancel').click();
    await expect.poll(() => page.getByTestId('call-detail').getAttribute('data-status')).toBe('cancelled');
    await poll(() => page.getByTestId('detail-failure-title').textContent()).toBe('Cancelled');
    expect((await host.api.getCall(callId)).status).toBe('cancelled');
    // Its client was answered 409 with a message; the detail shows that answer, while the call has no HTTP status.
    expect((await pending).status).toBe(409);
    await poll(() => page.getByTestId('detail-response').locator('h4').textContent()).toBe('Response 409');
    expect(await page.getByTestId('detail-response-body').textContent()).toContain('cancelled');
    expect(await page.getByTestId('detail-http').textContent()).toBe('—');
    await page.screenshot({ path: reportPath('e2e-calls-cancel.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
