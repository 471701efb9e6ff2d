import { describe, expect, it } from 'vitest';
import { pickLocale, translate } from './messages.ts';

describe('messages', () => {
  it('answers in Chinese by default and for zh-* preferences', () => {
    expect(pickLocale(undefined)).toBe('zh-CN');
    expect(pickLocale('zh-TW,en;q=0.5')).toBe('zh-CN');
    expect(pickLocale('fr-FR')).toBe('zh-CN');
  });

  it('answers in English when English is preferred by order or by weight', () => {
    expect(pickLocale('en-US,en;q=0.9,zh;q=0.8')).toBe('en');
    expect(pickLocale('zh;q=0.2, en;q=0.9')).toBe('en');
  });

  it('fills placeholders and leaves unknown codes readable', () => {
    expect(translate('BODY_TOO_LARGE', 'en', { limit: 10 })).toBe('Request body too large (limit 10 bytes)');
    expect(translate('NO_SUCH_CODE', 'zh-CN')).toBe('NO_SUCH_CODE');
  });
});
