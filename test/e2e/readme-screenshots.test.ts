// The README's screenshots, taken of the real studio against `npm run serve` and real Docker each run: the timeline
// with one container reused for a run of calls, a failed call's detail with its advice, and the composer with the
// load runner's result. Written to docs/screenshots/ (what the README shows) and reports/.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { BUSYBOX_OOM_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';

const DOCS = join(__dirname, '..', '..', 'docs', 'screenshots');
const SLOW = { timeout: 90_000, interval: 200 };
// One size and theme, so each run's pictures match the last but for times and ids; reduced motion, so charts are
// drawn at once instead of caught mid-animation.
const VIEW = {
  viewport: { width: 1440, height: 900 },
  colorScheme: 'dark' as const,
  reducedMotion: 'reduce' as const,
  deviceScaleFactor: 1,
};

const host = useE2eHost();
const fns: Record<'hello' | 'hog', string> = { hello: '', hog: '' };

async function invoke(fnId: string, body: string): Promise<string> {
  const res = await fetch(`${host.serve.baseUrl}/invoke/${fnId}`, { method: 'POST', body });
  await res.text();
  return res.headers.get('fn-call-id') ?? '';
}

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  const file = reportPath(`readme-${name}.png`);
  await page.screenshot({ path: file });
  copyFileSync(file, join(DOCS, `${name}.png`));
}

beforeAll(async () => {
  const app = await host.api.createApp({ name: 'demo' });
  const fn = (name: string, image: string, format: 'json' | 'default', memory: number) =>
    host.api.createFn({ name, app_id: app.id, image, format, memory, network: 'none', idle_timeout: 300 });
  fns.hello = (await fn('hello', NODE_JSON_IMAGE, 'json', 128)).id;
  fns.hog = (await fn('hog', BUSYBOX_OOM_IMAGE, 'default', 16)).id;
});

describe('README screenshots', () => {
  it('the timeline: a run of calls on one reused container, a burst spread over several', async () => {
    const { page, errors } = await host.openPage(VIEW);
    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('timeline-view').waitFor();
    const began = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await invoke(fns.hello, `call ${i}`));
    // Calls long enough that more containers start while the first is busy.
    ids.push(...(await Promise.all(Array.from({ length: 6 }, () => invoke(fns.hello, 'sleep:3000')))));
    for (let i = 0; i < 6; i++) ids.push(await invoke(fns.hello, `after ${i}`));
    // The smallest window that holds every call (the machine's speed decides how long they took).
    const took = Date.now() - began;
    const span = [10_000, 30_000, 60_000, 5 * 60_000].find((ms) => ms > took * 1.3) ?? 15 * 60_000;
    await page.getByTestId('timeline-window').selectOption(String(span));
    const shown = () =>
      page.evaluate(
        (want) =>
          want.filter((id) => document.querySelector(`[data-call-id="${id}"], [data-call-ids~="${id}"]`))
            .length,
        ids,
      );
    await expect.poll(shown, SLOW).toBe(ids.length);
    await expect.poll(() => page.getByTestId('timeline-lane').count(), SLOW).toBeGreaterThan(1);
    await page.getByTestId('timeline-pause').click();
    await shoot(page, 'timeline');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a failed call’s detail: what went wrong and what to do', async () => {
    const callId = await invoke(fns.hog, '');
    const { page, errors } = await host.openPage(VIEW);
    await page.getByTestId('tab-calls').click();
    await page.locator(`[data-testid="call-row"][data-call-id="${callId}"]`).click();
    await page.locator(`[data-testid="call-detail"][data-call-id="${callId}"][data-loaded="full"]`).waitFor();
    await page.getByTestId('detail-failure').waitFor();
    expect(await page.getByTestId('detail-failure').getAttribute('data-error-kind')).toBe('oom');
    await shoot(page, 'failed-call');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the composer with the load runner’s result', async () => {
    // Tall enough for the request, its response and the load runner at once.
    const { page, errors } = await host.openPage({ ...VIEW, viewport: { width: 1440, height: 1500 } });
    await page.getByTestId('fn-item-name').filter({ hasText: 'hello' }).click();
    await page.getByTestId('composer-body').fill('hello from the composer');
    await page.getByTestId('composer-send').click();
    await expect.poll(() => page.getByTestId('response-status').count(), SLOW).toBe(1);
    await page.getByTestId('load-n').fill('60');
    await page.getByTestId('load-c').fill('4');
    await page.getByTestId('load-run').click();
    await page.getByTestId('load-result').waitFor({ timeout: 90_000 });
    await expect.poll(() => page.getByTestId('load-done').textContent(), SLOW).toBe('60');
    await expect
      .poll(() => page.locator('.load-runner .recharts-bar-rectangle').count(), SLOW)
      .toBeGreaterThan(0);
    await shoot(page, 'composer-load');
    expect(errors).toEqual([]);
    await page.close();
  });
});
