// The plain request and response objects the HTTP API handles, shared by the socket server and sendHttp.
import type { Readable } from 'node:stream';
import { ApiError } from '../../shared/errors';
import type { BodyTap } from './body-tap';
import type { Canceller } from '../core/call-cancel';

export interface HostRequest {
  method: string;
  /** Path and query, e.g. `/v2/fns?app_id=X`. */
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Set for invokes: the body as it arrives (then `body` is empty). */
  bodyStream?: BodyTap;
  /**
   * Aborted with CLIENT_GONE when the client goes away: an invoke's call is cancelled with it. The call's own cancel
   * (DELETE /v2/calls/{id}) aborts it too, with another reason.
   */
  abort: Canceller;
}

/** The reason a request's controller aborts with when its client went away (nobody is left to answer). */
export const CLIENT_GONE: Error = new Error('client disconnected');

export interface HostResponse {
  status: number;
  /** A list sends the header once per value (e.g. two Set-Cookie). */
  headers: Record<string, string | string[]>;
  /** A Readable when a function's reply is streamed on as it arrives. */
  body: Buffer | string | Readable;
}

export const json = (status: number, value: unknown): HostResponse => ({
  status,
  headers: { 'Content-Type': 'application/json; charset=utf-8' },
  body: value === undefined ? '' : JSON.stringify(value),
});

export const plainText = (body: string): HostResponse => ({
  status: 200,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body,
});

export const noContent = (): HostResponse => ({ status: 204, headers: {}, body: '' });

export function headerValue(req: HostRequest, name: string): string | undefined {
  return firstValue(req.headers[name]);
}

/** A header's first value, whichever shape the headers came in. */
export const firstValue = (v: string | string[] | undefined): string | undefined =>
  Array.isArray(v) ? v[0] : v;

export type Handler = (
  req: HostRequest,
  params: string[],
  query: URLSearchParams,
) => Promise<HostResponse> | HostResponse;
export type Route = { pattern: RegExp; methods: Record<string, Handler> };

export function parseJsonBody(req: HostRequest): unknown {
  const text = req.body.toString('utf8').trim();
  if (!text) throw new ApiError('invalid_input', 'the request body must be a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ApiError('invalid_input', `the request body is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ApiError('invalid_input', 'the request body must be a JSON object');
  return value;
}
