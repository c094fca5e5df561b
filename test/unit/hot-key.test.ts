// Which calls may share a hot container: the same start (image, limits, format, network, environment), nothing else.
import { describe, expect, it } from 'vitest';
import { hotKey } from '../../src/main/core/hot-key';
import { callOptions } from '../support/agent-fixture';

const base = { image: 'img:1', format: 'json' as const };

describe('hot key', () => {
  it('is the same for calls that differ only per call (id, method, URL, headers, body)', () => {
    const a = callOptions({ ...base, method: 'POST', body: Buffer.from('a') });
    const b = callOptions({ ...base, method: 'GET', url: 'http://x/y', headers: { A: ['1'] } });
    expect(hotKey(a)).toBe(hotKey(b));
  });

  it('does not depend on the order of config keys', () => {
    const a = callOptions({ ...base, config: { A: '1', B: '2' } });
    const b = callOptions({ ...base, config: { B: '2', A: '1' } });
    expect(hotKey(a)).toBe(hotKey(b));
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
  ])('differs by %s', (_what, over) => {
    expect(hotKey(callOptions({ ...base, config: { A: '1' }, ...over }))).not.toBe(
      hotKey(callOptions({ ...base, config: { A: '1' } })),
    );
  });

  it('keeps fields apart: ("ab","c") and ("a","bc") never collide', () => {
    const a = callOptions({ ...base, config: { ab: 'c' } });
    const b = callOptions({ ...base, config: { a: 'bc' } });
    expect(hotKey(a)).not.toBe(hotKey(b));
  });
});
