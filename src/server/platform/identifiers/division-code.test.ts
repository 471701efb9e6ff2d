import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROVINCE_CODES, validateDivisionCode } from './division-code.ts';

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const county = fc
  .tuple(fc.constantFrom(...PROVINCE_CODES), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 99 }))
  .map(([p, pref, c]) => `${p}${pad(pref, 2)}${pad(c, 2)}`);

describe('validateDivisionCode (GB/T 2260, GB/T 10114)', () => {
  it('accepts province, county, township and village codes of the demo city', () => {
    for (const code of [
      '320000',
      '320500',
      '320508',
      '320508001',
      '320508001001',
      '441900003',
      '320508100',
      '320508001201',
    ]) {
      expect(validateDivisionCode(code)).toEqual({ ok: true });
    }
  });

  it('accepts any 6, 9 or 12 digit code that follows the structure', () => {
    fc.assert(
      fc.property(county, fc.integer({ min: 1, max: 599 }), fc.integer({ min: 1, max: 599 }), (c, t, v) => {
        const township = c + pad(t, 3);
        return (
          validateDivisionCode(c).ok &&
          validateDivisionCode(township).ok &&
          validateDivisionCode(township + pad(v, 3)).ok
        );
      }),
    );
  });

  it('refuses every other length and any non-digit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 14 }), (s) => {
        fc.pre(![6, 9, 12].includes(s.length) || !/^\d+$/.test(s));
        return !validateDivisionCode(s).ok;
      }),
    );
  });

  it('names structural problems', () => {
    expect(validateDivisionCode('990508')).toEqual({ ok: false, reason: 'province' });
    expect(validateDivisionCode('320008')).toEqual({ ok: false, reason: 'structure' });
    expect(validateDivisionCode('320000001')).toEqual({ ok: false, reason: 'structure' });
    expect(validateDivisionCode('320508000')).toEqual({ ok: false, reason: 'township' });
    expect(validateDivisionCode('320508600')).toEqual({ ok: false, reason: 'township' });
    expect(validateDivisionCode('320508001000')).toEqual({ ok: false, reason: 'village' });
    expect(validateDivisionCode('32050800100a')).toEqual({ ok: false, reason: 'format' });
    expect(validateDivisionCode('3205080')).toEqual({ ok: false, reason: 'length' });
  });
});
