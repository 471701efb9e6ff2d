// The resource catalog through its API: registration with stable codes, the review workflow (draft → submitted →
// published → deprecated, and returns with a reason), department scope, optimistic versions, and the content
// rules that keep the catalog standard-shaped — each refusal naming the field to fix.
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
import {
  chinaToday,
  createResource,
  element,
  publishedResource,
  type ResourceView,
  resourceBody,
  step,
  stewardOf,
} from './catalog-fixtures.ts';
import { departmentIdByCode } from './fixtures.ts';

const BASE = '/api/v1/catalog/resources';

describe.skipIf(!engineAvailable())('catalog resources', () => {
  let t: TestApp;
  let admin: Session;
  /** The demo data steward: scoped to 大数据局 (DSJJ), the data office that reviews. */
  let office: Session;
  /** A steward of 城管局 (CGJ): provides resources, does not review. */
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

  const get = (s: Session, code: string) => s.request('GET', `${BASE}/${code}`);
  const patch = (s: Session, r: { code: string; version: number }, body: Record<string, unknown>) =>
    s.request('PATCH', `${BASE}/${r.code}`, { version: r.version, ...body });

  describe('registration and review', () => {
    it('registers a draft coded from its classification, provided by the caller’s own department', async () => {
      const r = await createResource(office);
      expect(r.code).toMatch(/^313001-\d{6}$/);
      expect(r).toMatchObject({ status: 'draft', version: 1, providerCode: 'DSJJ', publishDate: null });
      expect(r.allowedActions).toEqual(['update', 'submit']);
      expect((await get(office, r.code)).json().items.map((i: { name: string }) => i.name)).toEqual([
        '统一社会信用代码',
        '单位名称',
      ]);
    });

    it('takes a draft through submission and approval to published, dated today, each step audited', async () => {
      let r = await createResource(cgj);
      const submitted = await step(cgj, r, 'submit');
      expect(submitted.statusCode).toBe(200);
      r = submitted.json();
      expect(r).toMatchObject({ status: 'submitted', version: 2 });
      const approved = await step(office, r, 'approve');
      expect(approved.statusCode).toBe(200);
      expect(approved.json()).toMatchObject({ status: 'published', version: 3, publishDate: chinaToday() });
      const audit = await admin.request('GET', `/api/v1/audit?target=${encodeURIComponent(`resource:${r.code}`)}`);
      expect(
        audit
          .json()
          .items.map((a: { action: string }) => a.action)
          .sort(),
      ).toEqual(['catalog.resource.approve', 'catalog.resource.create', 'catalog.resource.submit']);
    });

    it('returns a submitted resource to draft with the reason, and takes it again once fixed', async () => {
      let r = await createResource(cgj);
      r = (await step(cgj, r, 'submit')).json();
      const returned = await step(office, r, 'return', '请补充共享条件');
      expect(returned.statusCode).toBe(200);
      r = returned.json();
      expect(r).toMatchObject({ status: 'draft', statusNote: '请补充共享条件' });
      r = (await patch(cgj, r, { summary: '已补充。' })).json();
      expect((await step(cgj, r, 'submit')).json().status).toBe('submitted');
    });

    it('refuses a return without a reason', async () => {
      let r = await createResource(cgj);
      r = (await step(cgj, r, 'submit')).json();
      const res = await step(office, r, 'return', '');
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.field).toBe('reason');
    });

    it('deprecates a published resource with a reason; its code is never handed out again', async () => {
      const r = await publishedResource(cgj, office, { classification: '301009' });
      const res = await step(cgj, r, 'deprecate', '已被新资源取代');
      expect(res.json()).toMatchObject({ status: 'deprecated', statusNote: '已被新资源取代' });
      const next = await createResource(cgj, { classification: '301009' });
      expect(Number(next.code.split('-')[1])).toBe(Number(r.code.split('-')[1]) + 1);
    });

    it('refuses a transition the state does not allow with 409, naming the actions possible instead', async () => {
      const draft = await createResource(office);
      const res = await step(office, draft, 'approve');
      expect(res.statusCode).toBe(409);
      expect(errorCode(res)).toBe('RESOURCE_INVALID_TRANSITION');
      expect(res.json().error.details).toEqual({ from: 'draft', action: 'approve', allowed: ['update', 'submit'] });
      const published = await publishedResource(office, office);
      const edit = await patch(office, published, { summary: '改' });
      expect(edit.statusCode).toBe(409);
      expect(edit.json().error.details).toEqual({ from: 'published', action: 'update', allowed: ['deprecate'] });
      expect((await step(office, published, 'submit')).json().error.details.allowed).toEqual(['deprecate']);
    });

    it('refuses to submit a table without a key item', async () => {
      const body = await resourceBody(office);
      const items = (body.items as Record<string, unknown>[]).map((i) => ({ ...i, isKey: false }));
      const r = await createResource(office, { items });
      const res = await step(office, r, 'submit');
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('RESOURCE_KEY_REQUIRED');
    });
  });

  describe('department scope', () => {
    it('refuses a DSJJ steward editing a CGJ resource with 403, and a CGJ steward reviewing with 403', async () => {
      let r = await createResource(cgj);
      r = (await step(cgj, r, 'submit')).json();
      const review = await step(cgj, r, 'approve');
      expect(review.statusCode).toBe(403);
      expect(review.json().error.details.action).toBe('catalog.resource.review');
      const edit = await patch(office, r, { summary: '越权修改' });
      expect(edit.statusCode).toBe(403);
      expect(edit.json().error.details.action).toBe('catalog.resource.edit');
      r = (await step(office, r, 'approve')).json();
      expect((await patch(office, r, { summary: '越权修改' })).statusCode).toBe(403);
      expect((await get(office, r.code)).json().allowedActions).toEqual(['deprecate']);
      expect((await get(cgj, r.code)).json().allowedActions).toEqual(['deprecate']);
    });

    it('refuses a steward registering for a department outside their scope with 403', async () => {
      const res = await office.request(
        'POST',
        BASE,
        await resourceBody(office, { providerDepartmentId: await departmentIdByCode(admin, 'CGJ') }),
      );
      expect(res.statusCode).toBe(403);
      expect(res.json().error.details.action).toBe('catalog.resource.edit');
    });

    it('keeps a draft to its provider: others get 404 and do not find it in the list', async () => {
      const r = await createResource(cgj);
      expect((await get(cgj, r.code)).statusCode).toBe(200);
      for (const s of [office, leader]) {
        expect((await get(s, r.code)).statusCode).toBe(404);
        const list = await s.request('GET', `${BASE}?q=${encodeURIComponent(r.name)}`);
        expect(list.json().items).toEqual([]);
      }
    });

    it('shows submitted resources of every department to the data office, and published ones to everyone', async () => {
      let r = await createResource(cgj);
      r = (await step(cgj, r, 'submit')).json();
      expect((await get(office, r.code)).statusCode).toBe(200);
      expect((await get(leader, r.code)).statusCode).toBe(404);
      r = (await step(office, r, 'approve')).json();
      const handler = await login(t.app, 'handler', DEMO_PASSWORD);
      for (const s of [leader, handler]) {
        const list = await s.request('GET', `${BASE}?q=${encodeURIComponent(r.name)}`);
        expect(list.json().items.map((x: ResourceView) => x.code)).toEqual([r.code]);
        expect((await get(s, r.code)).json().allowedActions).toEqual([]);
      }
    });
  });

  describe('optimistic versions', () => {
    it('lets exactly one of two concurrent edits of the same version win; the other gets 409 VERSION_CONFLICT', async () => {
      const r = await createResource(cgj);
      const [a, b] = await Promise.all([
        patch(cgj, r, { summary: '甲的修改' }),
        patch(cgj, r, { summary: '乙的修改' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(errorCode(loser)).toBe('VERSION_CONFLICT');
      expect(loser.json().error.details).toEqual({ current: 2 });
      const winner = a.statusCode === 200 ? a : b;
      expect((await get(cgj, r.code)).json().summary).toBe(winner.json().summary);
    });

    it('lets one of two concurrent reviews win: the resource is approved or returned, never both', async () => {
      let r = await createResource(cgj);
      r = (await step(cgj, r, 'submit')).json();
      const results = await Promise.all([step(office, r, 'approve'), step(office, r, 'return', '并发退回')]);
      expect(results.map((x) => x.statusCode).sort()).toEqual([200, 409]);
      const final = (await get(cgj, r.code)).json();
      expect(final.version).toBe(r.version + 1);
      expect(['published', 'draft']).toContain(final.status);
    });

    it('answers a reviewer acting on a resource a colleague has just returned with 409, not 404', async () => {
      let r = await createResource(cgj);
      r = (await step(cgj, r, 'submit')).json();
      await step(admin, r, 'return', '同事已退回');
      const res = await step(office, r, 'approve');
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'VERSION_CONFLICT', details: { current: r.version + 1 } });
    });

    it('refuses an edit with a stale version even when nobody else is editing now', async () => {
      const r = await createResource(cgj);
      await patch(cgj, r, { summary: '第一次修改' });
      const res = await patch(cgj, r, { summary: '基于旧版本的修改' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details.current).toBe(2);
    });
  });

  it('replaces the items of a draft when given, keeping the code', async () => {
    const r = await createResource(cgj);
    const res = await patch(cgj, r, {
      items: [{ name: '登记机关代码', element: await element(cgj, '行政区划代码'), isKey: true, personalInfo: 'none' }],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: r.code, version: 2 });
    expect(res.json().items.map((i: { name: string }) => i.name)).toEqual(['登记机关代码']);
  });
});
