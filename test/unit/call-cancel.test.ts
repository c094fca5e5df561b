// A call's cancellation object behaves as an AbortController and its signal do, for what the runners use of them:
// each case runs against both.
import { describe, expect, it } from 'vitest';
import { CallCancel, type Canceller } from '../../src/main/core/call-cancel';

const kinds: Array<[string, () => Canceller]> = [
  ['CallCancel', () => new CallCancel()],
  ['AbortController', () => new AbortController()],
];

describe.each(kinds)('%s', (_name, make) => {
  it('aborts once, with the first reason, calling each listener once in the order added', () => {
    const c = make();
    const heard: string[] = [];
    const a = () => heard.push('a');
    const b = () => heard.push('b');
    c.signal.addEventListener('abort', a, { once: true });
    c.signal.addEventListener('abort', b);
    c.signal.addEventListener('abort', a);
    expect(c.signal.aborted).toBe(false);
    const reason = new Error('gone');
    c.abort(reason);
    c.abort(new Error('again'));
    expect(heard).toEqual(['a', 'b']);
    expect(c.signal.aborted).toBe(true);
    expect(c.signal.reason).toBe(reason);
  });

  it('does not call a listener removed before the abort, nor one added after it', () => {
    const c = make();
    const heard: string[] = [];
    const removed = () => heard.push('removed');
    c.signal.addEventListener('abort', removed);
    c.signal.removeEventListener('abort', removed);
    c.abort('why');
    c.signal.addEventListener('abort', () => heard.push('late'));
    expect(heard).toEqual([]);
  });

  it('aborts with an AbortError when given no reason', () => {
    const c = make();
    c.abort();
    expect(c.signal.reason).toBeInstanceOf(DOMException);
    expect((c.signal.reason as DOMException).name).toBe('AbortError');
  });

  it('lets a listener remove another that has not run yet, or abort again, without harm', () => {
    const c = make();
    const heard: string[] = [];
    const second = () => heard.push('second');
    c.signal.addEventListener('abort', () => {
      heard.push('first');
      c.abort('nested');
    });
    c.signal.addEventListener('abort', second);
    c.abort('outer');
    expect(heard).toEqual(['first', 'second']);
    expect(c.signal.reason).toBe('outer');
  });

  it('does not call a listener that an earlier one removed during the abort', () => {
    const c = make();
    const heard: string[] = [];
    const second = () => heard.push('second');
    c.signal.addEventListener('abort', () => {
      heard.push('first');
      c.signal.removeEventListener('abort', second);
    });
    c.signal.addEventListener('abort', second);
    c.abort('why');
    expect(heard).toEqual(['first']);
  });
});
