// Call table slice: the heads of up to 50,000 calls for the virtualized calls table, loaded with the host-side
// filters and kept fresh by call events (batched, so 200 calls/s do not rebuild a 50,000-row array 200 times).
import type { CallSummaryParams, ExportedFile, ExportParams } from '../../../shared/api-contract';
import type { CallRecord, CallSummary } from '../../../shared/models';
import { summaryOf } from '../../../shared/call-summary';
import { errorMessage } from './errors';
import type { SliceCreator } from './studio-state';

export const MAX_TABLE_CALLS = 50_000;
/** How long call events gather before the table's rows are rebuilt once for all of them. */
export const TABLE_FLUSH_MS = 250;

export interface CallTableSlice {
  tableCalls: CallSummary[];
  tableFilter: CallSummaryParams;
  tableError: string | null;
  tableLoading: boolean;
  exportError: string | null;
  loadTable(filter?: CallSummaryParams): Promise<void>;
  /** A call event: add or update its row (applied at the next flush). */
  applyTableCall(call: CallRecord): void;
  /** Applies the pending call events now. */
  flushTableCalls(): void;
  /** Asks the host for an export file; null (and exportError set) when it refused. */
  exportTable(params: ExportParams): Promise<ExportedFile | null>;
}

export const createCallTableSlice: SliceCreator<CallTableSlice> = (api) => (set, get) => {
  let pending = new Map<string, CallSummary>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    tableCalls: [],
    tableFilter: {},
    tableError: null,
    tableLoading: false,
    exportError: null,
    async loadTable(filter = get().tableFilter) {
      set({ tableLoading: true });
      try {
        const calls = await api.listCallSummaries({ ...filter, limit: MAX_TABLE_CALLS });
        set({ tableCalls: calls, tableFilter: filter, tableError: null, tableLoading: false });
      } catch (err) {
        set({ tableError: errorMessage(err), tableLoading: false });
      }
    },
    applyTableCall(call) {
      pending.set(call.id, summaryOf(call));
      timer ??= setTimeout(() => get().flushTableCalls(), TABLE_FLUSH_MS);
    },
    flushTableCalls() {
      if (timer) clearTimeout(timer);
      timer = null;
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      const rows = get().tableCalls;
      // Rows already shown are updated in place; the rest are new calls, newest first on top.
      const updated = rows.map((row) => {
        const next = batch.get(row.id);
        if (!next) return row;
        batch.delete(row.id);
        return next;
      });
      const fresh = [...batch.values()].sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
      set({ tableCalls: fresh.concat(updated).slice(0, MAX_TABLE_CALLS) });
    },
    async exportTable(params) {
      try {
        const file = await api.exportCalls(params);
        set({ exportError: null });
        return file;
      } catch (err) {
        set({ exportError: errorMessage(err) });
        return null;
      }
    },
  };
};
