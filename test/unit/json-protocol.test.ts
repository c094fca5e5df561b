// The json format's reply reader: one JSON object back per call, however stdout splits it, and nothing after it.
import { describe, expect, it } from 'vitest';
import type { CallOptions } from '../../src/main/core/call-types';
import { jsonProtocol } from '../../src/main/core/protocols/json-protocol';
import type { ProtocolReply } from '../../src/main/core/protocols/protocol';
import { replyReading } from '../support/protocol-reader';

const { read, readText, errorOf } = replyReading(jsonProtocol, 'utf8');

// Multi-byte characters, braces and escaped quotes inside strings: each is a way to cut a reply wrongly.
const REPLY = {
  body: 'héllo ✓ 😀 {"}"} \\"]',
  content_type: 'text/plain; charset=utf-8',
  protocol: { status_code: 201, headers: { 'X-One': '1', 'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'] } },
};
const EXPECTED: ProtocolReply = {
  status: 201,
  headers: {
    'X-One': ['1'],
    'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'],
    'Content-Type': ['text/plain; charset=utf-8'],
  },
  body: Buffer.from(REPLY.body),
};

describe('json protocol reply', () => {
  it('reads a reply that arrives whole, with whitespace around it', () => {
    expect(readText(JSON.stringify(REPLY) + '\n')).toEqual(EXPECTED);
    expect(readText(`\n  ${JSON.stringify(REPLY, null, 2)}  \n`)).toEqual(EXPECTED);
  });

  it('reads the same reply when stdout splits it at any byte', () => {
    const bytes = Buffer.from(JSON.stringify(REPLY) + '\n');
    for (let at = 1; at < bytes.length - 1; at++) {
      expect(read(bytes.subarray(0, at), bytes.subarray(at)), `split at byte ${at}`).toEqual(EXPECTED);
    }
  });

  it('reads the reply one byte at a time', () => {
    const bytes = Buffer.from(JSON.stringify(REPLY));
    expect(read(...[...bytes].map((b) => Buffer.from([b])))).toEqual(EXPECTED);
  });

  it('keeps two Set-Cookie headers as two list entries', () => {
    const reply = readText(
      '{"protocol":{"headers":{"Set-Cookie":["a=1","b=2"],"X-Single":"x","X-Two":["1","2"]}}}\n',
    );
    expect(reply.headers).toEqual({ 'Set-Cookie': ['a=1', 'b=2'], 'X-Single': ['x'], 'X-Two': ['1', '2'] });
  });

  it('answers 200 with an empty body when the reply has no body, status or headers', () => {
    expect(readText('{}\n')).toEqual({ status: 200, headers: {}, body: Buffer.alloc(0) });
    expect(readText('{"body":""}\n').body).toEqual(Buffer.alloc(0));
  });

  it('lets an explicit Content-Type header win over content_type', () => {
    const reply = readText('{"content_type":"a/b","protocol":{"headers":{"content-type":["c/d"]}}}\n');
    expect(reply.headers).toEqual({ 'content-type': ['c/d'] });
  });

  it('refuses bytes after the object, whether they arrive with it or the object is split anywhere', () => {
    expect(errorOf('{"body":"a"} x\n')).toMatch(/unexpected bytes after the JSON object: " x\\n"/);
    expect(errorOf('{"body":"a"}{"body":"b"}\n')).toMatch(/after the JSON object/);
    const bytes = Buffer.from('{"body":"a"}junk');
    for (let at = 1; at < 12; at++) {
      const reader = jsonProtocol.newReader();
      expect(reader.push(bytes.subarray(0, at))).toBeUndefined();
      expect(() => reader.push(bytes.subarray(at)), `split at byte ${at}`).toThrow(/after the JSON object/);
    }
  });

  it('refuses a reply that is not one JSON object', () => {
    for (const text of ['[1]\n', '"x"\n', 'null\n', '42\n', 'hello\n']) {
      expect(errorOf(text), text).toMatch(/expected a JSON object/);
    }
    expect(errorOf('{"body": nope}\n')).toMatch(/invalid json reply/);
  });

  it('refuses fields of the wrong type', () => {
    expect(errorOf('{"body":42}\n')).toMatch(/body must be a string/);
    expect(errorOf('{"protocol":{"status_code":"200"}}\n')).toMatch(/status_code/);
    expect(errorOf('{"protocol":{"status_code":99}}\n')).toMatch(/status_code/);
    expect(errorOf('{"protocol":{"status_code":600}}\n')).toMatch(/status_code/);
  });

  it('refuses header values that are neither a string nor a list of strings', () => {
    for (const value of ['1', '{"a":"b"}', '["a",1]', 'null', 'true']) {
      expect(errorOf(`{"protocol":{"headers":{"X-A":${value}}}}\n`), value).toMatch(
        /invalid json reply: header X-A must be a string or a list of strings/,
      );
    }
  });

  it('refuses header names and values HTTP cannot carry', () => {
    expect(errorOf('{"protocol":{"headers":{"X-A":"a\\r\\nInjected: 1"}}}\n')).toMatch(
      /invalid json reply: header X-A/,
    );
    expect(errorOf('{"protocol":{"headers":{"X-A":["ok","\\u0001"]}}}\n')).toMatch(/header X-A/);
    expect(errorOf('{"protocol":{"headers":{"Bad Name":"x"}}}\n')).toMatch(/header name "Bad Name"/);
    expect(errorOf('{"content_type":"text/plain\\n"}\n')).toMatch(/Content-Type/);
  });

  it('waits while the object is incomplete', () => {
    const reader = jsonProtocol.newReader();
    expect(reader.push(Buffer.from('  {"body":"a\\"}'))).toBeUndefined();
    expect(reader.push(Buffer.from(' x'))).toBeUndefined();
    expect(reader.push(Buffer.from('"}'))?.body.toString()).toBe('a"} x');
  });
});

describe('json protocol request', () => {
  it('sends one JSON line with the call, its deadline and every header as a list', () => {
    const call = {
      id: 'call1',
      method: 'POST',
      url: 'http://127.0.0.1:8080/invoke/fn1',
      headers: { 'Content-Type': ['text/plain'], Cookie: ['a=1', 'b=2'] },
      body: Buffer.from('hé'),
    } as Partial<CallOptions> as CallOptions;
    const line = jsonProtocol.encode(call, new Date('2026-11-28T10:00:30.123Z')).toString();
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual({
      call_id: 'call1',
      deadline: '2026-11-28T10:00:30Z',
      body: 'hé',
      content_type: 'text/plain',
      protocol: { type: 'http', method: 'POST', request_url: call.url, headers: call.headers },
    });
  });
});
