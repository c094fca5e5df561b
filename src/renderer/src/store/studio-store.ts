// The one store of the renderer, built from the API it talks to so tests can hand it a fake client.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StudioClient } from '../../../shared/api-contract';
import { createCallsSlice } from './calls-slice';
import { createCatalogSlice } from './catalog-slice';
import { createComposerSlice } from './composer-slice';
import { createHostSlice } from './host-slice';
import type { StudioState } from './studio-state';

export type StudioStore = StoreApi<StudioState>;

export function createStudioStore(api: StudioClient): StudioStore {
  return createStore<StudioState>()((...a) => {
    const [, get] = a;
    return {
      ...createHostSlice(api)(...a),
      ...createCatalogSlice(api)(...a),
      ...createComposerSlice(api)(...a),
      ...createCallsSlice(api)(...a),
      start() {
        const unsubscribes = [
          api.on('status', (status) => get().applyStatus(status)),
          api.on('call', (call) => get().upsertCall(call)),
          api.on('log', ({ call_id, lines }) => get().appendLog(call_id, lines)),
          api.on('apps', () => void get().loadCatalog()),
        ];
        void get().refresh();
        return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
      },
      async refresh() {
        const s = get();
        await Promise.all([s.loadStatus(), s.loadCatalog(), s.loadCalls()]);
      },
    };
  });
}

export type { StudioState } from './studio-state';
