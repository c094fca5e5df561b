// How a call fails, as data: a CallFailure carries its kind from wherever it is thrown (launch, wait, init), and
// `failed` turns a kind and a message into a runner's result; the status codes come from the kind alone.
import { ApiError } from '../../shared/errors';
import { type ErrorKind, KIND_OUTCOME } from '../../shared/error-kinds';
import type { CallOptions, RunResult } from './call-types';
import type { ExitInfo } from './driver';

export class CallFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CallFailure';
  }
}

const EMPTY = Buffer.alloc(0);

export function failed(kind: ErrorKind, error: string): RunResult {
  const o = KIND_OUTCOME[kind];
  return { status: o.status, http_status: o.http, error, error_kind: kind, body: EMPTY, headers: {} };
}

/** The kind of anything thrown on the way to a running container (a wait, a pull, a create, an init). */
export function failureOf(err: unknown): RunResult {
  if (err instanceof CallFailure) return failed(err.kind, err.message);
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ApiError) {
    if (err.code === 'unavailable') return failed('engine_unavailable', message);
    if (err.code === 'too_large') return failed('too_large', message);
    // The pool refuses a function bigger than itself (it shrank after the call was let in).
    if (err.code === 'invalid_input') return failed('no_capacity', message);
  }
  return failed('launch_failed', message);
}

export const waitBound = (call: Pick<CallOptions, 'memory' | 'debug'>, ms: number): CallFailure =>
  new CallFailure(
    'no_capacity',
    call.debug
      ? `no capacity: the function is in debug mode, which runs one container, and it stayed busy or starting for ${Math.round(ms / 1000)} s (a call held at a breakpoint, or a start waiting for a debugger?)`
      : `no capacity: no container with ${call.memory} MB became available within ${Math.round(ms / 1000)} s`,
  );

export const concurrencyBound = (max: number, ms: number): CallFailure =>
  new CallFailure(
    'no_capacity',
    `no capacity: the function ran its ${max} calls at once (its concurrency cap) for all of ${Math.round(ms / 1000)} s`,
  );

export const cancelledWaiting = (): CallFailure =>
  new CallFailure('cancelled', 'cancelled while waiting for a container');

export const shuttingDown = (): CallFailure =>
  new CallFailure('shutdown', 'Fn Studio is shutting down; the call was not run');

/**
 * A call that ran past its timeout (its container is then killed). One that reached its memory limit on the way is
 * out of memory instead: a function stalled at its limit, with no OOM notice from the engine, needs more memory,
 * not more time.
 */
export function timedOut(call: { timeout: number; memory: number }, reachedMemoryLimit: boolean): RunResult {
  return reachedMemoryLimit
    ? failed(
        'oom',
        `function ran out of memory: it reached its memory limit (${call.memory} MB) and ran past its timeout of ${call.timeout} s (container killed)`,
      )
    : failed('timeout', `function timed out after ${call.timeout} s (container killed)`);
}

/** A container that ended while it ran a call: out of memory or an exit, in words and as a kind. */
export function exitFailure(exit: ExitInfo, memoryMb: number): CallFailure {
  return exit.oomKilled
    ? new CallFailure('oom', `function ran out of memory (limit ${memoryMb} MB)`)
    : new CallFailure('exit', `function exited with code ${exit.exitCode}`);
}
