// The pure rules of a 小类: time limits, Open311 attributes, a case's attribute values against them, component ids
// against 部件 codes, pinyin initials — and the default taxonomy passing the same rules an admin's edit does.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { componentIdMatches } from './categories.ts';
import { pinyinInitials } from './categories-pinyin.ts';
import {
  type CategoryAttribute,
  checkCaseAttributes,
  validateAttributes,
  validateTimeLimits,
} from './categories-validation.ts';
import { DEFAULT_TAXONOMY, KIND_PREFIX } from './default-taxonomy.ts';

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return { code: e.code, field: e.details.field };
    throw e;
  }
  throw new Error('expected a failure');
};

const COVER: CategoryAttribute = {
  code: 'cover_state',
  datatype: 'singlevaluelist',
  required: true,
  description: '井盖状况',
  order: 1,
  values: [
    { key: 'missing', name: '缺失' },
    { key: 'broken', name: '破损' },
  ],
};
const PEOPLE: CategoryAttribute = {
  code: 'people',
  datatype: 'number',
  required: false,
  description: '人数',
  order: 2,
};

describe('time limits', () => {
  it('accepts working hours and whole working days per urgency', () => {
    expect(
      validateTimeLimits({
        normal: { amount: 1.5, unit: 'working_hours' },
        urgent: { amount: 1, unit: 'working_days' },
      }),
    ).toEqual({ normal: { amount: 1.5, unit: 'working_hours' }, urgent: { amount: 1, unit: 'working_days' } });
    expect(validateTimeLimits(null)).toBeNull();
  });

  it('names the field of a bad unit, a non-positive amount, half a working day or an unknown urgency', () => {
    expect(failure(() => validateTimeLimits({ normal: { amount: 1, unit: 'days' } }))).toEqual({
      code: 'CASE_TIME_LIMIT_INVALID',
      field: 'timeLimits.normal.unit',
    });
    expect(failure(() => validateTimeLimits({ urgent: { amount: 0, unit: 'working_hours' } })).field).toBe(
      'timeLimits.urgent.amount',
    );
    expect(failure(() => validateTimeLimits({ normal: { amount: 1.5, unit: 'working_days' } })).field).toBe(
      'timeLimits.normal.amount',
    );
    expect(failure(() => validateTimeLimits({ asap: { amount: 1, unit: 'working_days' } })).field).toBe(
      'timeLimits.asap',
    );
    expect(failure(() => validateTimeLimits({ normal: { amount: 1, unit: 'working_days', x: 1 } })).field).toBe(
      'timeLimits.normal.x',
    );
  });
});

describe('attribute definitions', () => {
  it('numbers the order by position and keeps list values', () => {
    const [a] = validateAttributes([{ code: 'plate', datatype: 'string', description: ' 车牌号码 ' }]);
    expect(a).toEqual({ code: 'plate', datatype: 'string', required: false, description: '车牌号码', order: 1 });
  });

  it('refuses duplicate codes, unknown datatypes, lists without values and values on plain types', () => {
    const s = (v: unknown) => failure(() => validateAttributes(v)).field;
    expect(s([{ ...COVER }, { ...COVER }])).toBe('attributes[1].code');
    expect(s([{ ...COVER, datatype: 'image' }])).toBe('attributes[0].datatype');
    expect(s([{ ...COVER, values: [] }])).toBe('attributes[0].values');
    expect(s([{ ...PEOPLE, values: [{ key: 'a', name: 'a' }] }])).toBe('attributes[0].values');
    expect(
      s([
        {
          ...COVER,
          values: [
            { key: 'a', name: 'a' },
            { key: 'a', name: 'b' },
          ],
        },
      ]),
    ).toBe('attributes[0].values[1].key');
  });
});

describe("a case's attribute values", () => {
  it('keeps valid values, converting numbers given as text', () => {
    expect(checkCaseAttributes([COVER, PEOPLE], { cover_state: 'missing', people: '12' })).toEqual({
      cover_state: 'missing',
      people: 12,
    });
  });

  it('refuses a missing required value, a key outside the list, a non-number and an unknown code', () => {
    expect(failure(() => checkCaseAttributes([COVER], {}))).toEqual({
      code: 'CASE_ATTRIBUTE_REQUIRED',
      field: 'attributes.cover_state',
    });
    expect(failure(() => checkCaseAttributes([COVER], { cover_state: 'stolen' })).code).toBe('CASE_ATTRIBUTE_INVALID');
    expect(failure(() => checkCaseAttributes([COVER, PEOPLE], { cover_state: 'missing', people: 'many' })).field).toBe(
      'attributes.people',
    );
    expect(failure(() => checkCaseAttributes([COVER], { cover_state: 'missing', colour: 'red' })).field).toBe(
      'attributes.colour',
    );
  });
});

describe('component ids and pinyin', () => {
  it('matches a 16-digit component id to its 部件 小类 by the 大类 and 小类 digits', () => {
    expect(componentIdMatches('BJ-01-01', '3205080101000001')).toBe(true);
    expect(componentIdMatches('BJ-01-02', '3205080101000001')).toBe(false);
    expect(componentIdMatches('BJ-01-01', '320508010100001')).toBe(false);
    expect(componentIdMatches('SJ-01', '3205080101000001')).toBe(false);
  });

  it('computes initials from the name, keeping Latin letters and digits', () => {
    expect(pinyinInitials('井盖缺失')).toBe('jgqs');
    expect(pinyinInitials('12345热线')).toBe('12345rx');
    expect(pinyinInitials('公安治安（非紧急）')).toBe('gazafjj');
  });
});

describe('the default taxonomy', () => {
  it('passes the rules an admin edit passes, with unique two-digit codes', () => {
    const codes = new Set<string>();
    for (const c of DEFAULT_TAXONOMY) {
      const top = `${KIND_PREFIX[c.kind]}-${c.no}`;
      expect(codes.has(top), top).toBe(false);
      codes.add(top);
      for (const s of c.children) {
        const code = `${top}-${s.no}`;
        expect(s.no, code).toMatch(/^\d{2}$/);
        expect(codes.has(code), code).toBe(false);
        codes.add(code);
        expect(validateTimeLimits(s.limits)).not.toBeNull();
        validateAttributes(s.attributes ?? []);
      }
    }
    expect(codes.size).toBeGreaterThan(100);
  });
});
