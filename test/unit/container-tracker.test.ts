// The container tracker dates what it records from the injected clock: start, last use and end of a container.
import { describe, expect, it } from 'vitest';
import type { CallOptions } from '../../src/main/core/call-types';
import { ContainerTracker } from '../../src/main/core/container-tracker';
import { FakeClock } from '../support/fake-driver';

const call = {
  fn_id: 'f',
  image: 'img',
  format: 'json',
  memory: 64,
} as CallOptions;

describe('ContainerTracker', () => {
  it('dates a container from the clock when it starts and when it ends', async () => {
    const clock = new FakeClock();
    clock.advance(Date.UTC(2026, 0, 2, 3, 4, 5));
    const tracker = new ContainerTracker(clock);
    const info = tracker.add('c1', call, 'busy');
    expect(info).toMatchObject({
      started_at: '2026-01-02T03:04:05.000Z',
      last_used_at: '2026-01-02T03:04:05.000Z',
    });
    const ended = new Promise<string | undefined>((resolve) =>
      tracker.on('ended', (i) => resolve(i.ended_at)),
    );
    clock.advance(90_000);
    tracker.retire(info, async () => undefined, 'idle_timeout');
    expect(await ended).toBe('2026-01-02T03:05:35.000Z');
    await tracker.settled();
    expect(tracker.list()).toEqual([]);
  });
});
