import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_CHARSET, creditCodeCheckChar, validateCreditCode } from './credit-code.ts';

const char = fc.constantFrom(...CREDIT_CODE_CHARSET);
const chars = (n: number) => fc.array(char, { minLength: n, maxLength: n }).map((a) => a.join(''));
const digits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 }).map((a) => a.join(''));
const body = fc.tuple(chars(2), digits, chars(9)).map(([head, division, subject]) => head + division + subject);
const withCheck = body.map((b) => b + creditCodeCheckChar(b));

describe('validateCreditCode (GB 32100)', () => {
  it('accepts the sample code', () => {
    expect(validateCreditCode('91350100M000100Y43')).toEqual({ ok: true });
  });

  it('accepts every valid body followed by its computed check character', () => {
    fc.assert(fc.property(withCheck, (code) => validateCreditCode(code).ok));
  });

  it('refuses any single-character change of a valid code', () => {
    fc.assert(
      fc.property(withCheck, fc.nat(17), char, (code, pos, ch) => {
        fc.pre(code[pos] !== ch);
        return !validateCreditCode(code.slice(0, pos) + ch + code.slice(pos + 1)).ok;
      }),
    );
  });

  it('refuses the letters I, O, Z, S and V, and lower case', () => {
    for (const ch of ['I', 'O', 'Z', 'S', 'V', 'a']) {
      expect(validateCreditCode(`91350100M000100Y4${ch}`)).toEqual({ ok: false, reason: 'charset' });
    }
  });

  it('names what is wrong with codes of the wrong shape', () => {
    expect(validateCreditCode('91350100M000100Y4')).toEqual({ ok: false, reason: 'length' });
    expect(validateCreditCode('913501A0M000100Y43')).toEqual({ ok: false, reason: 'division' });
    expect(validateCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'check_digit' });
  });
});
