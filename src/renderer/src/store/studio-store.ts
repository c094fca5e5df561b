// The one store of the renderer, built from the API it talks to so tests can hand it a fake client.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StudioClient } from '../../../shared/api-contract';
import { createCallsSlice } from './calls-slice';
import { createCatalogSlice } from './catalog-slice';
import { createComposerSlice } from './composer-slice';
import { createContainersSlice } from './containers-slice';
import { createContainerDetailSlice } from './container-detail-slice';
import { createHostSlice } from './host-slice';
import { createImagesSlice } from './images-slice';
import { createRamSlice } from './ram-slice';
import { createSettingsSlice } from './settings-slice';
import type { StudioState } from './studio-state';
import { createViewSlice } from './view-slice';
import { createTimelineSlice } from './timeline-slice';
import { createCallTableSlice } from './call-table-slice';
import { createHandoffSlice } from './handoff-slice';
import { createCallDetailSlice } from './call-detail-slice';
import { createCallCompareSlice } from './call-compare-slice';
import { createTriggersSlice } from './triggers-slice';
import { createExamplesSlice } from './examples-slice';
import { createWatchSlice } from './watch-slice';
import { createDebugSlice } from './debug-slice';

export type StudioStore = StoreApi<StudioState>;

export function createStudioStore(api: StudioClient): StudioStore {
  return createStore<StudioState>()((...a) => {
    const [, get] = a;
    // Events numbered at or below the last snapshot's `seq` are already in it (the resume path after a reconnect).
    let snapshotSeq = 0;
    const fresh = (seq?: number) => seq === undefined || seq > snapshotSeq;
    return {
      ...createHostSlice(api)(...a),
      ...createCatalogSlice(api)(...a),
      ...createComposerSlice(api)(...a),
      ...createCallsSlice(api)(...a),
      ...createViewSlice(api)(...a),
      ...createContainersSlice(api)(...a),
      ...createContainerDetailSlice(api)(...a),
      ...createRamSlice(api)(...a),
      ...createSettingsSlice(api)(...a),
      ...createImagesSlice(api)(...a),
      ...createTimelineSlice(api)(...a),
      ...createCallTableSlice(api)(...a),
      ...createHandoffSlice(api)(...a),
      ...createCallDetailSlice(api)(...a),
      ...createCallCompareSlice(api)(...a),
      ...createTriggersSlice(api)(...a),
      ...createExamplesSlice(api)(...a),
      ...createWatchSlice(api)(...a),
      ...createDebugSlice(api)(...a),
      start() {
        const unsubscribes = [
          api.on('status', (status, seq) => fresh(seq) && get().applyStatus(status)),
          api.on('call', (call, seq) => {
            if (!fresh(seq)) return;
            const s = get();
            s.upsertCall(call);
            s.applyTimelineCall(call);
            s.applyTableCall(call);
            s.applyDetailUsage(call);
          }),
          api.on('log', ({ call_id, lines }, seq) => fresh(seq) && get().appendLog(call_id, lines)),
          api.on('apps', () => {
            void get().loadCatalog();
            void get().loadTriggers();
          }),
          api.on('containers', (list, seq) => fresh(seq) && get().applyContainers(list)),
          api.on('containerEnded', (c, seq) => fresh(seq) && get().addEndedContainer(c)),
          api.on('ram', (sample, seq) => fresh(seq) && get().addRamSample(sample)),
          api.on('image', (e) => get().applyImageEvent(e)),
          api.on('composer', ({ part }) => void get().reloadComposerPart(part)),
          api.on('watch', (w) => get().applyWatch(w)),
        ];
        void get().refresh();
        return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
      },
      /** The current state in one snapshot, then only the events after it. */
      async refresh() {
        const s = get();
        await Promise.all([
          s.loadCatalog(),
          s.loadTriggers(),
          s.loadComposer(),
          s.loadWatches(),
          api.getLiveState({}).then(
            (state) => {
              snapshotSeq = state.seq;
              s.applyStatus(state.status);
              s.replaceCalls(state.calls);
              s.applyContainers(state.containers);
              s.setEndedContainers(state.ended_containers ?? []);
              s.setRamSamples(state.ram);
            },
            // An older host without the snapshot: load the parts one by one.
            () => Promise.all([s.loadStatus(), s.loadCalls()]),
          ),
        ]);
      },
    };
  });
}

export type { StudioState } from './studio-state';
