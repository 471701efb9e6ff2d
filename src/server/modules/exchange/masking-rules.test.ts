import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SharingItemElement } from '../catalog/sharing-api.ts';
import { applyMask, type MaskingTable, type MaskRule, personalInfoKind, ruleForColumn } from './masking-rules.ts';

const keep = (keepFirst: number, keepLast: number): MaskRule => ({ method: 'keep', keepFirst, keepLast });
const rule = (method: MaskRule['method']): MaskRule => ({ method, keepFirst: 1, keepLast: 0 });

describe('applyMask', () => {
  it('applies the DOMAIN.md §4 defaults', () => {
    expect(applyMask('11010519491231002X', keep(6, 4), 's')).toBe('110105********002X');
    expect(applyMask('13812341234', keep(3, 4), 's')).toBe('138****1234');
    expect(applyMask('6222021234567890123', keep(6, 4), 's')).toBe('622202*********0123');
    expect(applyMask('张三', keep(1, 0), 's')).toBe('张*');
    expect(applyMask('江苏省苏州市姑苏区人民路100号', rule('district'), 's')).toBe('江苏省苏州市姑苏区***');
    expect(applyMask('新疆维吾尔自治区巴音郭楞蒙古自治州焉耆回族自治县永宁镇', rule('district'), 's')).toBe(
      '新疆维吾尔自治区巴音郭楞蒙古自治州焉耆回族自治县***',
    );
    expect(applyMask('1980-01-01', rule('year'), 's')).toBe('1980');
    expect(applyMask('zhang.wei@example.cn', rule('email'), 's')).toBe('z***@example.cn');
    expect(applyMask('13812341234', rule('none'), 's')).toBe('13812341234');
    expect(applyMask('张三', rule('replace_all'), 's')).toBe('**');
  });

  it('gives one stable token per salt, different tokens for different salts', () => {
    const a = applyMask('13812341234', rule('hash'), 'x:1');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(applyMask('13812341234', rule('hash'), 'x:1')).toBe(a);
    expect(applyMask('13812341234', rule('hash'), 'x:2')).not.toBe(a);
  });

  it('always hides part of a non-empty value under keep, and keeps its length', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), fc.nat(10), fc.nat(10), (v, f, l) => {
        fc.pre(f + l > 0);
        const masked = applyMask(v, keep(f, l), 's');
        expect([...masked].length).toBe([...v].length);
        expect(masked).toContain('*');
      }),
    );
  });
});

const item = (over: Partial<SharingItemElement>): SharingItemElement => ({
  name: 'x',
  personalInfo: 'personal',
  elementIdentifier: 'DE0099',
  elementVersion: 1,
  elementNameZh: '',
  validator: null,
  ...over,
});

describe('ruleForColumn', () => {
  const table: MaskingTable = {
    byElement: new Map([['DE0007', rule('hash')]]),
    byKind: new Map([
      ['id_card', keep(6, 4)],
      ['mobile', keep(3, 4)],
      ['name', keep(1, 0)],
      ['personal', keep(1, 0)],
      ['sensitive', rule('replace_all')],
    ]),
    salt: 's',
  };

  it('prefers the element rule, even on an unflagged field', () => {
    expect(ruleForColumn(table, item({ elementIdentifier: 'DE0007', personalInfo: 'none' }))).toEqual(rule('hash'));
  });
  it('leaves unflagged fields clear and falls back by flag for unknown kinds', () => {
    expect(ruleForColumn(table, item({ personalInfo: 'none', validator: 'mobile' })).method).toBe('none');
    expect(ruleForColumn(table, item({ personalInfo: 'sensitive', elementNameZh: '健康状况' }))).toEqual(
      rule('replace_all'),
    );
    expect(ruleForColumn(table, item({ personalInfo: 'sensitive', validator: 'id_card' }))).toEqual(keep(6, 4));
  });
  it('hides everything when even the fallback rule is missing', () => {
    const bare: MaskingTable = { byElement: new Map(), byKind: new Map(), salt: 's' };
    expect(ruleForColumn(bare, item({})).method).toBe('replace_all');
  });
});

describe('personalInfoKind', () => {
  it('recognises kinds by validator, then by name', () => {
    expect(personalInfoKind({ validator: 'mobile', elementNameZh: '联系方式' })).toBe('mobile');
    expect(personalInfoKind({ validator: null, elementNameZh: '联系人姓名' })).toBe('name');
    expect(personalInfoKind({ validator: null, elementNameZh: '户籍地址' })).toBe('address');
    expect(personalInfoKind({ validator: null, elementNameZh: '银行卡号' })).toBe('bank_card');
    expect(personalInfoKind({ validator: 'date', elementNameZh: '出生日期' })).toBe('birth_date');
    expect(personalInfoKind({ validator: null, elementNameZh: '性别代码' })).toBeNull();
  });
});
