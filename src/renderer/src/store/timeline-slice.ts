// Timeline slice: the calls the hot-slot timeline draws (heads only), loaded for a time window and kept fresh by
// call events.
import type { CallRecord, CallSummary } from '../../../shared/models';
import { summaryOf } from '../../../shared/call-summary';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export const MAX_TIMELINE_CALLS = 5000;

export interface TimelineSlice {
  timelineCalls: CallSummary[];
  timelineError: string | null;
  /** Loads the calls created since `since` (RFC 3339). */
  loadTimeline(since: string): Promise<void>;
  /** A call event: add or update its bar. */
  applyTimelineCall(call: CallRecord): void;
}

export const createTimelineSlice: SliceCreator<TimelineSlice> = (api) => (set, get) => ({
  timelineCalls: [],
  timelineError: null,
  async loadTimeline(since) {
    try {
      const calls = await api.listCallSummaries({ since, limit: MAX_TIMELINE_CALLS });
      set({ timelineCalls: calls, timelineError: null });
    } catch (err) {
      set({ timelineError: errorMessage(err) });
    }
  },
  applyTimelineCall(call) {
    const head = summaryOf(call);
    const others = get().timelineCalls.filter((c) => c.id !== call.id);
    set({ timelineCalls: [head, ...others].slice(0, MAX_TIMELINE_CALLS) });
  },
});
