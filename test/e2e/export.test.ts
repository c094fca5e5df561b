// Export from the calls view in headless Chromium: selected rows as NDJSON and the filtered calls as CSV (its
// columns in their order, then app and function names, container wait, waiting_for, error kind and cost appended;
// a name a spreadsheet would run as a formula neutralised), JSON and plain text, each downloaded, parsed and checked
// against the HTTP API's own records and logs.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/shared/models';
import { reportPath } from '../support/browser';
import { csvCells } from '../support/csv-cells';
import { useE2eHost } from '../support/e2e-host';
import { BUSYBOX_FAIL_IMAGE, BUSYBOX_IMAGE } from '../support/test-images';
import { createFn, invoke, openCallsView } from './calls-helpers';

const host = useE2eHost();

const row = (page: Page, id: string) => page.locator(`[data-testid="call-row"][data-call-id="${id}"]`);

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), text: await readFile(path, 'utf8') };
}

describe('export from the calls view', () => {
  it('exports the selected calls as NDJSON and the filtered calls as CSV, JSON and plain text', async () => {
    // An app whose name a spreadsheet would read as a formula: raw in NDJSON, JSON and text, neutralised in CSV.
    const hello = await createFn(host.api, '-exp', {
      name: 'hello',
      image: BUSYBOX_IMAGE,
      format: 'default',
    });
    const fail = await createFn(host.api, 'exp', {
      name: 'failing',
      image: BUSYBOX_FAIL_IMAGE,
      format: 'default',
    });
    const ok1 = await invoke(host.serve.baseUrl, hello, 'one');
    const bad = await invoke(host.serve.baseUrl, fail, 'two');
    const ok2 = await invoke(host.serve.baseUrl, hello, 'three');

    const { page, errors } = await openCallsView(host);
    for (const c of [ok1, bad, ok2]) await row(page, c.callId).waitFor({ timeout: 20_000 });

    // Newest first: ok2, bad, ok1. Click ok2, shift-click bad: a range of two.
    await row(page, ok2.callId).getByTestId('call-row-check').click();
    await row(page, bad.callId)
      .getByTestId('call-row-check')
      .click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('export-selected').textContent()).toBe('Export selected (2)');
    await page.getByTestId('export-format').selectOption('ndjson');
    const nd = await download(page, 'export-selected');
    expect(nd.name).toMatch(/\.ndjson$/);
    const lines = nd.text.trim().split('\n');
    const exported = lines.map((l) => JSON.parse(l) as { id: string; status: string; log: string });
    expect(exported.map((c) => c.id).sort()).toEqual([ok2.callId, bad.callId].sort());
    for (const c of exported) {
      const record = await host.api.getCall(c.id);
      const log = await host.api.ok<string>('GET', `/v2/calls/${c.id}/log`);
      expect(c.status).toBe(record.status);
      expect(c.log).toBe(log);
    }
    expect(exported.find((c) => c.id === bad.callId)).toMatchObject({
      status: 'error',
      app_name: 'exp',
      fn_name: 'failing',
    });
    expect(exported.find((c) => c.id === bad.callId)?.log).toContain('about to fail');

    // CSV of everything the filter (function = hello) selects.
    await page.getByTestId('filter-fn').selectOption(hello);
    await expect.poll(() => page.getByTestId('call-table').getAttribute('data-row-count')).toBe('2');
    await page.getByTestId('export-format').selectOption('csv');
    const csv = await download(page, 'export-filtered');
    expect(csv.name).toMatch(/\.csv$/);
    const [header, ...rows] = csv.text.trim().split(/\r?\n/).map(csvCells);
    const col = (name: string) => header.indexOf(name);
    expect(header).toEqual([
      ...['id', 'fn_id', 'app_id', 'type', 'status', 'http_status', 'start_kind', 'container_id'],
      ...['created_at', 'started_at', 'completed_at', 'queue_ms', 'resource_wait_ms', 'launch_ms', 'exec_ms'],
      ...['error', 'app_name', 'fn_name', 'container_wait_ms', 'waiting_for', 'error_kind'],
      ...['memory_peak_mb', 'memory_peak_exact', 'memory_limit_mb', 'cpu_ms', 'usage_span', 'usage_span_ms'],
      ...['usage_calls', 'usage_cut_short', 'usage_source'],
    ]);
    expect(rows.map((r) => r[col('id')]).sort()).toEqual([ok1.callId, ok2.callId].sort());
    for (const r of rows) {
      const record = await host.api.getCall(r[col('id')]);
      expect(r[col('status')]).toBe(record.status);
      expect(r[col('fn_id')]).toBe(hello);
      expect(r[col('http_status')]).toBe(String(record.http_status));
      expect([r[col('app_name')], r[col('fn_name')]]).toEqual(["'-exp", 'hello']);
      expect(r[col('start_kind')]).toBe(record.start_kind); // raw, not the UI's words
      expect(r[col('container_wait_ms')]).toBe(String(record.timings.container_wait_ms));
      expect(r[col('waiting_for')]).toBe(record.waiting_for ?? '');
      // What it cost (a cold call's figures are settled when it ends; a short one may have none: empty cells).
      expect(r[col('memory_peak_mb')]).toBe(String(record.usage?.memory_peak_mb ?? ''));
      expect(r[col('cpu_ms')]).toBe(String(record.usage?.cpu_ms ?? ''));
    }

    // JSON of the same filter: the whole records, with names and logs, as the API has them.
    await page.getByTestId('export-format').selectOption('json');
    const json = await download(page, 'export-filtered');
    expect(json.name).toMatch(/\.json$/);
    const whole = JSON.parse(json.text) as Array<
      CallRecord & { app_name: string; fn_name: string; log: string }
    >;
    expect(whole.map((c) => c.id).sort()).toEqual([ok1.callId, ok2.callId].sort());
    for (const { log, app_name, fn_name, ...record } of whole) {
      expect(record).toEqual(await host.api.getCall(record.id));
      expect(log).toBe(await host.api.ok<string>('GET', `/v2/calls/${record.id}/log`));
      expect([app_name, fn_name]).toEqual(['-exp', 'hello']);
    }

    // Plain text of the same filter: each call's head line (status, app/function) and then its whole log.
    await page.getByTestId('export-format').selectOption('text');
    const text = await download(page, 'export-filtered');
    expect(text.name).toMatch(/\.log\.txt$/);
    const heads = text.text.split('\n').filter((l) => l.startsWith('=== call '));
    expect(heads.map((l) => /^=== call (\S+)/.exec(l)?.[1]).sort()).toEqual([ok1.callId, ok2.callId].sort());
    for (const id of [ok1.callId, ok2.callId]) {
      const head = heads.find((l) => l.startsWith(`=== call ${id} `))!;
      expect(head).toContain(` · fn ${hello} (-exp/hello) · success 200 · `);
      const log = await host.api.ok<string>('GET', `/v2/calls/${id}/log`);
      expect(text.text).toContain(`${head}\n${log}`);
    }
    await page.screenshot({ path: reportPath('e2e-export.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
