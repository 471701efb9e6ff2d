// Configuration of the case loop as data (issue 4 "Categories and rules"): the default taxonomy loaded at bootstrap,
// the agent's category search (pinyin initials, Chinese keywords), category create/update/deactivate with
// validation that names the field and changes nothing, routing rules and the route test, settings, the knowledge
// base, and who may do what.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapCases } from '../../src/server/modules/cases/bootstrap.ts';
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
import { departmentIdByCode } from './fixtures.ts';

const BASE = '/api/v1/cases/config';

interface Category {
  id: number;
  code: string;
  kind: string;
  level: number;
  name: string;
  pinyinInitials: string;
  concernsComponent: boolean;
  allowAnonymous: boolean;
  timeLimits: Record<string, { amount: number; unit: string }> | null;
  attributes: { code: string; datatype: string; required: boolean; values?: { key: string; name: string }[] }[];
  active: boolean;
  version: number;
  children: Category[];
}

interface Hit {
  id: number;
  code: string;
  name: string;
  path: string;
  natureHint: string;
  timeLimits: Category['timeLimits'];
  attributes: Category['attributes'];
}

describe.skipIf(!engineAvailable())('case configuration', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
  });
  afterAll(() => t?.close());

  const tree = async (q = '') => {
    const res = await admin.request('GET', `${BASE}/categories${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Category[];
  };
  const byCode = async (code: string) => {
    const all = (await tree()).flatMap((c) => [c, ...c.children]);
    const c = all.find((x) => x.code === code);
    if (!c) throw new Error(`no category ${code}`);
    return c;
  };
  const search = async (q: string, extra = '', s = admin) => {
    const res = await s.request('GET', `${BASE}/categories/search?q=${encodeURIComponent(q)}${extra}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Hit[];
  };
  const count = async () => (await tree()).reduce((n, c) => n + 1 + c.children.length, 0);
  const expect400 = (res: { statusCode: number; body: string; json(): unknown }, code: string, field: string) => {
    expect(res.statusCode, res.body).toBe(400);
    expect(errorCode(res as never)).toBe(code);
    expect((res.json() as { error: { details: { field: string } } }).error.details.field).toBe(field);
  };

  describe('default taxonomy', () => {
    it('is loaded at bootstrap: 部件, 事件 and 12345 大类 with their 小类', async () => {
      const items = await tree();
      const by = (kind: string) => items.filter((c) => c.kind === kind);
      expect(by('component').map((c) => c.name)).toEqual([
        '公用设施',
        '道路交通',
        '市容环境',
        '园林绿化',
        '房屋土地',
        '其他设施',
      ]);
      expect(by('event').map((c) => c.code)).toEqual(['SJ-01', 'SJ-02', 'SJ-03', 'SJ-04', 'SJ-05', 'SJ-06']);
      expect(by('hotline')).toHaveLength(12);
      const subs = (kind: string) => by(kind).reduce((n, c) => n + c.children.length, 0);
      expect(subs('component')).toBeGreaterThanOrEqual(40);
      expect(subs('event')).toBeGreaterThanOrEqual(35);
      expect(subs('hotline')).toBeGreaterThanOrEqual(55);
      const total = subs('component') + subs('event') + subs('hotline');
      expect(total).toBeGreaterThanOrEqual(80);
      expect(total).toBeLessThanOrEqual(160);
    });

    it('gives every 小类 time limits per urgency, pinyin initials, and 部件 codes that match component ids', async () => {
      const items = await tree();
      for (const c of items.flatMap((x) => x.children)) {
        expect(c.timeLimits?.normal?.amount, c.code).toBeGreaterThan(0);
        expect(c.timeLimits?.urgent?.amount, c.code).toBeGreaterThan(0);
        expect(c.pinyinInitials, c.code).toMatch(/^[a-z0-9]+$/);
        if (c.kind === 'component') {
          expect(c.concernsComponent).toBe(true);
          expect(c.code).toMatch(/^BJ-\d{2}-\d{2}$/);
        } else expect(c.concernsComponent).toBe(false);
        expect(c.timeLimits?.normal?.unit, c.code).toBe(c.kind === 'hotline' ? 'working_days' : 'working_hours');
      }
      const cover = await byCode('BJ-01-01');
      expect(cover.name).toBe('上水井盖');
      expect(cover.attributes[0]).toMatchObject({ code: 'cover_state', datatype: 'singlevaluelist', required: true });
      expect(cover.attributes[0].values?.map((v) => v.name)).toEqual(['缺失', '破损', '移位', '松动异响']);
      expect((await byCode('SJ-01-01')).timeLimits?.normal).toEqual({ amount: 2, unit: 'working_hours' });
      expect((await byCode('SJ-05-04')).attributes.map((a) => a.code)).toEqual(['plate']);
      expect((await byCode('RX-06-01')).allowAnonymous).toBe(false);
    });

    it('is not loaded twice: bootstrap on a database that has categories changes nothing', async () => {
      const before = await count();
      await bootstrapCases({ db: t.opened.db, config: t.config, out: () => {} });
      expect(await count()).toBe(before);
    });
  });

  describe('category search', () => {
    it('finds 井盖 by pinyin initials, exact initials first', async () => {
      const exact = await search('ssjg');
      expect(exact[0]).toMatchObject({ name: '上水井盖', path: '公用设施 › 上水井盖', natureHint: 'report' });
      const jg = await search('jg', '&limit=30');
      const names = jg.map((h) => h.name);
      expect(names).toContain('井盖缺失');
      expect(names).toContain('污水井盖');
      expect(names.indexOf('井盖缺失')).toBeLessThan(names.indexOf('污水井盖'));
      expect((await search('SGRM'))[0].name).toBe('施工扰民');
    });

    it('finds by Chinese name and keyword, with the limits and attributes the form needs', async () => {
      const cover = await search('井盖', '&kind=event');
      expect(cover.map((h) => h.name)).toEqual(['井盖缺失']);
      const parking = await search('乱停车');
      expect(parking[0]).toMatchObject({ name: '机动车乱停放', path: '街面秩序 › 机动车乱停放' });
      expect(parking[0].attributes[0]).toMatchObject({ code: 'plate', required: true });
      expect(parking[0].timeLimits?.normal).toEqual({ amount: 2, unit: 'working_hours' });
      expect((await search('牛皮癣'))[0].name).toBe('非法小广告');
      const wages = await search('欠薪');
      expect(wages[0]).toMatchObject({ name: '拖欠工资', natureHint: 'complaint' });
      expect(wages[0].timeLimits?.normal?.unit).toBe('working_days');
      expect(await search('zzzzqqq')).toEqual([]);
    });
  });

  describe('categories: create, update, deactivate', () => {
    it('creates a 小类 with the next code and computed pinyin initials, searchable at once', async () => {
      const parent = await byCode('BJ-01');
      const res = await admin.request('POST', `${BASE}/categories`, {
        parentId: parent.id,
        name: '路灯井盖',
        nameEn: 'Street-light manhole cover',
        keywords: '灯井',
        timeLimits: { normal: { amount: 4, unit: 'working_hours' }, urgent: { amount: 1, unit: 'working_hours' } },
        attributes: [
          {
            code: 'cover_state',
            datatype: 'singlevaluelist',
            required: true,
            description: '井盖状况',
            values: [{ key: 'missing', name: '缺失' }],
          },
        ],
      });
      expect(res.statusCode, res.body).toBe(201);
      const c = res.json() as Category;
      expect(c).toMatchObject({
        code: 'BJ-01-15',
        kind: 'component',
        level: 2,
        pinyinInitials: 'ldjg',
        concernsComponent: true,
        version: 1,
      });
      expect((await search('ldjg'))[0].id).toBe(c.id);
    });

    it('refuses bad time limits and attributes with a 400 naming the field, creating nothing', async () => {
      const parent = await byCode('SJ-01');
      const before = await count();
      const base = { parentId: parent.id, name: '测试小类' };
      const cases: [unknown, string, string][] = [
        [{ timeLimits: { normal: { amount: 2, unit: 'hours' } } }, 'CASE_TIME_LIMIT_INVALID', 'timeLimits.normal.unit'],
        [
          { timeLimits: { urgent: { amount: -1, unit: 'working_hours' } } },
          'CASE_TIME_LIMIT_INVALID',
          'timeLimits.urgent.amount',
        ],
        [
          { timeLimits: { normal: { amount: 0, unit: 'working_days' } } },
          'CASE_TIME_LIMIT_INVALID',
          'timeLimits.normal.amount',
        ],
        [{ timeLimits: { soon: { amount: 1, unit: 'working_days' } } }, 'CASE_TIME_LIMIT_INVALID', 'timeLimits.soon'],
        [
          {
            attributes: [
              { code: 'plate', datatype: 'string', description: '车牌' },
              { code: 'plate', datatype: 'string', description: '车牌2' },
            ],
          },
          'CASE_CATEGORY_INVALID',
          'attributes[1].code',
        ],
        [
          { attributes: [{ code: 'x', datatype: 'photo', description: 'x' }] },
          'CASE_CATEGORY_INVALID',
          'attributes[0].datatype',
        ],
        [
          { attributes: [{ code: 'x', datatype: 'singlevaluelist', description: 'x' }] },
          'CASE_CATEGORY_INVALID',
          'attributes[0].values',
        ],
        [
          { attributes: [{ code: 'Bad Code', datatype: 'string', description: 'x' }] },
          'CASE_CATEGORY_INVALID',
          'attributes[0].code',
        ],
        [{ pinyinInitials: '测试' }, 'CASE_CATEGORY_INVALID', 'pinyinInitials'],
      ];
      for (const [extra, code, field] of cases) {
        expect400(await admin.request('POST', `${BASE}/categories`, { ...base, ...(extra as object) }), code, field);
      }
      // A 大类 carries no limits; a component 小类 code must end in -NN-NN; the parent must be a 大类.
      expect400(
        await admin.request('POST', `${BASE}/categories`, {
          name: '新大类',
          kind: 'event',
          timeLimits: { normal: { amount: 1, unit: 'working_days' } },
        }),
        'CASE_CATEGORY_INVALID',
        'timeLimits',
      );
      expect400(
        await admin.request('POST', `${BASE}/categories`, {
          parentId: (await byCode('BJ-02')).id,
          name: '站牌',
          code: 'BJ-02-X1',
        }),
        'CASE_CATEGORY_COMPONENT_CODE',
        'code',
      );
      expect400(
        await admin.request('POST', `${BASE}/categories`, { parentId: (await byCode('SJ-01-01')).id, name: '三级' }),
        'CASE_CATEGORY_PARENT_INVALID',
        'parentId',
      );
      const taken = await admin.request('POST', `${BASE}/categories`, { ...base, code: 'SJ-01-01' });
      expect(taken.statusCode).toBe(409);
      expect(errorCode(taken)).toBe('CASE_CATEGORY_CODE_TAKEN');
      expect(await count()).toBe(before);
    });

    it('updates with a version bump, recomputes initials on rename, and refuses a stale version', async () => {
      const c = await byCode('SJ-02-04');
      const res = await admin.request('PATCH', `${BASE}/categories/${c.id}`, {
        name: '街头派发广告',
        timeLimits: { normal: { amount: 3, unit: 'working_hours' }, urgent: { amount: 1, unit: 'working_hours' } },
        version: c.version,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ name: '街头派发广告', pinyinInitials: 'jtpfgg', version: c.version + 1 });
      expect(res.json().timeLimits.normal).toEqual({ amount: 3, unit: 'working_hours' });
      const stale = await admin.request('PATCH', `${BASE}/categories/${c.id}`, { name: '旧版本', version: c.version });
      expect(stale.statusCode).toBe(409);
      expect(errorCode(stale)).toBe('VERSION_CONFLICT');
      const invalid = await admin.request('PATCH', `${BASE}/categories/${c.id}`, {
        attributes: [{ code: 'a', datatype: 'multivaluelist', description: 'a', values: [] }],
        version: c.version + 1,
      });
      expect400(invalid, 'CASE_CATEGORY_INVALID', 'attributes[0].values');
      const after = await byCode('SJ-02-04');
      expect(after).toMatchObject({ name: '街头派发广告', version: c.version + 1, attributes: [] });
    });

    it('deactivates (never deletes): a 大类 takes its 小类 along, search stops offering them, activation needs the 大类', async () => {
      const top = await admin.request('POST', `${BASE}/categories`, {
        name: '试点事项',
        kind: 'hotline',
        nameEn: 'Pilot',
      });
      expect(top.statusCode, top.body).toBe(201);
      expect(top.json().code).toBe('RX-13');
      const sub = await admin.request('POST', `${BASE}/categories`, {
        parentId: top.json().id,
        name: '试点咨询',
        timeLimits: { normal: { amount: 3, unit: 'working_days' } },
      });
      expect(sub.json()).toMatchObject({ code: 'RX-13-01', concernsComponent: false });
      expect((await search('试点咨询')).map((h) => h.id)).toEqual([sub.json().id]);
      const off = await admin.request('POST', `${BASE}/categories/${top.json().id}/deactivate`, { version: 1 });
      expect(off.statusCode, off.body).toBe(200);
      expect(off.json()).toMatchObject({ active: false, version: 2 });
      expect(await search('试点咨询')).toEqual([]);
      const inactive = (await tree('?active=false')).find((c) => c.id === top.json().id);
      expect(inactive?.children.map((c) => [c.code, c.active])).toEqual([['RX-13-01', false]]);
      expect((await tree('?active=true')).some((c) => c.id === top.json().id)).toBe(false);
      const again = await admin.request('POST', `${BASE}/categories/${top.json().id}/deactivate`, { version: 2 });
      expect(errorCode(again)).toBe('CASE_CATEGORY_ALREADY_INACTIVE');
      const child = (await admin.request('GET', `${BASE}/categories/${sub.json().id}`)).json();
      expect(child).toMatchObject({ active: false, path: '试点事项 › 试点咨询' });
      const orphan = await admin.request('POST', `${BASE}/categories/${child.id}/activate`, { version: child.version });
      expect(orphan.statusCode).toBe(409);
      expect(errorCode(orphan)).toBe('CASE_CATEGORY_PARENT_INACTIVE');
      const on = await admin.request('POST', `${BASE}/categories/${top.json().id}/activate`, { version: 2 });
      expect(on.json()).toMatchObject({ active: true, version: 3 });
      expect(
        (await admin.request('POST', `${BASE}/categories/${child.id}/activate`, { version: child.version })).statusCode,
      ).toBe(200);
    });

    it('answers 404 for an unknown category', async () => {
      const res = await admin.request('GET', `${BASE}/categories/999999`);
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('CASE_CATEGORY_NOT_FOUND');
    });
  });

  describe('import and export', () => {
    it('round-trips: the export imported again changes nothing', async () => {
      const exported = await admin.request('GET', `${BASE}/categories/export`);
      expect(exported.statusCode, exported.body).toBe(200);
      const { categories } = exported.json();
      const res = await admin.request('POST', `${BASE}/categories/import`, { categories, dryRun: true });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ dryRun: true, created: [], updated: [], unchanged: await count() });
    });

    it('creates new codes and updates known ones, dry run first', async () => {
      const before = await byCode('BJ-06-04');
      const file = {
        categories: [
          {
            code: 'BJ-06',
            kind: 'component',
            name: '其他设施',
            nameEn: 'Other facilities',
            children: [
              {
                code: 'BJ-06-04',
                name: '电动汽车充电桩',
                nameEn: 'EV charger',
                timeLimits: { normal: { amount: 24, unit: 'working_hours' } },
              },
              { code: 'BJ-06-09', name: '智能快递柜', timeLimits: { normal: { amount: 24, unit: 'working_hours' } } },
            ],
          },
          {
            code: 'RX-20',
            kind: 'hotline',
            name: '文化旅游',
            children: [
              { code: 'RX-20-01', name: '景区服务', timeLimits: { normal: { amount: 5, unit: 'working_days' } } },
            ],
          },
        ],
      };
      const dry = await admin.request('POST', `${BASE}/categories/import`, { ...file, dryRun: true });
      expect(dry.json()).toMatchObject({ created: ['BJ-06-09', 'RX-20', 'RX-20-01'], updated: ['BJ-06', 'BJ-06-04'] });
      expect(await search('景区服务')).toEqual([]);
      const real = await admin.request('POST', `${BASE}/categories/import`, file);
      expect(real.statusCode, real.body).toBe(200);
      expect(real.json()).toMatchObject({ dryRun: false, created: ['BJ-06-09', 'RX-20', 'RX-20-01'] });
      expect((await search('jqfw'))[0]).toMatchObject({ code: 'RX-20-01', path: '文化旅游 › 景区服务' });
      expect(await byCode('BJ-06-04')).toMatchObject({ name: '电动汽车充电桩', version: before.version + 1 });
      expect((await byCode('BJ-06-09')).concernsComponent).toBe(true);
    });

    it('lists every problem with its field and imports nothing', async () => {
      const before = await count();
      const res = await admin.request('POST', `${BASE}/categories/import`, {
        categories: [
          {
            code: 'SJ-09',
            kind: 'event',
            name: '新事件',
            children: [
              { code: 'SJ-09-01', name: '甲', timeLimits: { normal: { amount: 2, unit: 'minutes' } } },
              { code: 'SJ-09-01', name: '乙' },
              { code: 'SJ-08-01', name: '丙' },
            ],
          },
          { code: 'BJ-01', kind: 'hotline', name: '公用设施' },
          { code: 'BJ-07', kind: 'component', name: '新部件', children: [{ code: 'BJ-07-X', name: '编码不对' }] },
        ],
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(errorCode(res)).toBe('CASE_CATEGORY_IMPORT_INVALID');
      const fields = res.json().error.details.problems.map((p: { field: string }) => p.field);
      expect(fields).toEqual([
        'categories[0].children[0].timeLimits.normal.unit',
        'categories[0].children[1].code',
        'categories[0].children[2].code',
        'categories[1].kind',
        'categories[2].children[0].code',
      ]);
      expect(await count()).toBe(before);
    });
  });

  describe('routing rules', () => {
    const routeTest = async (q: string) => {
      const res = await admin.request('GET', `${BASE}/route-test?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as {
        departmentCode: string | null;
        departmentId: number | null;
        reason: string;
        rule: { id: number } | null;
        candidates: { id: number }[];
        located: { districtCode: string; communityCode: string } | null;
        areaCode: string | null;
      };
    };

    it('routes 数字城管 to the district 城管局 and 12345 to the bureau, 小类 rules over 大类 rules', async () => {
      const litter = await byCode('SJ-01-01');
      const r = await routeTest(`categoryId=${litter.id}&areaCode=320508021001`);
      expect(r.departmentCode).toBe('CGJ-320508');
      expect(r.reason).toContain('大类「市容环境」');
      const food = await byCode('RX-03-01');
      expect((await routeTest(`categoryId=${food.id}&areaCode=320505001002`)).departmentCode).toBe('SCJGJ-SP');
      const prices = await byCode('RX-03-03');
      expect((await routeTest(`categoryId=${prices.id}`)).departmentCode).toBe('SCJGJ');
    });

    it('leaves categories with no rule to the dispatcher queue', async () => {
      const collapse = await byCode('SJ-04-01');
      const r = await routeTest(`categoryId=${collapse.id}&areaCode=320508021001`);
      expect(r).toMatchObject({ departmentId: null, rule: null, candidates: [] });
      expect(r.reason).toContain('派遣员');
    });

    it('locates a point for the route test as intake does', async () => {
      const litter = await byCode('SJ-01-01');
      const r = await routeTest(`categoryId=${litter.id}&lat=31.31&lng=120.62`);
      expect(r.located?.communityCode).toMatch(/^3205\d{8}$/);
      expect(r.areaCode).toBe(r.located?.communityCode);
      expect(r.departmentCode).toBe(`CGJ-${r.located?.districtCode}`);
    });

    it('validates a rule: known department, current division, no city code, active category, no tie', async () => {
      const missing = await byCode('SJ-04-02');
      const govId = await departmentIdByCode(admin, 'GOV-320508');
      const before = (await admin.request('GET', `${BASE}/routing-rules`)).json().items.length;
      const post = (body: object) => admin.request('POST', `${BASE}/routing-rules`, body);
      expect400(
        await post({ categoryId: missing.id, areaPrefix: '320508021', departmentId: 999999 }),
        'CASE_ROUTING_DEPARTMENT_UNKNOWN',
        'departmentId',
      );
      expect400(
        await post({ categoryId: missing.id, areaPrefix: '329999', departmentId: govId }),
        'CASE_ROUTING_AREA_UNKNOWN',
        'areaPrefix',
      );
      expect400(
        await post({ categoryId: missing.id, areaPrefix: '3205', departmentId: govId }),
        'CASE_ROUTING_AREA_UNKNOWN',
        'areaPrefix',
      );
      expect400(
        await post({ categoryId: missing.id, areaPrefix: '320500', departmentId: govId }),
        'CASE_ROUTING_AREA_CITY',
        'areaPrefix',
      );
      expect400(await post({ categoryId: 999999, departmentId: govId }), 'CASE_ROUTING_CATEGORY_UNKNOWN', 'categoryId');
      expect((await admin.request('GET', `${BASE}/routing-rules`)).json().items.length).toBe(before);

      const created = await post({
        categoryId: missing.id,
        areaPrefix: '320508021',
        departmentId: govId,
        level: 'street',
        note: '双塔街道试点',
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({
        departmentCode: 'GOV-320508',
        areaName: '双塔街道',
        level: 'street',
        version: 1,
      });
      const twin = await post({ categoryId: missing.id, areaPrefix: '320508021', departmentId: govId });
      expect(twin.statusCode).toBe(409);
      expect(errorCode(twin)).toBe('CASE_ROUTING_RULE_DUPLICATE');

      const inside = await routeTest(`categoryId=${missing.id}&areaCode=320508021001`);
      expect(inside).toMatchObject({ departmentCode: 'GOV-320508', rule: { id: created.json().id } });
      expect(inside.reason).toContain('双塔街道试点');
      expect((await routeTest(`categoryId=${missing.id}&areaCode=320508001001`)).departmentId).toBeNull();

      const cgj = await departmentIdByCode(admin, 'CGJ-320508');
      const moved = await admin.request('PATCH', `${BASE}/routing-rules/${created.json().id}`, {
        departmentId: cgj,
        version: 1,
      });
      expect(moved.json()).toMatchObject({ departmentCode: 'CGJ-320508', version: 2 });
      const stale = await admin.request('PATCH', `${BASE}/routing-rules/${created.json().id}`, {
        priority: 5,
        version: 1,
      });
      expect(errorCode(stale)).toBe('VERSION_CONFLICT');
      const off = await admin.request('POST', `${BASE}/routing-rules/${created.json().id}/deactivate`, { version: 2 });
      expect(off.json()).toMatchObject({ active: false, version: 3 });
      expect((await routeTest(`categoryId=${missing.id}&areaCode=320508021001`)).departmentId).toBeNull();
    });

    it('derives the 派单级次 from the area and routes a category the demo leaves to the dispatcher', async () => {
      const other = await byCode('RX-12-05');
      const gov = await departmentIdByCode(admin, 'GOV-320505');
      const res = await admin.request('POST', `${BASE}/routing-rules`, {
        categoryId: other.id,
        areaPrefix: '320505',
        departmentId: gov,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ level: 'district', areaName: '虎丘区', categoryCode: 'RX-12-05' });
      expect((await routeTest(`categoryId=${other.id}&areaCode=320505001002`)).departmentCode).toBe('GOV-320505');
      expect((await routeTest(`categoryId=${other.id}&areaCode=320508021001`)).departmentId).toBeNull();
      const listed = (await admin.request('GET', `${BASE}/routing-rules?categoryId=${other.id}`)).json().items;
      expect(listed.map((r: { id: number }) => r.id)).toEqual([res.json().id]);
    });

    it('refuses a route test with lat but no lng, or an unknown category', async () => {
      const litter = await byCode('SJ-01-01');
      expect400(
        await admin.request('GET', `${BASE}/route-test?categoryId=${litter.id}&lat=31.3`),
        'VALIDATION_FAILED',
        'lng',
      );
      expect400(
        await admin.request('GET', `${BASE}/route-test?categoryId=999999`),
        'CASE_ROUTING_CATEGORY_UNKNOWN',
        'categoryId',
      );
    });
  });

  describe('settings', () => {
    const settings = async () => (await admin.request('GET', `${BASE}/settings`)).json();

    it('changes only the keys given, merges nested limits, and audits the change', async () => {
      const res = await admin.request('PUT', `${BASE}/settings`, {
        yellow_share: 0.75,
        stage_limits: { dispatch: { amount: 1, unit: 'working_hours' } },
      });
      expect(res.statusCode, res.body).toBe(200);
      const v = res.json().values;
      expect(v.yellow_share).toBe(0.75);
      expect(v.stage_limits.dispatch).toEqual({ amount: 1, unit: 'working_hours' });
      expect(v.stage_limits.sign).toEqual({ amount: 2, unit: 'working_hours' });
      expect(res.json().defaults.yellow_share).toBe(0.8);
      expect(
        res
          .json()
          .changed.map((c: { key: string }) => c.key)
          .sort(),
      ).toEqual(['stage_limits', 'yellow_share']);
      const audit = await t.opened.db
        .selectFrom('audit_log')
        .select(['summary'])
        .where('action', '=', 'case.settings.update')
        .execute();
      expect(audit.length).toBe(1);
    });

    it('refuses a bad unit, a negative amount, an unknown key or an out-of-range share, changing nothing', async () => {
      const before = await settings();
      const put = (body: object) => admin.request('PUT', `${BASE}/settings`, body);
      expect400(
        await put({ urgent_time_limit: { amount: 2, unit: 'minutes' } }),
        'CASE_TIME_LIMIT_INVALID',
        'urgent_time_limit.unit',
      );
      expect400(
        await put({ yellow_share: 0.5, nature_time_limits: { consult: { amount: -3, unit: 'working_days' } } }),
        'CASE_TIME_LIMIT_INVALID',
        'nature_time_limits.consult.amount',
      );
      expect400(await put({ yellow_share: 0.5, lunch_break: true }), 'CASE_SETTING_UNKNOWN', 'lunch_break');
      expect400(
        await put({ stage_limits: { coffee: { amount: 1, unit: 'working_hours' } } }),
        'CASE_SETTING_UNKNOWN',
        'stage_limits.coffee',
      );
      expect400(await put({ yellow_share: 1.5 }), 'CASE_SETTING_INVALID', 'yellow_share');
      expect400(await put({ duplicate_radius_m: 20.5 }), 'CASE_SETTING_INVALID', 'duplicate_radius_m');
      expect400(await put({ centre_department_code: 'NOPE' }), 'CASE_SETTING_INVALID', 'centre_department_code');
      expect400(await put({}), 'CASE_SETTING_INVALID', 'body');
      expect(await settings()).toEqual(before);
    });
  });

  describe('knowledge base', () => {
    const kb = async (q: string, s = admin) => {
      const res = await s.request('GET', `${BASE}/knowledge?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as { id: number; question: string; version: number; categoryName: string | null }[];
    };

    it('finds standard answers by keyword and by similar Chinese wording', async () => {
      expect((await kb(`q=${encodeURIComponent('欠薪')}`))[0].question).toBe('被拖欠工资怎么办？');
      expect((await kb(`q=${encodeURIComponent('身份证丢失')}`))[0].question).toBe('身份证丢失了怎么补办？');
      const pension = await byCode('RX-06-03');
      const forPension = await kb(`categoryId=${pension.id}`);
      expect(forPension.map((k) => k.categoryName)).toEqual(['养老保险']);
    });

    it('creates, updates (version) and deactivates an entry; validation failures change nothing', async () => {
      const cat = await byCode('RX-09-03');
      const created = await admin.request('POST', `${BASE}/knowledge`, {
        categoryId: cat.id,
        question: '结婚登记需要预约吗？',
        answer: '可通过婚姻登记预约平台预约，携带双方身份证和户口簿到场办理。',
        keywords: '结婚 预约 领证',
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id;
      expect((await kb(`q=${encodeURIComponent('领证')}`))[0].id).toBe(id);
      expect400(
        await admin.request('POST', `${BASE}/knowledge`, { question: '  ', answer: 'x' }),
        'CASE_KNOWLEDGE_INVALID',
        'question',
      );
      expect400(
        await admin.request('PATCH', `${BASE}/knowledge/${id}`, { categoryId: 999999, answer: '改', version: 1 }),
        'CASE_KNOWLEDGE_INVALID',
        'categoryId',
      );
      const updated = await admin.request('PATCH', `${BASE}/knowledge/${id}`, { answer: '请先在线预约。', version: 1 });
      expect(updated.json()).toMatchObject({ answer: '请先在线预约。', version: 2 });
      const off = await admin.request('POST', `${BASE}/knowledge/${id}/deactivate`, { version: 2 });
      expect(off.json()).toMatchObject({ active: false, version: 3 });
      expect((await kb(`q=${encodeURIComponent('领证')}`)).map((k) => k.id)).not.toContain(id);
      expect((await kb(`q=${encodeURIComponent('领证')}&active=false`)).map((k) => k.id)).toContain(id);
    });
  });

  describe('permissions', () => {
    it('lets every case role read categories, only admins configure, staff read the knowledge base', async () => {
      const handler = await login(t.app, 'handler', DEMO_PASSWORD);
      const citizen = await login(t.app, 'citizen', DEMO_PASSWORD);
      const dispatcher = await login(t.app, 'dispatcher', DEMO_PASSWORD);
      const agent = await login(t.app, 'agent', DEMO_PASSWORD);
      const inspector = await login(t.app, 'inspector', DEMO_PASSWORD);
      const parent = await byCode('SJ-01');
      const before = await count();
      expect((await handler.request('GET', `${BASE}/categories`)).statusCode).toBe(200);
      expect((await search('jg', '', citizen)).length).toBeGreaterThan(0);
      const denied = await handler.request('POST', `${BASE}/categories`, { parentId: parent.id, name: '处置员新增' });
      expect(denied.statusCode).toBe(403);
      expect(errorCode(denied)).toBe('FORBIDDEN');
      expect(await count()).toBe(before);
      expect((await inspector.request('GET', `${BASE}/categories`)).statusCode).toBe(403);
      expect((await citizen.request('GET', `${BASE}/knowledge?q=x`)).statusCode).toBe(403);
      expect((await agent.request('GET', `${BASE}/knowledge?q=x`)).statusCode).toBe(200);
      expect((await agent.request('PUT', `${BASE}/settings`, { yellow_share: 0.5 })).statusCode).toBe(403);
      expect((await dispatcher.request('GET', `${BASE}/routing-rules`)).statusCode).toBe(200);
      const litter = await byCode('SJ-01-01');
      expect((await dispatcher.request('GET', `${BASE}/route-test?categoryId=${litter.id}`)).statusCode).toBe(200);
      expect((await handler.request('GET', `${BASE}/routing-rules`)).statusCode).toBe(403);
      const govId = await departmentIdByCode(admin, 'GOV-320508');
      const rule = await dispatcher.request('POST', `${BASE}/routing-rules`, { departmentId: govId });
      expect(rule.statusCode).toBe(403);
    });
  });

  describe('random input', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    const sane = (res: { statusCode: number; body: string }) => {
      expect(res.statusCode, res.body).toBeLessThan(500);
      if (res.statusCode >= 400) expect(errorCode(res as never)).toMatch(/^[A-Z_]+$/);
    };

    it('never answers 5xx to random attributes, time limits, settings or search text', async () => {
      const parent = await byCode('SJ-06');
      const keys = ['yellow_share', 'stage_limits', 'nature_time_limits', 'urgent_time_limit', 'reopen_max', 'x'];
      await fc.assert(
        fc.asyncProperty(json, json, fc.constantFrom(...keys), fc.string({ maxLength: 30 }), async (a, b, key, q) => {
          sane(
            await admin.request('POST', `${BASE}/categories`, {
              parentId: parent.id,
              name: `随机${q.length}`,
              attributes: a,
              timeLimits: b,
            }),
          );
          sane(await admin.request('PUT', `${BASE}/settings`, { [key]: a }));
          sane(await admin.request('GET', `${BASE}/categories/search?q=${encodeURIComponent(q)}`));
          sane(await admin.request('GET', `${BASE}/knowledge?q=${encodeURIComponent(q)}`));
          sane(
            await admin.request('GET', `${BASE}/route-test?categoryId=${parent.id}&areaCode=${encodeURIComponent(q)}`),
          );
        }),
        { numRuns: 60 },
      );
    });
  });
});
