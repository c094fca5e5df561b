// Why a call is where it is, in a few words for the calls table: a failure's headline, or what it waits (waited) for.
import { explainFailure } from '../../../shared/explain-failure';
import type { CallSummary, WaitReason } from '../../../shared/models';

/** While queued: what the call waits for now. */
const WAITING: Record<WaitReason, string> = {
  memory: 'Waiting for memory',
  launch: 'Waiting for a container being started',
  container: 'Waiting for a busy container',
  detached_rule: 'Detached rule: runs when half the pool is free',
};

/** Once it ran: what it waited for longest. */
const WAITED: Record<WaitReason, string> = {
  memory: 'Waited for memory',
  launch: 'Waited for a container to start',
  container: 'Waited for a busy container',
  detached_rule: 'Waited for half the pool to be free',
};

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
  if (c.status === 'queued') return c.waiting_for ? { text: WAITING[c.waiting_for] } : null;
  return c.waiting_for ? { text: WAITED[c.waiting_for] } : null;
}
