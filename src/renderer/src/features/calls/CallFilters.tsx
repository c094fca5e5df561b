// The calls table's filters: function, status, start kind, and time (last N minutes, or since/until).
import { useMemo } from 'react';
import type { CallStatus, StartKind } from '../../../../shared/models';
import { useStudio } from '../../store/store-context';
import { LAST_MINUTES, START_KINDS, STATUSES, type TableFilterForm } from '../../store/call-filter';
import { fnOptions } from '../../store/fn-names';
import { startKindLabel } from '../../store/start-kind-label';

const LAST_LABELS: Record<number, string> = {
  0: 'Any time',
  5: 'Last 5 min',
  15: 'Last 15 min',
  60: 'Last hour',
  1440: 'Last day',
};

export function CallFilters({
  form,
  onChange,
  error,
}: {
  form: TableFilterForm;
  onChange: (form: TableFilterForm) => void;
  error: string | null;
}) {
  const fns = useStudio((s) => s.fns);
  const apps = useStudio((s) => s.apps);
  const options = useMemo(() => fnOptions(fns, apps), [fns, apps]);
  const set = (patch: Partial<TableFilterForm>) => onChange({ ...form, ...patch });
  return (
    <div className="call-filters" role="group" aria-label="Filter calls">
      <label>
        Function
        <select data-testid="filter-fn" value={form.fnId} onChange={(e) => set({ fnId: e.target.value })}>
          <option value="">All</option>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select
          data-testid="filter-status"
          value={form.status}
          onChange={(e) => set({ status: e.target.value as CallStatus | '' })}
        >
          <option value="">All</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Start
        <select
          data-testid="filter-start-kind"
          value={form.startKind}
          onChange={(e) => set({ startKind: e.target.value as StartKind | '' })}
        >
          <option value="">All</option>
          {START_KINDS.map((k) => (
            <option key={k} value={k}>
              {startKindLabel(k)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Time
        <select
          data-testid="filter-last"
          value={form.lastMinutes}
          onChange={(e) => set({ lastMinutes: Number(e.target.value) })}
        >
          {LAST_MINUTES.map((m) => (
            <option key={m} value={m}>
              {LAST_LABELS[m]}
            </option>
          ))}
        </select>
      </label>
      {form.lastMinutes === 0 && (
        <>
          <label>
            Since
            <input
              type="datetime-local"
              data-testid="filter-since"
              value={form.since}
              onChange={(e) => set({ since: e.target.value })}
            />
          </label>
          <label>
            Until
            <input
              type="datetime-local"
              data-testid="filter-until"
              value={form.until}
              onChange={(e) => set({ until: e.target.value })}
            />
          </label>
        </>
      )}
      {error && (
        <p className="inline-error" data-testid="filter-error">
          {error}
        </p>
      )}
    </div>
  );
}
