// The hand-off slice with a fake API: reports in words, a clear error for a bad file or URL, nothing sent then.
import { describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src/shared/api-contract';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';

function fake() {
  const api = {
    importRegistry: vi.fn(async () => ({
      created: ['app shop'],
      updated: ['function shop/hello'],
      errors: [],
    })),
    pushRegistry: vi.fn(async () => ({ created: [], updated: [], errors: ['app shop: 500 boom'] })),
    exportRegistry: vi.fn(async () => ({ kind: 'fn-studio/registry', version: 1, apps: [{ name: 'shop' }] })),
  };
  return { api, store: createStudioStore(api as unknown as StudioClient) };
}

describe('hand-off slice', () => {
  it('imports a file and says what it created and updated', async () => {
    const { api, store } = fake();
    await store.getState().importRegistry('{"kind":"fn-studio/registry"}');
    expect(api.importRegistry).toHaveBeenCalledWith({ file: { kind: 'fn-studio/registry' } });
    expect(store.getState().handoffReport).toBe(
      'Import: 1 created, 1 updated, 0 failed\n  + app shop\n  ~ function shop/hello',
    );
  });

  it('refuses a file that is not JSON and a URL that is not http(s), without calling the host', async () => {
    const { api, store } = fake();
    await store.getState().importRegistry('not json');
    expect(store.getState().handoffError).toMatch(/^the file is not JSON/);
    await store.getState().pushRegistry('ftp://x');
    expect(store.getState().handoffError).toMatch(/API URL of the Fn server/);
    expect(api.importRegistry).not.toHaveBeenCalled();
    expect(api.pushRegistry).not.toHaveBeenCalled();
  });

  it('clears the last result when a new push starts, so a failed push shows only its failure', async () => {
    const { api, store } = fake();
    await store.getState().importRegistry('{"kind":"fn-studio/registry"}');
    expect(store.getState().handoffReport).toMatch(/^Import/);
    let refuse!: (err: Error) => void;
    api.pushRegistry.mockImplementationOnce(() => new Promise((_, reject) => (refuse = reject)));
    const pushing = store.getState().pushRegistry('http://127.0.0.1:8080');
    // While it runs, nothing of the last transfer is shown, and a second push is not sent.
    expect(store.getState()).toMatchObject({ handoffBusy: true, handoffReport: null, handoffError: null });
    await store.getState().pushRegistry('http://127.0.0.1:8080');
    expect(api.pushRegistry).toHaveBeenCalledTimes(1);
    refuse(new Error('http://127.0.0.1:8080 is this Fn Studio itself (127.0.0.1:8080)'));
    await pushing;
    expect(store.getState()).toMatchObject({
      handoffBusy: false,
      handoffReport: null,
      handoffError: expect.stringMatching(/is this Fn Studio itself/),
    });
  });

  it('clears the last result also when it refuses a URL itself', async () => {
    const { store } = fake();
    await store.getState().pushRegistry('http://fn:8080');
    expect(store.getState().handoffReport).not.toBeNull();
    await store.getState().pushRegistry('not a url');
    expect(store.getState()).toMatchObject({ handoffReport: null, handoffError: expect.any(String) });
  });

  it("shows a push's failures as the server said them", async () => {
    const { store } = fake();
    await store.getState().pushRegistry('http://fn:8080');
    expect(store.getState().handoffReport).toContain('! app shop: 500 boom');
    expect((await store.getState().exportRegistry())?.apps).toHaveLength(1);
  });
});
