// One e2e spec's host and browser: `npm run serve` on its own data dir, headless Chromium, pages on the UI's ready URL.
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import type { HttpApiClient } from './http-api-client';
import { startServe, type ServeProcess } from './serve-process';

type StartOptions = Parameters<typeof startServe>[0];

export interface E2eHost {
  readonly serve: ServeProcess;
  readonly browser: Browser;
  /** The host's HTTP API. */
  readonly api: HttpApiClient;
  /** A new page on the UI's ready URL, loaded; uncaught page errors collect in `errors`. */
  openPage(options?: BrowserContextOptions): Promise<{ page: Page; errors: string[] }>;
}

export interface E2eHostOptions {
  /** Runs before the host starts; may return its start options (e.g. a data dir it seeded). */
  setup?: () => StartOptions | void | Promise<StartOptions | void>;
  /** Runs once the host has stopped, e.g. to remove images its containers used. */
  cleanup?: () => void | Promise<void>;
}

/**
 * Starts the host and the browser before the spec's (or describe block's) own beforeAll hooks, and stops both after
 * its afterAll hooks.
 */
export function useE2eHost({ setup, cleanup }: E2eHostOptions = {}): E2eHost {
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const options = (await setup?.()) ?? {};
    [browser, serve] = await Promise.all([launchChromium(), startServe(options)]);
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await cleanup?.();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the e2e ${what} is used before its beforeAll hook ran`);
    return value;
  };
  return {
    get serve() {
      return started(serve, 'host');
    },
    get browser() {
      return started(browser, 'browser');
    },
    get api() {
      return started(serve, 'host').api;
    },
    async openPage(options) {
      const page = await started(browser, 'browser').newPage(options);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(started(serve, 'host').uiUrl);
      return { page, errors };
    },
  };
}
