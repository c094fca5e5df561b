// Timeline slice: the calls the hot-slot timeline draws (heads only), loaded for a time window and kept fresh by
// call events, and where the timeline looks (zoom and position), kept for the session so a tab change keeps it.
import type { CallRecord, CallSummary } from '../../../shared/models';
import { summaryOf } from '../../../shared/call-summary';
import { errorMessage } from './errors';
import { EventsDuringLoad } from './events-during-load';
import type { SliceCreator } from './studio-state';
import { LIVE_VIEWPORT, type Viewport } from './timeline-viewport';

export const MAX_TIMELINE_CALLS = 5000;

export interface TimelineSlice {
  timelineCalls: CallSummary[];
  timelineError: string | null;
  /** The timeline's zoom and position: live (following now) until the user pauses, pans or zooms around a moment. */
  timelineViewport: Viewport;
  /** Loads the calls created since `since` (RFC 3339). */
  loadTimeline(since: string): Promise<void>;
  /** A call event: add or update its bar. */
  applyTimelineCall(call: CallRecord): void;
  /** A new viewport, or a change of the current one (so several moves between two renders, e.g. a drag, add up). */
  setTimelineViewport(viewport: Viewport | ((current: Viewport) => Viewport)): void;
  /**
   * Selects a call from its bar: the same open call the calls view shows and marks in its table, without leaving
   * the timeline.
   */
  selectTimelineCall(callId: string | null): void;
}

export const createTimelineSlice: SliceCreator<TimelineSlice> = (api) => (set, get) => {
  const duringLoad = new EventsDuringLoad();
  return {
    timelineCalls: [],
    timelineError: null,
    timelineViewport: LIVE_VIEWPORT,
    async loadTimeline(since) {
      const seen = duringLoad.begin();
      try {
        const calls = await api.listCallSummaries({ since, limit: MAX_TIMELINE_CALLS });
        set({
          timelineCalls: duringLoad.merge(seen, calls, get().timelineCalls).slice(0, MAX_TIMELINE_CALLS),
          timelineError: null,
        });
      } catch (err) {
        set({ timelineError: errorMessage(err) });
      } finally {
        duringLoad.end(seen);
      }
    },
    applyTimelineCall(call) {
      duringLoad.saw(call.id);
      const head = summaryOf(call);
      const others = get().timelineCalls.filter((c) => c.id !== call.id);
      set({ timelineCalls: [head, ...others].slice(0, MAX_TIMELINE_CALLS) });
    },
    setTimelineViewport(viewport) {
      set({ timelineViewport: typeof viewport === 'function' ? viewport(get().timelineViewport) : viewport });
    },
    selectTimelineCall(callId) {
      set({ openCallId: callId });
    },
  };
};
