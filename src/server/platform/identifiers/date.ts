// Calendar dates written YYYY-MM-DD (GB/T 7408 / ISO 8601 extended format), and "today" in China.
import { VALID, type Validity, invalid } from './validity.ts';

export type DateProblem = 'format' | 'not_a_date';

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether year/month/day (month 1–12) name a day of the proleptic Gregorian calendar, years 1–9999. */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= (m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1]);
}

/** The number written by the ASCII digits value[from, to); −1 when any is not a digit. */
function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** YYYY-MM-DD. Read by hand, not by a regular expression: data loads check millions of dates. */
export function validateDate(value: string): Validity<DateProblem> {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return invalid('format');
  const y = digits(value, 0, 4);
  const m = digits(value, 5, 7);
  const d = digits(value, 8, 10);
  if (y < 0 || m < 0 || d < 0) return invalid('format');
  return isRealDate(y, m, d) ? VALID : invalid('not_a_date');
}

/** The calendar date (YYYY-MM-DD) of an instant in China Standard Time: the whole country is on UTC+8. */
export function chinaDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
