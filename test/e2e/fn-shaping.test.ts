// Shaping a function from the form in headless Chromium against `npm run serve` and real Docker: the three boxes
// save as annotations and show in the function's summary, the warm containers start, and a cap the pool cannot
// fit is refused with the host's message on its box.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';
import type { Fn } from '../../src/shared/models';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { NODE_JSON_IMAGE } from '../support/test-images';

const host = useE2eHost();

const fnItem = (page: Page, name: string) => page.getByTestId('fn-item').filter({ hasText: name });

describe('shaping fields', () => {
  it('saves a CPU limit, a cap and warm containers, shows them, and refuses a cap the pool cannot fit', async () => {
    const { page, errors } = await host.openPage({ viewport: { width: 1360, height: 1000 } });
    await page.getByTestId('fn-new').click();
    await page.getByTestId('fn-form-app').fill('shaped');
    await page.getByTestId('fn-form-name').fill('warm');
    await page.getByTestId('fn-form-image').fill(NODE_JSON_IMAGE);
    await page.getByTestId('fn-form-format').selectOption('json');
    await page.getByTestId('fn-form-network').fill('none');
    await page.getByTestId('fn-form-memory').fill('64');
    await page.getByTestId('fn-form-cpus').fill('0.5');
    await page.getByTestId('fn-form-max_concurrency').fill('2');
    await page.getByTestId('fn-form-min_warm').fill('1');
    await page.getByTestId('fn-form-submit').click();
    await fnItem(page, 'warm').waitFor();
    expect(await fnItem(page, 'warm').getByTestId('fn-item-meta').textContent()).toBe(
      'json · 64 MB · 0.5 CPU · ≤ 2 at once · 1 warm',
    );
    const fnId = (await fnItem(page, 'warm').getAttribute('data-fn-id')) as string;
    const fn = (await host.api.request<Fn>('GET', `/v2/fns/${fnId}`)).body;
    expect(fn.annotations).toMatchObject({
      [FN_ANNOTATIONS.cpus]: 0.5,
      [FN_ANNOTATIONS.maxConcurrency]: 2,
      [FN_ANNOTATIONS.minWarm]: 1,
    });
    // The warm container is started without a call, with its CPU limit.
    await expect
      .poll(async () => (await host.api.listContainers()).filter((c) => c.fn_id === fnId).length)
      .toBe(1);

    // Edit: a cap far beyond the pool is refused by the host, on the cap's box, and nothing changes.
    await fnItem(page, 'warm').getByTestId('fn-edit').click();
    expect(await page.getByTestId('fn-form-cpus').inputValue()).toBe('0.5');
    await page.getByTestId('fn-form-max_concurrency').fill('100000');
    await page.getByTestId('fn-form-submit').click();
    await page.getByTestId('form-error').waitFor();
    expect(await page.getByTestId('form-error').textContent()).toContain(FN_ANNOTATIONS.maxConcurrency);
    expect(await page.getByTestId('fn-form-max_concurrency').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: reportPath('e2e-fn-shaping.png') });
    expect((await host.api.request<Fn>('GET', `/v2/fns/${fnId}`)).body.annotations).toMatchObject({
      [FN_ANNOTATIONS.maxConcurrency]: 2,
    });
    expect(errors).toEqual([]);
  });
});
