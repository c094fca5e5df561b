// The watch slice with a fake API: watch states follow the host's events (`off` removes one), turning watch on sends
// the folder and the flag as annotations, and a refusal is kept in the host's words until a later success.
import { describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src/shared/api-contract';
import { ApiError } from '../../src/shared/errors';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';
import type { Fn } from '../../src/shared/models';
import type { WatchStatus } from '../../src/shared/watch-status';
import { createStudioStore } from '../../src/renderer/src/store/studio-store';

const fn = { id: 'fn1', image: 'fn:dev', annotations: {} } as Fn;
const status = (state: WatchStatus['state'], builds = 0): WatchStatus => ({
  fn_id: 'fn1',
  folder: '/src/fn',
  image: 'fn:dev',
  state,
  builds,
  queued: false,
});

function setup(updateFn: (p: unknown) => Promise<Fn>) {
  const api = {
    listWatches: vi.fn(async () => [status('watching', 1)]),
    updateFn: vi.fn(updateFn),
    on: vi.fn(() => () => undefined),
  };
  return { api, store: createStudioStore(api as unknown as StudioClient) };
}

describe('watch slice', () => {
  it('loads the watches, applies their events and drops one that stopped', async () => {
    const { store } = setup(async () => fn);
    await store.getState().loadWatches();
    expect(store.getState().watches.fn1).toMatchObject({ state: 'watching', builds: 1 });
    store.getState().applyWatch(status('failed', 2));
    expect(store.getState().watches.fn1.state).toBe('failed');
    store.getState().applyWatch(status('off', 2));
    expect(store.getState().watches).toEqual({});
  });

  it('turns watch on with the folder, off without touching it, and keeps a refusal until a success', async () => {
    let refuse = true;
    const { api, store } = setup(async () => {
      if (refuse)
        throw new ApiError(
          'invalid_input',
          `annotations: ${FN_ANNOTATIONS.sourceFolder}: /nope does not exist`,
        );
      return fn;
    });
    expect(await store.getState().setWatch(fn, ' /nope ', true)).toBe(false);
    expect(api.updateFn).toHaveBeenLastCalledWith({
      fn_id: 'fn1',
      patch: { annotations: { [FN_ANNOTATIONS.watch]: true, [FN_ANNOTATIONS.sourceFolder]: '/nope' } },
    });
    expect(store.getState().watchErrors.fn1).toMatch(/source-folder: \/nope does not exist/);
    refuse = false;
    expect(await store.getState().setWatch(fn, '/src/fn', false)).toBe(true);
    expect(api.updateFn).toHaveBeenLastCalledWith({
      fn_id: 'fn1',
      patch: { annotations: { [FN_ANNOTATIONS.watch]: false } },
    });
    expect(store.getState().watchErrors).toEqual({});
  });

  it('asks for a folder before sending anything', async () => {
    const { api, store } = setup(async () => fn);
    expect(await store.getState().setWatch(fn, '  ', true)).toBe(false);
    expect(api.updateFn).not.toHaveBeenCalled();
    expect(store.getState().watchErrors.fn1).toMatch(/folder/);
  });
});
