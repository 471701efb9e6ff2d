// The rules a resource's metadata must follow, through the API: items bound to existing, current data element
// versions; sample values checked by the element's value domain (built-in identifier validators, code lists);
// the sharing rules (不予共享 needs a legal basis); and hostile or oversized input refused with the field named.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  errorCode,
  login,
  type Session,
  type TestApp,
} from '../support/test-app.ts';
import { createResource, element, resourceBody } from './catalog-fixtures.ts';

const BASE = '/api/v1/catalog/resources';

describe.skipIf(!engineAvailable())('catalog resource content rules', () => {
  let t: TestApp;
  let steward: Session;

  beforeAll(async () => {
    t = await createTestApp();
    steward = await login(t.app, 'steward', DEMO_PASSWORD);
  });
  afterAll(() => t?.close());

  const post = async (over: Record<string, unknown>) =>
    steward.request('POST', BASE, await resourceBody(steward, over));
  const refusal = (res: { statusCode: number; json(): { error: { details: Record<string, unknown> } } }) => ({
    status: res.statusCode,
    ...res.json().error.details,
  });
  const item = async (nameZh: string, over: Record<string, unknown> = {}) => ({
    name: `${nameZh}项`,
    element: await element(steward, nameZh),
    personalInfo: 'none',
    ...over,
  });

  describe('items bound to data elements', () => {
    it('refuses an item bound to an element version that does not exist, naming items[i].element', async () => {
      const credit = await element(steward, '统一社会信用代码');
      const res = await post({
        items: [await item('法人名称'), { name: '代码', element: { ...credit, version: 99 }, personalInfo: 'none' }],
      });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('RESOURCE_ITEM_ELEMENT_UNKNOWN');
      expect(res.json().error.details).toEqual({
        field: 'items[1].element',
        identifier: credit.identifier,
        version: 99,
      });
      expect(res.json().error.message).toContain('items[1].element');
    });

    it('refuses an item bound to a retired element', async () => {
      const res = await post({ items: [await item('组织机构代码')] });
      expect(refusal(res)).toMatchObject({ status: 400, field: 'items[0].element' });
      expect(errorCode(res)).toBe('RESOURCE_ITEM_ELEMENT_RETIRED');
    });

    it('refuses binding any version of an element retired since, on create and again on submit', async () => {
      const created = await steward.request('POST', '/api/v1/catalog/elements', {
        nameZh: `将废止${Date.now()}`,
        definition: '测试',
        dataType: 'string',
        status: 'standard',
      });
      const e = created.json();
      const items = [
        { name: '将废止项', element: { identifier: e.identifier, version: 1 }, isKey: true, personalInfo: 'none' },
      ];
      const draft = await createResource(steward, { items });
      await steward.request('POST', `/api/v1/catalog/elements/${e.identifier}/versions`, {
        nameZh: e.nameZh,
        definition: '已废止',
        dataType: 'string',
        status: 'retired',
        baseVersion: 1,
      });
      expect(errorCode(await post({ items }))).toBe('RESOURCE_ITEM_ELEMENT_RETIRED');
      const submit = await steward.request('POST', `${BASE}/${draft.code}/submit`, { version: draft.version });
      expect(submit.statusCode).toBe(400);
      expect(submit.json().error).toMatchObject({
        code: 'RESOURCE_ITEM_ELEMENT_RETIRED',
        details: { field: 'items[0].element' },
      });
    });

    it('refuses two items with the same name', async () => {
      const res = await post({ items: [await item('法人名称'), await item('法人名称')] });
      expect(errorCode(res)).toBe('RESOURCE_ITEM_DUPLICATE');
      expect(res.json().error.details.field).toBe('items[1].name');
    });

    it('checks a sample value with the element’s built-in validator (GB 32100 check character)', async () => {
      const bad = await post({ items: [await item('统一社会信用代码', { example: '91350100M000100Y44' })] });
      expect(errorCode(bad)).toBe('RESOURCE_ITEM_EXAMPLE_INVALID');
      expect(bad.json().error.details).toMatchObject({ field: 'items[0].example', reason: 'check_digit' });
      const good = await post({
        items: [await item('统一社会信用代码', { example: '91350100M000100Y43', isKey: true })],
      });
      expect(good.statusCode).toBe(201);
      expect(good.json().items[0].example).toBe('91350100M000100Y43');
    });

    it('checks a sample value against the element’s code list and pattern', async () => {
      const gender = await post({ items: [await item('性别代码', { example: '3' })] });
      expect(gender.json().error.details).toMatchObject({ field: 'items[0].example', reason: 'not_in_code_list' });
      const grid = await post({ items: [await item('网格编码', { example: '32050800100101X' })] });
      expect(grid.json().error.details).toMatchObject({ field: 'items[0].example', reason: 'pattern' });
      const date = await post({ items: [await item('登记日期', { example: '2025-02-29' })] });
      expect(date.json().error.details).toMatchObject({ field: 'items[0].example', reason: 'not_date' });
      expect((await post({ items: [await item('性别代码', { example: '9' })] })).statusCode).toBe(201);
    });

    it('refuses a sample value on an item holding personal information', async () => {
      const res = await post({
        items: [await item('公民身份号码', { personalInfo: 'sensitive', example: '11010519491231002X' })],
        openness: 'closed',
      });
      expect(errorCode(res)).toBe('RESOURCE_ITEM_EXAMPLE_PERSONAL');
    });
  });

  describe('sharing and openness', () => {
    it('refuses 不予共享 without a legal basis, naming shareBasis', async () => {
      const res = await post({ shareType: 'none', openness: 'closed' });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('RESOURCE_SHARE_BASIS_REQUIRED');
      expect(res.json().error.details.field).toBe('shareBasis');
    });

    it('accepts 不予共享 with its legal basis, and drops the share method it no longer needs', async () => {
      const r = await createResource(steward, {
        shareType: 'none',
        shareBasis: '《某条例》第十条',
        openness: 'closed',
      });
      expect(r.shareMethod).toBeNull();
    });

    it('refuses to open data that is not shared, core data, or sensitive personal information', async () => {
      const notShared = await post({ shareType: 'none', shareBasis: '《某条例》第十条', openness: 'open' });
      expect(refusal(notShared)).toMatchObject({ status: 400, field: 'openness', reason: 'not_shared' });
      const core = await post({ grade: 'core', openness: 'conditional' });
      expect(refusal(core)).toMatchObject({ status: 400, field: 'openness', reason: 'core_data' });
      const sensitive = await post({ items: [await item('手机号码', { personalInfo: 'sensitive' })] });
      expect(refusal(sensitive)).toMatchObject({
        status: 400,
        field: 'items[0].personalInfo',
        reason: 'sensitive_item',
      });
    });

    it('requires conditions for 有条件共享 and a share method for shared data', async () => {
      expect(errorCode(await post({ shareType: 'conditional' }))).toBe('RESOURCE_SHARE_CONDITIONS_REQUIRED');
      expect(errorCode(await post({ shareMethod: null }))).toBe('RESOURCE_SHARE_METHOD_REQUIRED');
    });

    it('applies the rules to the merged draft on update', async () => {
      const r = await createResource(steward);
      const res = await steward.request('PATCH', `${BASE}/${r.code}`, { version: r.version, shareType: 'none' });
      expect(errorCode(res)).toBe('RESOURCE_SHARE_BASIS_REQUIRED');
    });
  });

  describe('classification and related resources', () => {
    it('refuses a classification whose 类 does not match the kind', async () => {
      const res = await post({ classification: '101001', kind: 'department' });
      expect(refusal(res)).toMatchObject({ status: 400, field: 'classification', expected: '3' });
    });

    it('accepts related codes of visible resources and refuses unknown ones, naming relatedCodes[i]', async () => {
      const other = await createResource(steward);
      expect((await post({ relatedCodes: [other.code, '101001-000001'] })).statusCode).toBe(201);
      const res = await post({ relatedCodes: ['101001-000001', '399999-000001'] });
      expect(refusal(res)).toMatchObject({ status: 400, field: 'relatedCodes[1]', code: '399999-000001' });
    });
  });

  describe('bad input', () => {
    it.each([
      ['a NUL in a text', { name: 'a\u0000b' }, 'name'],
      ['an unpaired surrogate', { summary: 'x\ud800' }, 'summary'],
      ['an oversized name', { name: '名'.repeat(201) }, 'name'],
      ['too many items', { items: Array.from({ length: 201 }, (_, i) => ({ name: `${i}` })) }, 'items'],
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['an unknown share type', { shareType: 'sometimes' }, 'shareType'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a malformed classification', { classification: '9x' }, 'classification'],
      [
        'an element version beyond int4',
        { items: [{ name: 'x', element: { identifier: 'DE0001', version: 2147483648 }, personalInfo: 'none' }] },
        'items[0].element.version',
      ],
    ])('refuses %s with 400 naming the field', async (_, over, field) => {
      const res = await post(over);
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
      expect(res.json().error.details.field).toBe(field);
    });

    it('refuses a resource code of the wrong shape in the path with 400, and an unknown one with 404', async () => {
      expect((await steward.request('GET', `${BASE}/not-a-code`)).statusCode).toBe(400);
      const res = await steward.request('GET', `${BASE}/399999-000001`);
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('RESOURCE_NOT_FOUND');
    });

    it('answers random registration bodies with a 4xx in the error shape or a 201, never a 5xx', async () => {
      const valid = await resourceBody(steward);
      const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', ' ', '\u0000', '%_\\', '名'.repeat(300)));
      const mutation = fc.record(
        {
          name: text,
          summary: text,
          classification: fc.oneof(fc.stringMatching(/^[1-3]\d{5}$/), text),
          kind: fc.oneof(fc.constantFrom('base', 'theme', 'department'), text),
          shareType: fc.constantFrom('unconditional', 'conditional', 'none', 'x'),
          shareBasis: fc.oneof(text, fc.constant(null)),
          openness: fc.constantFrom('open', 'conditional', 'closed'),
          grade: fc.constantFrom('general', 'important', 'core'),
          relatedCodes: fc.array(fc.stringMatching(/^[1-3]\d{5}-\d{6}$/), { maxLength: 2 }),
          providerDepartmentId: fc.oneof(fc.integer(), fc.constant(null)),
          items: fc.array(
            fc.record({
              name: text,
              element: fc.record({
                identifier: fc.stringMatching(/^DE00[01]\d$/),
                version: fc.integer({ min: -1, max: 3 }),
              }),
              personalInfo: fc.constantFrom('none', 'personal', 'sensitive'),
              example: fc.oneof(text, fc.constant(null)),
            }),
            { maxLength: 3 },
          ),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          const res = await steward.request('POST', BASE, { ...valid, ...m });
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode !== 201) expect(errorCode(res)).toMatch(/^[A-Z][A-Z0-9_]+$/);
        }),
        { numRuns: 60 },
      );
    });
  });
});
