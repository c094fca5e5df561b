// The calls table's filter: what the form holds, its validation, the host-side params it means, and the same
// filter applied client-side to the loaded rows (50,000 rows filter in a few ms, faster than a host round trip).
import type { CallSummaryParams } from '../../../shared/api-contract';
import type { CallStatus, CallSummary, StartKind } from '../../../shared/models';

export const STATUSES: readonly CallStatus[] = [
  'queued',
  'running',
  'success',
  'error',
  'timeout',
  'cancelled',
];
export const START_KINDS: readonly StartKind[] = ['cold', 'hot_new', 'hot_reused'];
export const LAST_MINUTES = [0, 5, 15, 60, 1440] as const;

export interface TableFilterForm {
  fnId: string;
  status: CallStatus | '';
  startKind: StartKind | '';
  /** 0: no "last N minutes" bound; since/until apply instead. */
  lastMinutes: number;
  /** datetime-local values ("2026-11-28T10:00"), local time; '' for none. */
  since: string;
  until: string;
}

export const EMPTY_FILTER: TableFilterForm = {
  fnId: '',
  status: '',
  startKind: '',
  lastMinutes: 0,
  since: '',
  until: '',
};

export type FilterResult = { ok: true; params: CallSummaryParams } | { ok: false; error: string };

function localToIso(value: string): string | null {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** The form as host params (RFC 3339 bounds), or why it is not valid; `now` makes "last N minutes" testable. */
export function filterParams(form: TableFilterForm, now: number): FilterResult {
  const params: CallSummaryParams = {};
  if (form.fnId) params.fn_id = form.fnId;
  if (form.status) params.status = form.status;
  if (form.startKind) params.start_kind = form.startKind;
  if (form.lastMinutes > 0) {
    params.since = new Date(now - form.lastMinutes * 60_000).toISOString();
    return { ok: true, params };
  }
  if (form.since) {
    const since = localToIso(form.since);
    if (!since) return { ok: false, error: '"Since" is not a valid date and time.' };
    params.since = since;
  }
  if (form.until) {
    const until = localToIso(form.until);
    if (!until) return { ok: false, error: '"Until" is not a valid date and time.' };
    params.until = until;
  }
  if (params.since && params.until && params.since > params.until)
    return { ok: false, error: '"Since" must be before "Until".' };
  return { ok: true, params };
}

/** True when the params select nothing out, so the loaded rows can be shown as they are. */
export const isEmptyFilter = (p: CallSummaryParams): boolean =>
  !p.fn_id && !p.status && !p.start_kind && !p.since && !p.until;

/** The host's filter semantics on loaded rows (created_at bounds inclusive; ISO strings compare in time order). */
export function filterCalls(rows: readonly CallSummary[], p: CallSummaryParams): readonly CallSummary[] {
  if (isEmptyFilter(p)) return rows;
  return rows.filter(
    (c) =>
      (!p.fn_id || c.fn_id === p.fn_id) &&
      (!p.status || c.status === p.status) &&
      (!p.start_kind || c.start_kind === p.start_kind) &&
      (!p.since || c.created_at >= p.since) &&
      (!p.until || c.created_at <= p.until),
  );
}

/** Wall time of the whole call, queue included: what the caller waited. */
export function callDuration(c: Pick<CallSummary, 'created_at' | 'completed_at'>): string {
  if (!c.completed_at) return '…';
  const ms = Date.parse(c.completed_at) - Date.parse(c.created_at);
  return Number.isFinite(ms) ? `${ms} ms` : '—';
}
