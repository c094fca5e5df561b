// The debug annotation at the registry's boundary: its shape, its limits, and what it may not be combined with, each
// refused with a message that names the field.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/shared/errors';
import { FN_ANNOTATIONS } from '../../src/shared/fn-annotations';
import { checkFnDebug, fnDebugOf } from '../../src/shared/fn-debug';
import type { Fn } from '../../src/shared/models';
import { fnFixture } from '../support/fn-fixture';

const KEY = FN_ANNOTATIONS.debug;
const fnWith = (debug: unknown, over: Partial<Fn> = {}): Fn =>
  fnFixture({ name: 'one', annotations: debug === undefined ? {} : { [KEY]: debug }, ...over });

function refusal(f: () => unknown): ApiError {
  try {
    f();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('debug annotation', () => {
  it('is off when absent or null', () => {
    expect(fnDebugOf({})).toBeNull();
    expect(fnDebugOf({ [KEY]: null })).toBeNull();
  });

  it('reads port, host_port, timeouts and env', () => {
    const value = {
      port: 9229,
      host_port: 19229,
      init_timeout: 120,
      timeout: 600,
      env: { NODE_OPTIONS: '--inspect' },
    };
    expect(fnDebugOf({ [KEY]: value })).toEqual(value);
  });

  it.each([
    [{ port: 0 }, 'port must be an integer from 1 to 65535'],
    [{ port: 70000 }, 'port must be an integer from 1 to 65535'],
    [{ port: '9229' }, 'port must be an integer from 1 to 65535'],
    [{}, 'port must be an integer from 1 to 65535'],
    [{ port: 9229, host_port: 65536 }, 'host_port must be an integer from 1 to 65535'],
    [{ port: 9229, init_timeout: 0 }, 'init_timeout must be 1-3600 s'],
    [{ port: 9229, timeout: 1.5 }, 'timeout must be an integer number of seconds'],
    [{ port: 9229, env: { 'A-B': 'x' } }, 'env keys must be valid environment variable names'],
    ['on', 'must be an object such as {"port": 9229}, or null for off'],
  ])('refuses %j: %s', (value, words) => {
    const err = refusal(() => fnDebugOf({ [KEY]: value }));
    expect(err.status).toBe(400);
    expect(err.message).toContain(KEY);
    expect(err.message).toContain(words);
  });

  it('refuses debug mode for a cold format and for networks that cannot publish a port', () => {
    expect(refusal(() => checkFnDebug(fnWith({ port: 9229 }, { format: 'default' }), [])).message).toMatch(
      /needs a hot format/,
    );
    expect(refusal(() => checkFnDebug(fnWith({ port: 9229 }, { network: 'none' }), [])).message).toMatch(
      /network "none" has none/,
    );
    expect(refusal(() => checkFnDebug(fnWith({ port: 9229 }, { network: 'host' }), [])).message).toMatch(
      /network "host" cannot/,
    );
    expect(() => checkFnDebug(fnWith({ port: 9229 }, { network: 'my-net' }), [])).not.toThrow();
  });

  it('refuses a host_port another function in debug mode holds (409), not the function’s own', () => {
    const other = fnWith({ port: 5005, host_port: 15005 }, { id: 'f2', name: 'two' });
    const err = refusal(() => checkFnDebug(fnWith({ port: 9229, host_port: 15005 }), [other]));
    expect(err.status).toBe(409);
    expect(err.message).toContain('host_port 15005 is already taken by function "two"');
    const self = fnWith({ port: 9229, host_port: 15005 });
    expect(() => checkFnDebug(self, [self])).not.toThrow();
  });
});
