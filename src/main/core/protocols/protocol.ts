// What a hot format must provide: encode a call onto stdin, and read exactly one reply back from stdout.
import type { CallOptions } from '../call-types';
import { isoSeconds } from '../../../shared/iso-time';

export interface ProtocolReply {
  status: number;
  headers: Record<string, string[]>;
  body: Buffer;
}

/** One reader per call: fed stdout chunks until it yields a reply or a protocol error. */
export interface ReplyReader {
  /** Returns undefined while incomplete; a reply when one is complete; throws ProtocolError on bad output. */
  push(chunk: Buffer): ProtocolReply | undefined;
}

export interface HotProtocol {
  encode(call: CallOptions, deadline: Date): Buffer;
  newReader(): ReplyReader;
}

export class ProtocolError extends Error {}

/** Header maps in Fn's shape: every value a list of strings. */
export function normalizeHeaders(raw: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k] = [v];
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v as string[];
    else throw new ProtocolError(`header ${k} must be a string or a list of strings`);
  }
  return out;
}

/** RFC 3339 UTC without milliseconds, as Fn writes deadlines. */
export const rfc3339 = (d: Date): string => isoSeconds(d.getTime());

/** Headers that belong to one connection, never forwarded to or from a function. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'upgrade',
  'proxy-connection',
  'proxy-authorization',
  'trailer',
  'host',
  'content-length',
]);
