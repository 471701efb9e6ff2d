// Durable case timers (DESIGN "jobs / timers"): deadlines are rows in case_timers, armed by clock.enterStage.
// The job claims due rows one at a time with FOR UPDATE SKIP LOCKED, each in its own transaction that also does
// what the timer causes and sets fired_at — so a timer fires exactly once whether two servers run the job at
// the same time or the server was stopped past the deadline (the job also runs at start-up).
//   overdue  → 催办 to the department (overdue_level 1) and arms 'escalate' escalate_after_working_days later
//   escalate → 督办 (overdue_level 2)
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { IDEMPOTENCY_PURGE_JOB } from '../../platform/http/idempotency.ts';
import type { Job } from '../../platform/module.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { addWorkingDays } from '../calendar/service.ts';
import { getCaseSettings } from './settings.ts';
import * as repo from './workflow-repo.ts';

const BATCH = 20;

export interface FireResult {
  fired: { caseId: number; kind: string }[];
  skipped: number;
}

/** Fires every timer due at `now` (at most `max`), each in its own transaction. */
export async function fireDueTimers(db: Db, now: Date = new Date(), max = BATCH): Promise<FireResult> {
  const result: FireResult = { fired: [], skipped: 0 };
  for (let i = 0; i < max; i++) {
    const outcome = await db.transaction().execute((tx) => fireOne(tx, now));
    if (outcome === 'none' || outcome === 'busy') break;
    if (outcome === 'skipped') result.skipped++;
    else result.fired.push(outcome);
  }
  return result;
}

async function fireOne(tx: Tx, now: Date): Promise<'none' | 'busy' | 'skipped' | { caseId: number; kind: string }> {
  const timer = await repo.claimDueTimer(tx, now);
  if (!timer) return 'none';
  // The timer is locked before the case, a transition locks the case before its timers: never wait for the case
  // here (that order would deadlock). A case someone is acting on is left for the next round.
  const c = await repo.lockCase(tx, timer.case_id, true);
  if (!c && (await repo.getCase(tx, timer.case_id))) return 'busy';
  // A paused case (挂起) or one whose deadline moved on: the timer is void, not fired.
  if (!c || c.paused_since || !c.stage_due_at) {
    await repo.markTimer(tx, timer.id, 'cancelled_at', now);
    return 'skipped';
  }
  const parties = await repo.listParties(tx, c.id);
  const departmentIds = [...new Set(parties.filter((p) => p.active).map((p) => p.department_id))];
  const mainId = parties.find((p) => p.active && p.role === 'main')?.department_id ?? null;
  const base = {
    caseId: c.id,
    caseNo: c.case_no,
    status: c.status,
    dueAt: c.stage_due_at.toISOString(),
    departmentIds,
    automatic: true,
    ...(c.reporter_user_id !== null ? { reporterUserId: c.reporter_user_id } : {}),
  };
  const action = timer.kind === 'escalate' ? 'supervise' : 'urge';
  const level = timer.kind === 'escalate' ? 2 : 1;
  await tx.updateTable('cases').set({ overdue_level: level }).where('id', '=', c.id).execute();
  await repo.insertEvent(tx, {
    caseId: c.id,
    at: now,
    actorId: null,
    actorName: SYSTEM_ACTOR.name,
    action,
    fromStatus: c.status,
    toStatus: c.status,
    departmentId: mainId,
    public: false,
    note: null,
    data: { automatic: true, timerId: timer.id, dueAt: base.dueAt, overdueLevel: level },
  });
  await recordAudit(
    tx,
    SYSTEM_ACTOR,
    `case.${action}`,
    { type: 'case', id: c.id },
    {
      caseNo: c.case_no,
      automatic: true,
      timerId: timer.id,
      overdueLevel: level,
    },
  );
  await emit(tx, { type: level === 1 ? 'case.urged' : 'case.supervised', ...base, overdueLevel: level });
  if (timer.kind === 'overdue') {
    const s = await getCaseSettings(tx);
    // Counted from the deadline, not from when the job ran: a server that was down does not delay 督办.
    const escalate = await addWorkingDays(tx, timer.due_at, s.escalate_after_working_days);
    await repo.armTimer(tx, {
      caseId: c.id,
      kind: 'escalate',
      dueAt: escalate.due,
      data: { overdueTimerId: timer.id },
    });
  }
  await repo.markTimer(tx, timer.id, 'fired_at', now);
  return { caseId: c.id, kind: timer.kind };
}

export const CASE_JOBS: readonly Job[] = [
  // Idempotency-Key rows are the platform's, but every endpoint that writes them files a case (staff intake, the
  // citizen form, Open311): the module that creates them lists their hourly purge, as audit lists audit.seal.
  IDEMPOTENCY_PURGE_JOB,
  {
    name: 'cases.timers',
    everyMs: 5_000,
    async run(ctx) {
      // Drain what is due in small batches; the runner never overlaps this job with itself.
      for (let round = 0; round < 50; round++) {
        const r = await fireDueTimers(ctx.db, new Date(), BATCH);
        if (r.fired.length + r.skipped < BATCH) break;
      }
    },
  },
];
