// The data demand list (需求清单): departments post what they need, the catalog suggests published resources
// (pg_trgm over names, summaries and item names), and the data office closes each demand as matched or closed.
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
import { createResource, publishedResource, stewardOf } from './catalog-fixtures.ts';
import { departmentIdByCode } from './fixtures.ts';

const BASE = '/api/v1/catalog/demands';

interface Demand {
  id: number;
  title: string;
  status: string;
  version: number;
  requestingDepartmentName: string;
  matchedCodes: string[];
  closeNote: string | null;
  allowedActions: string[];
}
interface Suggestion {
  code: string;
  name: string;
  score: number;
  matchedFields: string[];
}

describe.skipIf(!engineAvailable())('catalog demands', () => {
  let t: TestApp;
  let admin: Session;
  let office: Session;
  let handler: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    office = await login(t.app, 'steward', DEMO_PASSWORD);
    handler = await login(t.app, 'handler', DEMO_PASSWORD);
  });
  afterAll(() => t?.close());

  const post = (s: Session, body: Record<string, unknown>) => s.request('POST', BASE, body);
  const suggestions = async (s: Session, id: number): Promise<Suggestion[]> => {
    const res = await s.request('GET', `${BASE}/${id}/suggestions`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const close = (s: Session, d: { id: number; version: number }, body: Record<string, unknown>) =>
    s.request('POST', `${BASE}/${d.id}/close`, { version: d.version, ...body });

  it('lets a department handler post a demand for their own department', async () => {
    const res = await post(handler, {
      title: '沿街商铺的经营者信息',
      wantedFields: ['统一社会信用代码', ' ', '统一社会信用代码'],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'open',
      requestingDepartmentName: '姑苏区城市管理局',
      wantedFields: ['统一社会信用代码'],
      allowedActions: [],
    });
  });

  it('refuses a demand for a department outside the caller’s scope, and a blank title', async () => {
    const other = await post(handler, {
      title: '越权',
      requestingDepartmentId: await departmentIdByCode(admin, 'JTJ'),
    });
    expect(other.statusCode).toBe(403);
    const blank = await post(handler, { title: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details.field).toBe('title');
    expect((await post(admin, { title: '管理员未指定部门' })).json().error.code).toBe('CATALOG_DEPARTMENT_REQUIRED');
  });

  it('suggests the published resources holding the wanted fields, best first', async () => {
    const d = (
      await post(handler, { title: '需要人口户籍信息核验低保对象身份', wantedFields: ['公民身份号码', '姓名'] })
    ).json();
    const items = await suggestions(handler, d.id);
    expect(items.map((i) => i.name)).toEqual(expect.arrayContaining(['人口基础信息', '低保救助对象信息']));
    expect(items[0].matchedFields).toEqual(['公民身份号码', '姓名']);
    expect(items.map((i) => i.score)).toEqual([...items.map((i) => i.score)].sort((a, b) => b - a));
    // 户籍人口变动信息 holds the same fields but is still under review.
    expect(items.map((i) => i.name)).not.toContain('户籍人口变动信息');
  });

  it('ranks the demo demand for 法人 data with 法人基础信息 first, and suggests nothing for data nobody holds', async () => {
    const list = (await handler.request('GET', `${BASE}?status=open&limit=200`)).json().items as Demand[];
    const legal = list.find((d) => d.title === '门前三包责任单位的法人登记信息')!;
    const first = (await suggestions(handler, legal.id))[0];
    expect(first).toMatchObject({ name: '法人基础信息', matchedFields: ['统一社会信用代码', '法人名称', '住所'] });
    const bikes = list.find((d) => d.title === '共享单车停放点位及投放数量')!;
    expect(await suggestions(handler, bikes.id)).toEqual([]);
  });

  it('finds a newly published resource by the words of its name in a demand', async () => {
    const cgj = await stewardOf(t, admin, 'CGJ');
    const r = await publishedResource(cgj, office, { name: '共享单车停放点位信息' });
    const d = (await post(handler, { title: '共享单车停放点位', description: '规划非机动车停放区' })).json();
    expect((await suggestions(handler, d.id))[0].code).toBe(r.code);
  });

  it('lets the data office close a demand as matched with published resources, once', async () => {
    const d = (await post(handler, { title: '需要法人登记信息' })).json() as Demand;
    const legal = (
      await office.request('GET', '/api/v1/catalog/resources?q=' + encodeURIComponent('法人基础信息'))
    ).json().items[0].code as string;
    expect((await close(handler, d, { matchedResourceCodes: [legal] })).statusCode).toBe(403);
    const res = await close(office, d, { matchedResourceCodes: [legal, legal] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'matched', matchedCodes: [legal], allowedActions: [] });
    const again = await close(office, res.json(), { note: '再次办结' });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('DEMAND_NOT_OPEN');
  });

  it('closes an unmet demand only with a note, and matches only published resources', async () => {
    const d = (await post(handler, { title: '需要尚未采集的数据' })).json() as Demand;
    expect((await close(office, d, {})).json().error.details.field).toBe('note');
    const draft = await createResource(office);
    const unpublished = await close(office, d, { matchedResourceCodes: [draft.code] });
    expect(unpublished.json().error).toMatchObject({
      code: 'DEMAND_RESOURCE_UNKNOWN',
      details: { field: 'matchedResourceCodes[0]' },
    });
    const res = await close(office, d, { note: '纳入年度采集计划' });
    expect(res.json()).toMatchObject({ status: 'closed', closeNote: '纳入年度采集计划' });
    expect((await close(office, d, { note: '过期版本' })).json().error.code).toBe('VERSION_CONFLICT');
  });

  it('lists demands newest first with filters and a keyset cursor', async () => {
    const all = (await handler.request('GET', `${BASE}?limit=200`)).json().items as Demand[];
    expect(all.map((d) => d.id)).toEqual([...all.map((d) => d.id)].sort((a, b) => b - a));
    const paged: Demand[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Demand[]; nextCursor: string | null } = (
        await handler.request('GET', `${BASE}?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((d) => d.id)).toEqual(all.map((d) => d.id));
    const open = (await handler.request('GET', `${BASE}?status=open&limit=200`)).json().items as Demand[];
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((d) => d.status === 'open')).toBe(true);
    const office_ = (await office.request('GET', `${BASE}?status=open&limit=1`)).json().items[0] as Demand;
    expect(office_.allowedActions).toEqual(['close']);
  });
});
