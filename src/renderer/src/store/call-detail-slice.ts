// Call detail slice: the open call's full record, its stored log, its container's between-call log, and Cancel.
import type { CallRecord } from '../../../shared/models';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export interface CallDetail {
  callId: string;
  call: CallRecord | null;
  /** The stored log as lines; null until loaded. */
  log: string[] | null;
  /** The container's output between calls; '' when it had none, null when there is no container. */
  containerLog: string | null;
  error: string | null;
}

export interface CallDetailSlice {
  detail: CallDetail | null;
  cancelError: string | null;
  /** Loads (or reloads) the detail of a call; a later call's load wins over an earlier one still running. */
  loadDetail(callId: string): Promise<void>;
  cancelCall(callId: string): Promise<void>;
  /** A call event: what the open call cost arrives after it ended (the engine samples about once a second). */
  applyDetailUsage(call: CallRecord): void;
}

export const splitLog = (text: string): string[] => {
  if (!text) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
};

export const createCallDetailSlice: SliceCreator<CallDetailSlice> = (api) => (set, get) => ({
  detail: null,
  cancelError: null,
  async loadDetail(callId) {
    const prev = get().detail;
    // Keep what is shown while reloading the same call, so a status change does not blank the view.
    if (!prev || prev.callId !== callId)
      set({ detail: { callId, call: null, log: null, containerLog: null, error: null }, cancelError: null });
    const current = () => get().detail?.callId === callId;
    try {
      // The record shows as soon as it arrives; the logs follow (under load each round trip counts).
      const logText = api.getCallLog({ call_id: callId }).catch(() => '');
      const call = await api.getCall({ call_id: callId });
      if (!current()) return;
      const shown = get().detail;
      set({
        detail: {
          callId,
          call,
          log: shown?.log ?? null,
          containerLog: shown?.containerLog ?? null,
          error: null,
        },
      });
      const [text, containerLog] = await Promise.all([
        logText,
        call.container_id ? api.getContainerLog({ container_id: call.container_id }).catch(() => '') : null,
      ]);
      if (current()) set({ detail: { callId, call, log: splitLog(text), containerLog, error: null } });
    } catch (err) {
      if (current())
        set({
          detail: { callId, call: null, log: null, containerLog: null, error: errorMessage(err) },
        });
    }
  },
  applyDetailUsage(call) {
    const d = get().detail;
    if (!d?.call || d.callId !== call.id || d.call.usage !== undefined || call.usage === undefined) return;
    set({ detail: { ...d, call: { ...d.call, usage: call.usage } } });
  },
  async cancelCall(callId) {
    try {
      await api.cancelCall({ call_id: callId });
      set({ cancelError: null });
      await get().loadDetail(callId);
    } catch (err) {
      set({ cancelError: errorMessage(err) });
    }
  },
});
