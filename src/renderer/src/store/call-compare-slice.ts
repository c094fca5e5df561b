// Call compare slice: two calls of the Calls view loaded in full to diff them, and re-running a stored call.
import type { CallRecord } from '../../../shared/models';
import { rerunRequest } from './call-rerun';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export interface CallCompare {
  ids: [string, string];
  /** Older first; null while loading. */
  calls: [CallRecord, CallRecord] | null;
  error: string | null;
}

export interface CallCompareSlice {
  compare: CallCompare | null;
  /** Why the last re-run from the Calls view did not happen; null once one did. */
  rerunError: string | null;
  rerunning: boolean;
  compareCalls(a: string, b: string): Promise<void>;
  closeCompare(): void;
  /** Sends a stored call's request again, as the composer would, and opens the new call. */
  rerunCall(callId: string): Promise<void>;
}

export const createCallCompareSlice: SliceCreator<CallCompareSlice> = (api) => (set, get) => ({
  compare: null,
  rerunError: null,
  rerunning: false,
  async compareCalls(a, b) {
    const ids: [string, string] = [a, b];
    set({ compare: { ids, calls: null, error: null } });
    const current = () => get().compare?.ids === ids;
    try {
      const [x, y] = await Promise.all([api.getCall({ call_id: a }), api.getCall({ call_id: b })]);
      if (!current()) return;
      const calls: [CallRecord, CallRecord] = x.created_at <= y.created_at ? [x, y] : [y, x];
      set({ compare: { ids, calls, error: null } });
    } catch (err) {
      if (current())
        set({ compare: { ids, calls: null, error: `Could not load both calls: ${errorMessage(err)}` } });
    }
  },
  closeCompare() {
    set({ compare: null });
  },
  async rerunCall(callId) {
    if (get().rerunning) return;
    set({ rerunning: true, rerunError: null });
    try {
      const call = await api.getCall({ call_id: callId });
      const r = rerunRequest(call);
      if (!r.ok) {
        set({ rerunError: r.error });
        return;
      }
      if (get().sending) {
        set({ rerunError: 'The composer is sending a request; re-run this call when it is done.' });
        return;
      }
      const newId = await get().sendFor(call.fn_id, r.request);
      if (newId) get().openCall(newId);
      else
        set({
          rerunError: get().sendError
            ? `The re-run failed: ${get().sendError}`
            : 'The re-run got no call id back.',
        });
    } catch (err) {
      set({ rerunError: `Could not re-run the call: ${errorMessage(err)}` });
    } finally {
      set({ rerunning: false });
    }
  },
});
