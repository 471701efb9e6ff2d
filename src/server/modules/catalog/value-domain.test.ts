import { describe, expect, it } from 'vitest';
import { checkValue, compilePattern, domainMismatch } from './value-domain.ts';

describe('value domains', () => {
  it('checks the data type before the domain', () => {
    expect(checkValue('integer', { kind: 'none' }, '12')).toEqual({ ok: true });
    expect(checkValue('integer', { kind: 'none' }, '1.2')).toEqual({ ok: false, reason: 'not_integer' });
    expect(checkValue('decimal', { kind: 'none' }, '-0.5')).toEqual({ ok: true });
    expect(checkValue('boolean', { kind: 'none' }, 'yes')).toEqual({ ok: false, reason: 'not_boolean' });
    expect(checkValue('datetime', { kind: 'none' }, '2026-03-01T08:30:00+08:00')).toEqual({ ok: true });
    expect(checkValue('datetime', { kind: 'none' }, '2026-02-30T08:30:00Z')).toEqual({
      ok: false,
      reason: 'not_datetime',
    });
  });

  it('matches a pattern against the whole value, not a part of it', () => {
    const domain = { kind: 'pattern', pattern: '\\d{3}' } as const;
    expect(checkValue('string', domain, '123')).toEqual({ ok: true });
    expect(checkValue('string', domain, 'a1234')).toEqual({ ok: false, reason: 'pattern' });
    expect(compilePattern('(')).toBeNull();
  });

  it('checks code lists, ranges and built-in validators', () => {
    expect(checkValue('code', { kind: 'code_list', codeListId: 'x' }, '9', new Set(['1', '2']))).toEqual({
      ok: false,
      reason: 'not_in_code_list',
    });
    expect(checkValue('code', { kind: 'code_list', codeListId: 'x' }, '9')).toEqual({ ok: true });
    expect(checkValue('decimal', { kind: 'range', min: 0, max: 1 }, '1.5')).toEqual({ ok: false, reason: 'above_max' });
    expect(checkValue('string', { kind: 'validator', validator: 'id_card' }, '11010519491231002X')).toEqual({
      ok: true,
    });
  });

  it('says when a domain does not suit the data type', () => {
    expect(domainMismatch('code', 'none')).toMatch(/code list/);
    expect(domainMismatch('string', 'range')).toMatch(/integer or decimal/);
    expect(domainMismatch('integer', 'validator', 'mobile')).toMatch(/string/);
    expect(domainMismatch('date', 'validator', 'date')).toBeNull();
    expect(domainMismatch('string', 'pattern')).toBeNull();
  });
});
