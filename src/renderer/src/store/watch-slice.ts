// Watch slice: each watched function's rebuild state (from `watch` events), and turning a function's watch on or
// off through its annotations (the host checks the folder and answers in words naming the field).
import { FN_ANNOTATIONS } from '../../../shared/fn-annotations';
import type { Fn } from '../../../shared/models';
import type { WatchStatus } from '../../../shared/watch-status';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export interface WatchSlice {
  /** By function id; only functions being watched. */
  watches: Record<string, WatchStatus>;
  /** Why the last attempt to change a function's watch was refused, by function id. */
  watchErrors: Record<string, string>;
  watchBusy: boolean;
  loadWatches(): Promise<void>;
  applyWatch(status: WatchStatus): void;
  /** Ties `fn` to `folder` and turns watch on, or turns it off (the folder stays, for the next time). */
  setWatch(fn: Fn, folder: string, on: boolean): Promise<boolean>;
}

/** The folder a function is tied to, as stored in its annotations. */
export const sourceFolderOf = (fn: Fn): string => {
  const folder = fn.annotations[FN_ANNOTATIONS.sourceFolder];
  return typeof folder === 'string' ? folder : '';
};

export const createWatchSlice: SliceCreator<WatchSlice> = (api) => (set, get) => ({
  watches: {},
  watchErrors: {},
  watchBusy: false,
  async loadWatches() {
    try {
      const list = await api.listWatches({});
      set({ watches: Object.fromEntries(list.map((w) => [w.fn_id, w])) });
    } catch {
      // A host without watch: nothing is watched.
    }
  },
  applyWatch(status) {
    const watches = { ...get().watches };
    if (status.state === 'off') delete watches[status.fn_id];
    else watches[status.fn_id] = status;
    set({ watches });
  },
  async setWatch(fn, folder, on) {
    const path = folder.trim();
    const clearError = () => {
      const rest = { ...get().watchErrors };
      delete rest[fn.id];
      return rest;
    };
    if (on && !path) {
      set({
        watchErrors: { ...get().watchErrors, [fn.id]: 'a folder with a Dockerfile is needed to watch' },
      });
      return false;
    }
    set({ watchBusy: true });
    try {
      const annotations: Record<string, unknown> = { [FN_ANNOTATIONS.watch]: on };
      if (on) annotations[FN_ANNOTATIONS.sourceFolder] = path;
      await api.updateFn({ fn_id: fn.id, patch: { annotations } });
      set({ watchBusy: false, watchErrors: clearError() });
      return true;
    } catch (err) {
      set({ watchBusy: false, watchErrors: { ...get().watchErrors, [fn.id]: errorMessage(err) } });
      return false;
    }
  },
});
