// Calendar dates written YYYY-MM-DD (GB/T 7408 / ISO 8601 extended format), and "today" in China.
import { VALID, type Validity, invalid } from './validity.ts';

export type DateProblem = 'format' | 'not_a_date';

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Whether year/month/day (month 1–12) name a day of the proleptic Gregorian calendar, years 1–9999. */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

export function validateDate(value: string): Validity<DateProblem> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return invalid('format');
  return isRealDate(Number(m[1]), Number(m[2]), Number(m[3])) ? VALID : invalid('not_a_date');
}

/** The calendar date (YYYY-MM-DD) of an instant in China Standard Time: the whole country is on UTC+8. */
export function chinaDate(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
