import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaDate, validateDate } from './date.ts';

describe('validateDate (YYYY-MM-DD, a real day)', () => {
  it('accepts every real day from year 1 to 9999', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }),
        (d) => validateDate(d.toISOString().slice(0, 10)).ok,
      ),
    );
  });

  it('refuses 29 February outside leap years, and days and months that do not exist', () => {
    expect(validateDate('2024-02-29')).toEqual({ ok: true });
    expect(validateDate('2000-02-29')).toEqual({ ok: true });
    for (const bad of [
      '2025-02-29',
      '1900-02-29',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-01-00',
      '0000-01-01',
    ]) {
      expect(validateDate(bad)).toEqual({ ok: false, reason: 'not_a_date' });
    }
  });

  it('refuses other spellings', () => {
    for (const bad of ['2025-1-01', '20250101', '2025/01/01', '2025-01-01T00:00:00Z', ' 2025-01-01', '']) {
      expect(validateDate(bad)).toEqual({ ok: false, reason: 'format' });
    }
  });

  it('takes "today" in China time, 8 hours ahead of UTC', () => {
    expect(chinaDate(new Date('2026-01-31T16:00:00Z'))).toBe('2026-02-01');
    expect(chinaDate(new Date('2026-01-31T15:59:59Z'))).toBe('2026-01-31');
  });
});
