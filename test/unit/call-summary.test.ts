// A call record's head keeps what tables and the timeline show, the failure's kind included.
import { describe, expect, it } from 'vitest';
import { summaryOf } from '../../src/shared/call-summary';
import type { CallRecord } from '../../src/shared/models';

const record = (over: Partial<CallRecord>): CallRecord => ({
  id: 'c1',
  fn_id: 'f1',
  app_id: 'a1',
  type: 'sync',
  status: 'running',
  created_at: '2026-11-28T10:00:00.000Z',
  timings: { queue_ms: 0, resource_wait_ms: 0, launch_ms: 0, exec_ms: 0 },
  request: {
    method: 'POST',
    url: 'http://127.0.0.1/invoke/f1',
    headers: {},
    body: 'x',
    body_truncated: false,
  },
  ...over,
});

describe('summaryOf', () => {
  it('keeps the failure, its kind and status codes, and leaves the request out', () => {
    const head = summaryOf(
      record({ status: 'error', http_status: 502, error: 'function ran out of memory', error_kind: 'oom' }),
    );
    expect(head).toEqual({
      id: 'c1',
      fn_id: 'f1',
      app_id: 'a1',
      type: 'sync',
      status: 'error',
      http_status: 502,
      error: 'function ran out of memory',
      error_kind: 'oom',
      created_at: '2026-11-28T10:00:00.000Z',
    });
  });

  it('has no kind while the call runs', () => {
    expect(summaryOf(record({})).error_kind).toBeUndefined();
  });
});
