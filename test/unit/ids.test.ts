// Ids: 26 Crockford base32 characters, sortable by time, unique across many draws (pooled randomness).
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';

describe('newId', () => {
  it('is 26 base32 characters, ordered by time', () => {
    expect(newId()).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(newId(1000) < newId(2000)).toBe(true);
  });
  it('does not repeat over many draws, across randomness pool refills', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newId(42)));
    expect(ids.size).toBe(5000);
  });
});
