// 行政区划代码: GB/T 2260 (6 digits: 2 province + 2 prefecture + 2 county), extended by GB/T 10114 to 9 digits
// (township: 001–099 街道, 100–199 镇, 200–399 乡, 400–599 other township-level units) and to 12 digits (village
// level: 001–199 居委会, 200–399 村委会, 400–599 other). Only the structure is checked here: whether a code
// exists is a question for the gazetteer (geo module), and codes that were retired stay valid in old records.
import { VALID, type Validity, invalid } from './validity.ts';

export type DivisionCodeProblem = 'length' | 'format' | 'province' | 'structure' | 'township' | 'village';

/** GB/T 2260 province-level codes (71 台湾, 81 香港, 82 澳门). */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export function validateDivisionCode(value: string): Validity<DivisionCodeProblem> {
  if (![6, 9, 12].includes(value.length)) return invalid('length');
  if (!/^\d+$/.test(value)) return invalid('format');
  if (!PROVINCE_CODES.has(value.slice(0, 2))) return invalid('province');
  const prefecture = value.slice(2, 4);
  const county = value.slice(4, 6);
  // A province-level code has 0000 below it; a county code needs its prefecture (prefecture-level cities without
  // counties, e.g. 东莞 441900, put townships directly under the prefecture code).
  if (prefecture === '00' && county !== '00') return invalid('structure');
  if (value.length === 6) return VALID;
  if (prefecture === '00') return invalid('structure');
  const township = Number(value.slice(6, 9));
  if (township < 1 || township > 599) return invalid('township');
  if (value.length === 9) return VALID;
  const village = Number(value.slice(9, 12));
  if (village < 1 || village > 599) return invalid('village');
  return VALID;
}
