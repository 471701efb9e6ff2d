// For citizens: file from the web form (with or without an account, Idempotency-Key), follow a case by number +
// last 4 phone digits (public timeline only, same 404 for a wrong number and wrong digits, rate-limited), rate the
// result and ask for 重办 through the case loop, "my cases" from an account; staff are told in-app when a case is
// dispatched or reopened to them; random input never yields a 5xx.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACK_PER_MINUTE } from '../../src/server/modules/cases/citizen-routes.ts';
import { consumeNotifyEvents } from '../../src/server/modules/notify/jobs.ts';
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
import { GUSU, type IntakeFixtures, setupIntakeFixtures } from './cases-intake-fixtures.ts';
import { caseRow, departmentByCode, step } from './cases-workflow-fixtures.ts';

const PHONE = '13987654321';

describe.skipIf(!engineAvailable())('citizens: web form, tracking, rating, 重办', () => {
  let t: TestApp;
  let fx: IntakeFixtures;
  let admin: Session;
  let agent: Session;
  let dispatcher: Session;
  let handler: Session;
  let citizen: Session;
  let ipSeq = 0;
  const db = () => t.opened.db;
  /** A fresh client address per test: the per-address limits do not leak between tests. */
  const newIp = () => `10.20.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;
  const anon = (ip: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: method as 'POST',
      url,
      remoteAddress: ip,
      ...(body === undefined ? {} : { payload: body as object }),
      headers,
    });
  const form = (extra: Record<string, unknown> = {}) => ({
    categoryId: fx.litterId,
    description: '人民路口垃圾桶满溢，气味很大',
    location: GUSU,
    reporter: { name: '张先生', phone: PHONE },
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    fx = await setupIntakeFixtures(db());
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    agent = await login(t.app, 'agent', DEMO_PASSWORD);
    dispatcher = await login(t.app, 'dispatcher', DEMO_PASSWORD);
    handler = await login(t.app, 'handler', DEMO_PASSWORD);
    citizen = await login(t.app, 'citizen', DEMO_PASSWORD);
    await consumeNotifyEvents({ db: db(), config: t.config });
  });
  afterAll(() => t?.close());

  async function fileCase(ip = newIp(), extra: Record<string, unknown> = {}) {
    const res = await anon(ip, 'POST', '/api/v1/citizen/cases', form(extra));
    expect(res.statusCode, res.body).toBe(201);
    const { caseNo } = res.json() as { caseNo: string };
    const row = await db().selectFrom('cases').select(['id']).where('case_no', '=', caseNo).executeTakeFirstOrThrow();
    return { caseNo, id: Number(row.id) };
  }
  const track = (ip: string, caseNo: string, phoneLast4: string, lang = 'zh-CN') =>
    anon(ip, 'POST', '/api/v1/citizen/cases/track', { caseNo, phoneLast4 }, { 'accept-language': lang });

  /** Staff walk the case to 已办结 (dispatched to the district 城管局, where the demo handler works). */
  async function closeCase(id: number) {
    const cgj = await departmentByCode(db(), 'CGJ-320508');
    await step(db(), agent, id, 'accept');
    await step(db(), dispatcher, id, 'register');
    await step(db(), dispatcher, id, 'dispatch', { mainDepartmentId: cgj.id });
    await step(db(), handler, id, 'sign');
    await step(db(), handler, id, 'submitResult', { result: '已清运垃圾并清洗地面' });
    await step(db(), admin, id, 'verify', { fixed: true });
    await step(db(), dispatcher, id, 'close');
  }

  it('files a case without an account and replays it for a retried Idempotency-Key', async () => {
    const ip = newIp();
    const headers = { 'idempotency-key': 'form-retry-1' };
    const first = await anon(ip, 'POST', '/api/v1/citizen/cases', form(), headers);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ status: 'received', statusText: '已提交，等待受理', trackWith: 'phone' });
    expect(first.json().caseNo).toMatch(/^\d{8}-\d{7}$/);
    const again = await anon(ip, 'POST', '/api/v1/citizen/cases', form(), headers);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().caseNo).toBe(first.json().caseNo);
    const n = await db()
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('case_no', '=', first.json().caseNo)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    const row = await db()
      .selectFrom('cases')
      .select(['channel', 'reporter_user_id'])
      .where('case_no', '=', first.json().caseNo)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'web', reporter_user_id: null });
  });

  it('asks a visitor for a phone unless reporting anonymously, and refuses a bad e-mail, filing nothing', async () => {
    const before = await db()
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const ip = newIp();
    const noPhone = await anon(ip, 'POST', '/api/v1/citizen/cases', form({ reporter: { name: '无电话' } }));
    expect(noPhone.statusCode).toBe(400);
    expect(errorCode(noPhone)).toBe('CITIZEN_CONTACT_REQUIRED');
    const badMail = await anon(
      ip,
      'POST',
      '/api/v1/citizen/cases',
      form({ reporter: { phone: PHONE, email: 'no-at' } }),
    );
    expect(errorCode(badMail)).toBe('CITIZEN_EMAIL_INVALID');
    const badPhone = await anon(ip, 'POST', '/api/v1/citizen/cases', form({ reporter: { phone: '12345' } }));
    expect(errorCode(badPhone)).toBe('CASE_PHONE_INVALID');
    const after = await db()
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const anonymous = await anon(ip, 'POST', '/api/v1/citizen/cases', form({ reporter: { anonymous: true } }));
    expect(anonymous.statusCode, anonymous.body).toBe(201);
    expect(anonymous.json().trackWith).toBe('none');
  });

  it('shows the public timeline for the right number and digits, without internal notes or staff names', async () => {
    const { caseNo, id } = await fileCase();
    await step(db(), agent, id, 'accept');
    await step(db(), agent, id, 'addNote', { note: '来电人情绪激动，内部备注' });
    const ip = newIp();
    const res = await track(ip, caseNo, PHONE.slice(-4));
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expect(v).toMatchObject({ caseNo, status: 'accepted', statusText: '已受理', canRate: false, canReopen: false });
    expect(v.timeline.map((e: { action: string }) => e.action)).toEqual(['create', 'accept']);
    expect(res.body).not.toContain('内部备注');
    expect(res.body).not.toContain('agent');
    expect(res.body).not.toContain(PHONE);
    expect(res.body).not.toContain('张先生');
    const en = await track(ip, caseNo, PHONE.slice(-4), 'en');
    expect(en.json().statusText).toBe('Accepted');
  });

  it('answers a wrong phone and an unknown number with the same 404', async () => {
    const { caseNo } = await fileCase();
    const ip = newIp();
    const wrongDigits = await track(ip, caseNo, '0000');
    const unknown = await track(ip, '20991231-9999999', PHONE.slice(-4));
    expect(wrongDigits.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(errorCode(wrongDigits)).toBe('CASE_NOT_FOUND');
    expect(wrongDigits.body).toBe(unknown.body);
    const malformed = await track(ip, caseNo, '12a4');
    expect(malformed.statusCode).toBe(400);
  });

  it(`limits tracking to ${TRACK_PER_MINUTE} attempts a minute per address`, async () => {
    const ip = newIp();
    for (let i = 0; i < TRACK_PER_MINUTE; i++)
      expect((await track(ip, '20991231-9999999', '0000')).statusCode).toBe(404);
    const limited = await track(ip, '20991231-9999999', '0000');
    expect(limited.statusCode).toBe(429);
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect((await track(newIp(), '20991231-9999999', '0000')).statusCode).toBe(404);
  });

  it('lets the citizen rate a closed case, ask for 重办 when unsatisfied, and tells the handler in-app', async () => {
    const { caseNo, id } = await fileCase();
    const ip = newIp();
    const early = await anon(ip, 'POST', '/api/v1/citizen/cases/track/rate', {
      caseNo,
      phoneLast4: PHONE.slice(-4),
      satisfaction: 'satisfied',
      solved: true,
    });
    expect(early.statusCode).toBe(409);
    expect(errorCode(early)).toBe('INVALID_TRANSITION');

    await closeCase(id);
    await consumeNotifyEvents({ db: db(), config: t.config });
    const closed = (await track(ip, caseNo, PHONE.slice(-4))).json();
    expect(closed).toMatchObject({
      status: 'closed',
      canRate: true,
      result: '已清运垃圾并清洗地面',
      department: expect.any(String),
    });
    expect(closed.timeline.find((e: { action: string }) => e.action === 'dispatch').department).toBeTruthy();
    const notices = await db()
      .selectFrom('notification_deliveries')
      .select(['template', 'channel'])
      .where('case_id', '=', id)
      .orderBy('id')
      .execute();
    expect(notices.map((n) => `${n.channel}:${n.template}`)).toEqual(['sms:receipt', 'sms:closed']);

    const rated = await anon(ip, 'POST', '/api/v1/citizen/cases/track/rate', {
      caseNo,
      phoneLast4: PHONE.slice(-4),
      satisfaction: 'unsatisfied',
      solved: false,
      comment: '垃圾又堆起来了',
    });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({
      status: 'revisited',
      rating: { satisfaction: 'unsatisfied', satisfactionText: '不满意', solved: false },
      canRate: false,
      canReopen: true,
    });
    const wrong = await anon(ip, 'POST', '/api/v1/citizen/cases/track/reopen', {
      caseNo,
      phoneLast4: '0000',
      reason: '没有解决',
    });
    expect(wrong.statusCode).toBe(404);
    expect((await caseRow(db(), id)).status).toBe('revisited');
    const reopened = await anon(ip, 'POST', '/api/v1/citizen/cases/track/reopen', {
      caseNo,
      phoneLast4: PHONE.slice(-4),
      reason: '没有解决',
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'dispatched', canReopen: false });
    const again = await anon(ip, 'POST', '/api/v1/citizen/cases/track/reopen', {
      caseNo,
      phoneLast4: PHONE.slice(-4),
      reason: '再次申请',
    });
    expect(again.statusCode).toBe(409);

    await consumeNotifyEvents({ db: db(), config: t.config });
    const inbox = (await handler.request('GET', '/api/v1/notify/notifications?limit=100')).json();
    const mine = inbox.items.filter((n: { caseNo: string }) => n.caseNo === caseNo);
    expect(mine.map((n: { kind: string }) => n.kind).sort()).toEqual(['case.dispatched', 'case.reopened']);
    expect(inbox.unread).toBeGreaterThanOrEqual(2);
    // The dispatcher who dispatched it is not told about it.
    const dispatcherInbox = (await dispatcher.request('GET', '/api/v1/notify/notifications?limit=100')).json();
    expect(dispatcherInbox.items.filter((n: { caseNo: string }) => n.caseNo === caseNo)).toEqual([]);
  });

  it('lists and shows a citizen account its own cases only, and rates them through the loop', async () => {
    const filed = await citizen.request('POST', '/api/v1/citizen/cases', {
      categoryId: fx.litterId,
      description: '楼下路灯不亮',
      location: GUSU,
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().trackWith).toBe('account');
    const other = await fileCase();
    const list = await citizen.request('GET', '/api/v1/citizen/cases?limit=100');
    expect(list.statusCode).toBe(200);
    const nos = list.json().items.map((c: { caseNo: string }) => c.caseNo);
    expect(nos).toContain(filed.json().caseNo);
    expect(nos).not.toContain(other.caseNo);
    const own = list.json().items.find((c: { caseNo: string }) => c.caseNo === filed.json().caseNo);
    const detail = await citizen.request('GET', `/api/v1/citizen/cases/${own.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ caseNo: filed.json().caseNo, status: 'received' });
    const foreign = await citizen.request('GET', `/api/v1/citizen/cases/${other.id}`);
    expect(foreign.statusCode).toBe(404);
    const early = await citizen.request('POST', `/api/v1/citizen/cases/${own.id}/rate`, {
      satisfaction: 'satisfied',
      solved: true,
    });
    expect(early.statusCode).toBe(409);
    await closeCase(own.id);
    const rated = await citizen.request('POST', `/api/v1/citizen/cases/${own.id}/rate`, {
      satisfaction: 'basically',
      solved: true,
    });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toMatchObject({
      status: 'revisited',
      rating: { satisfactionText: '基本满意' },
      canReopen: false,
    });
    const reopen = await citizen.request('POST', `/api/v1/citizen/cases/${own.id}/reopen`, { reason: '想重办' });
    expect(reopen.statusCode).toBe(409);
    expect(errorCode(reopen)).toBe('CASE_REOPEN_NOT_ALLOWED');
    const staff = await handler.request('GET', '/api/v1/citizen/cases');
    expect(staff.statusCode).toBe(403);
  });

  it('never answers 5xx to random input on the create and track endpoints', async () => {
    const ok = (r: LightMyRequestResponse) => r.statusCode < 500;
    const junk = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.object());
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            categoryId: fc.oneof(fc.constant(fx.litterId), fc.constant(fx.manholeId), fc.integer(), junk),
            description: fc.oneof(fc.string({ maxLength: 50 }), fc.string({ minLength: 3990, maxLength: 4010 }), junk),
            nature: fc.oneof(fc.constantFrom('help', 'complaint', 'nonsense'), junk),
            location: fc.oneof(
              fc.record({ lat: fc.double(), lng: fc.double() }, { requiredKeys: [] }),
              fc.record({ address: fc.string(), crs: fc.constantFrom('wgs84', 'gcj02', 'x') }, { requiredKeys: [] }),
              junk,
            ),
            reporter: fc.oneof(
              fc.record(
                {
                  phone: fc.oneof(fc.constant(PHONE), fc.string({ maxLength: 30 })),
                  email: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 40 })),
                  anonymous: fc.boolean(),
                  name: fc.string({ maxLength: 100 }),
                },
                { requiredKeys: [] },
              ),
              junk,
            ),
            attributes: fc.oneof(fc.dictionary(fc.string({ maxLength: 10 }), junk), junk),
          },
          { requiredKeys: [] },
        ),
        async (body) => {
          const r = await anon(newIp(), 'POST', '/api/v1/citizen/cases', body);
          return ok(r);
        },
      ),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { caseNo: fc.oneof(fc.string(), junk), phoneLast4: fc.oneof(fc.stringMatching(/^\d{4}$/), junk) },
          { requiredKeys: [] },
        ),
        async (body) => ok(await anon(newIp(), 'POST', '/api/v1/citizen/cases/track', body)),
      ),
      { numRuns: 80 },
    );
  });
});
