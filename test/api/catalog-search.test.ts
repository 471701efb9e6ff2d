// Search and faceted browse of the catalog: facet counts that agree with the list, Chinese text search ranked
// by pg_trgm, keyset paging without repeats or gaps, filters, labels in the caller's language.
import fc from 'fast-check';
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

const BASE = '/api/v1/catalog/resources';

interface Summary {
  code: string;
  name: string;
  summary: string;
  providerCode: string;
  providerDepartmentId: number;
  classification: string;
  kind: string;
  shareType: string;
  openness: string;
  format: string;
  grade: string;
  status: string;
  score: number | null;
}
interface Facet {
  value: string;
  label: string;
  count: number;
}
interface Page {
  items: Summary[];
  total: number;
  facets: Record<'department' | 'kind' | 'shareType' | 'openness' | 'format' | 'grade' | 'status', Facet[]>;
  nextCursor: string | null;
}

describe.skipIf(!engineAvailable())('catalog search and facets', () => {
  let t: TestApp;
  let admin: Session;
  let office: Session;
  let cgj: Session;
  let leader: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    office = await login(t.app, 'steward', DEMO_PASSWORD);
    leader = await login(t.app, 'leader', DEMO_PASSWORD);
    cgj = await stewardOf(t, admin, 'CGJ');
  });
  afterAll(() => t?.close());

  const search = async (s: Session, query: string, headers: Record<string, string> = {}): Promise<Page> => {
    const res = await s.request('GET', `${BASE}?${query}`, undefined, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** Every page of a query, following nextCursor. */
  const everything = async (s: Session, query: string, limit = 7): Promise<Summary[]> => {
    const all: Summary[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await search(s, `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  };
  const counts = (facet: Facet[]) => Object.fromEntries(facet.map((f) => [f.value, f.count]));
  const tally = (items: Summary[], key: keyof Summary) => {
    const out: Record<string, number> = {};
    for (const i of items) out[String(i[key])] = (out[String(i[key])] ?? 0) + 1;
    return out;
  };

  it('counts every facet exactly as the list it describes, over the whole demo catalog', async () => {
    const items = await everything(leader, 'q=');
    const page = await search(leader, 'limit=1');
    expect(page.total).toBe(items.length);
    expect(items.length).toBeGreaterThan(20);
    expect(counts(page.facets.shareType)).toEqual(tally(items, 'shareType'));
    expect(counts(page.facets.openness)).toEqual(tally(items, 'openness'));
    expect(counts(page.facets.format)).toEqual(tally(items, 'format'));
    expect(counts(page.facets.grade)).toEqual(tally(items, 'grade'));
    expect(counts(page.facets.kind)).toEqual(tally(items, 'kind'));
    expect(counts(page.facets.status)).toEqual({ published: items.length - 1, deprecated: 1 });
    expect(counts(page.facets.department)).toEqual(tally(items, 'providerDepartmentId'));
  });

  it('counts a facet as if its own filter were off, and every other facet within the filters', async () => {
    const marker = `核对${Date.now()}`;
    for (const [s, format, shareType] of [
      [cgj, 'table', 'unconditional'],
      [cgj, 'table', 'conditional'],
      [cgj, 'api', 'unconditional'],
      [office, 'api', 'unconditional'],
      [office, 'file', 'unconditional'],
    ] as const) {
      await publishedResource(s, office, {
        name: `${marker}资源`,
        format,
        shareType,
        ...(shareType === 'conditional' ? { shareConditions: '仅限执法使用', openness: 'closed' } : {}),
      });
    }
    const page = await search(leader, `q=${encodeURIComponent(marker)}&format=table&format=api`);
    expect(page.total).toBe(4);
    expect(counts(page.facets.format)).toEqual({ table: 2, api: 2, file: 1 });
    expect(counts(page.facets.shareType)).toEqual({ unconditional: 3, conditional: 1 });
    const cgjId = await departmentIdByCode(admin, 'CGJ');
    const dsjjId = await departmentIdByCode(admin, 'DSJJ');
    expect(counts(page.facets.department)).toEqual({ [cgjId]: 3, [dsjjId]: 1 });
    const narrowed = await search(leader, `q=${encodeURIComponent(marker)}&format=table&departmentId=${dsjjId}`);
    expect(narrowed.total).toBe(0);
    expect(counts(narrowed.facets.department)).toEqual({ [cgjId]: 2 });
    expect(counts(narrowed.facets.format)).toEqual({ api: 1, file: 1 });
  });

  it('finds resources by Chinese words in name or summary, the best name match first', async () => {
    const page = await search(leader, `q=${encodeURIComponent('人口')}`);
    expect(page.items[0].name).toBe('人口基础信息');
    expect(page.items.every((i) => i.score !== null && i.score > 0)).toBe(true);
    const both = await search(leader, `q=${encodeURIComponent('城市 部件')}`);
    expect(both.items.map((i) => i.name)).toContain('城市部件信息');
    expect(both.items.every((i) => /城市/.test(i.name + i.summary) && /部件/.test(i.name + i.summary))).toBe(true);
    expect((await search(leader, `q=${encodeURIComponent('食品')}`)).items.map((i) => i.name).sort()).toEqual(
      ['食品安全抽检结果', '食品经营许可证信息'].sort(),
    );
  });

  it('takes LIKE wildcards in a query as plain characters', async () => {
    for (const q of ['%', '_', '\\']) expect((await search(leader, `q=${encodeURIComponent(q)}`)).total).toBe(0);
  });

  it('pages through results with a keyset cursor without repeats or gaps, with and without a query', async () => {
    const whole = (await search(leader, 'limit=100')).items.map((i) => i.code);
    expect((await everything(leader, 'q=', 4)).map((i) => i.code)).toEqual(whole);
    const ranked = (await search(leader, `q=${encodeURIComponent('信息')}&limit=100`)).items.map((i) => i.code);
    expect(ranked.length).toBeGreaterThan(5);
    expect((await everything(leader, `q=${encodeURIComponent('信息')}`, 3)).map((i) => i.code)).toEqual(ranked);
  });

  it('filters by classification prefix, kind, department and status', async () => {
    const base = await search(leader, 'classification=1&limit=100');
    expect(base.items.length).toBeGreaterThan(3);
    expect(base.items.every((i) => i.classification.startsWith('1') && i.kind === 'base')).toBe(true);
    const dsjj = await departmentIdByCode(admin, 'DSJJ');
    const own = await search(leader, `departmentId=${dsjj}&limit=100`);
    expect(own.items.every((i) => i.providerCode === 'DSJJ')).toBe(true);
    const deprecated = await search(leader, 'status=deprecated');
    expect(deprecated.items.map((i) => i.name)).toEqual(['户外广告设置审批信息（旧）']);
  });

  it('shows the data office the submitted resources waiting for review, and each provider its drafts', async () => {
    const waiting = await search(office, 'status=submitted&limit=100');
    expect(waiting.items.map((i) => i.name)).toEqual(expect.arrayContaining(['户籍人口变动信息', '环卫作业车辆信息']));
    const draft = await createResource(cgj);
    const mine = await search(cgj, 'status=draft&limit=100');
    expect(mine.items.map((i) => i.code)).toContain(draft.code);
    expect(mine.items.every((i) => i.providerCode?.startsWith('CGJ'))).toBe(true);
  });

  it('labels facet values in the caller’s language', async () => {
    const zh = await search(leader, 'limit=1');
    expect(zh.facets.shareType.find((f) => f.value === 'unconditional')?.label).toBe('无条件共享');
    const en = await search(leader, 'limit=1', { 'accept-language': 'en' });
    expect(en.facets.shareType.find((f) => f.value === 'unconditional')?.label).toBe('Shared unconditionally');
    expect(en.facets.department.map((f) => f.label)).toContain('Big Data Bureau (Smart City Office)');
  });

  it('refuses a tampered cursor and unknown filter values with 400', async () => {
    for (const q of [
      'cursor=abc',
      `cursor=${Buffer.from('{"c":1}').toString('base64url')}`,
      'grade=secret',
      'limit=101',
    ]) {
      const res = await leader.request('GET', `${BASE}?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
    }
  });

  it('answers random query strings with 200 or a 4xx in the error shape, never a 5xx', async () => {
    const key = fc.constantFrom(
      'q',
      'departmentId',
      'classification',
      'kind',
      'shareType',
      'openness',
      'format',
      'grade',
      'status',
      'limit',
      'cursor',
    );
    const value = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('1', 'table', 'open', '人口', '%', '0', '-1', '99999999999'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 4 }), async (pairs) => {
        const qs = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
        const res = await leader.request('GET', `${BASE}?${qs}`);
        expect(res.statusCode, `${qs} → ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) errorCode(res);
      }),
      { numRuns: 80 },
    );
  });
});
