// Mainland China mobile numbers: 11 digits, 1 then a network digit 3–9 (MIIT numbering plan). No +86 prefix:
// callers strip it before storing.
import { VALID, type Validity, invalid } from './validity.ts';

export type MobileProblem = 'format';

export function validateMobile(value: string): Validity<MobileProblem> {
  return /^1[3-9]\d{9}$/.test(value) ? VALID : invalid('format');
}
