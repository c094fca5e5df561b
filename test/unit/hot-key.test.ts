// Which calls may share a hot container: the same start (image and the ID it names, limits, format, network,
// environment), nothing else.
import { describe, expect, it } from 'vitest';
import { getCall } from '../../src/main/core/get-call';
import { hotKey } from '../../src/main/core/hot-key';
import { callOptions } from '../support/agent-fixture';

const base = { image: 'img:1', format: 'json' as const };
const ID = 'sha256:aaa';
const key = (call: Parameters<typeof hotKey>[0], id = ID) => hotKey(call, id);

describe('hot key', () => {
  it('is the same for calls that differ only per call (id, method, URL, headers, body)', () => {
    const a = callOptions({ ...base, method: 'POST', body: Buffer.from('a') });
    const b = callOptions({ ...base, method: 'GET', url: 'http://x/y', headers: { A: ['1'] } });
    expect(key(a)).toBe(key(b));
  });

  it('does not depend on the order of config keys', () => {
    const a = callOptions({ ...base, config: { A: '1', B: '2' } });
    const b = callOptions({ ...base, config: { B: '2', A: '1' } });
    expect(key(a)).toBe(key(b));
  });

  it.each([
    ['call type (FN_TYPE is in the environment)', { type: 'detached' as const }],
    ['image', { image: 'img:2' }],
    ['memory', { memory: 128 }],
    ['timeout', { timeout: 5 }],
    ['idle timeout', { idle_timeout: 5 }],
    ['format', { format: 'http' as const }],
    ['network', { network: 'bridge' }],
    ['config value', { config: { A: '2' } }],
    ['function', { fn_id: 'fn2' }],
    ['debug mode (a debug container is never shared with normal calls)', { debug: { port: 9229 } }],
  ])('differs by %s', (_what, over) => {
    expect(key(callOptions({ ...base, config: { A: '1' }, ...over }))).not.toBe(
      key(callOptions({ ...base, config: { A: '1' } })),
    );
  });

  it('differs by the image ID the name points to: a rebuilt tag never shares containers with the old image', () => {
    const call = callOptions({ ...base });
    expect(key(call, 'sha256:new')).not.toBe(key(call, 'sha256:old'));
    expect(key(call, 'sha256:old')).toBe(key(callOptions({ ...base }), 'sha256:old'));
  });

  it('keeps fields apart: ("ab","c") and ("a","bc") never collide', () => {
    const a = callOptions({ ...base, config: { ab: 'c' } });
    const b = callOptions({ ...base, config: { a: 'bc' } });
    expect(key(a)).not.toBe(key(b));
  });

  it('is made anew when calls share a config object but differ elsewhere (the memo compares, not trusts)', () => {
    const config = { A: '1' };
    const a = callOptions({ ...base, config, memory: 128 });
    const b = callOptions({ ...base, config, memory: 256 });
    const first = key(a);
    expect(key(b)).not.toBe(first);
    expect(key(a)).toBe(first);
    expect(key(a, 'sha256:other')).not.toBe(first);
    expect(key(callOptions({ ...base, config, memory: 128, debug: { port: 9229 } }))).not.toBe(first);
  });

  it('is the same for every call of one function snapshot, and follows the function when it changes', () => {
    const app = { id: 'app1', name: 'a', config: { A: '1' } };
    const fn = { id: 'fn1', name: 'f', image: 'img:1', config: { B: '2' } };
    const call = (f: typeof fn, a = app) => getCall({ id: 'c', app: a, fn: f, url: 'http://x/' });
    expect(call(fn).config).toBe(call(fn).config);
    expect(key(call(fn))).toBe(key(call(fn)));
    const changed = { ...fn, config: { B: '3' } };
    expect(call(changed).config).toEqual({ A: '1', B: '3' });
    expect(key(call(changed))).not.toBe(key(call(fn)));
    const appChanged = { ...app, config: { A: '9' } };
    expect(call(fn, appChanged).config).toEqual({ A: '9', B: '2' });
    expect(key(call(fn, appChanged))).not.toBe(key(call(fn)));
  });
});
