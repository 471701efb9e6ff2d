import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { messages } from './messages.ts';

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalog messages', () => {
  it('says every message in Chinese and in English, with the same placeholders', () => {
    for (const [code, m] of Object.entries(messages)) {
      expect(CJK.test(m['zh-CN']), code).toBe(true);
      expect(CJK.test(m.en), code).toBe(false);
      expect(placeholders(m.en), code).toEqual(placeholders(m['zh-CN']));
    }
  });

  it('has a message for every error code the module raises', () => {
    const dir = new URL('./', import.meta.url);
    const source = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => fs.readFileSync(new URL(f, dir), 'utf8'))
      .join('\n');
    const raised = new Set<string>();
    for (const m of source.matchAll(/(?:AppError|refuse|conflict)\('([A-Z][A-Z_]+)'/g)) raised.add(m[1]);
    for (const m of source.matchAll(/notFound\('([A-Z][A-Z_]+)'/g)) raised.add(`${m[1]}_NOT_FOUND`);
    // Codes the platform (VALIDATION_FAILED, BODY_TOO_LARGE) or the org module (DEPARTMENT_NOT_FOUND) already explain.
    for (const shared of ['VALIDATION_FAILED', 'DEPARTMENT_NOT_FOUND', 'BODY_TOO_LARGE']) raised.delete(shared);
    expect(raised.size).toBeGreaterThan(20);
    expect([...raised].filter((code) => !(code in messages))).toEqual([]);
  });
});
