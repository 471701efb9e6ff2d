// The case loop over HTTP with the demo roles: every stage with the right role, 返工 and 重办, refusals (404
// outside scope, 403 without the right, 409 stale version / invalid transition, 400 missing reason) that change
// nothing, and people acting at once. The side paths (退单, 延期, 挂起, 催办) are in cases-workflow-requests.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicStatusOf } from '../../src/server/modules/cases/transitions.ts';
import type { Db } from '../../src/server/platform/db/connect.ts';
import {
  TRANSITIONS,
  type TransitionName,
  transitionsFrom,
  CASE_STATUSES,
} from '../../src/server/modules/cases/workflow.ts';
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
  act,
  caseRow,
  departmentByCode,
  events,
  insertCase,
  PNG_1X1,
  step,
  userIdOf,
} from './cases-workflow-fixtures.ts';
import { createUser } from './fixtures.ts';

/** A body each action's schema accepts (the state decides the answer). */
const BODY: Record<string, Record<string, unknown>> = {
  accept: {},
  reject: { reason: '不属于受理范围' },
  answerDirectly: { answer: '请拨打供电热线 95598' },
  register: {},
  dispatch: {},
  sign: {},
  submitResult: { result: '已修复' },
  verify: { fixed: true },
  close: {},
  park: { reason: '暂无法解决' },
  unpark: {},
  revisit: { satisfaction: 'satisfied', solved: true },
  reopen: { reason: '不满意' },
};

describe.skipIf(!engineAvailable())('case loop (工单流转)', () => {
  let t: TestApp;
  let db: Db;
  let admin: Session;
  let agent: Session;
  let dispatcher: Session;
  let handler: Session;
  let gridworker: Session;
  let citizen: Session;
  let cgj: { id: number; path: string };
  let cgjSr: { id: number; path: string };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.opened.db;
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    agent = await login(t.app, 'agent', DEMO_PASSWORD);
    dispatcher = await login(t.app, 'dispatcher', DEMO_PASSWORD);
    handler = await login(t.app, 'handler', DEMO_PASSWORD);
    gridworker = await login(t.app, 'gridworker', DEMO_PASSWORD);
    citizen = await login(t.app, 'citizen', DEMO_PASSWORD);
    cgj = await departmentByCode(db, 'CGJ-320508');
    cgjSr = await departmentByCode(db, 'CGJ-SR');
  });
  afterAll(() => t?.close());

  it('walks one case through every stage with the right role, with one 返工 and a 重办', async () => {
    const { id } = await insertCase(db);
    expect((await step(db, agent, id, 'accept')).status).toBe('accepted');
    expect((await step(db, dispatcher, id, 'register')).status).toBe('registered');
    const d = await step(db, dispatcher, id, 'dispatch', {
      mainDepartmentId: cgj.id,
      coDepartmentIds: [cgjSr.id],
      level: 'district',
    });
    expect(d.status).toBe('dispatched');
    const parties = await db.selectFrom('case_parties').selectAll().where('case_id', '=', id).execute();
    expect(
      parties
        .filter((p) => p.active)
        .map((p) => `${p.role}:${p.department_id}`)
        .sort(),
    ).toEqual([`centre:${(await departmentByCode(db, 'C12345')).id}`, `co:${cgjSr.id}`, `main:${cgj.id}`].sort());
    const dispatched = await caseRow(db, id);
    expect(dispatched.handle_due_at).not.toBeNull();
    expect(dispatched.stage_due_at).not.toBeNull();
    expect(dispatched.dispatch_level).toBe('district');

    expect((await step(db, handler, id, 'sign')).status).toBe('in_progress');
    expect(
      (
        await step(db, handler, id, 'submitResult', {
          result: '井盖已补装',
          photos: [{ filename: 'after.png', mime: 'image/png', contentBase64: PNG_1X1 }],
        })
      ).status,
    ).toBe('handled');
    const photos = await db
      .selectFrom('case_attachments')
      .select(['stage', 'mime'])
      .where('case_id', '=', id)
      .execute();
    expect(photos).toEqual([{ stage: 'result', mime: 'image/png' }]);

    // 返工: not fixed needs a reason; then back to 处置 with rework_count + 1.
    const v = (await caseRow(db, id)).version;
    const noReason = await act(gridworker, id, 'verify', { expectedVersion: v, fixed: false });
    expect(noReason.statusCode).toBe(400);
    expect(errorCode(noReason)).toBe('CASE_REASON_REQUIRED');
    expect((await caseRow(db, id)).version).toBe(v);
    expect((await step(db, gridworker, id, 'verify', { fixed: false, reason: '井盖未固定' })).status).toBe(
      'in_progress',
    );
    expect((await caseRow(db, id)).rework_count).toBe(1);
    expect((await step(db, handler, id, 'submitResult', { result: '已固定井盖' })).status).toBe('handled');
    expect((await step(db, gridworker, id, 'verify', { fixed: true })).status).toBe('verified');
    expect((await step(db, dispatcher, id, 'close')).status).toBe('closed');
    expect((await step(db, agent, id, 'revisit', { satisfaction: 'unsatisfied', solved: false })).status).toBe(
      'revisited',
    );
    const r = await step(db, dispatcher, id, 'reopen', { reason: '市民不满意，重办' });
    expect(r.status).toBe('dispatched');
    const reopened = await caseRow(db, id);
    expect(reopened.reopen_count).toBe(1);
    expect(reopened.main_department_id).toBe(cgj.id);
    expect(reopened.satisfaction).toBeNull();
    const main = await db
      .selectFrom('case_parties')
      .selectAll()
      .where('case_id', '=', id)
      .where('role', '=', 'main')
      .executeTakeFirstOrThrow();
    expect(main.active).toBe(true);
    expect(main.signed_at).toBeNull();

    // A second 重办 is beyond reopen_max (1): the handler finishes again, the agent revisits unsatisfied again.
    await step(db, handler, id, 'sign');
    await step(db, handler, id, 'submitResult', { result: '再次处理' });
    await step(db, gridworker, id, 'verify', { fixed: true });
    await step(db, dispatcher, id, 'close');
    await step(db, agent, id, 'revisit', { satisfaction: 'unsatisfied', solved: false });
    const again = await act(dispatcher, id, 'reopen', {
      expectedVersion: (await caseRow(db, id)).version,
      reason: 'x',
    });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('CASE_REOPEN_NOT_ALLOWED');

    const timeline = await events(db, id);
    expect(timeline.map((e) => e.action)).toEqual([
      'accept',
      'register',
      'dispatch',
      'sign',
      'submitResult',
      'verify',
      'submitResult',
      'verify',
      'close',
      'revisit',
      'reopen',
      'sign',
      'submitResult',
      'verify',
      'close',
      'revisit',
    ]);
    expect(timeline.every((e) => e.public)).toBe(true);
    const outbox = await db
      .selectFrom('outbox')
      .select(['type', 'payload'])
      .where('type', '=', 'case.transitioned')
      .orderBy('id')
      .execute();
    const mine = outbox
      .map((o) => (typeof o.payload === 'string' ? JSON.parse(o.payload) : o.payload))
      .filter((p) => p.caseId === id);
    expect(mine).toHaveLength(16);
    expect(mine[2]).toMatchObject({ action: 'dispatch', from: 'registered', to: 'dispatched' });
    expect(mine[2].departmentIds).toEqual(expect.arrayContaining([cgj.id, cgjSr.id]));
    const audits = await db
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'case')
      .where('target_id', '=', String(id))
      .execute();
    expect(audits).toHaveLength(16);
  });

  it('answers 404 to a department outside the case and 403 to one that sees it but may not act', async () => {
    const { id } = await insertCase(db, { status: 'registered' });
    await step(db, dispatcher, id, 'dispatch', { mainDepartmentId: cgj.id, coDepartmentIds: [cgjSr.id] });
    const other = await createUser(admin, {
      grants: [{ role: 'handler', departmentId: (await departmentByCode(db, 'CGJ-320505')).id }],
    });
    const outsider = await login(t.app, other.username, other.password);
    const version = (await caseRow(db, id)).version;
    const res = await act(outsider, id, 'sign', { expectedVersion: version });
    expect(res.statusCode).toBe(404);
    expect(errorCode(res)).toBe('CASE_NOT_FOUND');

    const co = await createUser(admin, { grants: [{ role: 'handler', departmentId: cgjSr.id }] });
    const coHandler = await login(t.app, co.username, co.password);
    // The co-handling department signs its own part; the status stays with the main department.
    const signed = await act(coHandler, id, 'sign', { expectedVersion: version });
    expect(signed.statusCode).toBe(200);
    expect(signed.json().status).toBe('dispatched');
    const coVersion = signed.json().version;
    const again = await act(coHandler, id, 'sign', { expectedVersion: coVersion });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('CASE_ALREADY_SIGNED');
    await step(db, handler, id, 'sign');
    const before = await caseRow(db, id);
    const submit = await act(coHandler, id, 'submitResult', { expectedVersion: before.version, result: 'x' });
    expect(submit.statusCode).toBe(403);
    expect(errorCode(submit)).toBe('FORBIDDEN');
    // The agent sees the case (centre) but may not close it.
    const close = await act(agent, id, 'close', { expectedVersion: before.version });
    expect(close.statusCode).toBe(403);
    expect((await caseRow(db, id)).version).toBe(before.version);
  });

  it('lets the reporter revisit their own case and nobody else’s', async () => {
    const citizenId = await userIdOf(db, 'citizen');
    const own = await insertCase(db, { status: 'closed', reporterUserId: citizenId });
    const others = await insertCase(db, { status: 'closed' });
    const res = await act(citizen, others.id, 'revisit', {
      expectedVersion: 1,
      satisfaction: 'satisfied',
      solved: true,
    });
    expect(res.statusCode).toBe(404);
    const r = await step(db, citizen, own.id, 'revisit', { satisfaction: 'basically', solved: true });
    expect(r.status).toBe('revisited');
    const row = await caseRow(db, own.id);
    expect(row.satisfaction).toBe('basically');
    const e = (await events(db, own.id)).at(-1)!;
    expect(e.data).toMatchObject({ method: 'web', byReporter: true });
    // Satisfied and solved: the policy does not allow 重办.
    const reopen = await act(citizen, own.id, 'reopen', { expectedVersion: row.version, reason: '想重办' });
    expect(reopen.statusCode).toBe(409);
    expect(errorCode(reopen)).toBe('CASE_REOPEN_NOT_ALLOWED');
    const close = await act(citizen, own.id, 'close', { expectedVersion: row.version });
    expect(close.statusCode).toBe(403);
  });

  it('refuses every transition the state does not allow with 409 and the actions allowed now', async () => {
    const wrong: string[] = [];
    for (const status of CASE_STATUSES) {
      const { id } = await insertCase(db, { status });
      const possible = transitionsFrom(status);
      for (const action of Object.keys(TRANSITIONS) as TransitionName[]) {
        // 并案 has its own route (intake's duplicates.ts).
        if (possible.includes(action) || action === 'merge') continue;
        const res = await act(admin, id, action, { expectedVersion: 1, ...BODY[action] });
        const body = res.json();
        if (res.statusCode !== 409 || body.error?.code !== 'INVALID_TRANSITION') {
          wrong.push(`${status} ${action}: ${res.statusCode} ${res.body}`);
          continue;
        }
        const allowed = body.error.details.allowed as string[];
        if (allowed.includes(action) || !possible.every((p) => allowed.includes(p)) || !allowed.includes('addNote')) {
          wrong.push(`${status} ${action}: allowed ${allowed.join(',')}`);
        }
      }
      expect((await caseRow(db, id)).version).toBe(1);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a stale version with 409 and the current version, and requires expectedVersion', async () => {
    const { id } = await insertCase(db);
    await step(db, agent, id, 'addNote', { note: '来电人情绪激动' });
    const stale = await act(agent, id, 'accept', { expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale)).toBe('CASE_VERSION_CONFLICT');
    expect(stale.json().error.details.currentVersion).toBe(2);
    const missing = await act(agent, id, 'accept', {});
    expect(missing.statusCode).toBe(400);
    expect(errorCode(missing)).toBe('VALIDATION_FAILED');
    const extra = await act(agent, id, 'accept', { expectedVersion: 2, status: 'closed' });
    expect(extra.statusCode).toBe(400);
    const note = (await events(db, id)).find((e) => e.action === 'addNote')!;
    expect(note.public).toBe(false);
    expect((await caseRow(db, id)).status).toBe('received');
  });

  it('lets exactly one of two people acting on the same version win', async () => {
    const { id } = await insertCase(db);
    const [a, b] = await Promise.all([
      act(agent, id, 'accept', { expectedVersion: 1 }),
      act(dispatcher, id, 'reject', { expectedVersion: 1, reason: '重复来电' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(['CASE_VERSION_CONFLICT', 'INVALID_TRANSITION']).toContain(errorCode(loser));
    expect(await events(db, id)).toHaveLength(1);
    expect((await caseRow(db, id)).version).toBe(2);
  });

  it('lets exactly one of four concurrent actions on the same version win, whatever they are', async () => {
    const { id } = await insertCase(db);
    const results = await Promise.all([
      act(agent, id, 'accept', { expectedVersion: 1 }),
      act(dispatcher, id, 'accept', { expectedVersion: 1 }),
      act(agent, id, 'addNote', { expectedVersion: 1, note: '并发备注' }),
      act(dispatcher, id, 'reject', { expectedVersion: 1, reason: '重复来电' }),
    ]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409, 409, 409]);
    expect(await events(db, id)).toHaveLength(1);
    expect((await caseRow(db, id)).version).toBe(2);
  });

  it('closes a consultation on the call with the standard answer (直接办结)', async () => {
    const { id } = await insertCase(db, { nature: 'consult' });
    const empty = await act(agent, id, 'answerDirectly', { expectedVersion: 1, answer: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(errorCode(empty)).toBe('CASE_FIELD_REQUIRED');
    expect((await step(db, agent, id, 'answerDirectly', { answer: '可登录社保网站查询', knowledgeId: 1 })).status).toBe(
      'closed',
    );
    const c = await caseRow(db, id);
    expect([c.direct_answer, c.result_text, c.closed_at !== null]).toEqual([true, '可登录社保网站查询', true]);
    // The next stage is 回访 with its own deadline.
    expect(c.stage_due_at).not.toBeNull();
  });

  it('rejects with a reason (不予受理) and parks / unparks a case (挂账)', async () => {
    const rejected = await insertCase(db);
    const noReason = await act(agent, rejected.id, 'reject', { expectedVersion: 1 });
    expect(noReason.statusCode).toBe(400);
    expect((await step(db, agent, rejected.id, 'reject', { reason: '非本市事项' })).status).toBe('rejected');
    expect((await caseRow(db, rejected.id)).stage_due_at).toBeNull();
    const parked = await insertCase(db, { status: 'registered' });
    expect((await step(db, dispatcher, parked.id, 'park', { reason: '涉及历史遗留问题' })).status).toBe('parked');
    expect((await caseRow(db, parked.id)).stage_due_at).toBeNull();
    expect((await step(db, dispatcher, parked.id, 'unpark')).status).toBe('registered');
  });

  it('records the master’s moves on the timeline of a case merged into it', async () => {
    const master = await insertCase(db);
    const dup = await insertCase(db, { status: 'merged' });
    await db.updateTable('cases').set({ master_case_id: master.id }).where('id', '=', dup.id).execute();
    await step(db, agent, master.id, 'accept');
    const timeline = await events(db, dup.id);
    expect(timeline.map((e) => [e.action, e.to_status, e.public])).toEqual([['masterTransitioned', 'accepted', true]]);
    expect((await caseRow(db, dup.id)).status).toBe('merged');
    expect(await publicStatusOf(db, await caseRow(db, dup.id))).toMatchObject({
      status: 'accepted',
      masterCaseId: master.id,
    });
  });
});
