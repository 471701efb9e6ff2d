import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROVINCE_CODES } from './division-code.ts';
import { idCardCheckChar, validateIdCard } from './id-card.ts';

const TODAY = '2026-03-01';
const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-02-28T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
const body = fc
  .tuple(fc.constantFrom(...PROVINCE_CODES), digits(4), birthDate, digits(3))
  .map(([p, rest, born, seq]) => `${p}${rest}${born}${seq}`);
const withCheck = body.map((b) => b + idCardCheckChar(b));

describe('validateIdCard (GB 11643, ISO 7064 MOD 11-2)', () => {
  it('accepts the sample number of the standard', () => {
    expect(validateIdCard('11010519491231002X', TODAY)).toEqual({ ok: true });
  });

  it('refuses the sample with any other check character', () => {
    for (const c of '0123456789')
      expect(validateIdCard(`11010519491231002${c}`, TODAY)).toEqual({ ok: false, reason: 'check_digit' });
  });

  it('accepts every 17-digit body followed by its computed check character', () => {
    fc.assert(fc.property(withCheck, (id) => validateIdCard(id, TODAY).ok));
  });

  it('refuses any single-character change of a valid number', () => {
    fc.assert(
      fc.property(withCheck, fc.nat(17), fc.constantFrom(...'0123456789X'), (id, pos, ch) => {
        fc.pre(id[pos] !== ch);
        return !validateIdCard(id.slice(0, pos) + ch + id.slice(pos + 1), TODAY).ok;
      }),
    );
  });

  it('refuses a birth date that is not a real date, or is after today', () => {
    const fix = (b: string) => b + idCardCheckChar(b);
    expect(validateIdCard(fix('11010519490229002'), TODAY)).toEqual({ ok: false, reason: 'birth_date' });
    expect(validateIdCard(fix('11010519491301002'), TODAY)).toEqual({ ok: false, reason: 'birth_date' });
    expect(validateIdCard(fix('11010520260302002'), TODAY)).toEqual({ ok: false, reason: 'birth_date_future' });
    expect(validateIdCard(fix('11010520000229002'), TODAY)).toEqual({ ok: true });
  });

  it('names what is wrong with numbers of the wrong shape', () => {
    expect(validateIdCard('11010519491231002', TODAY)).toEqual({ ok: false, reason: 'length' });
    expect(validateIdCard('11010519491231002x', TODAY)).toEqual({ ok: false, reason: 'format' });
    expect(validateIdCard('1101051949123100X2', TODAY)).toEqual({ ok: false, reason: 'format' });
    const unknownProvince = '00010519491231002';
    expect(validateIdCard(unknownProvince + idCardCheckChar(unknownProvince), TODAY)).toEqual({
      ok: false,
      reason: 'division',
    });
  });
});
