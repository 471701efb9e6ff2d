// Pure checks of intake input (no I/O): phone numbers, the reporter's ID number, the 部件 id.
import { AppError } from '../../platform/errors.ts';
import { validateCreditCode, validateIdCard, validateMobile } from '../../platform/identifiers/index.ts';

/**
 * A mainland mobile (11 digits) or a landline with its area code (0 + 2–3 digits, then 7–8 digits), or a 400/800
 * service number. Spaces, dashes, parentheses and a +86 / 0086 prefix are accepted; the digits are stored.
 */
export function normalisePhone(raw: string, field: string): string {
  let d = raw.trim().replace(/[\s\-()（）]/g, '');
  if (d.startsWith('+86')) d = d.slice(3);
  else if (d.startsWith('0086')) d = d.slice(4);
  const ok = validateMobile(d).ok || /^0[1-9]\d{1,2}[2-9]\d{6,7}$/.test(d) || /^[48]00\d{7}$/.test(d);
  if (!ok) throw new AppError('CASE_PHONE_INVALID', 400, { field });
  return d;
}

/** 居民身份证号 for a person, 统一社会信用代码 for an enterprise. */
export function validateReporterId(value: string, kind: 'person' | 'enterprise'): string {
  const v = kind === 'enterprise' ? validateCreditCode(value) : validateIdCard(value);
  if (!v.ok) throw new AppError('CASE_ID_NUMBER_INVALID', 400, { field: 'reporter.idNumber', problem: v.reason });
  return value;
}

/**
 * 部件 id: 16 digits = 6 division + 2 大类 + 2 小类 + 6 serial (DOMAIN §1). The last four digits of the 小类's
 * code are its 大类 + 小类 numbers (e.g. BJ-01-01 → "0101"); the id's digits 7–10 must match them.
 */
export function checkComponentId(raw: string, categoryCode: string | null): string {
  const id = raw.trim();
  const invalid = (problem: string) =>
    new AppError('CASE_COMPONENT_ID_INVALID', 400, { field: 'componentId', problem });
  if (!/^\d{16}$/.test(id)) throw invalid('must be 16 digits');
  if (categoryCode) {
    const all = categoryCode.replace(/\D/g, '');
    const digits = all.length >= 4 ? all.slice(-4) : null;
    if (digits && id.slice(6, 10) !== digits) {
      throw invalid(`大类/小类 digits ${id.slice(6, 10)} do not match the category (${digits})`);
    }
  }
  return id;
}
