// Reading the timeline back in headless Chromium against `npm run serve` and real Docker: after a burst of hot calls
// the view is paused, zoomed with its controls (a group of calls, Ctrl+wheel) to a 100 ms window where each call has
// its own bar, and moved with the buttons, the keys and a drag; a clicked bar selects its call (detail here, the bar
// marked, its row marked in Calls); zoom and position survive a tab change; calls arriving later leave the paused
// window still; the container table fits its panel at 1280 px.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { NODE_JSON_IMAGE } from '../support/test-images';

const host = useE2eHost();

async function invoke(fnId: string, body: string): Promise<string> {
  const res = await fetch(`${host.serve.baseUrl}/invoke/${fnId}`, { method: 'POST', body });
  expect(res.status).toBe(200);
  await res.text();
  return res.headers.get('fn-call-id') ?? '';
}

/** The window the chart shows, from its data attributes. */
async function shown(page: Page): Promise<{ spanMs: number; startMs: number; endMs: number; live: boolean }> {
  const chart = page.getByTestId('timeline-chart');
  const num = async (name: string) => Number(await chart.getAttribute(name));
  return {
    spanMs: await num('data-span-ms'),
    startMs: await num('data-start-ms'),
    endMs: await num('data-end-ms'),
    live: (await chart.getAttribute('data-live')) === 'true',
  };
}

/** Every call the lanes show, as its own bar or inside a group. */
async function shownCallIds(page: Page): Promise<string[]> {
  const bars = await page
    .getByTestId('timeline-bar')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-call-id') ?? ''));
  const groups = await page
    .getByTestId('timeline-group')
    .evaluateAll((els) => els.flatMap((el) => (el.getAttribute('data-call-ids') ?? '').split(' ')));
  return [...bars, ...groups];
}

const barOf = (page: Page, callId: string) =>
  page.locator(`[data-testid="timeline-bar"][data-call-id="${callId}"]`);
const groupOf = (page: Page, callId: string) =>
  page.locator(`[data-testid="timeline-group"][data-call-ids~="${callId}"]`);

/** The bar or the group that holds a call. */
async function itemOf(page: Page, callId: string): Promise<Locator> {
  return (await barOf(page, callId).count()) > 0 ? barOf(page, callId) : groupOf(page, callId);
}

/** Runs a control and waits until the window's end (or span) has changed. */
async function moved(page: Page, act: () => Promise<void>): Promise<{ before: number; after: number }> {
  const before = await shown(page);
  await act();
  await expect
    .poll(async () => {
      const now = await shown(page);
      return now.endMs !== before.endMs || now.spanMs !== before.spanMs;
    })
    .toBe(true);
  return { before: before.endMs, after: (await shown(page)).endMs };
}

describe('timeline read-back', () => {
  it('pauses, zooms to single calls of a burst, selects one, and keeps its place', async () => {
    const app = await host.api.createApp({ name: 'readback' });
    const fn = await host.api.createFn({
      name: 'burst',
      app_id: app.id,
      image: NODE_JSON_IMAGE,
      format: 'json',
      network: 'none',
      idle_timeout: 300,
    });
    const { page, errors } = await host.openPage({ viewport: { width: 1280, height: 1000 } });
    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('timeline-view').waitFor();

    // A container, then a burst of 40 concurrent calls on it.
    await invoke(fn.id, 'warm');
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => invoke(fn.id, `burst ${i}`)));
    await expect
      .poll(async () => {
        const ids = new Set(await shownCallIds(page));
        return burst.filter((id) => ids.has(id)).length;
      })
      .toBe(40);
    // Pause: the window stops following now.
    await page.getByTestId('timeline-pause').click();
    await expect.poll(async () => (await shown(page)).live).toBe(false);
    expect(await page.getByTestId('timeline-mode').textContent()).toMatch(/Paused/);

    // At 1 min the burst is too dense to draw call by call: a group says how many calls it holds. The call to read
    // back is the newest of the largest group.
    const groups = await page
      .getByTestId('timeline-group')
      .evaluateAll((els) => els.map((el) => (el.getAttribute('data-call-ids') ?? '').split(' ')));
    const largest = groups.sort((a, b) => b.length - a.length)[0] ?? [];
    expect(largest.length).toBeGreaterThan(1);
    const records = await host.api.allCalls({ fn_id: fn.id });
    const target = records
      .filter((r) => largest.includes(r.id))
      .sort((a, b) => (a.created_at < b.created_at ? 1 : -1))[0].id;

    // Opening the group zooms in on it.
    await moved(page, () => groupOf(page, target).click());
    expect((await shown(page)).spanMs).toBeLessThan(60_000);
    expect(await shownCallIds(page)).toContain(target);

    // Ctrl+wheel over the call zooms around it, down to 100 ms, where every call has a bar of its own.
    for (let step = 0; step < 12 && (await shown(page)).spanMs > 100; step++) {
      await (await itemOf(page, target)).hover();
      await page.keyboard.down('Control');
      await moved(page, () => page.mouse.wheel(0, -100));
      await page.keyboard.up('Control');
    }
    expect((await shown(page)).spanMs).toBe(100);
    expect(await page.getByTestId('timeline-group').count()).toBe(0);
    const bar = barOf(page, target);
    const box = await bar.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(4);

    // No two bars of a lane overlap.
    const lefts = await page.getByTestId('timeline-lane').evaluateAll((lanes) =>
      lanes.map((lane) =>
        Array.from(lane.querySelectorAll('[data-testid="timeline-bar"]')).map((b) => {
          const r = b.getBoundingClientRect();
          return [r.left, r.right];
        }),
      ),
    );
    for (const lane of lefts) {
      const sorted = [...lane].sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < sorted.length; i++)
        expect(sorted[i][0]).toBeGreaterThanOrEqual(sorted[i - 1][1] - 0.5);
    }

    // A click selects the call: its detail opens here and its bar is marked.
    await bar.click();
    await expect.poll(() => page.getByTestId('call-detail').getAttribute('data-call-id')).toBe(target);
    await expect.poll(() => bar.getAttribute('data-selected')).toBe('true');
    expect(await bar.getAttribute('aria-current')).toBe('true');
    expect(await page.getByTestId('tab-timeline').getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: reportPath('e2e-timeline-readback.png'), fullPage: true });

    // Moving: the buttons by half a window, the arrow keys by a tenth, a drag by the distance dragged.
    const back = await moved(page, () => page.getByTestId('timeline-pan-back').click());
    expect(back.after - back.before).toBe(-50);
    await page.getByTestId('timeline-lanes').focus();
    const key = await moved(page, () => page.keyboard.press('ArrowRight'));
    expect(key.after - key.before).toBe(10);
    const track = await page.getByTestId('timeline-lane').first().locator('.tl-track').boundingBox();
    if (!track) throw new Error('no lane track');
    const y = track.y + track.height - 3; // the row under the bars, where a drag starts
    await page.mouse.move(track.x + 100, y);
    await page.mouse.down();
    await page.mouse.move(track.x + 300, y, { steps: 4 });
    await page.mouse.up();
    // Dragged right by 200 px of a track some 600 px wide: earlier by about a third of the 100 ms window.
    await expect.poll(async () => key.after - (await shown(page)).endMs).toBeGreaterThan(15);
    // Live follows now again; "Show selected call" brings the selected call back, centred, and keeps the zoom.
    await moved(page, () => page.getByTestId('timeline-live').click());
    expect((await shown(page)).live).toBe(true);
    await moved(page, () => page.getByTestId('timeline-show-selected').click());
    await expect.poll(() => bar.getAttribute('data-selected')).toBe('true');
    const place = await shown(page);
    expect(place.spanMs).toBe(100);

    // Calls arriving now leave the paused window as it is (the container table, live, counts them in).
    const served = async () =>
      (await page.getByTestId('container-calls').allTextContents()).reduce((n, t) => n + Number(t), 0);
    const servedBefore = await served();
    const later = [await invoke(fn.id, 'later 1'), await invoke(fn.id, 'later 2')];
    await expect.poll(served).toBe(servedBefore + 2);
    expect(await shown(page)).toEqual(place);
    const ids = await shownCallIds(page);
    expect(later.filter((id) => ids.includes(id))).toEqual([]);

    // The Calls view marks the same call's row and shows its detail.
    await page.getByTestId('tab-calls').click();
    const row = page.locator(`[data-testid="call-row"][data-call-id="${target}"]`);
    await expect.poll(() => page.getByTestId('call-row').count()).toBeGreaterThan(0);
    // The table draws only the rows near its view (a dozen beyond it): scroll it down a few rows at a time until the
    // call's row is drawn.
    const scroller = page.getByTestId('call-table').locator('.call-table-scroll');
    await expect
      .poll(async () => {
        if ((await row.count()) > 0) return true;
        await scroller.evaluate((el) => el.scrollBy(0, 150));
        return false;
      })
      .toBe(true);
    await expect.poll(() => row.getAttribute('class')).toMatch(/\bopen\b/);
    expect(await page.getByTestId('call-detail').getAttribute('data-call-id')).toBe(target);
    await page.screenshot({ path: reportPath('e2e-timeline-readback-calls.png'), fullPage: true });

    // Back on the timeline: the same zoom, the same moment, the call still marked.
    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('timeline-view').waitFor();
    expect(await shown(page)).toEqual(place);
    await expect.poll(() => bar.getAttribute('data-selected')).toBe('true');

    // The container table fits its panel at 1280 px: no column cut off, nothing to scroll sideways.
    const fits = await page.evaluate<{ overflow: number; cut: string[] }>(`(() => {
      const panel = document.querySelector('[data-testid="timeline-view"]').getBoundingClientRect();
      const wrap = document.querySelector('.tl-table-wrap');
      const cut = Array.from(document.querySelectorAll('[data-testid="container-table"] th'))
        .filter((th) => th.getBoundingClientRect().right > Math.min(panel.right, wrap.getBoundingClientRect().right) + 0.5)
        .map((th) => th.textContent);
      return { overflow: wrap.scrollWidth - wrap.clientWidth, cut };
    })()`);
    expect(fits).toEqual({ overflow: 0, cut: [] });
    expect(await page.getByRole('columnheader', { name: 'Idle ends in' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
