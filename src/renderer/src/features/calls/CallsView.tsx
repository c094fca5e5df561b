// Calls: filters, export, compare two calls, the virtualized table of all calls, and the detail of the open call.
import './calls.css';
import { useMemo, useState } from 'react';
import { MAX_TABLE_CALLS } from '../../store/call-table-slice';
import type { StudioState } from '../../store/studio-state';
import { useStudio } from '../../store/store-context';
import { ExportBar } from '../export/ExportBar';
import { CallDetail } from './CallDetail';
import { CallDiff } from './CallDiff';
import { CallFilters } from './CallFilters';
import { CallTable } from './CallTable';
import { EMPTY_FILTER, filterCalls, filterParams, type TableFilterForm } from '../../store/call-filter';
import { EMPTY_SELECTION, toggleRow, visibleSelected, type Selection } from '../../store/call-selection';
import { fnNamer } from '../../store/fn-names';

const selectRows = (s: StudioState) => s.tableCalls;

export function CallsView() {
  const all = useStudio(selectRows);
  const error = useStudio((s) => s.tableError);
  const complete = useStudio((s) => s.tableComplete);
  const fns = useStudio((s) => s.fns);
  const apps = useStudio((s) => s.apps);
  const openId = useStudio((s) => s.openCallId);
  const openCall = useStudio((s) => s.openCall);
  const compareCalls = useStudio((s) => s.compareCalls);
  // "Last N minutes" is relative to when the filter was chosen, so the moment is kept with the form.
  const [{ form, at }, setFilter] = useState<{ form: TableFilterForm; at: number }>({
    form: EMPTY_FILTER,
    at: 0,
  });
  const [sel, setSel] = useState<Selection>(EMPTY_SELECTION);

  // All calls are loaded as the view is chosen (setView; up to 50,000: the newest page first, older ones behind
  // it); filters then apply client-side, which measured faster than a host round trip carrying thousands of rows.

  const parsed = useMemo(() => filterParams(form, at), [form, at]);
  const rows = useMemo(() => (parsed.ok ? filterCalls(all, parsed.params) : all), [all, parsed]);
  const rowIds = useMemo(() => rows.map((r) => r.id), [rows]);
  const nameOf = useMemo(() => fnNamer(fns, apps), [fns, apps]);
  const selectedIds = useMemo(() => visibleSelected(sel, rowIds), [sel, rowIds]);

  return (
    <div className="calls-view">
      <CallFilters
        form={form}
        onChange={(next) => setFilter({ form: next, at: Date.now() })}
        error={parsed.ok ? null : parsed.error}
      />
      <div className="calls-toolbar">
        <span className="muted" data-testid="calls-count">
          {rows.length.toLocaleString()} of {all.length.toLocaleString()} calls
          {!complete && ' (loading older calls…)'}
        </span>
        <button
          type="button"
          data-testid="calls-compare"
          disabled={selectedIds.length !== 2}
          title="Tick two calls to compare their status, headers, body and timings"
          onClick={() => void compareCalls(selectedIds[0]!, selectedIds[1]!)}
        >
          Compare 2 calls
        </button>
        <ExportBar
          selectedIds={selectedIds}
          filter={parsed.ok ? parsed.params : null}
          matching={rows.length}
          tableFull={all.length >= MAX_TABLE_CALLS}
        />
      </div>
      {error && <p className="inline-error">{error}</p>}
      <CallTable
        rows={rows}
        complete={complete}
        selected={sel.ids}
        openId={openId}
        nameOf={nameOf}
        onToggle={(id, shift) => setSel((s) => toggleRow(s, rowIds, id, shift))}
        onOpen={openCall}
      />
      <CallDiff />
      <CallDetail />
    </div>
  );
}
