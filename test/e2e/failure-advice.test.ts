// Failed calls explained by their error_kind in headless Chromium against `npm run serve` and real Docker: an
// out-of-memory call, a malformed reply and a function that fails to start, each with its title and advice in the
// composer's response and in the call detail, and the host's message shown beneath.
import { beforeAll, describe, expect, it } from 'vitest';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { BUSYBOX_FAIL_IMAGE, BUSYBOX_OOM_IMAGE, NODE_JSON_IMAGE } from '../support/test-images';
import type { FnFormat } from '../../src/shared/models';

const host = useE2eHost();
let appId: string;

beforeAll(async () => {
  appId = (await host.api.createApp({ name: 'advice' })).id;
});

// The machine is shared: generous waits, never tight timing.
const SLOW = { timeout: 90_000, interval: 200 };

/** A function that fails one way, what to send it, and what the UI must say of it. */
interface AdviceCase {
  name: string;
  fn: { image: string; format: FnFormat; memory: number };
  body?: string;
  kind: string;
  title: string;
  advice: RegExp;
  message: RegExp;
}

const CASES: AdviceCase[] = [
  {
    name: 'hog',
    fn: { image: BUSYBOX_OOM_IMAGE, format: 'default', memory: 16 },
    kind: 'oom',
    title: 'Ran out of memory',
    advice: /Raise the function's memory/,
    message: /out of memory/,
  },
  {
    name: 'garbler',
    fn: { image: NODE_JSON_IMAGE, format: 'json', memory: 128 },
    body: 'garbage',
    kind: 'bad_reply',
    title: 'Invalid reply',
    advice: /did not follow its format's protocol/,
    message: /invalid json reply/,
  },
  {
    name: 'nostart',
    fn: { image: BUSYBOX_FAIL_IMAGE, format: 'http-stream', memory: 64 },
    kind: 'init_failed',
    title: 'Failed to start',
    advice: /stopped before it was ready/,
    message: /failed to initialize/,
  },
];

describe('failure advice chosen by kind', () => {
  it.each(CASES)(
    '$kind: in the composer and in the call detail',
    async ({ name, fn, body, kind, title, advice, message }) => {
      await host.api.createFn({ app_id: appId, name, ...fn });
      const { page, errors } = await host.openPage({ viewport: { width: 1440, height: 1100 } });
      await page.getByTestId('fn-item-name').getByText(name, { exact: true }).click();
      if (body !== undefined) await page.getByTestId('composer-body').fill(body);
      await page.getByTestId('composer-send').click();

      // The composer: the advice appears once the call's record (and its kind) is loaded.
      const failure = page.getByTestId('response-failure');
      await failure.waitFor(SLOW);
      expect(await failure.getAttribute('data-error-kind')).toBe(kind);
      expect(await page.getByTestId('response-failure-title').textContent()).toBe(title);
      expect(await page.getByTestId('response-failure-advice').textContent()).toMatch(advice);
      expect(await failure.locator('.response-failure-error').textContent()).toMatch(message);
      const callId = (await page.getByTestId('response-call-id').textContent())!;
      expect(await host.api.getCall(callId)).toMatchObject({
        error_kind: kind,
        status: 'error',
        http_status: 502,
      });
      await page.screenshot({ path: reportPath(`e2e-failure-${kind}-composer.png`) });

      // The call detail of the same call.
      await page.getByTestId('tab-calls').click();
      await page.locator(`[data-testid="call-row"][data-call-id="${callId}"]`).click();
      const detail = page.getByTestId('detail-failure');
      await detail.waitFor(SLOW);
      expect(await detail.getAttribute('data-error-kind')).toBe(kind);
      expect(await page.getByTestId('detail-failure-title').textContent()).toBe(title);
      expect(await page.getByTestId('detail-failure-advice').textContent()).toMatch(advice);
      expect(await detail.locator('.detail-failure-error').textContent()).toMatch(message);
      await page.screenshot({ path: reportPath(`e2e-failure-${kind}-detail.png`) });
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});
