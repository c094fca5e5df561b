// The timeline's container ends in headless Chromium against `npm run serve` and real Docker: an idle timeout, an
// out-of-memory kill and an eviction each leave a named marker; lanes show the container's lifetime band under its
// calls; the legend names every end and shows the start kinds' shapes on both themes.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { FnInput } from '../../src/shared/api-contract';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { BUSYBOX_OOM_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';

const host = useE2eHost();

/** Invokes and returns the HTTP status and call id. */
async function invoke(fnId: string, body: string): Promise<{ status: number; callId: string }> {
  const res = await fetch(`${host.serve.baseUrl}/invoke/${fnId}`, { method: 'POST', body });
  await res.text();
  return { status: res.status, callId: res.headers.get('fn-call-id') ?? '' };
}

/** The id of the container that served a call, from the timeline's bar for it. */
async function laneOf(page: Page, callId: string): Promise<string> {
  const bar = page.locator(`[data-testid="timeline-bar"][data-call-id="${callId}"]`);
  await bar.waitFor({ timeout: 30_000 });
  return (await bar.getAttribute('data-container-id')) ?? '';
}

const lane = (page: Page, containerId: string) =>
  page.locator(`[data-testid="timeline-lane"][data-container-id="${containerId}"]`);

/** Waits for the lane's end marker and checks it names the reason; returns the marker. */
async function expectEnd(page: Page, containerId: string, reason: string, words: RegExp) {
  const marker = lane(page, containerId).getByTestId('timeline-marker-end');
  await expect.poll(() => marker.getAttribute('data-end-reason')).toBe(reason);
  expect(await marker.isVisible()).toBe(true);
  expect(await marker.getAttribute('role')).toBe('img');
  expect(await marker.getAttribute('aria-label')).toMatch(words);
  expect(await marker.getAttribute('title')).toMatch(words);
  return marker;
}

describe('timeline ends', () => {
  it('marks an idle timeout, an OOM kill and an eviction, over lifetime bands', async () => {
    // 192 MB: one 128 MB container fits, a second one only if the first (idle) one is evicted.
    const { api } = host;
    await api.updateSettings({ pool_mb: 192 });
    const app = await api.createApp({ name: 'ends' });
    const fn = (name: string, extra: Omit<FnInput, 'name' | 'app_id'>) =>
      api.createFn({ name, app_id: app.id, network: 'none', ...extra });
    const idleFn = await fn('idler', {
      image: NODE_JSON_IMAGE,
      format: 'json',
      memory: 128,
      idle_timeout: 2,
    });
    // As the OOM integration test runs it: cold (default format), a 16 MB limit the script outgrows.
    const oomFn = await fn('hog', { image: BUSYBOX_OOM_IMAGE, format: 'default', memory: 16 });
    const evA = await fn('turn-a', {
      image: NODE_JSON_IMAGE,
      format: 'json',
      memory: 128,
      idle_timeout: 120,
    });
    const evB = await fn('turn-b', {
      image: NODE_JSON_IMAGE,
      format: 'json',
      memory: 128,
      idle_timeout: 120,
    });

    const { page, errors } = await host.openPage({ viewport: { width: 1500, height: 1000 } });
    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('timeline-view').waitFor();
    await page.getByTestId('timeline-window').selectOption(String(5 * 60_000));

    // Idle timeout: two calls (the second reuses the container), then nothing for 2 s.
    const idle1 = await invoke(idleFn.id, 'first');
    const idle2 = await invoke(idleFn.id, 'second');
    expect([idle1.status, idle2.status]).toEqual([200, 200]);
    const idleLane = await laneOf(page, idle1.callId);
    await expectEnd(page, idleLane, 'idle_timeout', /Idle timeout/);

    // OOM: the cold container is killed by the memory cgroup; the call fails with 502.
    const oom = await invoke(oomFn.id, '');
    expect(oom.status).toBe(502);
    await expectEnd(page, await laneOf(page, oom.callId), 'oom', /Out of memory/);

    // Eviction: A's idle container holds 128 of 192 MB, so B's launch evicts it.
    const a = await invoke(evA.id, 'a');
    expect(a.status).toBe(200);
    const aLane = await laneOf(page, a.callId);
    const b = await invoke(evB.id, 'b');
    expect(b.status).toBe(200);
    await expectEnd(page, aLane, 'evicted', /Evicted/);
    const bLane = await laneOf(page, b.callId);

    // Lifetime bands: closed for an ended container, open (running to now) for a live one.
    const idleBand = lane(page, idleLane).getByTestId('timeline-band');
    expect(await idleBand.getAttribute('data-open')).toBe('false');
    await expect
      .poll(() => lane(page, bLane).getByTestId('timeline-band').getAttribute('data-open'))
      .toBe('true');
    // A 1 min window spreads them out; the idle lane's band runs on past its last call to the idle-timeout end.
    // Paused, so the band and the bar are measured in the same window (a live one moves between the two reads).
    await page.getByTestId('timeline-window').selectOption(String(60_000));
    await page.getByTestId('timeline-pause').click();
    await expect.poll(() => page.getByTestId('timeline-chart').getAttribute('data-live')).toBe('false');
    const bandBox = await idleBand.boundingBox();
    const lastBar = await page
      .locator(`[data-testid="timeline-bar"][data-call-id="${idle2.callId}"]`)
      .boundingBox();
    expect(bandBox && lastBar).toBeTruthy();
    if (bandBox && lastBar) {
      expect(bandBox.x).toBeLessThanOrEqual(lastBar.x + 1);
      // 2 s of idle at 1 min per lane width (~800 px) is some 25 px of band beyond the bar.
      expect(bandBox.x + bandBox.width).toBeGreaterThan(lastBar.x + lastBar.width + 5);
    }

    // The legend names each end reason shown.
    for (const reason of ['idle_timeout', 'oom', 'evicted']) {
      const entry = page.locator(`[data-testid="timeline-legend-end"][data-end-reason="${reason}"]`);
      expect(await entry.isVisible()).toBe(true);
    }

    // Both themes: the legend tells start kinds apart by shape (a square for cold, a triangle for hot new, none for
    // hot reused), each shape in a colour that stands out from the panel, and a screenshot of each.
    // Page-side code as a string: the test project is compiled without the DOM's types.
    const kindShapes = `Array.from(document.querySelectorAll('[data-testid="timeline-legend-kind"]')).map((li) => {
      const mark = li.querySelector('.tl-kind-mark');
      if (!mark) return li.dataset.startKind + ': none';
      const cs = getComputedStyle(mark);
      const panel = getComputedStyle(document.querySelector('[data-testid="timeline-view"]')).backgroundColor;
      return li.dataset.startKind + ': ' + (cs.clipPath === 'none' ? 'square' : 'triangle') +
        (cs.backgroundColor === panel || mark.getBoundingClientRect().width < 4 ? ' unseen' : '');
    })`;
    for (const theme of ['light', 'dark'] as const) {
      const toggle = page.getByTestId('theme-toggle');
      if ((await toggle.getAttribute('aria-label'))?.includes(`to the ${theme} theme`)) await toggle.click();
      await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe(theme);
      expect(await page.evaluate<string[]>(kindShapes)).toEqual([
        'cold: square',
        'hot_new: triangle',
        'hot_reused: none',
      ]);
      await page.screenshot({
        path: reportPath(theme === 'light' ? 'e2e-timeline-ends.png' : 'e2e-timeline-ends-dark.png'),
        fullPage: true,
      });
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
