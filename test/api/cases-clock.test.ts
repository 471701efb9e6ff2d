// The clock of a case: deadlines on the working-day calendar (weekends, the National Day holiday and its make-up
// working day, a year the calendar does not cover), the SLA light in TS and SQL, the pause of an approved 挂起,
// and the durable timers — 催办 then 督办, each exactly once, with two job runs at once and across a restart.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { SYSTEM_ACTOR } from '../../src/server/platform/auth/actor.ts';
import type { Db } from '../../src/server/platform/db/connect.ts';
import { startJobs } from '../../src/server/platform/jobs/runner.ts';
import { slaState, slaStateSql } from '../../src/server/modules/cases/clock.ts';
import { CASE_JOBS, fireDueTimers } from '../../src/server/modules/cases/timers.ts';
import { type ActionInput, applyAction } from '../../src/server/modules/cases/transitions.ts';
import { createTestApp, engineAvailable, type TestApp } from '../support/test-app.ts';
import { caseRow, departmentByCode, events, insertCase } from './cases-workflow-fixtures.ts';

/** Friday 2026-11-27 16:30 in the city (UTC+8). */
const FRI_1630 = new Date('2026-11-27T08:30:00Z');

async function doAction(db: Db, id: number, action: string, input: ActionInput, now: Date) {
  return db.transaction().execute((tx) => applyAction(tx, SYSTEM_ACTOR, id, action as 'accept', input, { now }));
}

/** Leaves only this case's timers open, so a job run in the test touches nothing else. */
async function isolateTimers(db: Db, caseId: number) {
  await db
    .updateTable('case_timers')
    .set({ cancelled_at: new Date() })
    .where('case_id', '<>', caseId)
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
}

async function openTimers(db: Db, caseId: number) {
  return db
    .selectFrom('case_timers')
    .select(['kind', 'due_at'])
    .where('case_id', '=', caseId)
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
}

describe.skipIf(!engineAvailable())('case clock (时限)', () => {
  let t: TestApp;
  let db: Db;
  let cgj: number;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.opened.db;
    cgj = (await departmentByCode(db, 'CGJ-320508')).id;
  });
  afterAll(() => t?.close());

  async function dispatchedAt(at: Date, o: Parameters<typeof insertCase>[1] = {}) {
    const { id } = await insertCase(db, { status: 'registered', at, ...o });
    await doAction(db, id, 'dispatch', { mainDepartmentId: cgj }, at);
    return id;
  }

  it('counts the 签收 and handling deadlines in working hours and days across a weekend', async () => {
    const id = await dispatchedAt(FRI_1630, { nature: 'consult' });
    const c = await caseRow(db, id);
    // 签收: 2 working hours — the last hour of Friday, the first of Monday.
    expect(c.stage_due_at?.toISOString()).toBe('2026-11-30T01:30:00.000Z');
    // Yellow at 80 % of the 2 working hours (96 min): 36 min into Monday.
    expect(c.stage_yellow_at?.toISOString()).toBe('2026-11-30T01:06:00.000Z');
    // 咨询: 3 working days counted from dispatch → the end of Wednesday.
    expect(c.handle_due_at?.toISOString()).toBe('2026-12-02T16:00:00.000Z');
    expect((await openTimers(db, id)).map((x) => [x.kind, x.due_at.toISOString()])).toEqual([
      ['overdue', '2026-11-30T01:30:00.000Z'],
    ]);
    // Signing keeps the handling deadline (counted from dispatch) and makes it the stage's.
    await doAction(db, id, 'sign', {}, new Date('2026-11-30T00:45:00Z'));
    const s = await caseRow(db, id);
    expect(s.stage_due_at?.toISOString()).toBe('2026-12-02T16:00:00.000Z');
    expect((await openTimers(db, id)).map((x) => x.due_at.toISOString())).toEqual(['2026-12-02T16:00:00.000Z']);
  });

  it('skips the National Day holiday and counts its make-up Saturday as a working day', async () => {
    const id = await dispatchedAt(new Date('2026-09-30T02:00:00Z'), { nature: 'help' });
    // 9/30 + 3 working days: 10/1–10/7 are holidays, 10/8 Thu, 10/9 Fri, 10/10 Sat (调休上班).
    expect((await caseRow(db, id)).handle_due_at?.toISOString()).toBe('2026-10-10T16:00:00.000Z');
  });

  it('gives an urgent case 2 working hours', async () => {
    const id = await dispatchedAt(FRI_1630, { urgency: 'urgent' });
    expect((await caseRow(db, id)).handle_due_at?.toISOString()).toBe('2026-11-30T01:30:00.000Z');
  });

  it('records the year-not-covered alarm when a deadline falls in a year the calendar lacks', async () => {
    // Far enough ahead that no calendar update will cover it.
    const id = await dispatchedAt(new Date('2099-12-28T02:00:00Z'), { nature: 'complaint' });
    const c = await caseRow(db, id);
    expect(c.handle_due_at!.getTime()).toBeGreaterThan(Date.parse('2100-01-01T00:00:00Z'));
    // The last alarm is the dispatch's (the handling deadline runs into 2100).
    const alarm = (await events(db, id)).filter((e) => e.action === 'clockAlarm').at(-1);
    expect(alarm?.public).toBe(false);
    expect(alarm?.data).toMatchObject({ alarm: 'year_not_covered', uncoveredYears: expect.arrayContaining([2100]) });
  });

  it('shows the same SLA light in TS and in SQL', async () => {
    const id = await dispatchedAt(FRI_1630, { nature: 'consult' });
    const c = await caseRow(db, id);
    const at = (iso: string) => new Date(iso);
    const cases: [string, string][] = [
      ['2026-11-27T08:31:00Z', 'green'],
      ['2026-11-30T01:10:00Z', 'yellow'],
      ['2026-11-30T01:30:00Z', 'red'],
    ];
    for (const [iso, light] of cases) {
      expect(slaState(c, at(iso))).toBe(light);
      const r = await db
        .selectFrom('cases as c')
        .select(slaStateSql('c', at(iso)).as('sla'))
        .where('c.id', '=', id)
        .executeTakeFirstOrThrow();
      expect(r.sla).toBe(light);
    }
    expect(slaState({ ...c, paused_since: new Date() }, new Date())).toBe('paused');
    expect(slaState({ ...c, stage_due_at: null }, new Date())).toBe('none');
  });

  it('stops the clock while a 挂起 holds and moves the deadline on by the paused working time', async () => {
    const id = await dispatchedAt(FRI_1630, { nature: 'consult' });
    await doAction(db, id, 'sign', {}, new Date('2026-11-30T00:45:00Z'));
    const monday0900 = new Date('2026-11-30T01:00:00Z');
    await doAction(db, id, 'requestSuspension', { reason: '等待鉴定' }, monday0900);
    await doAction(db, id, 'decideSuspension', { approve: true }, monday0900);
    expect(await openTimers(db, id)).toEqual([]);
    expect(slaState(await caseRow(db, id), new Date('2026-12-10T00:00:00Z'))).toBe('paused');
    await isolateTimers(db, id);
    await fireDueTimers(db, new Date('2026-12-10T00:00:00Z'));
    expect((await events(db, id)).filter((e) => e.action === 'urge')).toHaveLength(0);

    // Paused Mon 09:00 → Tue 09:00: 3 + 4 + 0.5 = 7.5 working hours; due Wed 24:00 → Thu 17:30.
    await doAction(db, id, 'resume', {}, new Date('2026-12-01T01:00:00Z'));
    const c = await caseRow(db, id);
    expect(c.paused_since).toBeNull();
    expect(c.handle_due_at?.toISOString()).toBe('2026-12-03T09:30:00.000Z');
    expect(c.stage_due_at?.toISOString()).toBe('2026-12-03T09:30:00.000Z');
    expect((await openTimers(db, id)).map((x) => [x.kind, x.due_at.toISOString()])).toEqual([
      ['overdue', '2026-12-03T09:30:00.000Z'],
    ]);
    expect((await events(db, id)).at(-1)?.data).toMatchObject({ pausedHours: 7.5 });
  });

  it('fires 催办 exactly once when overdue, then 督办 exactly once after the configured working days', async () => {
    const id = await dispatchedAt(FRI_1630, { nature: 'consult' });
    await isolateTimers(db, id);
    const late = new Date('2026-11-30T02:00:00Z');
    await Promise.all([fireDueTimers(db, late), fireDueTimers(db, late)]);
    await fireDueTimers(db, late);
    const urged = (await events(db, id)).filter((e) => e.action === 'urge');
    expect(urged).toHaveLength(1);
    expect(urged[0].public).toBe(false);
    expect((await caseRow(db, id)).overdue_level).toBe(1);
    // 督办 5 working days after the deadline (Mon 11-30) → the end of Mon 12-07.
    expect((await openTimers(db, id)).map((x) => [x.kind, x.due_at.toISOString()])).toEqual([
      ['escalate', '2026-12-07T16:00:00.000Z'],
    ]);
    // Not yet: nothing more fires before the escalation is due.
    await fireDueTimers(db, new Date('2026-12-07T15:00:00Z'));
    expect((await events(db, id)).filter((e) => e.action === 'supervise')).toHaveLength(0);
    const later = new Date('2026-12-08T00:00:00Z');
    await Promise.all([fireDueTimers(db, later), fireDueTimers(db, later)]);
    await fireDueTimers(db, later);
    const timeline = await events(db, id);
    expect(timeline.filter((e) => e.action === 'supervise')).toHaveLength(1);
    expect(timeline.filter((e) => e.action === 'urge')).toHaveLength(1);
    expect((await caseRow(db, id)).overdue_level).toBe(2);
    const outbox = await db
      .selectFrom('outbox')
      .select(['type', 'payload'])
      .where('type', 'in', ['case.urged', 'case.supervised'])
      .execute();
    const mine = outbox.filter(
      (o) => (typeof o.payload === 'string' ? JSON.parse(o.payload) : o.payload).caseId === id,
    );
    expect(mine.map((o) => o.type).sort()).toEqual(['case.supervised', 'case.urged']);
    expect(await openTimers(db, id)).toEqual([]);
  });

  it('cancels the timers of a stage the case has left', async () => {
    const id = await dispatchedAt(FRI_1630, { nature: 'consult' });
    await doAction(db, id, 'sign', {}, new Date('2026-11-30T00:45:00Z'));
    await isolateTimers(db, id);
    // The 签收 deadline (Mon 09:30) has passed, but the case was signed in time: no 催办.
    await fireDueTimers(db, new Date('2026-11-30T03:00:00Z'));
    expect((await events(db, id)).filter((e) => e.action === 'urge')).toHaveLength(0);
  });

  it('fires the overdue actions exactly once after the server was stopped past the deadline', async () => {
    // The server is stopped with a case whose deadline has not come yet …
    const id = await dispatchedAt(new Date(), { nature: 'consult' });
    await t.app.close();
    // … and while it is down the deadline passes.
    const past = new Date(Date.now() - 3_600_000);
    await db.updateTable('cases').set({ stage_due_at: past }).where('id', '=', id).execute();
    await sql`update case_timers set due_at = ${past.toISOString()}::timestamptz
      where case_id = ${id} and fired_at is null and cancelled_at is null`.execute(db);
    await isolateTimers(db, id);

    // A new server on the same database runs the jobs at start-up: twice (two servers), then restarted again.
    for (let run = 0; run < 3; run++) {
      const app = await buildApp({ config: t.config, db, engine: t.engine, logger: false, serveWeb: false });
      await app.ready();
      const ctx = { db, config: t.config, out: () => {} };
      const a = startJobs(CASE_JOBS, ctx, app.log);
      const b = startJobs(CASE_JOBS, ctx, app.log);
      await Promise.all([a.stop(), b.stop()]);
      await app.close();
    }
    const urged = (await events(db, id)).filter((e) => e.action === 'urge');
    expect(urged).toHaveLength(1);
    expect((await caseRow(db, id)).overdue_level).toBe(1);
    const fired = await db
      .selectFrom('case_timers')
      .select('kind')
      .where('case_id', '=', id)
      .where('fired_at', 'is not', null)
      .execute();
    expect(fired).toEqual([{ kind: 'overdue' }]);
  });
});
