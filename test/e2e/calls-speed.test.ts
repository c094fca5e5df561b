// Speed of the calls view: 50,000 stored calls and ~200 calls/s arriving; the table's first load (target 500 ms),
// filtering the table and opening a call (target 200 ms) are timed in the page and written to
// reports/ui-speed.json (the test fails only far past them).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/main/host/store/store';
import { newId } from '../../src/shared/ids';
import type { CallRecord, CallStatus, StartKind } from '../../src/shared/models';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { NODE_JSON_IMAGE } from '../support/test-images';
import { createFn } from './calls-helpers';

const SEEDED = 50_000;
const TARGET_MS = 200;
const FIRST_LOAD_TARGET_MS = 500;
const FAIL_MS = 2_000;
const RATE = 200;

function seed(dataDir: string): void {
  const store = Store.open(dataDir);
  const start = Date.now() - 3 * 3_600_000;
  const statuses: CallStatus[] = ['success', 'success', 'success', 'success', 'error', 'timeout'];
  const kinds: StartKind[] = ['cold', 'hot_new', 'hot_reused', 'hot_reused'];
  for (let i = 0; i < SEEDED; i++) {
    const at = start + i * 150;
    const status = statuses[i % statuses.length];
    const record: CallRecord = {
      id: newId(at),
      fn_id: `seed-fn-${i % 5}`,
      app_id: 'seed-app',
      type: 'sync',
      status,
      http_status: status === 'success' ? 200 : 502,
      error: status === 'success' ? undefined : 'exited with code 3',
      container_id: `seed-container-${i % 40}`,
      start_kind: kinds[i % kinds.length],
      created_at: new Date(at).toISOString(),
      started_at: new Date(at + 2).toISOString(),
      completed_at: new Date(at + 30).toISOString(),
      timings: { queue_ms: 1, resource_wait_ms: 1, launch_ms: 0, exec_ms: 28 },
      request: { method: 'POST', url: '/invoke/seed', headers: {}, body: `seed ${i}`, body_truncated: false },
      response: { status: 200, headers: {}, body: `ok ${i}`, body_truncated: false },
    };
    store.calls.save(record, `seeded log line of call ${i}\n`);
  }
  store.calls.flush();
  store.close();
}

/** Sends about `rate` calls a second to the function until stopped; counts what was sent. */
function drive(baseUrl: string, fnId: string, rate: number) {
  let sent = 0;
  let done = 0;
  let inFlight = 0;
  let stopped = false;
  const began = Date.now();
  const tick = setInterval(() => {
    const due = Math.floor(((Date.now() - began) / 1000) * rate) - sent;
    for (let i = 0; i < due && inFlight < 256 && !stopped; i++) {
      sent++;
      inFlight++;
      void fetch(`${baseUrl}/invoke/${fnId}`, { method: 'POST', body: 'ping' })
        .then((r) => r.text())
        .catch(() => '')
        .finally(() => {
          inFlight--;
          done++;
        });
    }
  }, 20);
  return {
    stop() {
      stopped = true;
      clearInterval(tick);
      return { sent, done, seconds: (Date.now() - began) / 1000 };
    },
  };
}

// In-page scripts as source text: the test project has no DOM types, and these run in Chromium, not in Node.
const TIME_FILTER = `({ testId, value, attr }) => new Promise((resolve) => {
  const select = document.querySelector('[data-testid="' + testId + '"]');
  const table = document.querySelector('[data-testid="call-table"]');
  const before = table.getAttribute('data-row-count');
  const done = () => {
    const rows = [...document.querySelectorAll('[data-testid="call-row"]')];
    if (table.getAttribute('data-row-count') === before) return false;
    return attr === 'none' || (rows.length > 0 && rows.every((r) => r.getAttribute(attr) === value));
  };
  const t0 = performance.now();
  const observer = new MutationObserver(() => {
    if (!done()) return;
    observer.disconnect();
    resolve(performance.now() - t0);
  });
  observer.observe(table, { subtree: true, childList: true, attributes: true });
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
})`;

// From the click on the Calls tab: until the table shows its first rows, then until every stored call is loaded.
const TIME_FIRST_LOAD = `(seeded) => new Promise((resolve) => {
  const t0 = performance.now();
  let first = null;
  const check = () => {
    const table = document.querySelector('[data-testid="call-table"]');
    if (!table || !document.querySelector('[data-testid="call-row"]')) return false;
    first ??= performance.now() - t0;
    if (table.getAttribute('data-complete') !== 'true' || Number(table.getAttribute('data-row-count')) < seeded)
      return false;
    resolve({ first, all: performance.now() - t0 });
    return true;
  };
  const observer = new MutationObserver(() => check() && observer.disconnect());
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  document.querySelector('[data-testid="tab-calls"]').click();
})`;

const TIME_OPEN = `(index) => new Promise((resolve) => {
  const row = document.querySelectorAll('[data-testid="call-row"]')[index];
  const id = row.getAttribute('data-call-id');
  const t0 = performance.now();
  let head = null;
  const check = () => {
    const d = document.querySelector('[data-testid="call-detail"]');
    if (!d || d.getAttribute('data-call-id') !== id || !d.getAttribute('data-status')) return false;
    head ??= performance.now() - t0;
    if (d.getAttribute('data-loaded') !== 'full') return false;
    resolve({ head, full: performance.now() - t0 });
    return true;
  };
  const observer = new MutationObserver(() => check() && observer.disconnect());
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  row.click();
})`;

/** Changes a filter select in the page and times it until the table shows rows that all pass the filter. */
const timeFilter = (page: Page, testId: string, value: string, attr: 'data-status' | 'none') =>
  page.evaluate<number>(`(${TIME_FILTER})(${JSON.stringify({ testId, value, attr })})`);

/**
 * Clicks the n-th rendered row and times it until that call's detail shows its head (status, function, start
 * kind, container: from the loaded row) and until the full record (request, response, timings) is in.
 */
const timeOpen = (page: Page, index: number) =>
  page.evaluate<{ head: number; full: number }>(`(${TIME_OPEN})(${index})`);

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    runs: xs.map((x) => Math.round(x)),
    median_ms: Math.round(sorted[Math.floor(sorted.length / 2)]),
    max_ms: Math.round(sorted[sorted.length - 1]),
  };
};

const host = useE2eHost({
  setup: () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fn-studio-speed-'));
    seed(dataDir);
    return { dataDir };
  },
});

describe('calls view speed', () => {
  it('filters 50,000 calls and opens a call within the budget while 200 calls/s arrive', async () => {
    const fnId = await createFn(host.api, 'speed', {
      name: 'hot',
      image: NODE_JSON_IMAGE,
      format: 'json',
      timeout: 60,
      idle_timeout: 120,
    });
    // Warm the function's containers before the load starts.
    await Promise.all(
      Array.from({ length: 4 }, () =>
        fetch(`${host.serve.baseUrl}/invoke/${fnId}`, { method: 'POST', body: 'w' }),
      ),
    );

    const { page, errors } = await host.openPage({ viewport: { width: 1440, height: 1000 } });
    await page.getByTestId('tab-calls').waitFor();
    const firstLoad = await page.evaluate<{ first: number; all: number }>(`(${TIME_FIRST_LOAD})(${SEEDED})`);

    const load = drive(host.serve.baseUrl, fnId, RATE);
    await new Promise((r) => setTimeout(r, 3_000));
    const filter: number[] = [];
    const openHead: number[] = [];
    const open: number[] = [];
    const opened = async (i: number) => {
      const t = await timeOpen(page, i);
      openHead.push(t.head);
      open.push(t.full);
    };
    for (let round = 0; round < 4; round++) {
      filter.push(await timeFilter(page, 'filter-status', 'error', 'data-status'));
      await opened(round);
      filter.push(await timeFilter(page, 'filter-status', '', 'none'));
      filter.push(await timeFilter(page, 'filter-start-kind', 'cold', 'none'));
      filter.push(await timeFilter(page, 'filter-start-kind', '', 'none'));
      await opened(round + 1);
    }
    await page.screenshot({ path: reportPath('e2e-calls-speed.png') });
    const driven = load.stop();
    const rowsShown = await page.getByTestId('call-table').getAttribute('data-row-count');

    const report = {
      seeded_calls: SEEDED,
      target_ms: TARGET_MS,
      arriving_calls_per_s: Math.round(driven.sent / driven.seconds),
      completed_calls_per_s: Math.round(driven.done / driven.seconds),
      first_load_target_ms: FIRST_LOAD_TARGET_MS,
      // From the click on the Calls tab until the newest calls show; the older ones follow in pages behind them.
      initial_table_load_ms: Math.round(firstLoad.first),
      all_calls_loaded_ms: Math.round(firstLoad.all),
      table_rows_at_end: Number(rowsShown),
      filter: stats(filter),
      open_call_head_shown: stats(openHead),
      open_call: stats(open),
      filtering: 'client-side on the loaded rows',
    };
    writeFileSync(reportPath('ui-speed.json'), JSON.stringify(report, null, 2) + '\n');
    console.log('ui-speed', JSON.stringify(report));
    expect(report.initial_table_load_ms).toBeLessThan(FAIL_MS);
    expect(report.filter.max_ms).toBeLessThan(FAIL_MS);
    expect(report.open_call.max_ms).toBeLessThan(FAIL_MS);
    // The load must really have run; how much of 200/s this shared machine's host sustains is reported, not asserted.
    expect(driven.done).toBeGreaterThan(0);
    expect(report.arriving_calls_per_s).toBeGreaterThan(RATE / 10);
    expect(errors).toEqual([]);
    await page.close();
  });
});
