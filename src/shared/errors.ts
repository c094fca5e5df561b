// One error type for every boundary: it carries the HTTP status the API answers with and a message a person understands.

export type ErrorCode =
  | 'invalid_input'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'too_large'
  | 'not_implemented'
  | 'function_error'
  | 'unavailable'
  | 'timeout'
  | 'internal';

const STATUS_OF: Record<ErrorCode, number> = {
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  too_large: 413,
  not_implemented: 501,
  function_error: 502,
  unavailable: 503,
  timeout: 504,
  internal: 500,
};

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = STATUS_OF[code];
  }
}

export function codeForStatus(status: number): ErrorCode {
  const found = (Object.keys(STATUS_OF) as ErrorCode[]).find((c) => STATUS_OF[c] === status);
  return found ?? 'internal';
}

/** The `{result}|{error}` envelope every transport carries. */
export type Envelope<T> = { result: T } | { error: { code: ErrorCode; status: number; message: string } };

export function errorEnvelope(err: unknown): Envelope<never> {
  if (err instanceof ApiError) return { error: { code: err.code, status: err.status, message: err.message } };
  const message = err instanceof Error ? err.message : String(err);
  return { error: { code: 'internal', status: 500, message } };
}
