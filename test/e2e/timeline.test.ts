// The hot-slot timeline in headless Chromium against `npm run serve` and real Docker: 20 sequential calls share one
// reused container, 8 concurrent ones spread over several lanes; start kinds show as shapes; pause and zoom work; a
// bar selects its call.
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

/** The lanes the page shows: container id and the calls on it, each with its start kind, or 'grouped' when it is
 * drawn inside a group of calls too close to tell apart at this zoom. */
async function lanes(
  page: Page,
): Promise<Array<{ id: string; calls: Array<{ call: string; kind: string }> }>> {
  return page.getByTestId('timeline-lane').evaluateAll((els) =>
    els.map((lane) => ({
      id: lane.getAttribute('data-container-id') ?? '',
      calls: Array.from(
        lane.querySelectorAll('[data-testid="timeline-bar"], [data-testid="timeline-group"]'),
      ).flatMap((el) =>
        el.getAttribute('data-testid') === 'timeline-bar'
          ? [{ call: el.getAttribute('data-call-id') ?? '', kind: el.getAttribute('data-start-kind') ?? '' }]
          : (el.getAttribute('data-call-ids') ?? '').split(' ').map((call) => ({ call, kind: 'grouped' })),
      ),
    })),
  );
}

/** Opens a group (zooming in on it) and waits for the window to change. */
async function openGroup(page: Page, callId: string): Promise<void> {
  const span = await page.getByTestId('timeline-chart').getAttribute('data-span-ms');
  await page.locator(`[data-testid="timeline-group"][data-call-ids~="${callId}"]`).click();
  await expect.poll(() => page.getByTestId('timeline-chart').getAttribute('data-span-ms')).not.toBe(span);
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

    // The sequential run: one lane holds all 20 calls.
    const seqLane = async () => (await lanes(page)).find((l) => l.calls.some((c) => seqIds.includes(c.call)));
    await expect.poll(async () => (await seqLane())?.calls.length).toBe(20);
    const seq = await seqLane();
    const seqLanes = (await lanes(page)).filter((l) => l.calls.some((c) => seqIds.includes(c.call)));
    expect(seqLanes.length).toBe(1);

    // The concurrent run: several lanes, 8 calls in all.
    const parLanes = async () => (await lanes(page)).filter((l) => l.id !== seq?.id && l.calls.length > 0);
    await expect.poll(async () => (await parLanes()).reduce((n, l) => n + l.calls.length, 0)).toBe(8);
    expect((await parLanes()).length).toBeGreaterThan(1);
    // The container table lists the live containers.
    await expect.poll(() => page.getByTestId('container-row').count()).toBeGreaterThan(1);

    // At 5 min the sequential calls are one group (or a bar and a group); opening a group zooms in on it until each
    // call has its own bar: 19 hot_reused, one hot_new, and the start kind shows as a shape under the bar (a triangle
    // for hot new, none for reuse). Zooming in on one group leaves what lies beside it out of the window, so the
    // kinds are gathered along the way, and for a call not seen yet the view goes back to 5 min and into its groups.
    await page.getByTestId('timeline-pause').click();
    const kindOf = new Map<string, string>();
    const gather = async () => {
      for (const c of (await seqLane())?.calls ?? []) if (c.kind !== 'grouped') kindOf.set(c.call, c.kind);
    };
    const showBar = async (callId: string) => {
      await gather();
      if (kindOf.has(callId)) return;
      await page.getByTestId('timeline-window').selectOption(String(5 * 60_000));
      await gather();
      for (let i = 0; i < 6 && !kindOf.has(callId); i++) {
        await openGroup(page, callId);
        await gather();
      }
    };
    for (const id of seqIds) await showBar(id);
    const kinds = seqIds.map((id) => kindOf.get(id));
    expect(kinds.filter((k) => k === 'hot_reused').length).toBe(19);
    expect(kinds.filter((k) => k === 'hot_new').length).toBe(1);
    const newId = seqIds[kinds.indexOf('hot_new')]!;
    // Its bar in view (it may have been seen at another zoom), with the mark under it; no reused bar has one.
    kindOf.delete(newId);
    await showBar(newId);
    const markOf = (sel: string) => page.locator(`${sel} [data-testid="timeline-kind-mark"]`).count();
    expect(await markOf(`[data-testid="timeline-bar"][data-call-id="${newId}"]`)).toBe(1);
    expect(await markOf('[data-testid="timeline-bar"][data-start-kind="hot_reused"]')).toBe(0);
    await page.screenshot({ path: reportPath('e2e-timeline.png'), fullPage: true });
    await page.getByTestId('timeline-live').click();
    await page.getByTestId('timeline-window').selectOption(String(5 * 60_000));

    // Pause keeps the window still: a new call does not appear until back to Live. The container table stays live,
    // so its count shows the page has the call.
    await page.getByTestId('timeline-pause').click();
    expect(await page.getByTestId('timeline-mode').textContent()).toMatch(/Paused/);
    const served = async () =>
      (await page.getByTestId('container-calls').allTextContents()).reduce((n, t) => n + Number(t), 0);
    const servedBefore = await served();
    const frozenId = await invoke(seqFn.id, 'while paused');
    await expect.poll(served).toBe(servedBefore + 1);
    // Its own bar or one in a group.
    const frozen = page.locator(`[data-call-id="${frozenId}"], [data-call-ids~="${frozenId}"]`);
    expect(await frozen.count()).toBe(0);
    await page.getByTestId('timeline-live').click();
    await expect.poll(() => frozen.count()).toBe(1);

    // Zoom: buttons step the window.
    await page.getByTestId('timeline-zoom-in').click();
    expect(await page.getByTestId('timeline-chart').getAttribute('data-span-ms')).toBe(String(60_000));
    await page.getByTestId('timeline-zoom-out').click();
    await page.getByTestId('timeline-zoom-out').click();
    expect(await page.getByTestId('timeline-chart').getAttribute('data-span-ms')).toBe(String(15 * 60_000));

    // A bar selects its call with the keyboard too: its detail shows here, and "Show in Calls" opens the calls view.
    const target = seqIds[5];
    // At 15 min back-to-back calls share a group: opening it zooms in until the call has its own bar.
    const bar = page.locator(`[data-testid="timeline-bar"][data-call-id="${target}"]`);
    for (let i = 0; i < 6 && (await bar.count()) === 0; i++) await openGroup(page, target);
    await bar.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('call-detail').getAttribute('data-call-id')).toBe(target);
    await page.getByTestId('timeline-open-in-calls').click();
    await expect.poll(() => page.getByTestId('tab-calls').getAttribute('aria-selected')).toBe('true');
    expect(errors).toEqual([]);
    await page.close();
  });
});
