// Call table slice: the heads of up to 50,000 calls for the virtualized calls table, loaded with the host-side
// filters and kept fresh by call events.
import type { CallSummaryParams } from '../../../shared/api-contract';
import type { CallRecord, CallSummary } from '../../../shared/models';
import { summaryOf } from '../../../shared/call-summary';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export const MAX_TABLE_CALLS = 50_000;

export interface CallTableSlice {
  tableCalls: CallSummary[];
  tableFilter: CallSummaryParams;
  tableError: string | null;
  loadTable(filter?: CallSummaryParams): Promise<void>;
  /** A call event: add or update its row. */
  applyTableCall(call: CallRecord): void;
}

export const createCallTableSlice: SliceCreator<CallTableSlice> = (api) => (set, get) => ({
  tableCalls: [],
  tableFilter: {},
  tableError: null,
  async loadTable(filter = get().tableFilter) {
    try {
      const calls = await api.listCallSummaries({ ...filter, limit: MAX_TABLE_CALLS });
      set({ tableCalls: calls, tableFilter: filter, tableError: null });
    } catch (err) {
      set({ tableError: errorMessage(err) });
    }
  },
  applyTableCall(call) {
    const head = summaryOf(call);
    const rows = get().tableCalls;
    const i = rows.findIndex((c) => c.id === call.id);
    if (i >= 0) {
      const next = rows.slice();
      next[i] = head;
      set({ tableCalls: next });
    } else set({ tableCalls: [head, ...rows].slice(0, MAX_TABLE_CALLS) });
  },
});
