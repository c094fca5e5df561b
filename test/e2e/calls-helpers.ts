// Shared steps of the calls e2e specs: register functions over the HTTP API, invoke them, open the UI's calls view.
import type { Page } from 'playwright-core';
import type { FnInput } from '../../src/shared/api-contract';
import type { App } from '../../src/shared/models';
import type { E2eHost } from '../support/e2e-host';
import type { HttpApiClient, Page as ListPage } from '../support/http-api-client';

/** Creates the app (once) and a function; returns the function id. */
export async function createFn(
  api: HttpApiClient,
  appName: string,
  fn: Omit<FnInput, 'app_id'>,
): Promise<string> {
  const apps = await api.ok<ListPage<App>>('GET', '/v2/apps');
  const found = apps.items.find((a) => a.name === appName);
  const appId = found?.id ?? (await api.createApp({ name: appName })).id;
  // Network `none` unless a test asks: its functions need none, and a bridge costs each start a network setup that
  // Docker 20.10's engine has been seen to deadlock in (libnetwork-setkey) under a burst of starts on a busy machine.
  return (await api.createFn({ app_id: appId, network: 'none', ...fn })).id;
}

/** Invokes a function; resolves with its call id (from the Fn-Call-Id header) and status. */
export async function invoke(
  baseUrl: string,
  fnId: string,
  body: string,
): Promise<{ callId: string; status: number }> {
  const res = await fetch(`${baseUrl}/invoke/${fnId}`, { method: 'POST', body });
  await res.text();
  return { callId: res.headers.get('fn-call-id') ?? '', status: res.status };
}

export async function openCallsView(host: E2eHost): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await host.openPage({
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
  });
  await page.getByTestId('tab-calls').click();
  await page.getByTestId('call-table').waitFor();
  return { page, errors };
}
