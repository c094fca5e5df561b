// The host's event fan-out: batches collapse a call's updates into its state at the flush, and log lines go before
// call states.
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/shared/models';
import { EventHub } from '../../src/main/host/event-hub';

const record = (id: string, status: CallRecord['status']): CallRecord =>
  ({
    id,
    fn_id: 'f',
    app_id: 'a',
    type: 'sync',
    status,
    created_at: '2026-12-04T00:00:00.000Z',
  }) as CallRecord;

describe('EventHub', () => {
  it("sends a batch's log lines, then each call's state as of the flush, numbered in order", () => {
    const hub = new EventHub();
    const got: Array<[string, unknown, number]> = [];
    hub.subscribe((name, payload, seq) => got.push([name, payload, seq]));
    const r = record('c1', 'running');
    hub.callChanged(r);
    hub.logLine('c1', 'one');
    hub.logLine('c1', 'two');
    r.status = 'success';
    hub.callChanged(r);
    hub.flush();
    expect(got).toEqual([
      ['log', { call_id: 'c1', lines: ['one', 'two'] }, 1],
      ['call', { ...r, status: 'success' }, 2],
    ]);
    hub.close();
  });
});
