// The composer in headless Chromium against `npm run serve` and real Docker: header rows and a JSON body,
// detached sends, Ctrl+Enter, history re-run (its checkboxes their own size), a draft across a reload, Copy as curl
// run by the real curl and compared with the UI's call record, Import from curl (-XPOST, --json, -u; a file it cannot
// read named in its message; it follows the command to its function and trigger, in another app with a function of
// the same name), an HTTP trigger as the target, and the load runner's percentiles and histogram.
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Trigger } from '../../src/shared/models';
import { startKindLabel } from '../../src/renderer/src/store/start-kind-label';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import type { Page as ListPage } from '../support/http-api-client';
import { NODE_JSON_IMAGE } from '../support/test-images';

const SLOW = { timeout: 90_000, interval: 200 };

const host = useE2eHost();
let page: Page;
let errors: string[] = [];

beforeAll(async () => {
  ({ page, errors } = await host.openPage({ viewport: { width: 1360, height: 1400 } }));
  await page.getByTestId('fn-new').click();
  await page.getByTestId('fn-form-app').fill('demo');
  await page.getByTestId('fn-form-name').fill('echo');
  await page.getByTestId('fn-form-image').fill(NODE_JSON_IMAGE);
  await page.getByTestId('fn-form-format').selectOption('json');
  await page.getByTestId('fn-form-submit').click();
  await page.getByTestId('fn-item-name').filter({ hasText: 'echo' }).waitFor({ timeout: 90_000 });
});

const record = (id: string) => host.api.getCall(id);

/** Waits for a response whose call id differs from `before`, and returns it. */
async function nextCallId(before: string | null): Promise<string> {
  await expect
    .poll(async () => {
      const el = page.getByTestId('response-call-id');
      return (await el.count()) > 0 ? el.textContent() : null;
    }, SLOW)
    .not.toBe(before);
  const id = (await page.getByTestId('response-call-id').textContent())!;
  expect(id).toMatch(/^[0-9A-Z]{26}$/);
  return id;
}
const currentCallId = async () => {
  const el = page.getByTestId('response-call-id');
  return (await el.count()) > 0 ? el.textContent() : null;
};

describe('composer', () => {
  it('sends header rows and a validated JSON body', async () => {
    await page.getByTestId('header-add').click();
    await page.getByTestId('header-key').nth(1).fill('X-Studio-Test');
    await page.getByTestId('header-value').nth(1).fill('yes please');
    await page.getByTestId('body-mode-json').check();
    await page.getByTestId('composer-body').fill('{"hello": ');
    await expect.poll(() => page.getByTestId('json-error').textContent(), SLOW).toMatch(/^Invalid JSON/);
    expect(await page.getByTestId('composer-send').isDisabled()).toBe(true);

    await page.getByTestId('composer-body').fill('{"hello": "world"}');
    expect(await page.getByTestId('json-error').count()).toBe(0);
    await page.getByTestId('composer-send').click();
    const id = await nextCallId(null);
    expect(await page.getByTestId('response-status').textContent()).toBe('200');
    const rec = await record(id);
    expect(rec.request.body).toBe('{"hello": "world"}');
    expect(rec.request.headers['x-studio-test']).toEqual(['yes please']);
    // The badge shows the start kind the call record holds (a fresh hot function starts hot_new), in words.
    const kind = await record(id);
    expect(kind.start_kind).toMatch(/^(cold|hot_new)$/);
    const badge = page.getByTestId('call-start-kind');
    await expect.poll(() => badge.getAttribute('data-start-kind'), SLOW).toBe(kind.start_kind);
    expect(await badge.textContent()).toBe(startKindLabel(kind.start_kind));
    expect(await badge.textContent()).toMatch(/^(cold|hot · new)$/);
  });

  it('Ctrl+Enter sends, and detached gives 202 with a call id', async () => {
    const before = await currentCallId();
    await page.getByTestId('body-mode-text').check();
    await page.getByTestId('composer-body').fill('by keyboard');
    await page.getByTestId('composer-body').press('Control+Enter');
    const id = await nextCallId(before);
    expect((await record(id)).request.body).toBe('by keyboard');

    await page.getByTestId('composer-detached').check();
    await page.getByTestId('composer-send').click();
    const detachedId = await nextCallId(id);
    expect(await page.getByTestId('response-status').textContent()).toBe('202');
    expect((await record(detachedId)).request.headers['fn-invoke-type']).toEqual(['detached']);
    await page.getByTestId('composer-detached').uncheck();
  });

  it('re-runs a request from history', async () => {
    const items = page.getByTestId('history-item');
    const count = await items.count();
    expect(count).toBe(3);
    const before = await currentCallId();
    // The oldest entry: the JSON body with the extra header.
    await page
      .getByTestId('history-rerun')
      .nth(count - 1)
      .click();
    const id = await nextCallId(before);
    await expect.poll(() => items.count(), SLOW).toBe(count + 1);
    const rec = await record(id);
    expect(rec.request.body).toBe('{"hello": "world"}');
    expect(rec.request.headers['x-studio-test']).toEqual(['yes please']);

    await page.getByTestId('history-pick').nth(0).check();
    await page.getByTestId('history-pick').nth(1).check();
    expect(await page.getByTestId('response-diff').textContent()).toContain('HTTP 200');

    // A checkbox is a box, not a full-width field: the body preview beside it has room to show. The oldest
    // entry holds the JSON body.
    const pick = await page.getByTestId('history-pick').last().boundingBox();
    expect(pick!.width).toBeLessThanOrEqual(24);
    const preview = page.getByTestId('history-item').last().getByTestId('history-body');
    expect(await preview.textContent()).toBe('{"hello": "world"}');
    expect((await preview.boundingBox())!.width).toBeGreaterThan(100);
    await page.getByTestId('history-list').screenshot({ path: reportPath('e2e-composer-history.png') });
  });

  it('keeps a draft across a page reload', async () => {
    await page.getByTestId('composer-body').fill('a draft to keep');
    // The host keeps the draft (not the page): reload once it has it.
    await page.locator('[data-testid="composer"][data-drafts-kept="true"]').waitFor();
    await page.reload();
    await expect.poll(() => page.getByTestId('composer-body').inputValue(), SLOW).toBe('a draft to keep');
    expect(await page.getByTestId('header-value').nth(1).inputValue()).toBe('yes please');
  });

  it('Copy as curl reproduces exactly the request the UI sends', async () => {
    await page.getByTestId('composer-body').fill(`it's "quoted" $HOME \\ and\nsecond line`);
    await page.getByTestId('composer-send').click();
    const uiId = await nextCallId(null);
    await page.getByTestId('copy-curl').click();
    const cmd = (await page.getByTestId('curl-command').textContent())!;
    expect(cmd.startsWith('curl ')).toBe(true);
    // -D - prints the response head (for the call id); it changes nothing in the request.
    const out = execFileSync('sh', ['-c', `${cmd} -o /dev/null -D -`], { encoding: 'utf8' });
    const curlId = /fn-call-id:\s*(\S+)/i.exec(out)?.[1];
    expect(curlId).toMatch(/^[0-9A-Z]{26}$/);
    const [a, b] = [await record(uiId), await record(curlId!)];
    expect(b.request).toEqual(a.request);
    expect(a.request.body).toBe(`it's "quoted" $HOME \\ and\nsecond line`);
  });

  it('Import from curl fills the form, and says when the URL names no function here', async () => {
    const echoId = await page.getByTestId('composer-fn').inputValue();
    await page
      .getByTestId('curl-import')
      .fill(
        `curl -X PUT \\\n  'http://elsewhere:9/invoke/abc?x=1' \\\n  -H "X-Imported: 1" --data-raw 'imported body'`,
      );
    await page.getByTestId('curl-import-apply').click();
    await expect.poll(() => page.getByTestId('composer-method').inputValue(), SLOW).toBe('PUT');
    expect(await page.getByTestId('composer-path').inputValue()).toBe('/invoke/abc?x=1');
    const keys = await Promise.all((await page.getByTestId('header-key').all()).map((el) => el.inputValue()));
    // curl sends data with the form Content-Type unless told otherwise, so the import adds it too.
    expect(keys).toEqual(['X-Imported', 'Content-Type']);
    expect(await page.getByTestId('composer-body').inputValue()).toBe('imported body');
    // No function abc here: the composer stays on its function and says so.
    expect(await page.getByTestId('composer-fn').inputValue()).toBe(echoId);
    expect(await page.getByTestId('curl-import-note').textContent()).toContain('/invoke/abc');
    expect(await page.getByTestId('composer-target').inputValue()).toBe('custom');
  });

  it('Import from curl takes -XPOST, --json and -u, and names a file it cannot read', async () => {
    await page
      .getByTestId('curl-import')
      .fill(`curl -XPOST localhost:8080/invoke/abc -u 'ann:pw' --json '{"a":1}'`);
    await page.getByTestId('curl-import-apply').click();
    await expect.poll(() => page.getByTestId('composer-body').inputValue(), SLOW).toBe('{"a":1}');
    const rows = await Promise.all(
      (await page.getByTestId('header-key').all()).map(async (el, i) => [
        await el.inputValue(),
        await page.getByTestId('header-value').nth(i).inputValue(),
      ]),
    );
    expect(rows).toEqual([
      ['Authorization', `Basic ${Buffer.from('ann:pw').toString('base64')}`],
      ['Content-Type', 'application/json'],
      ['Accept', 'application/json'],
    ]);

    await page.getByTestId('curl-import').fill('curl -d @payload.json http://127.0.0.1:8080/invoke/abc');
    await page.getByTestId('curl-import-apply').click();
    await expect
      .poll(() => page.getByTestId('curl-error').textContent(), SLOW)
      .toMatch(/-d @payload\.json .*payload\.json.*cannot open/);
    // The draft is left as it was.
    expect(await page.getByTestId('composer-body').inputValue()).toBe('{"a":1}');
    await page.getByTestId('curl-error').scrollIntoViewIfNeeded();
    await page.screenshot({ path: reportPath('e2e-composer-curl-file.png'), fullPage: true });
  });

  it('adds an HTTP trigger, targets it with another method, and goes back to the invoke endpoint', async () => {
    await page.getByTestId('composer-reset').click();
    await page.locator('.trigger-add summary').click();
    await page.getByTestId('trigger-name').fill('greet');
    await page.getByTestId('trigger-source').fill('greet');
    await page.getByTestId('trigger-add').click();
    await expect.poll(() => page.getByTestId('trigger-error').textContent(), SLOW).toMatch(/source/);

    await page.getByTestId('trigger-source').fill('/greet');
    await page.getByTestId('trigger-add').click();
    await expect.poll(() => page.getByTestId('composer-path').inputValue(), SLOW).toBe('/t/demo/greet');
    expect(await page.getByTestId('trigger-error').count()).toBe(0);
    expect(await page.getByTestId('composer-target').locator('option:checked').textContent()).toBe(
      'Trigger greet (/t/demo/greet)',
    );
    await page.getByTestId('composer-method').selectOption('PATCH');
    await page.getByTestId('composer-body').fill('via trigger');
    const before = await currentCallId();
    await page.getByTestId('composer-send').click();
    const id = await nextCallId(before);
    expect(await page.getByTestId('response-status').textContent()).toBe('200');
    const rec = await record(id);
    expect(rec.request.method).toBe('PATCH');
    expect(rec.request.url).toContain('/t/demo/greet');
    expect(rec.request.body).toBe('via trigger');
    const triggers = await host.api.ok<ListPage<Trigger>>('GET', `/v2/triggers?fn_id=${rec.fn_id}`);
    expect(triggers.items.map((t) => [t.name, t.source])).toEqual([['greet', '/greet']]);
    await page.screenshot({ path: reportPath('e2e-composer-trigger.png'), fullPage: true });

    await page.getByTestId('composer-target').selectOption('invoke');
    expect(await page.getByTestId('composer-path').inputValue()).toBe(`/invoke/${rec.fn_id}`);
  });

  it("Import from curl selects the command's function and trigger, told apart from a same-named one by its app", async () => {
    const demoEcho = await page.getByTestId('composer-fn').inputValue();
    const other = await host.api.createApp({ name: 'other' });
    const otherEcho = await host.api.createFn({
      name: 'echo',
      app_id: other.id,
      image: NODE_JSON_IMAGE,
      format: 'json',
    });
    await host.api.createTrigger({
      name: 'greet',
      app_id: other.id,
      fn_id: otherEcho.id,
      type: 'http',
      source: '/greet',
    });
    const fnPicker = page.getByTestId('composer-fn');
    const target = page.getByTestId('composer-target');
    const importCurl = async (command: string) => {
      await page.getByTestId('curl-import').fill(command);
      await page.getByTestId('curl-import-apply').click();
    };
    await expect
      .poll(() => fnPicker.locator('option').allTextContents(), SLOW)
      .toEqual(['demo / echo', 'other / echo']);

    // An invoke URL selects its function.
    await importCurl(`curl http://127.0.0.1:9/invoke/${otherEcho.id} -d first`);
    await expect.poll(() => fnPicker.inputValue(), SLOW).toBe(otherEcho.id);
    expect(await target.inputValue()).toBe('invoke');
    // Its trigger is listed once the host's change event has reached the page.
    await expect
      .poll(() => target.locator('option').allTextContents(), SLOW)
      .toContain('Trigger greet (/t/other/greet)');

    // From the other function, a trigger URL selects the trigger's function and the trigger.
    await fnPicker.selectOption(demoEcho);
    await importCurl(`curl -X PATCH 'http://127.0.0.1:9/t/other/greet' -d 'via import'`);
    await expect.poll(() => fnPicker.inputValue(), SLOW).toBe(otherEcho.id);
    expect(await fnPicker.locator('option:checked').textContent()).toBe('other / echo');
    expect(await target.locator('option:checked').textContent()).toBe('Trigger greet (/t/other/greet)');
    expect(await page.getByTestId('curl-import-note').count()).toBe(0);
    // What the composer shows is where it sends.
    const before = await currentCallId();
    await page.getByTestId('composer-send').click();
    const id = await nextCallId(before);
    const rec = await record(id);
    expect(rec.fn_id).toBe(otherEcho.id);
    expect(rec.request.method).toBe('PATCH');
    expect(rec.request.body).toBe('via import');
    await page.screenshot({ path: reportPath('e2e-composer-import.png') });

    // And back to the first app's echo by its invoke URL.
    await importCurl(`curl http://localhost:8080/invoke/${demoEcho} -d back`);
    await expect.poll(() => fnPicker.inputValue(), SLOW).toBe(demoEcho);
    expect(await target.inputValue()).toBe('invoke');
  });

  it('runs 20 calls at concurrency 4 and shows p50/p95/p99 and a histogram', async () => {
    await page.getByTestId('composer-reset').click();
    await page.getByTestId('composer-body').fill('load');
    // Labelled fields, found by their accessible names.
    await page.getByRole('textbox', { name: 'Calls', exact: true }).fill('20');
    await page.getByRole('textbox', { name: 'Concurrency', exact: true }).fill('4');
    expect(await page.getByTestId('load-n').inputValue()).toBe('20');
    expect(await page.getByTestId('load-c').inputValue()).toBe('4');
    await page.getByTestId('load-run').click();
    await page.getByTestId('load-result').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('load-done').textContent()).toBe('20');
    for (const p of ['p50', 'p95', 'p99']) {
      expect(await page.getByTestId(`load-${p}`).textContent()).toMatch(/^\d+ ms$/);
    }
    await expect
      .poll(() => page.getByTestId('load-histogram').locator('.recharts-bar-rectangle').count(), SLOW)
      .toBeGreaterThan(0);
    const legend = await page.getByTestId('load-histogram').textContent();
    expect(legend).toMatch(/hot · reused|hot · new/);
    expect(legend).not.toMatch(/hot_/);
    // Legend words in the text colour, not the bar's (a bar colour can fall under 4.5:1 on the panel).
    // Page-side code as strings: the test project is compiled without the DOM's types.
    const legendColours = await page.evaluate<string[]>(
      `Array.from(document.querySelectorAll('[data-testid="load-histogram"] .recharts-legend-item-text'))
        .map((el) => getComputedStyle(el).color)`,
    );
    const textColour = await page.evaluate<string>('getComputedStyle(document.documentElement).color');
    expect(legendColours.length).toBeGreaterThan(0);
    expect(new Set(legendColours)).toEqual(new Set([textColour]));
    await page.getByTestId('load-histogram').scrollIntoViewIfNeeded();
    await page.screenshot({ path: reportPath('e2e-composer.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
