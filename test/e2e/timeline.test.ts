// The hot-slot timeline in headless Chromium against `npm run serve` and real Docker: 20 sequential calls share one
// reused container, 8 concurrent ones spread over several lanes; a bar opens its call; pause and zoom work.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { NODE_JSON_IMAGE } from '../support/test-images';

const host = useE2eHost();

async function invoke(fnId: string, body: string): Promise<string> {
  const res = await fetch(`${host.serve.baseUrl}/invoke/${fnId}`, { method: 'POST', body });
  expect(res.status).toBe(200);
  const callId = res.headers.get('fn-call-id') ?? res.headers.get('fn_call_id');
  await res.text();
  return callId ?? '';
}

/** The lanes the page shows: container id and the call ids/start kinds of its bars. */
async function lanes(
  page: Page,
): Promise<Array<{ id: string; bars: Array<{ call: string; kind: string }> }>> {
  const laneIds = await page
    .getByTestId('timeline-lane')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-container-id') ?? ''));
  const bars = await page.getByTestId('timeline-bar').evaluateAll((els) =>
    els.map((el) => ({
      lane: el.getAttribute('data-container-id') ?? '',
      call: el.getAttribute('data-call-id') ?? '',
      kind: el.getAttribute('data-start-kind') ?? '',
    })),
  );
  return laneIds.map((id) => ({
    id,
    bars: bars.filter((b) => b.lane === id).map(({ call, kind }) => ({ call, kind })),
  }));
}

describe('hot-slot timeline', () => {
  it('shows one reused container for sequential calls and several lanes for concurrent ones', async () => {
    const app = await host.api.createApp({ name: 'tl' });
    const seqFn = await host.api.createFn({
      name: 'seq',
      app_id: app.id,
      image: NODE_JSON_IMAGE,
      format: 'json',
      network: 'none',
      idle_timeout: 120,
    });
    const parFn = await host.api.createFn({
      name: 'par',
      app_id: app.id,
      image: NODE_JSON_IMAGE,
      format: 'json',
      network: 'none',
      idle_timeout: 120,
    });
    const { page, errors } = await host.openPage({ viewport: { width: 1500, height: 1000 } });
    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('timeline-view').waitFor();
    // A 5 min window, so slow shared machines still keep every call in view.
    await page.getByTestId('timeline-window').selectOption(String(5 * 60_000));

    const seqIds: string[] = [];
    for (let i = 0; i < 20; i++) seqIds.push(await invoke(seqFn.id, `seq ${i}`));
    await Promise.all(Array.from({ length: 8 }, () => invoke(parFn.id, 'sleep:300')));

    // The sequential run: one lane holds all 20 bars, 19 of them hot_reused.
    const seqLane = async () => {
      const all = await lanes(page);
      return all.find((l) => l.bars.some((b) => seqIds.includes(b.call)));
    };
    await expect.poll(async () => (await seqLane())?.bars.length, { timeout: 30_000 }).toBe(20);
    const seq = await seqLane();
    expect(seq?.bars.filter((b) => b.kind === 'hot_reused').length).toBe(19);
    expect(seq?.bars.filter((b) => b.kind === 'hot_new').length).toBe(1);
    const seqLanes = (await lanes(page)).filter((l) => l.bars.some((b) => seqIds.includes(b.call)));
    expect(seqLanes.length).toBe(1);

    // The concurrent run: several lanes, 8 bars in all.
    const parLanes = async () => (await lanes(page)).filter((l) => l.id !== seq?.id && l.bars.length > 0);
    await expect
      .poll(async () => (await parLanes()).reduce((n, l) => n + l.bars.length, 0), { timeout: 30_000 })
      .toBe(8);
    expect((await parLanes()).length).toBeGreaterThan(1);
    // The container table lists the live containers.
    await expect.poll(() => page.getByTestId('container-row').count()).toBeGreaterThan(1);
    // A 30 s window spreads the bars out for the screenshot.
    await page.getByTestId('timeline-window').selectOption(String(30_000));
    await page.screenshot({ path: reportPath('e2e-timeline.png'), fullPage: true });
    await page.getByTestId('timeline-window').selectOption(String(5 * 60_000));

    // Pause freezes the view: a new call does not appear until resumed.
    await page.getByTestId('timeline-pause').click();
    expect(await page.getByTestId('timeline-mode').textContent()).toMatch(/Paused/);
    const frozenId = await invoke(seqFn.id, 'while paused');
    await page.waitForTimeout(1000);
    expect(await page.locator(`[data-call-id="${frozenId}"]`).count()).toBe(0);
    await page.getByTestId('timeline-pause').click();
    await expect
      .poll(() => page.locator(`[data-call-id="${frozenId}"]`).count(), { timeout: 15_000 })
      .toBe(1);

    // Zoom: buttons step the window.
    await page.getByTestId('timeline-zoom-in').click();
    expect(await page.getByTestId('timeline-chart').getAttribute('data-span-ms')).toBe(String(60_000));
    await page.getByTestId('timeline-zoom-out').click();
    await page.getByTestId('timeline-zoom-out').click();
    expect(await page.getByTestId('timeline-chart').getAttribute('data-span-ms')).toBe(String(15 * 60_000));

    // Clicking a bar opens its call in the calls view.
    const target = seqIds[5];
    // Bars of back-to-back calls overlap at this zoom, so open it with the keyboard, as a user can.
    await page.locator(`[data-testid="timeline-bar"][data-call-id="${target}"]`).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('tab-calls').getAttribute('aria-selected')).toBe('true');
    expect(errors).toEqual([]);
    await page.close();
  });
});
