// Debug mode in headless Chromium against `npm run serve` and real Docker: turned on from the function's debug panel
// (a bad port refused with the field named, nothing saved), the debug container shown in the containers view with
// the address to attach to, where Node's inspector answers; turned off again.
import { describe, expect, it } from 'vitest';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';
import type { Fn } from '../../src/shared/models';
import { reportPath } from '../support/browser';
import { useE2eHost } from '../support/e2e-host';
import { FDK_NODE_IMAGE } from '../support/test-images-hot';
import { invoke } from './calls-helpers';

const host = useE2eHost();

describe('debug mode', () => {
  it('is turned on from the function list and shows where to attach in the containers view', async () => {
    const app = await host.api.createApp({ name: 'debugui' });
    const fn = await host.api.createFn({
      name: 'inspected',
      app_id: app.id,
      image: FDK_NODE_IMAGE,
      format: 'http-stream',
      network: 'bridge',
    });
    const debugOf = async () =>
      (await host.api.ok<Fn>('GET', `/v2/fns/${fn.id}`)).annotations[FN_ANNOTATIONS.debug];

    const { page, errors } = await host.openPage({ viewport: { width: 1500, height: 1100 } });
    const item = page.getByTestId('fn-item').filter({ hasText: 'inspected' });
    await item.getByTestId('fn-debug').click();
    const panel = item.getByTestId('debug-panel');
    expect(await panel.getAttribute('data-debug-on')).toBe('false');

    // Out of range: refused in words naming the field, and nothing reaches the function.
    await panel.getByTestId('debug-port').fill('70000');
    await panel.getByTestId('debug-save').click();
    await expect
      .poll(() => panel.getByTestId('debug-error').textContent())
      .toContain('port must be an integer from 1 to 65535');
    expect(await debugOf()).toBeUndefined();

    await panel.getByTestId('debug-preset-node').click();
    await panel.getByTestId('debug-save').click();
    await expect.poll(() => panel.getAttribute('data-debug-on')).toBe('true');
    expect(await debugOf()).toEqual({ port: 9229, env: { NODE_OPTIONS: '--inspect=0.0.0.0:9229' } });
    await page.screenshot({ path: reportPath('e2e-debug-panel.png'), fullPage: true });

    const { callId, status } = await invoke(host.serve.baseUrl, fn.id, 'hello');
    expect(status).toBe(200);
    const containerId = (await host.api.getCall(callId)).container_id;
    const [live] = (await host.api.listContainers()).filter((c) => c.id === containerId);
    expect(live.debug_address).toMatch(/^127\.0\.0\.1:\d+$/);

    await page.getByTestId('tab-timeline').click();
    const row = page.locator(`[data-testid="container-row"][data-container-id="${containerId}"]`);
    await expect
      .poll(() => row.getByTestId('container-debug-address').textContent())
      .toBe(`attach to ${live.debug_address}`);
    await page.screenshot({ path: reportPath('e2e-debug-attach.png'), fullPage: true });
    // The address shown is where Node's inspector answers.
    const version = (await (await fetch(`http://${live.debug_address}/json/version`)).json()) as {
      Browser: string;
    };
    expect(version.Browser).toMatch(/^node\.js\//);

    // Off: the annotation goes, and so does the debug container.
    await item.getByTestId('debug-off').click();
    await expect.poll(debugOf).toBeUndefined();
    await expect
      .poll(async () => (await host.api.listContainers()).some((c) => c.id === containerId))
      .toBe(false);
    expect(errors).toEqual([]);
  });
});
