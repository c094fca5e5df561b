// HTTP/1.1 on a function's socket without Node's http client: the request's head written in one piece, a streamed
// body chunked, and a parser for the reply (Content-Length, chunked, or until close). Per call, Node's client builds
// a ClientRequest, an IncomingMessage, a parser binding and their streams; this does the same exchange with a string,
// a few callbacks and no stream of its own (measured: less than half the CPU per call).
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { ProtocolError } from './protocol';

/** The longest reply head read (status line and headers), as Node's own parser allows by default. */
const MAX_HEAD_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * The head of `POST /call` with these headers (each value a line of its own) and either a Content-Length or, for a
 * body that streams, chunked encoding. Names and values are checked as Node's client checks them: a header that
 * could split the request is refused, not sent.
 */
export function requestHead(headers: Record<string, string | string[]>, contentLength?: number): string {
  let head = 'POST /call HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n';
  for (const name in headers) {
    validateHeaderName(name);
    const v = headers[name];
    for (const value of typeof v === 'string' ? [v] : v) {
      validateHeaderValue(name, value);
      head += `${name}: ${value}\r\n`;
    }
  }
  return `${head}${contentLength === undefined ? 'Transfer-Encoding: chunked' : `Content-Length: ${contentLength}`}\r\n\r\n`;
}

/** One chunk of a chunked request body (never empty: an empty chunk ends the body). */
export const chunkOf = (c: Buffer): Buffer[] => [Buffer.from(`${c.length.toString(16)}\r\n`), c, CRLF];
export const LAST_CHUNK = Buffer.from('0\r\n\r\n');

export interface ReplyHead {
  status: number;
  /** Names in lower case, every value of a repeated header kept, in order. */
  headers: Record<string, string[]>;
  /** The connection may carry another call after this reply. */
  keepAlive: boolean;
}

export interface ReplyEvents {
  head(h: ReplyHead): void;
  body(chunk: Buffer): void;
  /** The reply is complete (once). */
  end(): void;
}

type Framing = { kind: 'length'; left: number } | { kind: 'chunked' } | { kind: 'close' } | { kind: 'none' };

/** Reads one reply, fed the socket's chunks as they come; throws ProtocolError on what is not HTTP/1.1. */
export class ReplyParser {
  private buf: Buffer | undefined;
  private framing?: Framing;
  /** Chunked: bytes left of the current chunk's data, then its CRLF; -1 while reading a size line; -2 trailers. */
  private chunkLeft = -1;
  private done = false;
  /** Bytes of the reply seen so far (a failure before any means the connection was closed while idle). */
  seen = 0;
  /** Bytes came after the reply: the function spoke out of turn, and the connection is not kept. */
  extra = false;

  constructor(private readonly on: ReplyEvents) {}

  push(chunk: Buffer): void {
    this.seen += chunk.length;
    if (this.done) {
      this.extra = true;
      return;
    }
    let data = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
    this.buf = undefined;
    while (data.length > 0 && !this.done) {
      if (!this.framing) {
        const end = data.indexOf(HEAD_END);
        if (end < 0) {
          if (data.length > MAX_HEAD_BYTES)
            throw new ProtocolError('invalid http-stream reply: no end of headers within 16 KiB');
          this.buf = data;
          return;
        }
        const { framing, status, headers, keepAlive } = parseHead(data.toString('latin1', 0, end));
        const head: ReplyHead = { status, headers, keepAlive };
        data = data.subarray(end + 4);
        // An interim reply (100 Continue, 103 Early Hints) is followed by the real one.
        if (head.status < 200) continue;
        this.framing = framing;
        this.on.head(head);
        if (framing.kind === 'none' || (framing.kind === 'length' && framing.left === 0))
          this.finish(data.length > 0);
        continue;
      }
      data = this.body(data);
    }
  }

  /** The connection closed: ends a reply whose body runs until close; false when the reply was cut short. */
  closed(): boolean {
    if (this.done) return true;
    if (this.framing?.kind !== 'close') return false;
    this.finish(false);
    return true;
  }

  private finish(extra: boolean): void {
    this.done = true;
    this.extra = extra;
    this.on.end();
  }

  /** Consumes body bytes; returns what is left over for the next step (a chunked size line, or nothing). */
  private body(data: Buffer): Buffer {
    const f = this.framing!;
    if (f.kind === 'close') {
      this.on.body(data);
      return Buffer.alloc(0);
    }
    if (f.kind === 'length') {
      const take = Math.min(f.left, data.length);
      f.left -= take;
      this.on.body(data.subarray(0, take));
      if (f.left === 0) this.finish(data.length > take);
      return Buffer.alloc(0);
    }
    return this.chunked(data);
  }

  private chunked(data: Buffer): Buffer {
    while (data.length > 0 && !this.done) {
      if (this.chunkLeft > 2) {
        const take = Math.min(this.chunkLeft - 2, data.length);
        this.on.body(data.subarray(0, take));
        this.chunkLeft -= take;
        data = data.subarray(take);
        continue;
      }
      if (this.chunkLeft > 0) {
        // The CRLF after a chunk's data.
        const take = Math.min(this.chunkLeft, data.length);
        if (!CRLF.subarray(2 - this.chunkLeft, 2 - this.chunkLeft + take).equals(data.subarray(0, take)))
          throw new ProtocolError('invalid http-stream reply: a chunk does not end with CRLF');
        this.chunkLeft -= take;
        data = data.subarray(take);
        if (this.chunkLeft === 0) this.chunkLeft = -1;
        continue;
      }
      const eol = data.indexOf(CRLF);
      if (eol < 0) {
        if (data.length > MAX_HEAD_BYTES)
          throw new ProtocolError('invalid http-stream reply: a chunk line is too long');
        this.buf = data;
        return Buffer.alloc(0);
      }
      const line = data.toString('latin1', 0, eol);
      data = data.subarray(eol + 2);
      if (this.chunkLeft === -2) {
        // Trailers, ignored; the empty line ends the reply.
        if (line === '') this.finish(data.length > 0);
        continue;
      }
      const m = /^([0-9a-fA-F]{1,12})[ \t]*(;.*)?$/.exec(line);
      if (!m)
        throw new ProtocolError(
          `invalid http-stream reply: bad chunk size ${JSON.stringify(line.slice(0, 40))}`,
        );
      const size = parseInt(m[1], 16);
      this.chunkLeft = size === 0 ? -2 : size + 2;
    }
    return data;
  }
}

function parseHead(text: string): ReplyHead & { framing: Framing } {
  // Lines are walked in place (no array of them): this runs once per call.
  let eol = text.indexOf('\r\n');
  if (eol < 0) eol = text.length;
  const statusLine = text.slice(0, eol);
  const m = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: .*)?$/.exec(statusLine);
  if (!m)
    throw new ProtocolError(
      `invalid http-stream reply: bad status line ${JSON.stringify(statusLine.slice(0, 60))}`,
    );
  const status = Number(m[2]);
  const headers: Record<string, string[]> = {};
  let lengths: string | undefined;
  // Every Transfer-Encoding header's codings in order: the body is chunked only when the last of them is.
  let codings: string | undefined;
  let connection = '';
  for (let start = eol + 2; start <= text.length; start = eol + 2) {
    eol = text.indexOf('\r\n', start);
    if (eol < 0) eol = text.length;
    const colon = text.indexOf(':', start);
    const first = text.charCodeAt(start);
    // 32: a space, 9: a tab (a folded line, which HTTP/1.1 no longer allows).
    if (colon <= start || colon >= eol || first === 32 || first === 9)
      throw new ProtocolError(
        `invalid http-stream reply: bad header line ${JSON.stringify(text.slice(start, Math.min(eol, start + 60)))}`,
      );
    const name = text.slice(start, colon).trim().toLowerCase();
    const value = text.slice(colon + 1, eol).trim();
    if (name === 'content-length') {
      if (!/^\d{1,15}$/.test(value) || (lengths !== undefined && lengths !== value))
        throw new ProtocolError(`invalid http-stream reply: bad Content-Length ${JSON.stringify(value)}`);
      lengths = value;
    } else if (name === 'transfer-encoding') codings = codings === undefined ? value : `${codings},${value}`;
    else if (name === 'connection') connection += `${value.toLowerCase()},`;
    (headers[name] ??= []).push(value);
  }
  const http10 = m[1] === '0';
  // RFC 9112 §6.3: a transfer coding overrides any length; a body coded otherwise than chunked runs until close.
  const framing: Framing =
    status === 204 || status === 304
      ? { kind: 'none' }
      : codings !== undefined
        ? /(?:^|,)\s*chunked\s*$/i.test(codings)
          ? { kind: 'chunked' }
          : { kind: 'close' }
        : lengths !== undefined
          ? { kind: 'length', left: Number(lengths) }
          : { kind: 'close' };
  // A reply framed two ways, or coded by an HTTP/1.0 server, may have been read differently by the function's side.
  const ambiguous = codings !== undefined && (lengths !== undefined || http10);
  const keepAlive =
    framing.kind !== 'close' &&
    !ambiguous &&
    !/(?:^|,)\s*close\s*,/.test(connection) &&
    (!http10 || /(?:^|,)\s*keep-alive\s*,/.test(connection));
  return { status, headers, keepAlive, framing };
}
