// Why a call failed, as data: every ended call carries one kind (DESIGN.md §5), and the kind alone decides its
// status and HTTP status here, so the agent, the store and the UI never read a failure's English text.
import type { CallStatus } from './models';

/** The kinds DESIGN.md §5 pins, then the ones this host adds. */
export const ERROR_KINDS = [
  'timeout', // ran past its timeout (container killed), or an http-stream function answered 504
  'init_timeout', // did not become ready in time
  'init_failed', // exited (or announced a bad listener) before it was ready
  'oom',
  'exit', // a non-zero exit or a crash while it ran
  'bad_reply', // malformed protocol output, or an http-stream status outside 200/502/504
  'function_error', // an http-stream 502 from the function itself
  'pull_failed',
  'no_capacity', // no container within the wait bound, or a function bigger than the pool
  'shutdown',
  'cancelled',
  'too_large', // the request body went over the limit while it streamed to the function
  'interrupted', // the host died while it ran
  'engine_unavailable', // Docker did not answer
  'launch_failed', // the engine refused to create or start the container (e.g. an unknown network)
  'fn_deleted', // a detached call whose function was deleted before it ran
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export const isErrorKind = (v: unknown): v is ErrorKind => (ERROR_KINDS as readonly unknown[]).includes(v);

/** The one rule from a kind to a call's status and the HTTP status a sync caller gets (none: no answer is sent). */
export const KIND_OUTCOME: Record<
  ErrorKind,
  { status: Exclude<CallStatus, 'queued' | 'running' | 'success'>; http?: number }
> = {
  timeout: { status: 'timeout', http: 504 },
  init_timeout: { status: 'timeout', http: 504 },
  init_failed: { status: 'error', http: 502 },
  oom: { status: 'error', http: 502 },
  exit: { status: 'error', http: 502 },
  bad_reply: { status: 'error', http: 502 },
  function_error: { status: 'error', http: 502 },
  pull_failed: { status: 'error', http: 502 },
  no_capacity: { status: 'error', http: 503 },
  shutdown: { status: 'error', http: 503 },
  cancelled: { status: 'cancelled' },
  too_large: { status: 'error', http: 413 },
  interrupted: { status: 'error' },
  engine_unavailable: { status: 'error', http: 503 },
  launch_failed: { status: 'error', http: 502 },
  fn_deleted: { status: 'error', http: 404 },
  internal: { status: 'error', http: 500 },
};
