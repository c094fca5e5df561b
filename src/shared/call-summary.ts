// A call record's head (CallSummary): what tables and the timeline keep of each call.
import type { CallRecord, CallSummary } from './models';

const OPTIONAL = [
  'http_status',
  'error',
  'error_kind',
  'container_id',
  'start_kind',
  'waiting_for',
  'started_at',
  'completed_at',
] as const;

export function summaryOf(r: CallRecord): CallSummary {
  const head: CallSummary = {
    id: r.id,
    fn_id: r.fn_id,
    app_id: r.app_id,
    type: r.type,
    status: r.status,
    created_at: r.created_at,
  };
  for (const k of OPTIONAL) if (r[k] !== undefined) Object.assign(head, { [k]: r[k] });
  if (r.usage)
    Object.assign(head, { memory_peak_mb: r.usage.memory_peak_mb, memory_limit_mb: r.usage.memory_limit_mb });
  return head;
}
