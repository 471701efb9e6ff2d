import { describe, expect, it } from 'vitest';
import { maskEmail, maskIdNumber, maskName, maskPhone } from './mask.ts';

describe('display masking (DOMAIN.md §4 defaults)', () => {
  it('masks a mobile number to 138****1234', () => expect(maskPhone('13812341234')).toBe('138****1234'));
  it('masks an ID number to the first 6 and last 4', () =>
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X'));
  it('masks a name to its first character', () => expect(maskName('张三丰')).toBe('张**'));
  it('masks an e-mail local part', () => expect(maskEmail('alice@example.cn')).toBe('a***@example.cn'));
  it('passes null through', () => expect(maskPhone(null)).toBeNull());
});
