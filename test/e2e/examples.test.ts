// "Load the examples" from the empty sidebar, in headless Chromium against `npm run serve` and real Docker: the
// three example functions are registered in app "examples", their images are built one by one with the state
// shown per function, and hello-shell answers through the composer. No registry is reachable here, so the
// hello-shell base (alpine:3.20) is stood in for by a locally made busybox image when the engine lacks it;
// the other examples' builds either succeed (with network) or show Docker's failure beside the function.
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Fn } from '../../src/shared/models';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import type { Page as ListPage } from '../support/http-api-client';
import { BUSYBOX_IMAGE } from '../support/test-images';

const BASE = 'alpine:3.20';
const HELLO = 'fn-examples/hello-shell:1';
const BUILDS = { timeout: 300_000, interval: 500 };

let page: Page;
let errors: string[] = [];
const made: string[] = [];

const hasImage = (tag: string) => {
  try {
    execFileSync('docker', ['image', 'inspect', tag], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const host = useE2eHost({
  setup: () => {
    if (!hasImage(BASE)) {
      // busybox with a passwd entry for the example's USER nobody.
      const dockerfile = `FROM ${BUSYBOX_IMAGE}\nRUN echo 'nobody:x:65534:65534:nobody:/:/bin/sh' > /etc/passwd\n`;
      execFileSync('docker', ['build', '-q', '-t', BASE, '-'], {
        input: dockerfile,
        env: { ...process.env, DOCKER_BUILDKIT: '0' },
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      made.push(BASE);
    }
    if (!hasImage(HELLO)) made.push(HELLO);
  },
  // Only what this test made: a real alpine or a user's own example image is left alone.
  cleanup: () => {
    for (const tag of made.reverse()) execFileSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' });
  },
});
beforeAll(async () => {
  ({ page, errors } = await host.openPage({ viewport: { width: 1360, height: 1100 } }));
});

const item = (name: string) => page.getByTestId('fn-item').filter({ hasText: name });

describe('examples', () => {
  it('registers the examples, builds their images one by one, and hello-shell answers', async () => {
    await page.getByTestId('fns-empty').waitFor();
    await page.getByTestId('load-examples').click();
    await expect
      .poll(() => page.getByTestId('app-item-name').allTextContents(), BUILDS)
      .toEqual(['examples']);
    expect(await page.getByTestId('fn-item-name').allTextContents()).toEqual([
      'echo-node-fdk',
      'hello-shell',
      'json-python',
    ]);
    await expect.poll(() => page.getByTestId('fns-empty').count(), BUILDS).toBe(0);

    // hello-shell is built first (the manifest's order); its badge goes away once the image is there.
    await expect.poll(() => hasImage(HELLO), BUILDS).toBe(true);
    await expect.poll(() => item('hello-shell').getByTestId('fn-image-badge').count(), BUILDS).toBe(0);
    // The others end built (no badge) or failed with Docker's words beside the function: never stuck building.
    for (const name of ['echo-node-fdk', 'json-python']) {
      await expect
        .poll(async () => {
          const badge = item(name).getByTestId('fn-image-badge');
          return (await badge.count()) === 0 ? 'built' : await badge.getAttribute('data-state');
        }, BUILDS)
        .toMatch(/^(built|failed)$/);
      const badge = item(name).getByTestId('fn-image-badge');
      if ((await badge.count()) > 0)
        expect((await badge.textContent())!.length).toBeGreaterThan('image failed'.length);
    }
    await page.screenshot({ path: reportPath('e2e-examples.png'), fullPage: true });

    await item('hello-shell').locator('.fn-select').click();
    await page.getByTestId('composer-body').fill('studio');
    await page.getByTestId('composer-send').click();
    await expect.poll(() => page.getByTestId('response-status').textContent(), BUILDS).toBe('200');
    expect(await page.getByTestId('response-body').textContent()).toContain('Hello, studio!');
    await expect
      .poll(() => page.locator('.call-log').textContent(), BUILDS)
      .toContain('greeted studio (6 bytes)');

    const fns = await host.api.ok<ListPage<Fn>>('GET', '/v2/fns');
    expect(fns.items.map((f) => f.image).sort()).toEqual([
      'fn-examples/echo-node-fdk:1',
      HELLO,
      'fn-examples/json-python:1',
    ]);
    expect(errors).toEqual([]);
  });
});
