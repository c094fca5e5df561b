// How a wait for a container can end without one: cancelled, past the wait bound (503), refused (400), or the
// launch's own error (502, or 504 when the function never became ready).
import { ApiError } from '../../shared/errors';
import type { CallOutcome } from './call-types';

type Partial = Omit<CallOutcome, 'completed_at' | 'timings'>;

export class WaitBoundError extends Error {
  constructor(mb: number, ms: number) {
    super(`no capacity: no container with ${mb} MB became available within ${Math.round(ms / 1000)} s`);
  }
}
export class CancelledError extends Error {
  constructor() {
    super('cancelled while waiting for a container');
  }
}

/** How a failed wait for a container ends: cancelled, 503 past the bound, 400 too big, else the launch error (502). */
export function mapWaitError(
  err: unknown,
  fail: (s: CallOutcome['status'], h: number | undefined, e: string) => Partial,
): Partial {
  if (err instanceof CancelledError) return fail('cancelled', undefined, err.message);
  if (err instanceof WaitBoundError) return fail('error', 503, err.message);
  if (err instanceof ApiError) return fail(err.status === 504 ? 'timeout' : 'error', err.status, err.message);
  return fail('error', 502, (err as Error).message ?? String(err));
}
