import { describe, expect, it } from 'vitest';
import { WaitBound } from '../../src/main/core/wait-bound';
import { FakeClock } from '../support/fake-driver';

const expired = () => new Error('bound ran out');
const cancelled = () => new Error('cancelled while waiting');

describe('the bound on a call wait', () => {
  it('counts from its start even when its signal is first asked for later, and aborts when it runs out', () => {
    const clock = new FakeClock();
    const bound = new WaitBound(clock, 1000, new AbortController().signal, expired, cancelled);
    clock.advance(400);
    const signal = bound.signal;
    clock.advance(599);
    expect(signal.aborted).toBe(false);
    clock.advance(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('bound ran out');
    expect(bound.signal).toBe(signal); // one signal for the whole wait
  });

  it('aborts with the cancel reason when the call is cancelled while it waits, or was before it asked', () => {
    const clock = new FakeClock();
    const cancel = new AbortController();
    const waiting = new WaitBound(clock, 1000, cancel.signal, expired, cancelled).signal;
    cancel.abort();
    expect((waiting.reason as Error).message).toBe('cancelled while waiting');
    const late = new WaitBound(clock, 1000, cancel.signal, expired, cancelled).signal;
    expect((late.reason as Error).message).toBe('cancelled while waiting');
  });

  it('never fires once the wait ended, whether its signal was made before or after', () => {
    const clock = new FakeClock();
    const cancel = new AbortController();
    const made = new WaitBound(clock, 1000, cancel.signal, expired, cancelled);
    const signal = made.signal;
    made.end();
    const unmade = new WaitBound(clock, 1000, cancel.signal, expired, cancelled);
    unmade.end();
    cancel.abort();
    clock.advance(5000);
    expect(signal.aborted).toBe(false);
    expect(unmade.signal.aborted).toBe(false);
  });
});
