// Failure explanations: each kind of agent error becomes a title and advice a person can act on.
import { describe, expect, it } from 'vitest';
import { explainFailure } from '../../src/shared/explain-failure';

describe('explainFailure', () => {
  it.each([
    [
      { status: 'timeout', http_status: 504, error: 'function timed out after 1 s (container killed)' },
      'Timed out',
    ],
    [
      { status: 'error', http_status: 502, error: 'function ran out of memory (limit 64 MB)' },
      'Ran out of memory',
    ],
    [{ status: 'error', http_status: 502, error: 'function exited with code 3' }, 'Exited with code 3'],
    [
      {
        status: 'error',
        http_status: 502,
        error: 'image x:1 is not available locally and could not be pulled: …',
      },
      'Image missing',
    ],
    [{ status: 'error', http_status: 503, error: 'no capacity within 60 s' }, 'No capacity'],
    [{ status: 'cancelled' }, 'Cancelled'],
    [{ status: 'error', error: 'interrupted: host stopped' }, 'Interrupted'],
  ] as const)('%o → %s', (call, title) => {
    expect(explainFailure(call)?.title).toBe(title);
  });

  it('has nothing to explain for a call that succeeded or has not ended', () => {
    expect(explainFailure({ status: 'success', http_status: 200 })).toBeNull();
    expect(explainFailure({ status: 'running' })).toBeNull();
  });
});
