// Fn's gateway protocol for http-stream functions behind a trigger: request headers in, status and headers out.
import { describe, expect, it } from 'vitest';
import {
  canonicalHeader,
  triggerReplyHead,
  triggerRequestHeaders,
} from '../../src/main/host/trigger-mapping';

describe('trigger mapping', () => {
  it('spells header names as Go does', () => {
    expect(canonicalHeader('x-custom-header')).toBe('X-Custom-Header');
    expect(canonicalHeader('CONTENT-TYPE')).toBe('Content-Type');
  });

  it("sends the caller's method, URL and headers as Fn-Http-* and keeps the body's type", () => {
    const out = triggerRequestHeaders('patch', 'http://h/t/a/p?q=1', {
      'x-one': ['1'],
      'content-type': ['text/plain'],
      'content-length': ['3'],
      connection: ['keep-alive'],
      'fn-invoke-type': ['sync'],
    });
    expect(out).toEqual({
      'Fn-Intent': ['httprequest'],
      'Fn-Http-Method': ['PATCH'],
      'Fn-Http-Request-Url': ['http://h/t/a/p?q=1'],
      'Fn-Http-H-X-One': ['1'],
      'Fn-Http-H-Content-Type': ['text/plain'],
      'Content-Type': ['text/plain'],
    });
  });

  it('takes the status from Fn-Http-Status and the headers from Fn-Http-H-*, dropping the rest', () => {
    expect(
      triggerReplyHead({
        status: 200,
        headers: {
          'fn-http-status': ['404'],
          'fn-http-h-x-reply': ['a', 'b'],
          'content-type': ['application/json'],
          'fn-fdk-version': ['fdk-node/0.0.76'],
        },
      }),
    ).toEqual({ status: 404, headers: { 'X-Reply': ['a', 'b'], 'Content-Type': ['application/json'] } });
    expect(triggerReplyHead({ status: 200, headers: { 'fn-http-status': ['abc'] } }).status).toBe(200);
  });
});
