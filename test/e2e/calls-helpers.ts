// Shared steps of the calls e2e specs: register functions over the HTTP API, invoke them, open the UI's calls view.
import type { Browser, Page } from 'playwright-core';
import type { CallRecord } from '../../src/shared/models';

export async function api<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Creates the app (once) and a function; returns the function id. */
export async function createFn(
  baseUrl: string,
  appName: string,
  fn: { name: string; image: string; format: string; timeout?: number; idle_timeout?: number },
): Promise<string> {
  const apps = await api<{ items: { id: string; name: string }[] }>(baseUrl, 'GET', '/v2/apps');
  const found = apps.items.find((a) => a.name === appName);
  const appId = found?.id ?? (await api<{ id: string }>(baseUrl, 'POST', '/v2/apps', { name: appName })).id;
  return (await api<{ id: string }>(baseUrl, 'POST', '/v2/fns', { app_id: appId, ...fn })).id;
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

export const getCall = (baseUrl: string, id: string) => api<CallRecord>(baseUrl, 'GET', `/v2/calls/${id}`);

export async function openCallsView(
  browser: Browser,
  uiUrl: string,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(uiUrl);
  await page.getByTestId('tab-calls').click();
  await page.getByTestId('call-table').waitFor();
  return { page, errors };
}
