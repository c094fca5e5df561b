// Calls slice: the recent-calls list (loaded, then kept fresh by `call` events) and live log lines from `log` events.
import type { CallRecord } from '../../../shared/models';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export interface CallsSlice {
  /** Newest first, at most MAX_RECENT_CALLS. */
  calls: CallRecord[];
  callsError: string | null;
  /** Lines pushed by `log` events, per call id, for the few most recent calls. */
  liveLogs: Record<string, string[]>;
  loadCalls(): Promise<void>;
  upsertCall(call: CallRecord): void;
  /** Replaces the recent calls with a snapshot's. */
  replaceCalls(calls: readonly CallRecord[]): void;
  appendLog(callId: string, lines: readonly string[]): void;
}

export const MAX_RECENT_CALLS = 50;
// Events arrive for every call on the host, not just the composer's: keep only a few, so a flood stays bounded.
export const MAX_LIVE_CALLS = 20;
// Lines past the cap are dropped rather than the oldest, so the kept lines stay a prefix of the stored log.
export const MAX_LIVE_LINES = 10_000;

const newestFirst = (a: CallRecord, b: CallRecord) =>
  a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0;

export const createCallsSlice: SliceCreator<CallsSlice> = (api) => (set, get) => ({
  calls: [],
  callsError: null,
  liveLogs: {},

  async loadCalls() {
    try {
      const calls = await api.listCalls({});
      set({ calls: [...calls].sort(newestFirst).slice(0, MAX_RECENT_CALLS), callsError: null });
    } catch (err) {
      set({ callsError: errorMessage(err) });
    }
  },

  replaceCalls(calls) {
    set({ calls: [...calls].sort(newestFirst).slice(0, MAX_RECENT_CALLS), callsError: null });
  },

  upsertCall(call) {
    const others = get().calls.filter((c) => c.id !== call.id);
    const calls = [call, ...others].sort(newestFirst).slice(0, MAX_RECENT_CALLS);
    const { result } = get();
    // The composer shows the same record; keep it in step as the call moves through its states.
    const composerResult = result && result.callId === call.id ? { ...result, call } : result;
    set({ calls, result: composerResult });
  },

  appendLog(callId, lines) {
    if (!Array.isArray(lines) || lines.length === 0) return;
    const current = get().liveLogs;
    const existing = current[callId] ?? [];
    if (existing.length >= MAX_LIVE_LINES) return;
    const merged = existing.concat(lines.slice(0, MAX_LIVE_LINES - existing.length));
    const next: Record<string, string[]> = { ...current, [callId]: merged };
    const ids = Object.keys(next);
    for (const id of ids.slice(0, Math.max(0, ids.length - MAX_LIVE_CALLS))) delete next[id];
    set({ liveLogs: next });
  },
});
