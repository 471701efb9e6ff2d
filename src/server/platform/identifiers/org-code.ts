// 组织机构代码 (GB 11714-1997): 8 body characters (digits and capital letters, A=10 … Z=35) and a check character,
// often written with a hyphen before it: XXXXXXXX-X.
import { VALID, type Validity, invalid } from './validity.ts';

export type OrgCodeProblem = 'length' | 'format' | 'check_digit';

const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The check character for the 8 body characters: C = 11 − Σ mod 11, with 10 → X and 11 → 0. */
export function orgCodeCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(body[i], 36) * WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/**
 * Accepts "XXXXXXXXC" and "XXXXXXXX-C". Note what MOD 11 over 36 symbols cannot do: two body characters 11 apart
 * in value (0 and B, 1 and C …) weigh the same, so such a substitution keeps the check character valid.
 */
export function validateOrgCode(value: string): Validity<OrgCodeProblem> {
  const compact = value.length === 10 && value[8] === '-' ? value.slice(0, 8) + value[9] : value;
  if (compact.length !== 9) return invalid('length');
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(compact)) return invalid('format');
  return orgCodeCheckChar(compact) === compact[8] ? VALID : invalid('check_digit');
}
