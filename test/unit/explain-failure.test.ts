// Failure explanations: each error_kind becomes its own title and advice; the message is never read.
import { describe, expect, it } from 'vitest';
import { ERROR_KINDS, KIND_OUTCOME, type ErrorKind } from '../../src/shared/error-kinds';
import { explainFailure } from '../../src/shared/explain-failure';
import type { CallRecord } from '../../src/shared/models';

// One row per kind: its title, and a word its advice must carry to be actionable for that kind.
const EXPECTED: Record<ErrorKind, [title: string, adviceMentions: RegExp]> = {
  timeout: ['Timed out', /timeout/],
  init_timeout: ['Did not start in time', /start-up limit/],
  init_failed: ['Failed to start', /before it was ready/],
  oom: ['Ran out of memory', /Raise the function's memory/],
  exit: ['Function exited', /log/],
  bad_reply: ['Invalid reply', /protocol/],
  function_error: ['Function error', /502/],
  pull_failed: ['Image missing', /pull/],
  no_capacity: ['No capacity', /Memory pool/],
  shutdown: ['Shutting down', /stopping/],
  cancelled: ['Cancelled', /cancelled/],
  too_large: ['Request too large', /Request body limit/],
  interrupted: ['Interrupted', /not run again/],
  engine_unavailable: ['Docker unavailable', /Docker/],
  launch_failed: ['Could not launch', /network/],
  fn_deleted: ['Function deleted', /deleted/],
  internal: ['Internal error', /report/],
};

describe('explainFailure', () => {
  it.each(ERROR_KINDS.map((kind) => [kind, ...EXPECTED[kind]] as const))(
    '%s → %s',
    (kind, title, mentions) => {
      const explained = explainFailure({ status: KIND_OUTCOME[kind].status, error_kind: kind });
      expect(explained?.title).toBe(title);
      expect(explained?.advice).toMatch(mentions);
    },
  );

  it('gives every kind a headline and advice of its own, never the generic words of a record without a kind', () => {
    const generic = [explainFailure({ status: 'error' }), explainFailure({ status: 'timeout' })];
    for (const kind of ERROR_KINDS) {
      const explained = explainFailure({ status: KIND_OUTCOME[kind].status, error_kind: kind });
      expect(explained?.title, kind).toMatch(/\S/);
      expect(explained?.advice.length, kind).toBeGreaterThan(20);
      expect(generic.map((g) => g?.advice)).not.toContain(explained?.advice);
    }
  });

  it('falls back to words from the status for a kind this host does not know', () => {
    const future = { status: 'error', error_kind: 'quota_exceeded' } as unknown as CallRecord;
    expect(explainFailure(future)?.title).toBe('Failed');
  });

  it('gives every kind its own title', () => {
    const titles = ERROR_KINDS.map((kind) => explainFailure({ status: 'error', error_kind: kind })?.title);
    expect(new Set(titles).size).toBe(ERROR_KINDS.length);
  });

  it('chooses by kind, never by the message', () => {
    const oomText = 'function ran out of memory (limit 64 MB)';
    const exited = { status: 'error', error_kind: 'exit', error: oomText } as const;
    const older = { status: 'error', error: oomText } as const;
    expect(explainFailure(exited)?.title).toBe('Function exited');
    expect(explainFailure(older)?.title).toBe('Failed');
  });

  it.each([
    ['error', 'Failed'],
    ['timeout', 'Timed out'],
    ['cancelled', 'Cancelled'],
  ] as const)('a record without a kind (status %s) gets a generic title: %s', (status, title) => {
    expect(explainFailure({ status })?.title).toBe(title);
    expect(explainFailure({ status, error_kind: null })?.title).toBe(title);
  });

  it('has nothing to explain for a call that succeeded or has not ended', () => {
    expect(explainFailure({ status: 'success', error_kind: null })).toBeNull();
    expect(explainFailure({ status: 'running' })).toBeNull();
    expect(explainFailure({ status: 'queued' })).toBeNull();
  });
});
