// The examples slice with a fake API: registers, selects the first example, and builds only missing images, one
// at a time in the manifest's order; a host refusal is shown in words.
import { describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src/shared/api-contract';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';

const loaded = {
  app_id: 'A',
  examples: [
    { fn_id: 'F1', name: 'hello-shell', image: 'fn-examples/hello-shell:1', folder: '/ex/hello-shell' },
    { fn_id: 'F2', name: 'echo-node-fdk', image: 'fn-examples/echo-node-fdk:1', folder: '/ex/echo-node-fdk' },
    { fn_id: 'F3', name: 'json-python', image: 'fn-examples/json-python:1', folder: '/ex/json-python' },
  ],
};

function fake(present: string[]) {
  const order: string[] = [];
  const api = {
    loadExamples: vi.fn(async () => loaded),
    listApps: vi.fn(async () => [{ id: 'A', name: 'examples' }]),
    listFns: vi.fn(async () =>
      loaded.examples.map((e) => ({ id: e.fn_id, name: e.name, app_id: 'A', image: e.image })),
    ),
    imageStatus: vi.fn(async ({ image }: { image: string }) => ({ image, present: present.includes(image) })),
    buildImage: vi.fn(async ({ tag }: { tag: string }) => {
      order.push(`start ${tag}`);
      await new Promise((r) => setTimeout(r, 5));
      order.push(`end ${tag}`);
      if (tag.includes('python')) throw new Error('pull access denied for python');
      return null;
    }),
  };
  return { api, order, store: createStudioStore(api as unknown as StudioClient) };
}

describe('examples slice', () => {
  it('registers the examples, selects the first, and builds the missing images one after another', async () => {
    const { api, order, store } = fake(['fn-examples/echo-node-fdk:1']);
    await store.getState().loadExamples();
    expect(store.getState().selectedFnId).toBe('F1');
    expect(api.buildImage).toHaveBeenCalledTimes(2);
    expect(api.buildImage).toHaveBeenCalledWith({
      folder: '/ex/hello-shell',
      tag: 'fn-examples/hello-shell:1',
    });
    expect(order).toEqual([
      'start fn-examples/hello-shell:1',
      'end fn-examples/hello-shell:1',
      'start fn-examples/json-python:1',
      'end fn-examples/json-python:1',
    ]);
    const checks = store.getState().imageChecks;
    expect(checks['fn-examples/hello-shell:1'].state).toBe('present');
    expect(checks['fn-examples/json-python:1']).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('pull access denied'),
    });
    expect(store.getState().examplesBusy).toBe(false);
  });

  it('says why when the host has no examples, and builds nothing', async () => {
    const { api, store } = fake([]);
    api.loadExamples.mockRejectedValueOnce(new Error('this installation has no example functions'));
    await store.getState().loadExamples();
    expect(store.getState().examplesError).toBe(
      'Could not load the examples: this installation has no example functions',
    );
    expect(api.buildImage).not.toHaveBeenCalled();
  });
});
