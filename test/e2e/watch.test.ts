// The watch loop in headless Chromium against `npm run serve` and real Docker: a folder that cannot be built is refused
// with the field named; a watched function's saved change is rebuilt, the composer's next call shows the new reply, and
// the timeline marks the old container "image rebuilt"; a broken Dockerfile shows its error beside the function.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';
import type { Fn } from '../../src/shared/models';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { ThrowawayImages } from '../support/throwaway-images';
import { BROKEN_DOCKERFILE, removeImages, WatchFolder } from '../support/watch-folder';

const SLOW = { timeout: 60_000 };
const imageIds = new Set<string>();
const src = new WatchFolder('v1');
const host = useE2eHost({
  cleanup: async () => {
    src.remove();
    await removeImages(imageIds);
  },
});

/** Sends the composer's request and returns the reply's body once a new call answered. */
async function send(page: Page): Promise<string> {
  const before = await callId(page);
  await page.getByTestId('composer-send').click();
  await expect.poll(() => callId(page), SLOW).not.toBe(before);
  const id = (await callId(page))!;
  const record = await host.api.getCall(id);
  if (record.image_id) imageIds.add(record.image_id);
  return (await page.getByTestId('response-body').textContent()) ?? '';
}
async function callId(page: Page): Promise<string | null> {
  const el = page.getByTestId('response-call-id');
  return (await el.count()) > 0 ? el.textContent() : null;
}

/** Waits until the watch has ended `builds` builds and shows `state`. */
async function built(page: Page, builds: number, state: string): Promise<void> {
  await expect
    .poll(async () => {
      const last = page.getByTestId('fn-watch-last');
      const shown = (await last.count()) > 0 ? await last.getAttribute('data-builds') : null;
      return `${shown} ${await page.getByTestId('fn-watch-state').getAttribute('data-state')}`;
    }, SLOW)
    .toBe(`${builds} ${state}`);
}

describe('watch', () => {
  it('rebuilds on a saved change: the next call shows the new reply and the timeline marks the rebuild', async () => {
    const app = await host.api.createApp({ name: 'watched' });
    const fn = await host.api.createFn({
      app_id: app.id,
      name: 'live',
      image: ThrowawayImages.uniqueTag('watch-e2e'),
      format: 'json',
      network: 'none',
      memory: 64,
      idle_timeout: 300,
    });
    const { page, errors } = await host.openPage({ viewport: { width: 1400, height: 1100 } });
    const item = page.locator(`[data-testid="fn-item"][data-fn-id="${fn.id}"]`);
    await item.locator('.fn-select').click();
    const panel = page.getByTestId('watch-panel');
    await panel.waitFor();

    // A folder that does not exist: refused, the field named, nothing watched.
    const missing = join(tmpdir(), 'fn-studio-no-such-folder');
    await page.getByTestId('fn-watch-folder').fill(missing);
    await page.getByTestId('fn-watch-toggle').click();
    await expect
      .poll(() => page.getByTestId('fn-watch-error').textContent(), SLOW)
      .toContain(`${FN_ANNOTATIONS.sourceFolder}: ${missing} does not exist`);
    expect(await page.getByTestId('fn-watch-toggle').getAttribute('aria-pressed')).toBe('false');
    expect(await item.getByTestId('fn-watch-badge').count()).toBe(0);

    // The real folder: watched, first built to the folder's state.
    await page.getByTestId('fn-watch-folder').fill(src.dir);
    await page.getByTestId('fn-watch-toggle').click();
    await built(page, 1, 'watching');
    expect(await page.getByTestId('fn-watch-error').count()).toBe(0);
    expect(await item.getByTestId('fn-watch-badge').getAttribute('data-state')).toBe('watching');
    expect(await page.getByTestId('fn-watch-log').textContent()).toMatch(/Successfully (built|tagged)/);
    expect(await send(page)).toBe('v1');
    const firstCall = (await callId(page))!;
    const oldContainer = (await host.api.getCall(firstCall)).container_id!;

    // A saved change: rebuilt, and the next call answers with the new code.
    src.edit('v2');
    await built(page, 2, 'watching');
    expect(await send(page)).toBe('v2');

    // The timeline marks the old container's end: image rebuilt.
    await page.getByTestId('tab-timeline').click();
    const marker = page
      .locator(`[data-testid="timeline-lane"][data-container-id="${oldContainer}"]`)
      .getByTestId('timeline-marker-end');
    await expect.poll(() => marker.getAttribute('data-end-reason'), SLOW).toBe('image_rebuilt');
    expect(await marker.getAttribute('aria-label')).toMatch(/image rebuilt/);
    await page.screenshot({ path: reportPath('e2e-watch-rebuilt.png'), fullPage: true });

    // A broken Dockerfile: the error beside the function, and the last good image keeps answering.
    src.dockerfile(BROKEN_DOCKERFILE);
    await built(page, 3, 'failed');
    const badge = item.getByTestId('fn-watch-badge');
    expect(await badge.getAttribute('data-state')).toBe('failed');
    expect(await badge.textContent()).toMatch(/build failed.*COPPY/i);
    expect(await page.getByTestId('fn-watch-build-error').textContent()).toMatch(/COPPY/i);
    await page.getByTestId('tab-composer').click();
    expect(await send(page)).toBe('v2');
    await page.screenshot({ path: reportPath('e2e-watch-failed.png'), fullPage: true });

    // Stop watching: the badge goes, the function keeps its folder for the next time.
    await page.getByTestId('fn-watch-toggle').click();
    await expect.poll(() => item.getByTestId('fn-watch-badge').count(), SLOW).toBe(0);
    const stored = await host.api.ok<Fn>('GET', `/v2/fns/${fn.id}`);
    expect(stored.annotations[FN_ANNOTATIONS.sourceFolder]).toBe(src.dir);
    expect(stored.annotations[FN_ANNOTATIONS.watch]).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});
