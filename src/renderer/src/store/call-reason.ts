// Why a call is where it is, in a few words for the calls table: a failure's headline, or what it waits (waited) for.
import { explainFailure } from '../../../shared/explain-failure';
import type { CallSummary } from '../../../shared/models';
import { waitedBefore, waitingNow } from '../../../shared/wait-reasons';

export interface CallReason {
  /** The words shown in the table. */
  text: string;
  /** More, for a tooltip: a failure's advice. */
  detail?: string;
}

/** The reason to show for a call, or null when there is nothing to say (a call that ran without waiting). */
export function callReason(c: Pick<CallSummary, 'status' | 'error_kind' | 'waiting_for'>): CallReason | null {
  const failure = explainFailure(c);
  if (failure) return { text: failure.title, detail: failure.advice };
  if (c.status === 'queued') return c.waiting_for ? { text: waitingNow(c.waiting_for) } : null;
  return c.waiting_for ? { text: waitedBefore(c.waiting_for) } : null;
}
