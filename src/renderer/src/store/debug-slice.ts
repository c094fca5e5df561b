// Debug slice: turns a function's debug mode on, changes it or turns it off (its annotation, through the typed API).
import { FN_ANNOTATIONS } from '../../../shared/fn-annotations';
import type { FnDebug } from '../../../shared/fn-debug';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export interface DebugSlice {
  debugBusy: boolean;
  /** What the host refused, for the function it was about. */
  debugError: { fnId: string; message: string } | null;
  /** Saves the function's debug mode (null: off); true when saved. */
  saveDebug(fnId: string, debug: FnDebug | null): Promise<boolean>;
  clearDebugError(): void;
}

export const createDebugSlice: SliceCreator<DebugSlice> = (api) => (set, get) => ({
  debugBusy: false,
  debugError: null,
  async saveDebug(fnId, debug) {
    set({ debugBusy: true, debugError: null });
    try {
      // "" removes the annotation (Fn's PUT rule): off leaves no trace on the function.
      const fn = await api.updateFn({
        fn_id: fnId,
        patch: { annotations: { [FN_ANNOTATIONS.debug]: debug ?? '' } },
      });
      set({ fns: get().fns.map((f) => (f.id === fn.id ? fn : f)), debugBusy: false });
      return true;
    } catch (err) {
      set({ debugBusy: false, debugError: { fnId, message: errorMessage(err) } });
      return false;
    }
  },
  clearDebugError() {
    set({ debugError: null });
  },
});
