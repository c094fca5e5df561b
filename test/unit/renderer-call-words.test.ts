// The words the UI uses for calls: start kinds (one label everywhere), the calls table's Reason (a failure's headline
// or what the call waits for), and function names with their app's.
import { describe, expect, it } from 'vitest';
import { ERROR_KINDS, KIND_OUTCOME } from '../../src/shared/error-kinds';
import { explainFailure } from '../../src/shared/explain-failure';
import type { App, Fn } from '../../src/shared/models';
import { callReason } from '../../src/renderer/src/store/call-reason';
import { fnDisplayName, fnNamer, fnOptions } from '../../src/renderer/src/store/fn-names';
import { startKindLabel } from '../../src/renderer/src/store/start-kind-label';

describe('start kind label', () => {
  it('words each kind once, and passes the load runner buckets through', () => {
    expect(['cold', 'hot_new', 'hot_reused'].map(startKindLabel)).toEqual([
      'cold',
      'hot · new',
      'hot · reused',
    ]);
    expect(startKindLabel(undefined)).toBe('—');
    expect(startKindLabel(null)).toBe('—');
    expect(startKindLabel('failed')).toBe('failed');
  });
});

describe('call reason', () => {
  it('gives every kind of failure its own headline, with the advice for a tooltip', () => {
    const texts = ERROR_KINDS.map((kind) =>
      callReason({ status: KIND_OUTCOME[kind].status, error_kind: kind }),
    );
    expect(texts.every((r) => r !== null && r.text !== '' && r.detail)).toBe(true);
    expect(new Set(texts.map((r) => r?.text)).size).toBe(ERROR_KINDS.length);
    const oom = { status: 'error', error_kind: 'oom' } as const;
    expect(callReason(oom)).toEqual({
      text: explainFailure(oom)!.title,
      detail: explainFailure(oom)!.advice,
    });
  });

  it('says in words what a queued call waits for', () => {
    const queued = (waiting_for: 'memory' | 'launch' | 'container' | 'detached_rule') =>
      callReason({ status: 'queued', waiting_for })?.text;
    expect(queued('memory')).toBe('Waiting for memory');
    expect(queued('launch')).toBe('Waiting for a container being started');
    expect(queued('container')).toBe('Waiting for a busy container');
    expect(queued('detached_rule')).toBe('Detached rule: runs when half the pool is free');
    expect(callReason({ status: 'queued' })).toBeNull();
  });

  it('says what a call that ran waited for longest, and nothing when it did not wait', () => {
    expect(callReason({ status: 'success', waiting_for: 'memory' })?.text).toBe('Waited for memory');
    expect(callReason({ status: 'running', waiting_for: 'launch' })?.text).toBe(
      'Waited for a container to start',
    );
    expect(callReason({ status: 'success', waiting_for: null })).toBeNull();
    // A failure's headline wins over the wait.
    const timedOut = { status: 'timeout', error_kind: 'timeout', waiting_for: 'memory' } as const;
    expect(callReason(timedOut)?.text).toBe(explainFailure(timedOut)!.title);
  });
});

describe('function names', () => {
  const apps = [{ id: 'A1', name: 'shop' } as App, { id: 'A2', name: 'blog' } as App];
  const fns = [
    { id: 'F1', name: 'hello', app_id: 'A1' } as Fn,
    { id: 'F2', name: 'hello', app_id: 'A2' } as Fn,
    { id: 'F3', name: 'cart', app_id: 'A1' } as Fn,
  ];

  it('tells same-named functions of two apps apart', () => {
    expect(fnDisplayName(fns[0]!, apps)).toBe('shop / hello');
    expect(fnDisplayName(fns[1]!, apps)).toBe('blog / hello');
    expect(fnDisplayName({ name: 'x', app_id: 'A9' }, apps)).toBe('A9 / x');
  });

  it('orders picker options by app, then function', () => {
    expect(fnOptions(fns, apps)).toEqual([
      { id: 'F2', label: 'blog / hello' },
      { id: 'F3', label: 'shop / cart' },
      { id: 'F1', label: 'shop / hello' },
    ]);
  });

  it('names a deleted function by its id', () => {
    const nameOf = fnNamer(fns, apps);
    expect(nameOf('F2')).toBe('blog / hello');
    expect(nameOf('gone')).toBe('gone');
  });
});
