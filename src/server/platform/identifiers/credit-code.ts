// 统一社会信用代码 (GB 32100-2015): 18 characters over 0-9 and 21 capital letters (no I, O, Z, S, V).
// Position 1 登记管理部门, 2 机构类别, 3–8 division code, 9–17 主体标识码 (the organisation code), 18 check.
import { VALID, type Validity, invalid } from './validity.ts';

export type CreditCodeProblem = 'length' | 'charset' | 'division' | 'check_digit';

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// GB 32100: the weight of position i is 3^(i-1) mod 31.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Each character's value in the charset by char code (−1 outside it): data loads check millions of codes. */
const VALUE_OF = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < CREDIT_CODE_CHARSET.length; i++) t[CREDIT_CODE_CHARSET.charCodeAt(i)] = i;
  return t;
})();
const valueAt = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c < 128 ? VALUE_OF[c] : -1;
};

/** The check character for the first 17 characters (which must be in the charset). */
export function creditCodeCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += valueAt(body, i) * WEIGHTS[i];
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * Validates by structure and the check character. Positions 9–17 are not re-checked as a GB 11714 code: the
 * standard defines validity by position 18, and codes issued to some kinds of entity carry identifiers that
 * were never organisation codes.
 */
export function validateCreditCode(value: string): Validity<CreditCodeProblem> {
  if (value.length !== 18) return invalid('length');
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const v = valueAt(value, i);
    if (v < 0) return invalid('charset');
    if (i < 17) sum += v * WEIGHTS[i];
  }
  for (let i = 2; i < 8; i++) if (valueAt(value, i) > 9) return invalid('division');
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31] === value[17] ? VALID : invalid('check_digit');
}
