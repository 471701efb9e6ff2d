// 站内通知 and the notices of 并案: handlers and dispatchers are told what they must act on (派遣, 催办, a request to
// decide), each only their own inbox, keyset paged, marked read one by one or all at once; the reporter of a
// merged case is told of the merge and then of the master's outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeNotifyEvents } from '../../src/server/modules/notify/jobs.ts';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  errorCode,
  login,
  type Session,
  type TestApp,
} from '../support/test-app.ts';
import { departmentByCode, insertCase, step } from './cases-workflow-fixtures.ts';
import { createUser, withKey } from './fixtures.ts';

interface Notice {
  id: number;
  kind: string;
  caseNo: string;
  title: string;
  readAt: string | null;
}

describe.skipIf(!engineAvailable())('in-app notifications', () => {
  let t: TestApp;
  let agent: Session;
  let dispatcher: Session;
  let handler: Session;
  let admin: Session;
  const db = () => t.opened.db;
  const consume = () => consumeNotifyEvents({ db: db(), config: t.config });
  const inbox = async (s: Session, query = 'limit=100') =>
    (await s.request('GET', `/api/v1/notify/notifications?${query}`)).json() as {
      items: Notice[];
      nextCursor: string | null;
      unread: number;
    };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', 'Test#Root-2026x');
    agent = await login(t.app, 'agent', DEMO_PASSWORD);
    dispatcher = await login(t.app, 'dispatcher', DEMO_PASSWORD);
    handler = await login(t.app, 'handler', DEMO_PASSWORD);
    await consume();
  });
  afterAll(() => t?.close());

  async function dispatched() {
    const cgj = await departmentByCode(db(), 'CGJ-320508');
    const c = await insertCase(db(), { status: 'registered' });
    await step(db(), dispatcher, c.id, 'dispatch', { mainDepartmentId: cgj.id });
    return c;
  }

  it('tells the main department’s handlers of a dispatch, once, and no one outside it', async () => {
    const c = await dispatched();
    const outsider = await createUser(admin, {
      grants: [{ role: 'handler', departmentId: (await departmentByCode(db(), 'GAJ')).id }],
    });
    await consume();
    await consume();
    const mine = (await inbox(handler)).items.filter((n) => n.caseNo === c.caseNo);
    expect(mine.map((n) => n.kind)).toEqual(['case.dispatched']);
    expect(mine[0].title).toContain(c.caseNo);
    const other = await login(t.app, outsider.username, outsider.password);
    expect((await inbox(other)).items).toEqual([]);
  });

  it('tells handlers and the centre’s dispatchers of 催办, and dispatchers of a 延期 to decide', async () => {
    const c = await dispatched();
    await step(db(), handler, c.id, 'sign');
    await step(db(), admin, c.id, 'urge', { note: '请尽快处理' });
    await step(db(), handler, c.id, 'requestExtension', {
      reason: '需协调燃气公司',
      requestedDueAt: new Date(Date.now() + 60 * 86_400_000).toISOString(),
    });
    await consume();
    const kinds = async (s: Session) =>
      (await inbox(s)).items
        .filter((n) => n.caseNo === c.caseNo)
        .map((n) => n.kind)
        .sort();
    expect(await kinds(handler)).toEqual(['case.dispatched', 'case.urged']);
    expect(await kinds(dispatcher)).toEqual(['case.request.extension', 'case.urged']);
    expect(await kinds(agent)).toEqual([]);
  });

  it('pages newest first, counts unread, marks one and then all read; another user’s id answers 404', async () => {
    for (let i = 0; i < 3; i++) await dispatched();
    await consume();
    const first = await inbox(handler, 'limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.items[0].id).toBeGreaterThan(first.items[1].id);
    expect(first.nextCursor).not.toBeNull();
    const second = await inbox(handler, `limit=2&cursor=${first.nextCursor}`);
    expect(second.items[0].id).toBeLessThan(first.items[1].id);
    const bad = await handler.request('GET', '/api/v1/notify/notifications?cursor=abc');
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('NOTIFY_BAD_CURSOR');

    const unread = (await (await handler.request('GET', '/api/v1/notify/notifications/unread-count')).json()).unread;
    expect(unread).toBe(first.unread);
    const target = first.items[0];
    const foreign = await dispatcher.request('POST', `/api/v1/notify/notifications/${target.id}/read`);
    expect(foreign.statusCode).toBe(404);
    expect(errorCode(foreign)).toBe('NOTIFICATION_NOT_FOUND');
    const read = await handler.request('POST', `/api/v1/notify/notifications/${target.id}/read`);
    expect(read.json()).toEqual({ updated: 1 });
    expect((await inbox(handler)).unread).toBe(unread - 1);
    expect((await inbox(handler, 'unread=true&limit=100')).items.map((n) => n.id)).not.toContain(target.id);
    const dispatcherUnread = (await inbox(dispatcher)).unread;
    const all = await handler.request('POST', '/api/v1/notify/notifications/read-all');
    expect(all.json()).toEqual({ updated: unread - 1 });
    expect((await inbox(handler)).unread).toBe(0);
    // The dispatcher's inbox is untouched by the handler's read-all.
    expect((await inbox(dispatcher)).unread).toBe(dispatcherUnread);
  });

  it('has no inbox for API keys', async () => {
    const key = await admin.request('POST', '/api/v1/org/api-keys', { name: 'inbox', scopes: ['org.department.read'] });
    const res = await withKey(t.app, key.json().key, 'GET', '/api/v1/notify/notifications');
    expect(res.statusCode).toBe(403);
  });

  it('tells a merged case’s reporter of the merge and then of the master case’s outcome', async () => {
    const master = await insertCase(db(), { status: 'registered' });
    const merged = await insertCase(db(), { status: 'received' });
    const m = await agent.request('POST', `/api/v1/cases/${merged.id}/merge`, {
      masterCaseId: master.id,
      reason: '同一井盖',
    });
    expect(m.statusCode, m.body).toBe(200);
    const cgj = await departmentByCode(db(), 'CGJ-320508');
    await step(db(), dispatcher, master.id, 'dispatch', { mainDepartmentId: cgj.id });
    await step(db(), handler, master.id, 'sign');
    await step(db(), handler, master.id, 'submitResult', { result: '已更换井盖' });
    await step(db(), admin, master.id, 'verify', { fixed: true });
    await step(db(), dispatcher, master.id, 'close');
    await consume();
    const rows = await db()
      .selectFrom('notification_deliveries')
      .select(['case_no', 'template', 'message'])
      .where('case_id', 'in', [master.id, merged.id])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => `${r.case_no === master.caseNo ? 'master' : 'merged'}:${r.template}`)).toEqual([
      'merged:merged',
      'master:closed',
      'merged:merged_closed',
    ]);
    expect(rows[0].message).toContain(master.caseNo);
    expect(rows[2].message).toContain(master.caseNo);
    // Following the merged case shows the master's progress.
    const tracked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/citizen/cases/track',
      payload: { caseNo: merged.caseNo, phoneLast4: '5678' },
    });
    expect(tracked.statusCode, tracked.body).toBe(200);
    expect(tracked.json()).toMatchObject({ mergedInto: master.caseNo, status: 'closed', canRate: false });
  });
});
