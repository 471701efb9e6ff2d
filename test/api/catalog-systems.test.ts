// The systems registry (摸清家底): every department system with owner, network, status and the resources it
// holds — registered by the owner's stewards, read city-wide, exported as CSV that spreadsheets cannot run.
import { parse } from 'csv-parse/sync';
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
import { uniqueName } from './fixtures.ts';

const BASE = '/api/v1/catalog/systems';

interface SystemView {
  id: number;
  name: string;
  ownerCode: string;
  network: string;
  status: string;
  version: number;
  resources: { code: string; name: string }[];
  allowedActions: string[];
}

describe.skipIf(!engineAvailable())('catalog systems registry', () => {
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

  const body = (over: Record<string, unknown> = {}) => ({
    name: uniqueName('测试系统'),
    purpose: '测试',
    users: '测试人员',
    hosting: '市政务云',
    network: 'gov_extranet',
    status: 'running',
    ...over,
  });
  const create = async (s: Session, over: Record<string, unknown> = {}): Promise<SystemView> => {
    const res = await s.request('POST', BASE, body(over));
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json();
  };

  it('shows the demo registry city-wide, with owners and the resources each system holds', async () => {
    const items = (await leader.request('GET', `${BASE}?limit=200`)).json().items as SystemView[];
    expect(items.length).toBeGreaterThanOrEqual(20);
    const exchange = items.find((s) => s.name === '政务数据共享交换平台')!;
    expect(exchange).toMatchObject({ ownerCode: 'DSJJ', network: 'gov_extranet', allowedActions: [] });
    expect(exchange.resources.map((r) => r.name)).toContain('人口基础信息');
    expect(new Set(items.map((s) => s.network))).toEqual(new Set(['gov_extranet', 'private', 'internet']));
  });

  it('registers a system for the steward’s own department with the resources it holds', async () => {
    const r = await publishedResource(cgj, office);
    const s = await create(cgj, { resourceCodes: [r.code] });
    expect(s).toMatchObject({ ownerCode: 'CGJ', version: 1, allowedActions: ['update', 'delete'] });
    expect(s.resources).toEqual([{ code: r.code, name: r.name }]);
  });

  it('refuses resource codes that do not exist or are another department’s draft, naming resourceCodes[i]', async () => {
    const draft = await createResource(office);
    for (const code of [draft.code, '399999-000001']) {
      const res = await cgj.request('POST', BASE, body({ resourceCodes: [code] }));
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'SYSTEM_RESOURCE_UNKNOWN',
        details: { field: 'resourceCodes[0]' },
      });
    }
  });

  it('updates with an optimistic version: of two concurrent edits one wins, the other gets 409', async () => {
    const s = await create(cgj);
    const edit = (status: string) => cgj.request('PATCH', `${BASE}/${s.id}`, { status, version: s.version });
    const [a, b] = await Promise.all([edit('retired'), edit('planned')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect(errorCode(a.statusCode === 409 ? a : b)).toBe('VERSION_CONFLICT');
  });

  it('refuses a DSJJ steward editing or deleting a CGJ system with 403', async () => {
    const s = await create(cgj);
    expect((await office.request('PATCH', `${BASE}/${s.id}`, { name: '越权', version: s.version })).statusCode).toBe(
      403,
    );
    expect((await office.request('DELETE', `${BASE}/${s.id}?version=${s.version}`)).statusCode).toBe(403);
  });

  it('deletes a system registered by mistake, then answers 404', async () => {
    const s = await create(cgj);
    expect((await cgj.request('DELETE', `${BASE}/${s.id}?version=${s.version + 1}`)).statusCode).toBe(409);
    expect((await cgj.request('DELETE', `${BASE}/${s.id}?version=${s.version}`)).statusCode).toBe(204);
    const gone = await cgj.request('GET', `${BASE}/${s.id}`);
    expect(gone.statusCode).toBe(404);
    expect(errorCode(gone)).toBe('SYSTEM_NOT_FOUND');
  });

  it('filters by network, status and text, and pages with a keyset cursor', async () => {
    const privateOnes = (await leader.request('GET', `${BASE}?network=private&limit=200`)).json().items as SystemView[];
    expect(privateOnes.length).toBeGreaterThan(3);
    expect(privateOnes.every((s) => s.network === 'private')).toBe(true);
    expect(
      (await leader.request('GET', `${BASE}?status=retired`)).json().items.map((s: SystemView) => s.name),
    ).toContain('婚姻登记系统（旧）');
    expect((await leader.request('GET', `${BASE}?q=${encodeURIComponent('热线')}`)).json().items[0].name).toBe(
      '12345政务服务便民热线系统',
    );
    const all = (await leader.request('GET', `${BASE}?limit=200`)).json().items as SystemView[];
    const paged: SystemView[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: SystemView[]; nextCursor: string | null } = (
        await leader.request('GET', `${BASE}?limit=6${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((s) => s.id)).toEqual(all.map((s) => s.id));
  });

  it('exports CSV with a BOM and headers in the caller’s language, formula cells neutralised, audited', async () => {
    const marker = uniqueName('导出');
    await create(cgj, {
      name: `=HYPERLINK("http://evil.example","${marker}")`,
      purpose: '+1+1',
      users: '-2',
      hosting: '@SUM(A1)',
    });
    await create(cgj, { name: `${marker} 普通系统`, purpose: '没有公式' });
    const res = await leader.request('GET', `${BASE}/export?q=${encodeURIComponent(marker)}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="systems-\d{8}\.csv"$/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(res.rawPayload.subarray(3).toString('utf8')) as string[][];
    expect(rows[0].slice(0, 4)).toEqual(['编号', '系统名称', '所属部门', '建设目的']);
    const evil = rows.find((r) => r[1].includes('HYPERLINK'))!;
    expect(evil.slice(1, 6)).toEqual([
      `'=HYPERLINK("http://evil.example","${marker}")`,
      '市城市管理局',
      "'+1+1",
      "'-2",
      "'@SUM(A1)",
    ]);
    expect(rows.find((r) => r[1].endsWith('普通系统'))![3]).toBe('没有公式');
    expect(rows.every((r) => !/^[=+\-@]/.test(r.join('')))).toBe(true);
    const en = await leader.request('GET', `${BASE}/export?q=${encodeURIComponent(marker)}`, undefined, {
      'accept-language': 'en',
    });
    expect(parse(en.rawPayload.subarray(3).toString('utf8'))[0][1]).toBe('Name');
    const audit = (await admin.request('GET', '/api/v1/audit?action=catalog.system.export&actor=leader')).json();
    expect(audit.items.length).toBe(2);
  });
});
