// A cold container's environment (DESIGN.md §4): the FN_* variables every container gets, plus the request:
// FN_CALL_ID, FN_METHOD, FN_REQUEST_URL, FN_DEADLINE and one FN_HEADER_<NAME> per header.
import { describe, expect, it } from 'vitest';
import { coldEnv, headerEnvName } from '../../src/main/core/cold-env';
import { callOptions } from '../support/agent-fixture';

const deadline = new Date('2026-11-28T10:00:30.250Z');

describe('cold environment', () => {
  it('carries the request: call id, method, URL and the deadline in RFC 3339 UTC', () => {
    const call = callOptions({
      image: 'x',
      id: 'CALL1',
      method: 'PUT',
      url: 'http://127.0.0.1:8080/invoke/F',
    });
    expect(coldEnv(call, deadline)).toMatchObject({
      FN_CALL_ID: 'CALL1',
      FN_METHOD: 'PUT',
      FN_REQUEST_URL: 'http://127.0.0.1:8080/invoke/F',
      FN_DEADLINE: '2026-11-28T10:00:30Z',
      FN_FN_ID: 'fn1',
      FN_TYPE: 'sync',
      FN_FORMAT: 'default',
    });
  });

  it('maps each header to FN_HEADER_<NAME>, upper-cased with - as _, several values joined by ", "', () => {
    const call = callOptions({
      image: 'x',
      headers: { 'Content-Type': ['text/plain'], 'x-multi-value': ['a', 'b', 'c'], Accept: ['*/*'] },
    });
    const env = coldEnv(call, deadline);
    expect(env.FN_HEADER_CONTENT_TYPE).toBe('text/plain');
    expect(env.FN_HEADER_X_MULTI_VALUE).toBe('a, b, c');
    expect(env.FN_HEADER_ACCEPT).toBe('*/*');
  });

  it('sanitises characters an environment name cannot hold, joining headers that end up with one name', () => {
    expect(headerEnvName('X.Trace~Id')).toBe('FN_HEADER_X_TRACE_ID');
    expect(headerEnvName("a!#$%&'*+^`|b")).toBe('FN_HEADER_A___________B');
    const env = coldEnv(callOptions({ image: 'x', headers: { 'X-A': ['1'], 'x.a': ['2'] } }), deadline);
    expect(env.FN_HEADER_X_A).toBe('1, 2');
    for (const name of Object.keys(env)) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  it('leaves out the connection headers no function format forwards', () => {
    const env = coldEnv(
      callOptions({
        image: 'x',
        headers: { Connection: ['keep-alive'], 'Keep-Alive': ['5'], 'X-Ok': ['1'] },
      }),
      deadline,
    );
    expect(Object.keys(env).filter((k) => k.startsWith('FN_HEADER_'))).toEqual(['FN_HEADER_X_OK']);
  });

  it('lets the request variables win over config of the same name', () => {
    const call = callOptions({ image: 'x', config: { FN_METHOD: 'nope', GREETING: 'hi' }, method: 'GET' });
    expect(coldEnv(call, deadline)).toMatchObject({ FN_METHOD: 'GET', GREETING: 'hi' });
  });
});
