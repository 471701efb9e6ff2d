// The data element dictionary (数据元) and its code lists: elements versioned on every change, the impact of a
// change on resources bound to older versions, value checks with the built-in identifier validators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  errorCode,
  login,
  type Session,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../support/test-app.ts';
import { createResource, element, publishedResource, stewardOf } from './catalog-fixtures.ts';
import { uniqueName } from './fixtures.ts';

const ELEMENTS = '/api/v1/catalog/elements';

interface ElementView {
  identifier: string;
  version: number;
  latestVersion: number;
  nameZh: string;
  status: string;
  dataType: string;
  valueDomain: Record<string, unknown>;
  allowedActions: string[];
}

describe.skipIf(!engineAvailable())('catalog data elements and code lists', () => {
  let t: TestApp;
  let admin: Session;
  let office: Session;
  let cgj: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    office = await login(t.app, 'steward', DEMO_PASSWORD);
    cgj = await stewardOf(t, admin, 'CGJ');
  });
  afterAll(() => t?.close());

  const newElement = async (over: Record<string, unknown> = {}) =>
    office.request('POST', ELEMENTS, {
      nameZh: uniqueName('测试数据元'),
      definition: '测试用。',
      dataType: 'string',
      ...over,
    });
  const revise = (identifier: string, body: Record<string, unknown>) =>
    office.request('POST', `${ELEMENTS}/${identifier}/versions`, body);
  const validate = async (nameZh: string, values: string[]) => {
    const e = await element(office, nameZh);
    const res = await cgj.request('POST', `${ELEMENTS}/${e.identifier}/validate`, { values });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().results as { ok: boolean; reason: string | null }[]).map((r) => (r.ok ? 'ok' : r.reason));
  };

  describe('elements', () => {
    it('lists the demo dictionary with the standard identifiers and value domains', async () => {
      const res = await cgj.request('GET', `${ELEMENTS}?limit=200`);
      const items = res.json().items as ElementView[];
      const byName = new Map(items.map((e) => [e.nameZh, e]));
      expect(byName.get('公民身份号码')?.valueDomain).toEqual({ kind: 'validator', validator: 'id_card' });
      expect(byName.get('性别代码')?.valueDomain).toEqual({ kind: 'code_list', codeListId: 'GBT2261.1' });
      expect(byName.get('统一社会信用代码')?.valueDomain).toEqual({ kind: 'validator', validator: 'credit_code' });
      expect(items.every((e) => /^DE\d{4}$/.test(e.identifier))).toBe(true);
      expect(byName.get('公民身份号码')?.allowedActions).toEqual([]);
    });

    it('creates version 1 with the next identifier, and a change as version 2 keeping version 1', async () => {
      const created = await newElement({ valueDomain: { kind: 'pattern', pattern: '[A-Z]{2}\\d{4}' } });
      expect(created.statusCode).toBe(201);
      const e = created.json() as ElementView;
      expect(e).toMatchObject({ version: 1, latestVersion: 1, status: 'draft' });
      expect(e.allowedActions).toEqual(['revise']);
      const v2 = await revise(e.identifier, {
        nameZh: e.nameZh,
        definition: '修订后。',
        dataType: 'string',
        status: 'standard',
        baseVersion: 1,
      });
      expect(v2.statusCode).toBe(201);
      expect(v2.json()).toMatchObject({
        identifier: e.identifier,
        version: 2,
        status: 'standard',
        valueDomain: { kind: 'none' },
      });
      const detail = (await cgj.request('GET', `${ELEMENTS}/${e.identifier}`)).json();
      expect(detail.element.version).toBe(2);
      expect(detail.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
      const v1 = (await cgj.request('GET', `${ELEMENTS}/${e.identifier}?version=1`)).json();
      expect(v1.element).toMatchObject({ version: 1, latestVersion: 2, valueDomain: { kind: 'pattern' } });
    });

    it('refuses a revision from a version that is no longer the latest, also when two race', async () => {
      const e = (await newElement()).json() as ElementView;
      const body = { nameZh: e.nameZh, definition: '并发修订', dataType: 'string', baseVersion: 1 };
      const [a, b] = await Promise.all([revise(e.identifier, body), revise(e.identifier, body)]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
      expect(errorCode(a.statusCode === 409 ? a : b)).toBe('VERSION_CONFLICT');
    });

    it('lists for review the live resources bound to older versions after a change', async () => {
      const e = (await newElement({ nameZh: uniqueName('影响分析') })).json() as ElementView;
      const items = [
        { name: '受影响项', element: { identifier: e.identifier, version: 1 }, isKey: true, personalInfo: 'none' },
      ];
      const bound = await publishedResource(cgj, office, { items });
      const draft = await createResource(office, { items });
      const deprecated = await publishedResource(office, office, { items });
      await office.request('POST', `/api/v1/catalog/resources/${deprecated.code}/deprecate`, {
        version: deprecated.version,
        reason: '测试',
      });
      expect((await cgj.request('GET', `${ELEMENTS}/${e.identifier}/impact`)).json().resources).toEqual([]);
      await revise(e.identifier, { nameZh: e.nameZh, definition: '改了定义', dataType: 'string', baseVersion: 1 });
      const impact = (await office.request('GET', `${ELEMENTS}/${e.identifier}/impact`)).json();
      expect(impact.latestVersion).toBe(2);
      expect(impact.resources.map((r: { code: string }) => r.code).sort()).toEqual([bound.code, draft.code].sort());
      expect(impact.resources.find((r: { code: string }) => r.code === bound.code).items).toEqual([
        { name: '受影响项', elementVersion: 1 },
      ]);
      // Another department's draft is not shown to a CGJ steward.
      const seenByCgj = (await cgj.request('GET', `${ELEMENTS}/${e.identifier}/impact`)).json();
      expect(seenByCgj.resources.map((r: { code: string }) => r.code)).toEqual([bound.code]);
      const resource = (await cgj.request('GET', `/api/v1/catalog/resources/${bound.code}`)).json();
      expect(resource.items[0].element).toMatchObject({ version: 1, latestVersion: 2 });
    });

    it('refuses value domains that do not fit: unknown code list, bad pattern, empty range, wrong data type', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [
          { dataType: 'code', valueDomain: { kind: 'code_list', codeListId: 'NOPE' } },
          'CODE_LIST_NOT_FOUND',
          'valueDomain.codeListId',
        ],
        [{ valueDomain: { kind: 'pattern', pattern: '([' } }, 'ELEMENT_PATTERN_INVALID', 'valueDomain.pattern'],
        [
          { dataType: 'integer', valueDomain: { kind: 'range', min: 5, max: 1 } },
          'ELEMENT_RANGE_INVALID',
          'valueDomain',
        ],
        [{ dataType: 'integer', valueDomain: { kind: 'range' } }, 'ELEMENT_RANGE_INVALID', 'valueDomain'],
        [
          { dataType: 'integer', valueDomain: { kind: 'validator', validator: 'id_card' } },
          'ELEMENT_DOMAIN_TYPE_MISMATCH',
          'valueDomain',
        ],
        [{ dataType: 'code' }, 'ELEMENT_DOMAIN_TYPE_MISMATCH', 'valueDomain'],
        [{ valueDomain: { kind: 'validator', validator: 'passport' } }, 'VALIDATION_FAILED', 'valueDomain.validator'],
      ];
      for (const [over, code, field] of cases) {
        const res = await newElement(over);
        expect(res.statusCode, JSON.stringify(over)).toBe(400);
        expect(errorCode(res)).toBe(code);
        expect(res.json().error.details.field).toBe(field);
      }
    });

    it('lets only the data office manage elements: a CGJ steward gets 403', async () => {
      const res = await cgj.request('POST', ELEMENTS, { nameZh: '越权', definition: 'x', dataType: 'string' });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.details.action).toBe('catalog.element.manage');
    });
  });

  describe('value checks', () => {
    it('checks ID numbers with the GB 11643 check character and a real, past birth date', async () => {
      expect(
        await validate('公民身份号码', [
          '11010519491231002X',
          '110105194912310021',
          '11010519490231002X',
          '1101051949123100',
        ]),
      ).toEqual(['ok', 'check_digit', 'birth_date', 'length']);
    });

    it('checks credit codes, mobiles, division codes, dates, code lists and patterns', async () => {
      expect(await validate('统一社会信用代码', ['91350100M000100Y43', '91350100M000100Y4I'])).toEqual([
        'ok',
        'charset',
      ]);
      expect(await validate('手机号码', ['13800138000', '12800138000'])).toEqual(['ok', 'format']);
      expect(await validate('行政区划代码', ['320508', '320508001001', '990508'])).toEqual(['ok', 'ok', 'province']);
      expect(await validate('出生日期', ['2024-02-29', '2023-02-29'])).toEqual(['ok', 'not_date']);
      expect(await validate('性别代码', ['1', '3'])).toEqual(['ok', 'not_in_code_list']);
      expect(await validate('网格编码', ['32050800100101', '3205080010010'])).toEqual(['ok', 'pattern']);
    });

    it('checks integer ranges', async () => {
      const e = (await newElement({ dataType: 'integer', valueDomain: { kind: 'range', min: 0, max: 150 } })).json();
      const res = await cgj.request('POST', `${ELEMENTS}/${e.identifier}/validate`, {
        values: ['0', '150', '151', '-1', '1.5'],
      });
      expect(res.json().results.map((r: { reason: string | null }) => r.reason)).toEqual([
        null,
        null,
        'above_max',
        'below_min',
        'not_integer',
      ]);
    });
  });

  describe('code lists', () => {
    it('reads the GB/T 2261.1 gender codes and the division code reference', async () => {
      const gender = (await cgj.request('GET', '/api/v1/catalog/code-lists/GBT2261.1')).json();
      expect(gender.items).toEqual([
        { code: '0', labelZh: '未知的性别', labelEn: 'Not known' },
        { code: '1', labelZh: '男性', labelEn: 'Male' },
        { code: '2', labelZh: '女性', labelEn: 'Female' },
        { code: '9', labelZh: '未说明的性别', labelEn: 'Not stated' },
      ]);
      const lists = (await cgj.request('GET', '/api/v1/catalog/code-lists')).json().items;
      expect(lists.find((l: { id: string }) => l.id === 'GBT2260')).toMatchObject({
        source: 'geo.divisions',
        itemCount: 0,
      });
    });

    it('creates a code list and refuses a taken id (409) or a duplicate code (400 naming it)', async () => {
      const id = `T${Date.now()}`;
      const items = [
        { code: 'A', labelZh: '甲' },
        { code: 'B', labelZh: '乙', labelEn: 'B' },
      ];
      const res = await office.request('POST', '/api/v1/catalog/code-lists', { id, name: '测试代码表', items });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ id, itemCount: 2 });
      expect((await office.request('POST', '/api/v1/catalog/code-lists', { id, name: '重复', items })).statusCode).toBe(
        409,
      );
      const dup = await office.request('POST', '/api/v1/catalog/code-lists', {
        id: `${id}x`,
        name: '重复代码',
        items: [...items, { code: 'A', labelZh: '又一个甲' }],
      });
      expect(dup.json().error).toMatchObject({ code: 'CODE_LIST_ITEM_DUPLICATE', details: { field: 'items[2].code' } });
      expect(
        (await cgj.request('POST', '/api/v1/catalog/code-lists', { id: `${id}y`, name: 'x', items })).statusCode,
      ).toBe(403);
    });
  });
});
