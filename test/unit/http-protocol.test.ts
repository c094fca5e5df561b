// The http format's reply reader: one HTTP/1.1 response with Content-Length per call, however stdout splits it.
import { describe, expect, it } from 'vitest';
import type { CallOptions } from '../../src/main/core/call-types';
import { httpProtocol } from '../../src/main/core/protocols/http-protocol';
import type { ProtocolReply } from '../../src/main/core/protocols/protocol';
import { replyReading } from '../support/protocol-reader';

const { read, readText, errorOf } = replyReading(httpProtocol, 'latin1');
/** A reply head with these header lines and a blank line. */
const head = (...lines: string[]) => ['HTTP/1.1 200 OK', ...lines].join('\r\n') + '\r\n\r\n';

const BODY = Buffer.from('héllo ✓ 😀\r\n\r\nHTTP/1.1 200 OK\r\n');
const REPLY = Buffer.concat([
  Buffer.from(
    [
      'HTTP/1.1 201 Created',
      'Content-Type: text/plain; charset=utf-8',
      'Set-Cookie: a=1; Path=/',
      'Set-Cookie: b=2; Path=/',
      'Connection: keep-alive',
      `Content-Length: ${BODY.length}`,
      'X-Empty:',
    ].join('\r\n') + '\r\n\r\n',
  ),
  BODY,
]);
const EXPECTED: ProtocolReply = {
  status: 201,
  headers: {
    'Content-Type': ['text/plain; charset=utf-8'],
    'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'],
    'X-Empty': [''],
  },
  body: BODY,
};

describe('http protocol reply', () => {
  it('reads a reply that arrives whole, dropping hop-by-hop headers', () => {
    expect(read(REPLY)).toEqual(EXPECTED);
  });

  it('reads the same reply when stdout splits it at any byte', () => {
    for (let at = 1; at < REPLY.length; at++) {
      expect(read(REPLY.subarray(0, at), REPLY.subarray(at)), `split at byte ${at}`).toEqual(EXPECTED);
    }
  });

  it('reads the reply one byte at a time', () => {
    expect(read(...[...REPLY].map((b) => Buffer.from([b])))).toEqual(EXPECTED);
  });

  it('keeps two Set-Cookie headers as two list entries, not joined', () => {
    const reply = readText(head('Set-Cookie: a=1', 'Set-Cookie: b=2, c', 'Content-Length: 0'));
    expect(reply.headers['Set-Cookie']).toEqual(['a=1', 'b=2, c']);
  });

  it('reads an empty body as soon as the head is complete', () => {
    expect(readText(head('Content-Length: 0'))).toEqual({ status: 200, headers: {}, body: Buffer.alloc(0) });
    expect(readText('HTTP/1.0 204\r\nContent-Length: 0\r\n\r\n').status).toBe(204);
  });

  it('refuses bytes after the body, whether they arrive with it or the reply is split anywhere', () => {
    expect(errorOf(head('Content-Length: 2') + 'hi\n')).toMatch(
      /unexpected bytes after the response body: "\\n"/,
    );
    expect(errorOf(head('Content-Length: 0') + head('Content-Length: 0'))).toMatch(/after the response body/);
    const bytes = Buffer.from(head('Content-Length: 2') + 'hiX');
    for (let at = 1; at < bytes.length - 1; at++) {
      const reader = httpProtocol.newReader();
      expect(reader.push(bytes.subarray(0, at))).toBeUndefined();
      expect(() => reader.push(bytes.subarray(at)), `split at byte ${at}`).toThrow(/after the response body/);
    }
  });

  it('refuses a missing, malformed, negative or conflicting Content-Length', () => {
    expect(errorOf(head('X-A: 1'))).toMatch(/must carry a valid Content-Length/);
    for (const value of ['', 'abc', '-1', '1.5', '0x10', '1e3', '+5', '5 5', '99999999999999999999']) {
      expect(errorOf(head(`Content-Length: ${value}`)), value).toMatch(/Content-Length/);
    }
    expect(errorOf(head('Content-Length: 1', 'Content-Length: 2') + 'ab')).toMatch(/Content-Length/);
    expect(readText(head('Content-Length: 2', 'content-length: 2') + 'ab').body.toString()).toBe('ab');
  });

  it('refuses a chunked reply with a message that says so', () => {
    const chunked = head('Transfer-Encoding: chunked') + '2\r\nhi\r\n0\r\n\r\n';
    expect(errorOf(chunked)).toMatch(/chunked.*not supported.*Content-Length/);
    expect(errorOf(head('Transfer-Encoding: chunked', 'Content-Length: 2') + 'hi')).toMatch(/chunked/);
  });

  it('refuses a bad status line', () => {
    expect(errorOf('HTTP/2 200 OK\r\nContent-Length: 0\r\n\r\n')).toMatch(/bad status line/);
    expect(errorOf('HTTP/1.1 099 Low\r\nContent-Length: 0\r\n\r\n')).toMatch(/bad status line/);
    expect(errorOf('HTTP/1.1 600 High\r\nContent-Length: 0\r\n\r\n')).toMatch(/bad status line/);
    expect(() => httpProtocol.newReader().push(Buffer.from('{"body":"a json reply"}\n'))).toThrow(
      /expected an HTTP\/1.1 status line/,
    );
  });

  it('refuses header lines, names and values HTTP cannot carry', () => {
    expect(errorOf(head('no colon here', 'Content-Length: 0'))).toMatch(/bad header line/);
    expect(errorOf(head(': no name', 'Content-Length: 0'))).toMatch(/bad header line/);
    expect(errorOf(head('Bad Name: x', 'Content-Length: 0'))).toMatch(/header name "Bad Name"/);
    expect(errorOf(head('X-A: a\nInjected: 1', 'Content-Length: 0'))).toMatch(/header X-A/);
    expect(errorOf(head('X-A: \u0001', 'Content-Length: 0'))).toMatch(/header X-A/);
  });

  it('refuses a head that does not end within 64 KiB', () => {
    const reader = httpProtocol.newReader();
    reader.push(Buffer.from('HTTP/1.1 200 OK\r\n'));
    expect(() => reader.push(Buffer.alloc(64 * 1024, 'a'))).toThrow(/no end of headers within 64 KiB/);
  });
});

describe('http protocol request', () => {
  it('sends each header value on its own line, then the Fn headers and the body', () => {
    const call = {
      id: 'call1',
      method: 'POST',
      url: 'http://127.0.0.1:8080/invoke/fn1?x=1',
      headers: { Cookie: ['a=1', 'b=2'], Fn_call_id: ['forged'], Connection: ['close'], 'X-A': ['a\r\nb'] },
      body: Buffer.from('hé'),
    } as Partial<CallOptions> as CallOptions;
    const text = httpProtocol.encode(call, new Date('2026-11-28T10:00:30.123Z')).toString();
    expect(text).toBe(
      [
        'POST /invoke/fn1 HTTP/1.1',
        'Host: localhost',
        'Content-Length: 3',
        'Cookie: a=1',
        'Cookie: b=2',
        'X-A: a  b',
        'Fn_call_id: call1',
        'Fn_deadline: 2026-11-28T10:00:30Z',
        'Fn_method: POST',
        'Fn_request_url: http://127.0.0.1:8080/invoke/fn1?x=1',
        '',
        'hé',
      ].join('\r\n'),
    );
  });
});
