// 公民身份号码 (GB 11643-1999): 6-digit division code at the time of issue + birth date YYYYMMDD + 3-digit sequence
// (odd = male) + a check character by ISO 7064 MOD 11-2.
import { chinaDate, isRealDate } from './date.ts';
import { PROVINCE_CODES } from './division-code.ts';
import { VALID, type Validity, invalid } from './validity.ts';

export type IdCardProblem = 'length' | 'format' | 'division' | 'birth_date' | 'birth_date_future' | 'check_digit';

// ISO 7064 MOD 11-2: weight of position i (1-based from the left) is 2^(18-i) mod 11.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits. */
export function idCardCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Validates an 18-character ID number. The division part is checked for a real province only: codes retired
 * since issue stay valid. A leading 9 is the 2023 foreigner's permanent residence card, same algorithm.
 * `today` is the date (YYYY-MM-DD, China time) after which a birth date is refused.
 */
export function validateIdCard(value: string, today: string = chinaDate()): Validity<IdCardProblem> {
  if (value.length !== 18) return invalid('length');
  // By hand, not by regular expressions and slices: data loads check millions of numbers.
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return invalid('format');
    sum += d * WEIGHTS[i];
  }
  const last = value.charCodeAt(17);
  if (!((last >= 48 && last <= 57) || last === 88)) return invalid('format');
  if (value.charCodeAt(0) !== 57 && !PROVINCE_CODES.has(value.slice(0, 2))) return invalid('division');
  const y = digitsAt(value, 6, 10);
  const m = digitsAt(value, 10, 12);
  const d = digitsAt(value, 12, 14);
  if (y < 1800 || !isRealDate(y, m, d)) return invalid('birth_date');
  if (y * 10_000 + m * 100 + d > dayNumber(today)) return invalid('birth_date_future');
  return CHECK_CHARS[sum % 11] === value[17] ? VALID : invalid('check_digit');
}

/** The number the digits value[from, to) write (already checked to be digits). */
function digitsAt(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + value.charCodeAt(i) - 48;
  return n;
}

let lastDay = '';
let lastDayNumber = 0;
/** YYYY-MM-DD as the number YYYYMMDD (the last one remembered: a load passes the same day for every row). */
function dayNumber(day: string): number {
  if (day !== lastDay) {
    lastDay = day;
    lastDayNumber = Number(day.slice(0, 4)) * 10_000 + Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10));
  }
  return lastDayNumber;
}
