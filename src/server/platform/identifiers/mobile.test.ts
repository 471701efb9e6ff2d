import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateMobile } from './mobile.ts';

const rest = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }).map((a) => a.join(''));

describe('validateMobile (mainland 1[3-9] + 9 digits)', () => {
  it('accepts every number starting 13 to 19 with 11 digits', () => {
    fc.assert(fc.property(fc.integer({ min: 3, max: 9 }), rest, (n, r) => validateMobile(`1${n}${r}`).ok));
  });

  it('refuses a second digit 0 to 2, a wrong length, a prefix or spaces', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 }), rest, (n, r) => !validateMobile(`1${n}${r}`).ok));
    for (const bad of ['1380013800', '138001380000', '+8613800138000', '138 0013 8000', '23800138000', '']) {
      expect(validateMobile(bad)).toEqual({ ok: false, reason: 'format' });
    }
  });
});
