// Fn's `http` format: an HTTP/1.1 request per call on stdin, an HTTP/1.1 response with Content-Length on stdout.
import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { CallOptions } from '../call-types';
import {
  HOP_BY_HOP,
  type HotProtocol,
  ProtocolError,
  type ProtocolReply,
  type ReplyReader,
  rfc3339,
} from './protocol';

const MAX_HEAD_BYTES = 64 * 1024;

export const httpProtocol: HotProtocol = {
  encode(call: CallOptions, deadline: Date): Buffer {
    const path = new URL(call.url, 'http://localhost').pathname;
    const lines = [
      `${call.method} ${path} HTTP/1.1`,
      `Host: localhost`,
      `Content-Length: ${call.body.length}`,
    ];
    for (const [k, values] of Object.entries(call.headers)) {
      if (HOP_BY_HOP.has(k.toLowerCase()) || /^fn_/i.test(k)) continue;
      for (const v of values) lines.push(`${k}: ${v.replace(/[\r\n]/g, ' ')}`);
    }
    lines.push(
      `Fn_call_id: ${call.id}`,
      `Fn_deadline: ${rfc3339(deadline)}`,
      `Fn_method: ${call.method}`,
      `Fn_request_url: ${call.url}`,
    );
    return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n'), call.body]);
  },
  newReader: () => new HttpReplyReader(),
};

class HttpReplyReader implements ReplyReader {
  private buf = Buffer.alloc(0);
  private head?: { status: number; headers: Record<string, string[]>; length: number; bodyStart: number };

  push(chunk: Buffer): ProtocolReply | undefined {
    this.buf = Buffer.concat([this.buf, chunk]);
    if (!this.head) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.buf.length > MAX_HEAD_BYTES)
          throw new ProtocolError('invalid http reply: no end of headers within 64 KiB');
        if (!'HTTP/1.'.startsWith(this.buf.subarray(0, 7).toString('latin1'))) {
          throw new ProtocolError(
            `invalid http reply: expected an HTTP/1.1 status line, got ${JSON.stringify(this.buf.subarray(0, 40).toString())}`,
          );
        }
        return undefined;
      }
      this.head = parseHead(this.buf.subarray(0, end).toString('latin1'), end + 4);
    }
    const { bodyStart, length } = this.head;
    if (this.buf.length < bodyStart + length) return undefined;
    if (this.buf.length > bodyStart + length) {
      throw new ProtocolError(
        `invalid http reply: unexpected bytes after the response body: ${JSON.stringify(this.buf.subarray(bodyStart + length, bodyStart + length + 40).toString())}`,
      );
    }
    return {
      status: this.head.status,
      headers: this.head.headers,
      body: this.buf.subarray(bodyStart, bodyStart + length),
    };
  }
}

function parseHead(text: string, bodyStart: number) {
  const [statusLine, ...headerLines] = text.split('\r\n');
  const m = /^HTTP\/1\.[01] ([1-5]\d\d)(?: .*)?$/.exec(statusLine);
  if (!m)
    throw new ProtocolError(`invalid http reply: bad status line ${JSON.stringify(statusLine.slice(0, 60))}`);
  const headers: Record<string, string[]> = {};
  const lengths = new Set<string>();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new ProtocolError(`invalid http reply: bad header line ${JSON.stringify(line.slice(0, 60))}`);
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    checkHeader(name, value, 'invalid http reply');
    const lower = name.toLowerCase();
    // The body is read by Content-Length alone: a chunked (or otherwise encoded) body would be misread.
    if (lower === 'transfer-encoding')
      throw new ProtocolError(
        `invalid http reply: Transfer-Encoding ${JSON.stringify(value)} is not supported: send the body with a Content-Length`,
      );
    if (lower === 'content-length') lengths.add(value);
    else if (!HOP_BY_HOP.has(lower)) (headers[name] ??= []).push(value);
  }
  // RFC 9110 §8.6: one or more digits only (no sign, hex, exponent or fraction); repeats must agree.
  const [length] = lengths;
  if (lengths.size !== 1 || !/^\d{1,15}$/.test(length)) {
    throw new ProtocolError(
      `invalid http reply: the response must carry a valid Content-Length, got ${lengths.size ? JSON.stringify([...lengths].join(', ')) : 'none'}`,
    );
  }
  return { status: Number(m[1]), headers, length: Number(length), bodyStart };
}

/** HTTP's rules for a header name and value (what Node refuses to send on): a ProtocolError when broken. */
export function checkHeader(name: string, value: string, what: string): void {
  try {
    validateHeaderName(name);
  } catch {
    throw new ProtocolError(
      `${what}: header name ${JSON.stringify(name.slice(0, 60))} is not a valid HTTP token`,
    );
  }
  try {
    validateHeaderValue(name, value);
  } catch {
    throw new ProtocolError(
      `${what}: header ${name} has a character HTTP does not allow in ${JSON.stringify(value.slice(0, 60))}`,
    );
  }
}
