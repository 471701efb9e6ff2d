// 值域 (value domain) of a data element: what values of its data type it admits — a code list, a pattern, a
// numeric range or one of the built-in identifier validators (DOMAIN.md §2). Pure: the caller loads code lists.
import {
  type Validity,
  validateCreditCode,
  validateDate,
  validateDivisionCode,
  validateIdCard,
  validateMobile,
  validateOrgCode,
} from '../../platform/identifiers/index.ts';

export const DATA_TYPES = ['string', 'integer', 'decimal', 'date', 'datetime', 'boolean', 'code'] as const;
export type DataType = (typeof DATA_TYPES)[number];

export const VALIDATOR_NAMES = ['id_card', 'credit_code', 'org_code', 'division_code', 'mobile', 'date'] as const;
export type BuiltInValidator = (typeof VALIDATOR_NAMES)[number];
export const BUILT_IN_VALIDATORS: Record<BuiltInValidator, (value: string) => Validity> = {
  id_card: (v) => validateIdCard(v),
  credit_code: validateCreditCode,
  org_code: validateOrgCode,
  division_code: validateDivisionCode,
  mobile: validateMobile,
  date: validateDate,
};

export type ValueDomain =
  | { kind: 'none' }
  | { kind: 'code_list'; codeListId: string }
  | { kind: 'pattern'; pattern: string }
  | { kind: 'range'; min: number | null; max: number | null }
  | { kind: 'validator'; validator: BuiltInValidator };

/** A pattern always matches the whole value. null when it does not compile. */
export function compilePattern(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return null;
  }
}

/** Whether a domain suits a data type; the reason when not. */
export function domainMismatch(
  dataType: DataType,
  kind: ValueDomain['kind'],
  validator?: BuiltInValidator,
): string | null {
  if (dataType === 'code' && kind !== 'code_list') return 'a code element needs a code list';
  if (kind === 'code_list' && dataType !== 'code') return 'a code list needs data type code';
  if (kind === 'range' && dataType !== 'integer' && dataType !== 'decimal')
    return 'a range needs data type integer or decimal';
  if (kind === 'pattern' && dataType === 'boolean') return 'a boolean takes no pattern';
  if (kind === 'validator') {
    const ok = validator === 'date' ? dataType === 'date' || dataType === 'string' : dataType === 'string';
    if (!ok) return `validator ${validator} needs data type string`;
  }
  return null;
}

const DATETIME =
  /^(\d{4}-\d{2}-\d{2})[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/;

function checkType(dataType: DataType, value: string): boolean {
  switch (dataType) {
    case 'integer':
      return /^[+-]?\d{1,30}$/.test(value);
    case 'decimal':
      return /^[+-]?(\d{1,30}(\.\d{0,30})?|\.\d{1,30})$/.test(value);
    case 'date':
      return validateDate(value).ok;
    case 'datetime': {
      const m = DATETIME.exec(value);
      return m !== null && validateDate(m[1]).ok;
    }
    case 'boolean':
      return ['true', 'false', '1', '0'].includes(value);
    default:
      return true;
  }
}

/**
 * Checks one value against an element's data type and value domain. `codes` are the codes of the element's
 * code list; undefined for a list kept elsewhere (division codes live in the gazetteer), which is not checked
 * here.
 */
export function checkValue(
  dataType: DataType,
  domain: ValueDomain,
  value: string,
  codes?: ReadonlySet<string>,
): Validity {
  if (!checkType(dataType, value)) return { ok: false, reason: `not_${dataType}` };
  switch (domain.kind) {
    case 'code_list':
      return !codes || codes.has(value) ? { ok: true } : { ok: false, reason: 'not_in_code_list' };
    case 'pattern':
      return compilePattern(domain.pattern)?.test(value) ? { ok: true } : { ok: false, reason: 'pattern' };
    case 'range': {
      const n = Number(value);
      if (domain.min !== null && n < domain.min) return { ok: false, reason: 'below_min' };
      if (domain.max !== null && n > domain.max) return { ok: false, reason: 'above_max' };
      return { ok: true };
    }
    case 'validator':
      return BUILT_IN_VALIDATORS[domain.validator](value);
    default:
      return { ok: true };
  }
}
