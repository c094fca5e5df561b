// What a call cost, in words: the headline, what the figures cover beyond the call, no figures, the Calls table's
// used-of-limit cell, and a record's head carrying its memory peak and limit.
import { describe, expect, it } from 'vitest';
import { summaryOf } from '../../src/shared/call-summary';
import type { CallRecord, CallUsage } from '../../src/shared/models';
import { memoryCell, NO_USAGE_TEXT, usageHeadline, usageSentence } from '../../src/shared/usage-words';
import { callUsage } from '../support/call-usage-fixture';

const usage = (over: Partial<CallUsage> = {}): CallUsage =>
  callUsage({ memory_peak_mb: 41.3, cpu_ms: 12.4, span_ms: 1002, ...over });

describe('usage words', () => {
  it('says used of limit and CPU time; a lower-bound peak says "at least"', () => {
    expect(usageHeadline(usage())).toBe('used 41 of 128 MB, 12 ms CPU');
    expect(usageHeadline(usage({ memory_peak_mb: 6.7, cpu_ms: 0.4, memory_peak_exact: false }))).toBe(
      'used at least 6.7 of 128 MB, 0.4 ms CPU',
    );
    expect(usageHeadline(usage({ cpu_ms: 2345 }))).toBe('used 41 of 128 MB, 2.3 s CPU');
  });

  it('says what the figures cover beyond the call alone', () => {
    expect(usageSentence(usage())).toBe('used 41 of 128 MB, 12 ms CPU');
    expect(usageSentence(usage({ calls: 3 }))).toBe(
      'used 41 of 128 MB, 12 ms CPU (together with 2 other calls in the same engine sample)',
    );
    expect(usageSentence(usage({ span: 'call_and_start', cut_short: true }))).toBe(
      'used 41 of 128 MB, 12 ms CPU (counting the container’s start; up to the engine’s last sample: none came after the call)',
    );
    // A cold container is always measured up to its last sample: its whole life says it.
    expect(usageSentence(usage({ span: 'container', cut_short: true }))).toBe(
      'used 41 of 128 MB, 12 ms CPU (over the container’s whole life)',
    );
    expect(usageSentence(null)).toBe(NO_USAGE_TEXT);
  });

  it('the Calls table shows used of limit, or a dash without figures; the head carries them', () => {
    expect(memoryCell(41.3, 128)).toBe('41 of 128 MB');
    expect(memoryCell(undefined, undefined)).toBe('—');
    const record = {
      id: 'c1',
      fn_id: 'f1',
      app_id: 'a1',
      type: 'sync',
      status: 'success',
      created_at: '2026-11-28T10:00:00.000Z',
      usage: usage(),
    } as CallRecord;
    expect(summaryOf(record)).toMatchObject({ memory_peak_mb: 41.3, memory_limit_mb: 128 });
    expect(summaryOf({ ...record, usage: null })).not.toHaveProperty('memory_peak_mb');
  });
});
