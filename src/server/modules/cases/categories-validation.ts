// The shapes a 小类 carries and their rules, pure (no I/O): time limits per urgency and required attributes in the
// Open311 GeoReport v2 service-definition shape. Used by the admin API (categories.ts), the default taxonomy
// (default-taxonomy.ts) and by intake, which checks a case's attributes against its 小类 (checkCaseAttributes).
import { AppError } from '../../platform/errors.ts';
import type { LimitUnit, TimeLimit } from './settings.ts';
import type { Urgency } from './tables.ts';

export const LIMIT_UNITS: readonly LimitUnit[] = ['working_hours', 'working_days'];
export const URGENCIES: readonly Urgency[] = ['normal', 'urgent'];
/** Open311 GeoReport v2 attribute datatypes. */
export const ATTRIBUTE_DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

export type CategoryKind = 'component' | 'event' | 'hotline';
export const CATEGORY_KINDS: readonly CategoryKind[] = ['component', 'event', 'hotline'];

/** A 小类's handling limit per urgency; a missing urgency falls back to the nature default (case_settings). */
export type TimeLimits = Partial<Record<Urgency, TimeLimit>>;

/** One required (or optional) attribute, as served in the Open311 service definition. */
export interface CategoryAttribute {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  /** The question shown to the reporter (zh-CN). */
  description: string;
  order: number;
  values?: { key: string; name: string }[];
}

/** Upper bounds keep an admin typo (e.g. 500 working days) from producing an absurd deadline. */
const MAX_AMOUNT: Record<LimitUnit, number> = { working_hours: 2000, working_days: 250 };
const CODE = /^[a-z][a-z0-9_]{0,39}$/;

const invalid = (field: string, problem: string, extra: Record<string, unknown> = {}) =>
  new AppError('CASE_CATEGORY_INVALID', 400, { field, problem, ...extra });

/** Throws 400 CASE_TIME_LIMIT_INVALID naming the field (e.g. `timeLimits.urgent.amount`). */
export function validateTimeLimit(field: string, value: unknown): TimeLimit {
  const bad = (problem: string, f = field) => new AppError('CASE_TIME_LIMIT_INVALID', 400, { field: f, problem });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('must be {amount, unit}');
  const { amount, unit, ...rest } = value as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw bad('is not allowed', `${field}.${extra}`);
  if (typeof unit !== 'string' || !(LIMIT_UNITS as readonly string[]).includes(unit)) {
    throw bad(`must be one of ${LIMIT_UNITS.join(', ')}`, `${field}.unit`);
  }
  const max = MAX_AMOUNT[unit as LimitUnit];
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0 || amount > max) {
    throw bad(`must be a number > 0 and ≤ ${max}`, `${field}.amount`);
  }
  if (unit === 'working_days' && !Number.isInteger(amount)) throw bad('must be whole working days', `${field}.amount`);
  return { amount, unit: unit as LimitUnit };
}

export function validateTimeLimits(value: unknown, field = 'timeLimits'): TimeLimits | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new AppError('CASE_TIME_LIMIT_INVALID', 400, { field, problem: 'must be an object keyed by urgency' });
  }
  const out: TimeLimits = {};
  for (const [urgency, limit] of Object.entries(value as Record<string, unknown>)) {
    if (!(URGENCIES as readonly string[]).includes(urgency)) {
      throw new AppError('CASE_TIME_LIMIT_INVALID', 400, {
        field: `${field}.${urgency}`,
        problem: `urgency must be one of ${URGENCIES.join(', ')}`,
      });
    }
    out[urgency as Urgency] = validateTimeLimit(`${field}.${urgency}`, limit);
  }
  return Object.keys(out).length === 0 ? null : out;
}

/** Validates and normalises the attribute list (order defaults to the position; codes unique). */
export function validateAttributes(value: unknown, field = 'attributes'): CategoryAttribute[] {
  if (!Array.isArray(value)) throw invalid(field, 'must be a list');
  if (value.length > 20) throw invalid(field, 'at most 20 attributes');
  const seen = new Set<string>();
  return value.map((raw, i) => {
    const f = `${field}[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(f, 'must be an object');
    const a = raw as Record<string, unknown>;
    const allowed = new Set(['code', 'datatype', 'required', 'description', 'order', 'values']);
    const extra = Object.keys(a).find((k) => !allowed.has(k));
    if (extra) throw invalid(`${f}.${extra}`, 'is not allowed');
    if (typeof a.code !== 'string' || !CODE.test(a.code)) {
      throw invalid(`${f}.code`, 'must be lower-case letters, digits and _ (starting with a letter, ≤ 40)');
    }
    if (seen.has(a.code)) throw invalid(`${f}.code`, 'is used twice', { code: a.code });
    seen.add(a.code);
    if (typeof a.datatype !== 'string' || !(ATTRIBUTE_DATATYPES as readonly string[]).includes(a.datatype)) {
      throw invalid(`${f}.datatype`, `must be one of ${ATTRIBUTE_DATATYPES.join(', ')}`);
    }
    if (a.required !== undefined && typeof a.required !== 'boolean')
      throw invalid(`${f}.required`, 'must be true/false');
    if (typeof a.description !== 'string' || a.description.trim() === '' || a.description.length > 200) {
      throw invalid(`${f}.description`, 'must be 1–200 characters');
    }
    if (a.order !== undefined && (typeof a.order !== 'number' || !Number.isInteger(a.order) || a.order < 0)) {
      throw invalid(`${f}.order`, 'must be a whole number ≥ 0');
    }
    const datatype = a.datatype as AttributeDatatype;
    const isList = datatype === 'singlevaluelist' || datatype === 'multivaluelist';
    const out: CategoryAttribute = {
      code: a.code,
      datatype,
      required: a.required ?? false,
      description: a.description.trim(),
      order: (a.order as number | undefined) ?? i + 1,
    };
    if (isList) out.values = validateValues(`${f}.values`, a.values);
    else if (a.values !== undefined) throw invalid(`${f}.values`, `only list datatypes have values`);
    return out;
  });
}

function validateValues(field: string, value: unknown): { key: string; name: string }[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid(field, 'a list type needs at least one value');
  if (value.length > 50) throw invalid(field, 'at most 50 values');
  const keys = new Set<string>();
  return value.map((v, j) => {
    const f = `${field}[${j}]`;
    const o = v as Record<string, unknown>;
    if (typeof v !== 'object' || v === null || Object.keys(o).some((k) => k !== 'key' && k !== 'name')) {
      throw invalid(f, 'must be {key, name}');
    }
    if (typeof o.key !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(o.key)) {
      throw invalid(`${f}.key`, 'must be 1–40 letters, digits, _ or -');
    }
    if (keys.has(o.key)) throw invalid(`${f}.key`, 'is used twice', { key: o.key });
    keys.add(o.key);
    if (typeof o.name !== 'string' || o.name.trim() === '' || o.name.length > 100) {
      throw invalid(`${f}.name`, 'must be 1–100 characters');
    }
    return { key: o.key, name: o.name.trim() };
  });
}

/**
 * For intake: checks a case's attribute values against its 小类's attributes. Missing required → 400
 * CASE_ATTRIBUTE_REQUIRED; a wrong type or a key not in the list → 400 CASE_ATTRIBUTE_INVALID; unknown codes →
 * CASE_ATTRIBUTE_INVALID. The field is `attributes.<code>`. Returns the values kept.
 */
export function checkCaseAttributes(
  defs: readonly CategoryAttribute[],
  values: Record<string, unknown>,
  field = 'attributes',
): Record<string, string | number | string[]> {
  const byCode = new Map(defs.map((d) => [d.code, d]));
  const unknown = Object.keys(values).find((k) => !byCode.has(k));
  if (unknown !== undefined) {
    throw new AppError('CASE_ATTRIBUTE_INVALID', 400, { field: `${field}.${unknown}`, problem: 'is not an attribute' });
  }
  const out: Record<string, string | number | string[]> = {};
  for (const d of defs) {
    const f = `${field}.${d.code}`;
    const v = values[d.code];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (d.required) throw new AppError('CASE_ATTRIBUTE_REQUIRED', 400, { field: f, name: d.description });
      continue;
    }
    const bad = (problem: string) => new AppError('CASE_ATTRIBUTE_INVALID', 400, { field: f, problem });
    const keys = new Set((d.values ?? []).map((x) => x.key));
    switch (d.datatype) {
      case 'string':
      case 'text':
        if (typeof v !== 'string' || v.length > (d.datatype === 'string' ? 200 : 2000)) throw bad('must be text');
        out[d.code] = v.trim();
        break;
      case 'number': {
        const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
        if (!Number.isFinite(n)) throw bad('must be a number');
        out[d.code] = n;
        break;
      }
      case 'datetime':
        if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw bad('must be an ISO 8601 date-time');
        out[d.code] = new Date(v).toISOString();
        break;
      case 'singlevaluelist':
        if (typeof v !== 'string' || !keys.has(v)) throw bad(`must be one of ${[...keys].join(', ')}`);
        out[d.code] = v;
        break;
      case 'multivaluelist': {
        const list = Array.isArray(v) ? v : [v];
        if (!list.every((x) => typeof x === 'string' && keys.has(x))) {
          throw bad(`each must be one of ${[...keys].join(', ')}`);
        }
        out[d.code] = [...new Set(list as string[])];
        break;
      }
    }
  }
  return out;
}
