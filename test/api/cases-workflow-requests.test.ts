// Side paths of the case loop over HTTP with the demo roles: 退单 (time limit, dispatcher's inbox and decision),
// 延期 (before the deadline), 挂起 (the clock pauses; leaving the stage ends it), 催办 / 督办 by hand, notes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/platform/db/connect.ts';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  errorCode,
  login,
  type Session,
  type TestApp,
} from '../support/test-app.ts';
import { act, caseRow, departmentByCode, events, insertCase, step } from './cases-workflow-fixtures.ts';

describe.skipIf(!engineAvailable())('case loop side paths (退单 / 延期 / 挂起 / 催办)', () => {
  let t: TestApp;
  let db: Db;
  let dispatcher: Session;
  let handler: Session;
  let cgj: { id: number; path: string };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.opened.db;
    dispatcher = await login(t.app, 'dispatcher', DEMO_PASSWORD);
    handler = await login(t.app, 'handler', DEMO_PASSWORD);
    cgj = await departmentByCode(db, 'CGJ-320508');
  });
  afterAll(() => t?.close());

  it('takes a 退单 within the time limit, lists it for the dispatcher, and puts the case back in the queue', async () => {
    const { id } = await insertCase(db, { status: 'registered' });
    await step(db, dispatcher, id, 'dispatch', { mainDepartmentId: cgj.id });
    const noReason = await act(handler, id, 'requestReturn', {
      expectedVersion: (await caseRow(db, id)).version,
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
    await step(db, handler, id, 'requestReturn', { reason: '不属于本单位职责' });
    const twice = await act(handler, id, 'requestReturn', {
      expectedVersion: (await caseRow(db, id)).version,
      reason: '再次申请',
    });
    expect(twice.statusCode).toBe(409);
    expect(errorCode(twice)).toBe('CASE_REQUEST_PENDING');
    const due = (await caseRow(db, id)).handle_due_at!;
    await step(db, handler, id, 'requestExtension', {
      reason: '需要更多时间',
      requestedDueAt: new Date(due.getTime() + 86_400_000).toISOString(),
    });

    const inbox = await dispatcher.request('GET', '/api/v1/cases/pending-requests?kind=return');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().items.map((i: { caseId: number }) => i.caseId)).toContain(id);
    expect((await handler.request('GET', '/api/v1/cases/pending-requests')).statusCode).toBe(403);

    const refuseNoReason = await act(dispatcher, id, 'decideReturn', {
      expectedVersion: (await caseRow(db, id)).version,
      approve: false,
    });
    expect(refuseNoReason.statusCode).toBe(400);
    expect((await step(db, dispatcher, id, 'decideReturn', { approve: true })).status).toBe('registered');
    const row = await caseRow(db, id);
    expect(row.main_department_id).toBeNull();
    const main = await db
      .selectFrom('case_parties')
      .select('active')
      .where('case_id', '=', id)
      .where('role', '=', 'main')
      .executeTakeFirstOrThrow();
    expect(main.active).toBe(false);
    // The department no longer takes part: the case is out of its sight.
    const reqs = await handler.request('GET', `/api/v1/cases/${id}/requests`);
    expect(reqs.statusCode).toBe(404);
    const seen = await dispatcher.request('GET', `/api/v1/cases/${id}/requests`);
    // The department's other request lapses with the return.
    expect(seen.json().items).toMatchObject([
      { kind: 'return', status: 'approved', decidedByName: 'dispatcher' },
      { kind: 'extension', status: 'withdrawn' },
    ]);
    // Dispatch needs a department again (the routed one was the returned one).
    const noDept = await act(dispatcher, id, 'dispatch', { expectedVersion: row.version });
    expect(noDept.statusCode).toBe(400);
    expect(errorCode(noDept)).toBe('CASE_DISPATCH_DEPARTMENT_REQUIRED');
    const unknown = await act(dispatcher, id, 'dispatch', { expectedVersion: row.version, mainDepartmentId: 999_999 });
    expect(unknown.statusCode).toBe(400);
    expect(errorCode(unknown)).toBe('CASE_DEPARTMENT_UNKNOWN');
  });

  it('refuses a 退单 asked after the time limit', async () => {
    const { id } = await insertCase(db, { status: 'registered' });
    await step(db, dispatcher, id, 'dispatch', {});
    await db
      .updateTable('cases')
      .set({ dispatched_at: new Date(Date.now() - 10 * 86_400_000) })
      .where('id', '=', id)
      .execute();
    const res = await act(handler, id, 'requestReturn', {
      expectedVersion: (await caseRow(db, id)).version,
      reason: '晚了',
    });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('CASE_RETURN_TOO_LATE');
    expect(await db.selectFrom('case_requests').select('id').where('case_id', '=', id).execute()).toHaveLength(0);
  });

  it('grants a 延期 asked before the deadline and moves the deadline; refuses one asked after it', async () => {
    const { id } = await insertCase(db, { status: 'registered' });
    await step(db, dispatcher, id, 'dispatch', { mainDepartmentId: cgj.id });
    await step(db, handler, id, 'sign');
    const due = (await caseRow(db, id)).handle_due_at!;
    const earlier = await act(handler, id, 'requestExtension', {
      expectedVersion: (await caseRow(db, id)).version,
      reason: '需协调',
      requestedDueAt: new Date(due.getTime() - 3_600_000).toISOString(),
    });
    expect(earlier.statusCode).toBe(400);
    expect(errorCode(earlier)).toBe('CASE_EXTENSION_DUE_INVALID');
    const wanted = new Date(due.getTime() + 5 * 86_400_000);
    await step(db, handler, id, 'requestExtension', { reason: '需协调燃气公司', requestedDueAt: wanted.toISOString() });
    await step(db, dispatcher, id, 'decideExtension', { approve: true });
    const row = await caseRow(db, id);
    expect(row.handle_due_at!.toISOString()).toBe(wanted.toISOString());
    expect(row.stage_due_at!.toISOString()).toBe(wanted.toISOString());
    const timers = await db
      .selectFrom('case_timers')
      .selectAll()
      .where('case_id', '=', id)
      .where('fired_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    expect(timers.map((x) => [x.kind, x.due_at.toISOString()])).toEqual([['overdue', wanted.toISOString()]]);

    // Refused: the deadline stays.
    await step(db, handler, id, 'requestExtension', {
      reason: '再延',
      requestedDueAt: new Date(wanted.getTime() + 86_400_000).toISOString(),
    });
    await step(db, dispatcher, id, 'decideExtension', { approve: false, reason: '不同意' });
    expect((await caseRow(db, id)).handle_due_at!.toISOString()).toBe(wanted.toISOString());

    await db
      .updateTable('cases')
      .set({ handle_due_at: new Date(Date.now() - 60_000) })
      .where('id', '=', id)
      .execute();
    const late = await act(handler, id, 'requestExtension', {
      expectedVersion: (await caseRow(db, id)).version,
      reason: '太晚',
      requestedDueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(late.statusCode).toBe(409);
    expect(errorCode(late)).toBe('CASE_EXTENSION_TOO_LATE');
  });

  it('pauses the clock on an approved 挂起 and restarts it on resume', async () => {
    const { id } = await insertCase(db, { status: 'registered' });
    await step(db, dispatcher, id, 'dispatch', { mainDepartmentId: cgj.id });
    await step(db, handler, id, 'sign');
    await step(db, handler, id, 'requestSuspension', { reason: '等待司法鉴定' });
    const notYet = await act(handler, id, 'resume', { expectedVersion: (await caseRow(db, id)).version });
    expect(notYet.statusCode).toBe(409);
    expect(errorCode(notYet)).toBe('INVALID_TRANSITION');
    await step(db, dispatcher, id, 'decideSuspension', { approve: true });
    const paused = await caseRow(db, id);
    expect(paused.paused_since).not.toBeNull();
    const open = () =>
      db
        .selectFrom('case_timers')
        .select('kind')
        .where('case_id', '=', id)
        .where('fired_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .execute();
    expect(await open()).toHaveLength(0);
    await step(db, handler, id, 'resume');
    expect((await caseRow(db, id)).paused_since).toBeNull();
    expect(await open()).toEqual([{ kind: 'overdue' }]);
  });

  it('urges and supervises by hand with internal timeline entries and outbox events', async () => {
    const { id } = await insertCase(db, { status: 'registered' });
    await step(db, dispatcher, id, 'dispatch', {});
    await step(db, dispatcher, id, 'urge', { note: '请尽快签收' });
    await step(db, dispatcher, id, 'supervise', { note: '列入督办' });
    const leader = await login(t.app, 'leader', DEMO_PASSWORD);
    await step(db, leader, id, 'addNote', { note: '关注此件' });
    const tail = (await events(db, id)).slice(-3);
    expect(tail.map((e) => [e.action, e.public, e.note])).toEqual([
      ['urge', false, '请尽快签收'],
      ['supervise', false, '列入督办'],
      ['addNote', false, '关注此件'],
    ]);
    const outbox = await db.selectFrom('outbox').select(['type', 'payload']).orderBy('id').execute();
    const mine = outbox
      .map((o) => ({ type: o.type, p: typeof o.payload === 'string' ? JSON.parse(o.payload) : o.payload }))
      .filter((o) => o.p.caseId === id && ['case.urged', 'case.supervised'].includes(o.type));
    expect(mine.map((o) => [o.type, o.p.manual])).toEqual([
      ['case.urged', true],
      ['case.supervised', true],
    ]);
    expect((await caseRow(db, id)).status).toBe('dispatched');
  });

  it('ends a suspension when the case leaves the stage', async () => {
    const { id } = await insertCase(db, { status: 'registered' });
    await step(db, dispatcher, id, 'dispatch', { mainDepartmentId: cgj.id });
    await step(db, handler, id, 'sign');
    await step(db, handler, id, 'requestSuspension', { reason: '等待鉴定' });
    await step(db, dispatcher, id, 'decideSuspension', { approve: true });
    await step(db, handler, id, 'submitResult', { result: '已处理' });
    const c = await caseRow(db, id);
    expect(c.paused_since).toBeNull();
    const open = await db
      .selectFrom('case_timers')
      .select('kind')
      .where('case_id', '=', id)
      .where('fired_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    expect(open).toEqual([{ kind: 'overdue' }]);
  });
});
