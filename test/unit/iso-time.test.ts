import { describe, expect, it } from 'vitest';
import { isoSeconds, isoTime } from '../../src/shared/iso-time';

describe('isoTime', () => {
  it('writes what Date#toISOString writes, across seconds, in any order', () => {
    const start = Date.UTC(2026, 11, 31, 23, 59, 58, 990);
    const times = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 2010, 3500, -5, 1999.7, 86_400_000];
    for (const d of times) {
      expect(isoTime(start + d)).toBe(new Date(Math.floor(start + d)).toISOString());
      expect(isoTime(start - d)).toBe(new Date(Math.floor(start - d)).toISOString());
    }
  });

  it('falls back to Date where the short form does not apply', () => {
    expect(isoTime(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(isoTime(Date.UTC(10000, 0, 1))).toBe(new Date(Date.UTC(10000, 0, 1)).toISOString());
    expect(() => isoTime(NaN)).toThrow(RangeError);
  });
});

describe('isoSeconds', () => {
  it('drops the fraction', () => {
    expect(isoSeconds(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02T03:04:05Z');
    expect(isoSeconds(Date.UTC(2026, 0, 2, 3, 4, 5, 0))).toBe('2026-01-02T03:04:05Z');
    expect(() => isoSeconds(NaN)).toThrow(RangeError);
  });
});
