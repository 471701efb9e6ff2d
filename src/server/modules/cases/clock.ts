// The clock of a case (owned by the workflow engineer): stage deadlines from the category and urgency on the
// working-day calendar, SLA light (green/yellow/red), pause while a suspension holds, and the timers it arms.
//
// CONTRACT used by intake.ts (do not change the signature without telling its owner): called in the same
// transaction whenever a case enters a status (including its first one at intake). It sets stage_due_at /
// handle_due_at on the case and (re)arms case_timers. `at` is the instant the stage starts (tests pass a fixed one).
//
// FOR THE INTAKE ENGINEER (lists, detail, SLA filter): enterStage also stores stage_entered_at and
// stage_yellow_at (the instant yellow_share of the stage's *working* time has passed), so the light needs no
// calendar arithmetic at read time:
//   - in TS:  slaState(caseRow, now)                      → 'green' | 'yellow' | 'red' | 'paused' | 'none'
//   - in SQL: slaStateSql('c', now) as a select column    (same answer, same rule)
//             slaFilterSql('c', 'red', now) in a WHERE     (index-friendly conditions per light)
// The light follows the current stage's deadline (stage_due_at); for dispatched that is the 签收 deadline, for
// in_progress the handling deadline (handle_due_at, counted from dispatch).
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import { addWorkingDays, addWorkingHours, type DeadlineResult, workingTimeBetween } from '../calendar/service.ts';
import { type CaseSettings, getCaseSettings, type TimeLimit } from './settings.ts';
import type { Nature, Urgency } from './tables.ts';
import * as repo from './workflow-repo.ts';
import { CLOCK_STOPPED, type CaseStatus } from './workflow.ts';

export interface ClockCase {
  id: number;
  status: CaseStatus;
  category_id: number | null;
  urgency: Urgency;
  nature: Nature | string;
  /** 返工 / 重办: the handling deadline starts afresh at `at` instead of being kept from dispatch. */
  restartHandling?: boolean;
}

/** Which settings.stage_limits entry times each centre stage (DOMAIN §1). */
const STAGE_LIMIT: Partial<Record<CaseStatus, keyof CaseSettings['stage_limits']>> = {
  received: 'accept',
  accepted: 'register',
  registered: 'dispatch',
  dispatched: 'sign',
  handled: 'verify',
  verified: 'close',
  closed: 'revisit',
};

export type SlaState = 'green' | 'yellow' | 'red' | 'paused' | 'none';

function isLimit(v: unknown): v is TimeLimit {
  const l = v as TimeLimit | null;
  return (
    !!l &&
    typeof l === 'object' &&
    typeof l.amount === 'number' &&
    l.amount >= 0 &&
    (l.unit === 'working_days' || l.unit === 'working_hours')
  );
}

/** The handling limit (办理时限): the 小类's limit for the urgency, else the urgent or the nature default. */
export async function handlingLimit(
  tx: Tx,
  c: Pick<ClockCase, 'category_id' | 'urgency' | 'nature'>,
  s: CaseSettings,
): Promise<TimeLimit> {
  if (c.category_id !== null) {
    const row = await repo.categoryTimeLimits(tx, c.category_id);
    const raw = typeof row?.time_limits === 'string' ? JSON.parse(row.time_limits) : row?.time_limits;
    const own = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[c.urgency] : undefined;
    if (isLimit(own)) return own;
  }
  if (c.urgency === 'urgent') return s.urgent_time_limit;
  return s.nature_time_limits[c.nature as Nature] ?? s.nature_time_limits.other;
}

interface Alarms {
  years: Set<number>;
}

function note(alarms: Alarms, r: { uncoveredYears?: number[] }) {
  for (const y of r.uncoveredYears ?? []) alarms.years.add(y);
}

async function addLimit(tx: Tx, from: Date, limit: TimeLimit, alarms: Alarms): Promise<Date> {
  const r: DeadlineResult =
    limit.unit === 'working_days'
      ? await addWorkingDays(tx, from, Math.round(limit.amount))
      : await addWorkingHours(tx, from, limit.amount);
  note(alarms, r);
  return r.due;
}

/** The instant yellow_share of the working time between start and due has passed. */
async function yellowPoint(tx: Tx, start: Date, due: Date, share: number, alarms: Alarms): Promise<Date> {
  if (due <= start) return due;
  const span = await workingTimeBetween(tx, start, due);
  note(alarms, span);
  if (span.hours <= 0) return due;
  const r = await addWorkingHours(tx, start, span.hours * Math.min(Math.max(share, 0), 1));
  note(alarms, r);
  return r.due < due ? r.due : due;
}

/** Records on the timeline (internal) that a deadline fell in a year the calendar does not cover. */
async function recordAlarm(tx: Tx, caseId: number, status: string, alarms: Alarms, at: Date) {
  if (alarms.years.size === 0) return;
  await repo.insertEvent(tx, {
    caseId,
    at,
    actorId: null,
    actorName: 'system',
    action: 'clockAlarm',
    fromStatus: null,
    toStatus: status,
    departmentId: null,
    public: false,
    note: null,
    data: { alarm: 'year_not_covered', uncoveredYears: [...alarms.years].sort(), fallback: 'mon-fri' },
  });
}

export interface StageClock {
  stageDueAt: Date | null;
  handleDueAt: Date | null;
  alarm?: 'year_not_covered';
}

export async function enterStage(tx: Tx, c: ClockCase, at: Date): Promise<StageClock> {
  const s = await getCaseSettings(tx);
  const row = await repo.getCase(tx, c.id);
  if (!row) throw new Error(`enterStage: case ${c.id} does not exist`);
  const alarms: Alarms = { years: new Set() };
  await repo.cancelOpenTimers(tx, c.id, at);

  let stageDue: Date | null = null;
  let stageStart = at;
  let handleDue: Date | null = row.handle_due_at;
  if (!CLOCK_STOPPED.has(c.status)) {
    if (c.status === 'dispatched') {
      handleDue = await addLimit(tx, at, await handlingLimit(tx, c, s), alarms);
    } else if (c.status === 'in_progress' && (c.restartHandling || !handleDue)) {
      handleDue = await addLimit(tx, at, await handlingLimit(tx, c, s), alarms);
    }
    if (c.status === 'in_progress') {
      stageDue = handleDue;
      // The handling light runs over the whole handling time, from dispatch (or the 返工 restart).
      if (!c.restartHandling && row.dispatched_at && row.dispatched_at < at) stageStart = row.dispatched_at;
    } else {
      const key = STAGE_LIMIT[c.status];
      if (key) stageDue = await addLimit(tx, at, s.stage_limits[key], alarms);
    }
  }
  const yellow = stageDue ? await yellowPoint(tx, stageStart, stageDue, s.yellow_share, alarms) : null;
  await tx
    .updateTable('cases')
    .set({
      stage_entered_at: at,
      stage_due_at: stageDue,
      stage_yellow_at: yellow,
      handle_due_at: handleDue,
      overdue_level: 0,
    })
    .where('id', '=', c.id)
    .execute();
  if (stageDue && !row.paused_since) await repo.armTimer(tx, { caseId: c.id, kind: 'overdue', dueAt: stageDue });
  await recordAlarm(tx, c.id, c.status, alarms, at);
  return {
    stageDueAt: stageDue,
    handleDueAt: handleDue,
    ...(alarms.years.size > 0 ? { alarm: 'year_not_covered' as const } : {}),
  };
}

/** New deadlines set by a decision (延期 approved): timers re-armed, the light recomputed, 催办 level reset. */
export async function moveDeadlines(
  tx: Tx,
  caseId: number,
  d: { stageDueAt: Date | null; handleDueAt: Date | null },
  at: Date,
): Promise<void> {
  const s = await getCaseSettings(tx);
  const row = await repo.getCase(tx, caseId);
  if (!row) throw new Error(`moveDeadlines: case ${caseId} does not exist`);
  const alarms: Alarms = { years: new Set() };
  const start = row.status === 'in_progress' && row.dispatched_at ? row.dispatched_at : (row.stage_entered_at ?? at);
  const yellow = d.stageDueAt ? await yellowPoint(tx, start, d.stageDueAt, s.yellow_share, alarms) : null;
  await repo.cancelOpenTimers(tx, caseId, at);
  await tx
    .updateTable('cases')
    .set({ stage_due_at: d.stageDueAt, stage_yellow_at: yellow, handle_due_at: d.handleDueAt, overdue_level: 0 })
    .where('id', '=', caseId)
    .execute();
  if (d.stageDueAt && !row.paused_since) await repo.armTimer(tx, { caseId, kind: 'overdue', dueAt: d.stageDueAt });
  await recordAlarm(tx, caseId, row.status, alarms, at);
}

/** 挂起 approved: the clock stops; no timer of the case fires until resumeClock. */
export async function pauseClock(tx: Tx, caseId: number, at: Date): Promise<void> {
  await repo.cancelOpenTimers(tx, caseId, at);
  await tx.updateTable('cases').set({ paused_since: at }).where('id', '=', caseId).execute();
}

/** Ends a pause: every deadline moves on by the working time the pause lasted; the timers are re-armed. */
export async function resumeClock(tx: Tx, caseId: number, at: Date): Promise<{ pausedHours: number }> {
  const s = await getCaseSettings(tx);
  const row = await repo.getCase(tx, caseId);
  if (!row?.paused_since) return { pausedHours: 0 };
  const alarms: Alarms = { years: new Set() };
  const paused = await workingTimeBetween(tx, row.paused_since, at);
  note(alarms, paused);
  const hours = Math.max(paused.hours, 0);
  const shift = async (d: Date | null) => {
    if (!d || hours === 0) return d;
    const r = await addWorkingHours(tx, d, hours);
    note(alarms, r);
    return r.due;
  };
  const stageDue = await shift(row.stage_due_at);
  const handleDue = await shift(row.handle_due_at);
  const yellow = await shift(row.stage_yellow_at);
  await tx
    .updateTable('cases')
    .set({ paused_since: null, stage_due_at: stageDue, handle_due_at: handleDue, stage_yellow_at: yellow })
    .where('id', '=', caseId)
    .execute();
  await repo.cancelOpenTimers(tx, caseId, at);
  if (stageDue) {
    if (row.overdue_level === 0) await repo.armTimer(tx, { caseId, kind: 'overdue', dueAt: stageDue });
    else if (row.overdue_level === 1) {
      const r = await addWorkingDays(tx, stageDue, s.escalate_after_working_days);
      note(alarms, r);
      await repo.armTimer(tx, { caseId, kind: 'escalate', dueAt: r.due });
    }
  }
  await recordAlarm(tx, caseId, row.status, alarms, at);
  return { pausedHours: hours };
}

export interface SlaFields {
  stage_due_at: Date | null;
  stage_yellow_at?: Date | null;
  stage_entered_at?: Date | null;
  paused_since: Date | null;
}

/** The SLA light of a case at `now`. `settings` is only needed for rows without a stored yellow point. */
export function slaState(c: SlaFields, now: Date, settings?: Pick<CaseSettings, 'yellow_share'>): SlaState {
  if (c.paused_since) return 'paused';
  if (!c.stage_due_at) return 'none';
  const due = new Date(c.stage_due_at).getTime();
  const t = now.getTime();
  if (t >= due) return 'red';
  let yellow = c.stage_yellow_at ? new Date(c.stage_yellow_at).getTime() : null;
  if (yellow === null && c.stage_entered_at && settings) {
    const start = new Date(c.stage_entered_at).getTime();
    yellow = start + (due - start) * settings.yellow_share;
  }
  return yellow !== null && t >= yellow ? 'yellow' : 'green';
}

/** slaState in SQL over a `cases` row aliased `alias`, evaluated at `now` (default: the statement's now()). */
export function slaStateSql(alias = 'cases', now?: Date): RawBuilder<SlaState> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const t = now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
  return sql<SlaState>`(case when ${col('paused_since')} is not null then 'paused'
    when ${col('stage_due_at')} is null then 'none'
    when ${col('stage_due_at')} <= ${t} then 'red'
    when ${col('stage_yellow_at')} is not null and ${col('stage_yellow_at')} <= ${t} then 'yellow'
    else 'green' end)`;
}

/** WHERE condition selecting the rows whose light is `state` at `now` (uses the stage_due_at index for red). */
export function slaFilterSql(alias: string, state: SlaState, now?: Date): Expression<SqlBool> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const t = now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
  const running = sql`${col('paused_since')} is null`;
  switch (state) {
    case 'paused':
      return sql<SqlBool>`${col('paused_since')} is not null`;
    case 'none':
      return sql<SqlBool>`(${running} and ${col('stage_due_at')} is null)`;
    case 'red':
      return sql<SqlBool>`(${running} and ${col('stage_due_at')} <= ${t})`;
    case 'yellow':
      return sql<SqlBool>`(${running} and ${col('stage_due_at')} > ${t} and ${col('stage_yellow_at')} <= ${t})`;
    case 'green':
      return sql<SqlBool>`(${running} and ${col('stage_due_at')} > ${t} and (${col('stage_yellow_at')} is null or ${col('stage_yellow_at')} > ${t}))`;
  }
}
