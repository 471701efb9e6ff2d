import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orgCodeCheckChar, validateOrgCode } from './org-code.ts';

const BODY_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const body = fc.array(fc.constantFrom(...BODY_CHARS), { minLength: 8, maxLength: 8 }).map((a) => a.join(''));
const withCheck = body.map((b) => b + orgCodeCheckChar(b));
const value = (ch: string) => Number.parseInt(ch, 36);

describe('validateOrgCode (GB 11714)', () => {
  it('accepts the organisation code inside the sample credit code, with or without the hyphen', () => {
    expect(validateOrgCode('M000100Y4')).toEqual({ ok: true });
    expect(validateOrgCode('M000100Y-4')).toEqual({ ok: true });
  });

  it('maps a check value of 10 to X and 11 to 0', () => {
    expect(orgCodeCheckChar('00000006')).toBe('X'); // Σ = 6 × 2 = 12 ≡ 1 → 11 − 1 = 10
    expect(orgCodeCheckChar('00000000')).toBe('0'); // Σ = 0 → 11
    expect(orgCodeCheckChar('00000001')).toBe('9'); // Σ = 2 → 9
  });

  it('accepts every body followed by its computed check character', () => {
    fc.assert(fc.property(withCheck, (code) => validateOrgCode(code).ok));
  });

  it('refuses any single-character change except between body characters 11 apart in value', () => {
    fc.assert(
      fc.property(withCheck, fc.nat(8), fc.constantFrom(...BODY_CHARS), (code, pos, ch) => {
        fc.pre(code[pos] !== ch);
        const changed = code.slice(0, pos) + ch + code.slice(pos + 1);
        const undetectable = pos < 8 && Math.abs(value(ch) - value(code[pos])) % 11 === 0;
        return validateOrgCode(changed).ok === undetectable;
      }),
    );
  });

  it('names what is wrong with codes of the wrong shape', () => {
    expect(validateOrgCode('M000100Y')).toEqual({ ok: false, reason: 'length' });
    expect(validateOrgCode('m000100Y4')).toEqual({ ok: false, reason: 'format' });
    expect(validateOrgCode('M000100YA')).toEqual({ ok: false, reason: 'format' });
    expect(validateOrgCode('M000100Y5')).toEqual({ ok: false, reason: 'check_digit' });
  });
});
