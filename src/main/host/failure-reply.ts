// What a sync caller gets when its call fails: status, JSON error body and headers, from one rule, so the answer
// the invoke handler sends and the response the call record keeps are the same.
import type { CallOutcome } from '../core/call-types';
import { json } from './http-types';

/** Seconds a 503 asks the caller to wait before trying again. */
const RETRY_AFTER_S = '5';

/**
 * A cancelled call has no HTTP status of its own (DESIGN.md §5), yet a caller still waiting on it (cancelled by
 * `DELETE /v2/calls/{id}`) needs an answer. 409 Conflict: the call's state was changed under the request by
 * another one, as `DELETE` itself answers 409 for a call that has already ended; clients take it as final and do
 * not retry it. Not 499 (nginx's own, unknown to clients and proxies), not 503 (invites an automatic retry of work
 * someone chose to stop), not 500 (nothing broke).
 */
export const CANCELLED_STATUS = 409;

export interface FailureReply {
  status: number;
  headers: Record<string, string[]>;
  body: string;
}

export function failureReply(
  o: Pick<CallOutcome, 'status' | 'http_status' | 'error' | 'error_kind'>,
  callId: string,
): FailureReply {
  const status = o.http_status ?? (o.error_kind === 'cancelled' ? CANCELLED_STATUS : 500);
  const res = json(status, { message: o.error ?? o.status });
  const headers: Record<string, string[]> = {
    'Content-Type': [String(res.headers['Content-Type'])],
    'Fn-Call-Id': [callId],
  };
  if (status === 503) headers['Retry-After'] = [RETRY_AFTER_S];
  return { status, headers, body: String(res.body) };
}
