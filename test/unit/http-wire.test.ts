// HTTP/1.1 on a function's socket: the request head written for `POST /call`, and the reply parser fed reads of any
// size (split anywhere), with each framing (Content-Length, chunked, until close, none), interim replies, keep-alive
// rules, bytes after the reply and malformed replies.
import { describe, expect, it } from 'vitest';
import {
  ReplyParser,
  type ReplyHead,
  requestHead,
  chunkOf,
  LAST_CHUNK,
} from '../../src/main/core/protocols/http-wire';
import { ProtocolError } from '../../src/main/core/protocols/protocol';

interface Parsed {
  head?: ReplyHead;
  body: string;
  ends: number;
  parser: ReplyParser;
}

function parser(): Parsed {
  const out: Parsed = { body: '', ends: 0 } as Parsed;
  out.parser = new ReplyParser({
    head: (h) => (out.head = h),
    body: (c) => (out.body += c.toString('latin1')),
    end: () => out.ends++,
  });
  return out;
}

/** Feeds `text` in reads of `size` bytes. */
function feed(text: string, size = text.length): Parsed {
  const p = parser();
  const bytes = Buffer.from(text, 'latin1');
  for (let i = 0; i < bytes.length; i += size) p.parser.push(bytes.subarray(i, i + size));
  return p;
}

const OK = 'HTTP/1.1 200 OK\r\n';

describe('requestHead', () => {
  it('writes each value of a header as a line of its own, then the framing', () => {
    const head = requestHead({ 'Fn-Call-Id': '01J', Cookie: ['a=1', 'b=2'] }, 2);
    expect(head).toBe(
      'POST /call HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\nFn-Call-Id: 01J\r\nCookie: a=1\r\nCookie: b=2\r\nContent-Length: 2\r\n\r\n',
    );
    expect(requestHead({}, undefined)).toContain('\r\nTransfer-Encoding: chunked\r\n\r\n');
  });

  it('refuses a header that would split the request', () => {
    expect(() => requestHead({ 'X-A': 'x\r\nX-Injected: 1' }, 0)).toThrow(/Invalid character/);
    expect(() => requestHead({ 'Bad Name': 'x' }, 0)).toThrow(/valid HTTP token/);
  });

  it('frames a streamed body as chunks and ends it with the last chunk', () => {
    expect(Buffer.concat([...chunkOf(Buffer.from('hello world!')), LAST_CHUNK]).toString()).toBe(
      'c\r\nhello world!\r\n0\r\n\r\n',
    );
  });
});

describe('ReplyParser', () => {
  const lengthReply = `${OK}Content-Type: text/plain\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 5\r\n\r\nhello`;
  const chunkedReply = `${OK}Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n`;

  it.each([1, 2, 3, 7, 1000])('reads a Content-Length reply in reads of %i byte(s)', (size) => {
    const p = feed(lengthReply, size);
    expect(p.head).toEqual({
      status: 200,
      headers: { 'content-type': ['text/plain'], 'set-cookie': ['a=1', 'b=2'], 'content-length': ['5'] },
      keepAlive: true,
    });
    expect(p.body).toBe('hello');
    expect(p.ends).toBe(1);
    expect(p.parser.extra).toBe(false);
  });

  it.each([1, 2, 3, 5, 1000])(
    'reads a chunked reply (extensions, trailers) in reads of %i byte(s)',
    (size) => {
      const p = feed(chunkedReply, size);
      expect(p.head?.status).toBe(200);
      expect(p.body).toBe('hello, world');
      expect(p.ends).toBe(1);
      expect(p.head?.keepAlive).toBe(true);
    },
  );

  it('ends at once a reply without a body (Content-Length 0, 204)', () => {
    expect(feed(`${OK}Content-Length: 0\r\n\r\n`).ends).toBe(1);
    expect(feed('HTTP/1.1 204 No Content\r\n\r\n').ends).toBe(1);
  });

  it('skips interim replies before the real one', () => {
    const p = feed(`HTTP/1.1 100 Continue\r\n\r\n${lengthReply}`, 4);
    expect(p.head?.status).toBe(200);
    expect(p.body).toBe('hello');
  });

  it('reads a body without length until the connection closes, and keeps no such connection', () => {
    const p = feed(`${OK}Content-Type: text/plain\r\n\r\npart one, `);
    expect(p.ends).toBe(0);
    p.parser.push(Buffer.from('part two'));
    expect(p.parser.closed()).toBe(true);
    expect(p.body).toBe('part one, part two');
    expect(p.ends).toBe(1);
    expect(p.head?.keepAlive).toBe(false);
  });

  it('says a reply cut short by a close is incomplete', () => {
    const p = feed(`${OK}Content-Length: 10\r\n\r\nhello`);
    expect(p.parser.closed()).toBe(false);
    expect(p.ends).toBe(0);
    expect(parser().parser.closed()).toBe(false);
  });

  it('keeps no connection the function asks to close, nor an HTTP/1.0 one without keep-alive', () => {
    expect(feed(`${OK}Connection: close\r\nContent-Length: 0\r\n\r\n`).head?.keepAlive).toBe(false);
    expect(feed('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').head?.keepAlive).toBe(false);
    expect(
      feed('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n').head?.keepAlive,
    ).toBe(true);
  });

  it('lets a transfer coding override a length, and keeps no connection framed two ways', () => {
    const both = feed(`${OK}Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n`);
    expect(both.body).toBe('hello');
    expect(both.head?.keepAlive).toBe(false);
    // Codings over several headers: only the last one decides; a body not chunked last runs until close.
    const split = feed(
      `${OK}Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nab`,
    );
    expect(split.ends).toBe(0);
    expect(split.parser.closed()).toBe(true);
    expect(split.body).toBe('ab');
    const http10 = feed(
      'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    );
    expect(http10.ends).toBe(1);
    expect(http10.head?.keepAlive).toBe(false);
  });

  it('notices bytes after the reply, in the same read or a later one', () => {
    expect(feed(`${lengthReply}HTTP/1.1`).parser.extra).toBe(true);
    expect(feed(`${chunkedReply}x`).parser.extra).toBe(true);
    const p = feed(lengthReply);
    p.parser.push(Buffer.from('late'));
    expect(p.parser.extra).toBe(true);
    expect(p.ends).toBe(1);
  });

  it('counts the bytes seen, so a failure before any is told apart', () => {
    const p = feed('HTTP/1.1 2');
    expect(p.parser.seen).toBe(10);
    expect(p.head).toBeUndefined();
  });

  it.each([
    ['a status line that is not HTTP/1.x', 'HTTP/2 200 OK\r\n\r\n', /bad status line/],
    ['a header line without a colon', `${OK}Broken\r\n\r\n`, /bad header line/],
    ['a folded header line', `${OK}X-A: 1\r\n  more\r\nContent-Length: 0\r\n\r\n`, /bad header line/],
    ['a Content-Length that is not a number', `${OK}Content-Length: 1e3\r\n\r\n`, /bad Content-Length/],
    [
      'two Content-Lengths that disagree',
      `${OK}Content-Length: 1\r\nContent-Length: 2\r\n\r\n`,
      /bad Content-Length/,
    ],
    ['a bad chunk size', `${OK}Transfer-Encoding: chunked\r\n\r\nzz\r\n`, /bad chunk size/],
    [
      'a chunk without its CRLF',
      `${OK}Transfer-Encoding: chunked\r\n\r\n2\r\nabXY`,
      /does not end with CRLF/,
    ],
  ])('refuses %s', (_, text, message) => {
    expect(() => feed(text)).toThrow(ProtocolError);
    expect(() => feed(text)).toThrow(message);
  });

  it('refuses a head that does not end within 16 KiB', () => {
    const p = parser();
    expect(() => p.parser.push(Buffer.from(`${OK}X-Big: ${'a'.repeat(17 * 1024)}`))).toThrow(/within 16 KiB/);
  });
});
