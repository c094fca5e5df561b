// Call table slice: the heads of up to 50,000 calls for the virtualized calls table, loaded newest first in pages
// (the first small, so the table shows at once; the rest follow in the background) and kept fresh by call events
// (batched, so 200 calls/s do not rebuild a 50,000-row array 200 times).
import type { CallSummaryParams, ExportedFile, ExportParams } from '../../../shared/api-contract';
import type { CallRecord, CallSummary } from '../../../shared/models';
import { summaryOf } from '../../../shared/call-summary';
import { errorMessage } from './errors';
import { EventsDuringLoad } from './events-during-load';
import type { SliceCreator } from './studio-state';

export const MAX_TABLE_CALLS = 50_000;
/**
 * The first page: a few screens of rows, which the host answers in milliseconds. Reading all 50,000 heads at once
 * took the host's SQLite 1.4-2 s, and the 16 MB answer a few hundred ms more to carry and parse.
 */
export const FIRST_PAGE = 200;
/** Later pages: each holds the host's thread a few hundred ms at most, so calls keep flowing meanwhile. */
export const NEXT_PAGE = 10_000;
/** How long call events gather before the table's rows are rebuilt once for all of them. */
export const TABLE_FLUSH_MS = 250;

export interface CallTableSlice {
  tableCalls: CallSummary[];
  tableFilter: CallSummaryParams;
  tableError: string | null;
  tableLoading: boolean;
  /** True once every call up to MAX_TABLE_CALLS is loaded; until then older pages are still coming. */
  tableComplete: boolean;
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
  // Each load gets a number: a newer load stops the older one's background pages.
  let loads = 0;
  const duringLoad = new EventsDuringLoad();

  /** Older pages after the first, appended below what is shown (rows events already brought are not doubled). */
  const loadOlder = async (load: number, filter: CallSummaryParams) => {
    for (;;) {
      const rows = get().tableCalls;
      const room = MAX_TABLE_CALLS - rows.length;
      const oldest = rows[rows.length - 1];
      if (room <= 0 || !oldest) break;
      const limit = Math.min(NEXT_PAGE, room);
      const page = await api.listCallSummaries({ ...filter, before: oldest.id, limit });
      if (load !== loads) return;
      const shown = new Set(get().tableCalls.map((c) => c.id));
      const older = page.filter((c) => !shown.has(c.id));
      set({ tableCalls: get().tableCalls.concat(older).slice(0, MAX_TABLE_CALLS) });
      if (page.length < limit) break;
    }
    set({ tableComplete: true });
  };

  return {
    tableCalls: [],
    tableFilter: {},
    tableError: null,
    tableLoading: false,
    tableComplete: false,
    exportError: null,
    async loadTable(filter = get().tableFilter) {
      const load = ++loads;
      set({ tableLoading: true });
      const seen = duringLoad.begin();
      try {
        const calls = await api.listCallSummaries({ ...filter, limit: FIRST_PAGE });
        if (load !== loads) return;
        const complete = calls.length < FIRST_PAGE;
        set({
          tableCalls: duringLoad.merge(seen, calls, get().tableCalls).slice(0, MAX_TABLE_CALLS),
          tableFilter: filter,
          tableError: null,
          tableLoading: false,
          tableComplete: complete,
        });
        if (!complete) await loadOlder(load, filter);
      } catch (err) {
        if (load === loads) set({ tableError: errorMessage(err), tableLoading: false });
      } finally {
        duringLoad.end(seen);
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
      // Noted as they are shown: an event still pending when a load lands is applied over the answer anyway.
      for (const id of batch.keys()) duringLoad.saw(id);
      const rows = get().tableCalls;
      // Rows already shown are updated in place; the rest are new calls, newest first on top.
      const updated = rows.map((row) => {
        const next = batch.get(row.id);
        if (!next) return row;
        batch.delete(row.id);
        return next;
      });
      let fresh = [...batch.values()].sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
      // While older pages are still coming, a call older than every loaded row belongs to one of them: it comes
      // with its page, in its place, rather than on top out of order.
      const oldest = updated[updated.length - 1];
      if (!get().tableComplete && oldest) fresh = fresh.filter((c) => c.id > oldest.id);
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
