// SQL of the case loop over the module's own tables: the case row locked for a transition, its parties, the
// timeline, requests, timers and result photos. No permission checks here (transitions.ts does them).
import { type Expression, type Selectable, type SqlBool, sql, type Updateable } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { CaseRequestKind, CasesTables, PartyRole } from './tables.ts';

export type CaseRow = Selectable<CasesTables['cases']>;
export type PartyRow = Selectable<CasesTables['case_parties']>;
export type RequestRow = Selectable<CasesTables['case_requests']>;
export type TimerRow = Selectable<CasesTables['case_timers']>;

export function lockCase(tx: Tx, id: number, skipLocked = false): Promise<CaseRow | undefined> {
  const q = tx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate();
  return (skipLocked ? q.skipLocked() : q).executeTakeFirst();
}

export function getCase(tx: Tx, id: number): Promise<CaseRow | undefined> {
  return tx.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listParties(tx: Tx, caseId: number): Promise<PartyRow[]> {
  return tx.selectFrom('case_parties').selectAll().where('case_id', '=', caseId).orderBy('role').execute();
}

/** Writes the case row and bumps its version; the caller holds the row lock (lockCase). */
export async function updateCase(
  tx: Tx,
  id: number,
  version: number,
  patch: Updateable<CasesTables['cases']>,
  at: Date,
): Promise<number> {
  const r = await tx
    .updateTable('cases')
    .set({ ...patch, version: version + 1, updated_at: at })
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return r.version;
}

export async function upsertParty(
  tx: Tx,
  p: { caseId: number; departmentId: number; departmentPath: string; role: PartyRole },
): Promise<void> {
  await tx
    .insertInto('case_parties')
    .values({
      case_id: p.caseId,
      department_id: p.departmentId,
      department_path: p.departmentPath,
      role: p.role,
      active: true,
      signed_at: null,
    })
    .onConflict((oc) =>
      oc.columns(['case_id', 'department_id', 'role']).doUpdateSet({
        active: true,
        signed_at: null,
        department_path: p.departmentPath,
      }),
    )
    .execute();
}

/** Deactivates the case's parties of these roles (all departments, or all but `keep`). */
export async function deactivateParties(
  tx: Tx,
  caseId: number,
  roles: readonly PartyRole[],
  keep: readonly number[] = [],
): Promise<void> {
  let q = tx
    .updateTable('case_parties')
    .set({ active: false })
    .where('case_id', '=', caseId)
    .where('role', 'in', roles)
    .where('active', '=', true);
  if (keep.length > 0) q = q.where('department_id', 'not in', keep);
  await q.execute();
}

export async function signParty(tx: Tx, caseId: number, departmentId: number, role: PartyRole, at: Date) {
  await tx
    .updateTable('case_parties')
    .set({ signed_at: at })
    .where('case_id', '=', caseId)
    .where('department_id', '=', departmentId)
    .where('role', '=', role)
    .execute();
}

export interface EventInput {
  caseId: number;
  at: Date;
  actorId: number | null;
  actorName: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  departmentId: number | null;
  public: boolean;
  note: string | null;
  data?: Record<string, unknown>;
}

export async function insertEvent(tx: Tx, e: EventInput): Promise<number> {
  const r = await tx
    .insertInto('case_events')
    .values({
      case_id: e.caseId,
      at: e.at,
      actor_id: e.actorId,
      actor_name: e.actorName,
      action: e.action,
      from_status: e.fromStatus,
      to_status: e.toStatus,
      department_id: e.departmentId,
      public: e.public,
      note: e.note,
      data: JSON.stringify(e.data ?? {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertAttachment(
  tx: Tx,
  a: {
    caseId: number;
    eventId: number;
    stage: string;
    filename: string;
    mime: string;
    content: Uint8Array;
    sha256: string;
    createdBy: string;
  },
): Promise<number> {
  const r = await tx
    .insertInto('case_attachments')
    .values({
      case_id: a.caseId,
      event_id: a.eventId,
      stage: a.stage,
      filename: a.filename,
      mime: a.mime,
      size: a.content.byteLength,
      sha256: a.sha256,
      content: a.content,
      created_by: a.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Merged cases that follow this master (并案). */
export function listMergedIds(tx: Tx, masterId: number): Promise<{ id: number }[]> {
  return tx
    .selectFrom('cases')
    .select('id')
    .where('master_case_id', '=', masterId)
    .where('status', '=', 'merged')
    .execute();
}

// ---- requests (退单 / 延期 / 挂起 / 重办) ----

export function pendingRequest(tx: Tx, caseId: number, kind: CaseRequestKind): Promise<RequestRow | undefined> {
  return tx
    .selectFrom('case_requests')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export function lastApproved(tx: Tx, caseId: number, kind: CaseRequestKind): Promise<RequestRow | undefined> {
  return tx
    .selectFrom('case_requests')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .where('status', '=', 'approved')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertRequest(
  tx: Tx,
  r: {
    caseId: number;
    kind: CaseRequestKind;
    reason: string;
    requestedDueAt: Date | null;
    requestedBy: number | null;
    requestedByName: string;
    departmentId: number | null;
    at: Date;
  },
): Promise<RequestRow> {
  return tx
    .insertInto('case_requests')
    .values({
      case_id: r.caseId,
      kind: r.kind,
      reason: r.reason,
      requested_due_at: r.requestedDueAt,
      requested_by: r.requestedBy,
      requested_by_name: r.requestedByName,
      department_id: r.departmentId,
      created_at: r.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function decideRequest(
  tx: Tx,
  id: number,
  d: { status: 'approved' | 'refused'; by: string; reason: string | null; at: Date },
): Promise<void> {
  await tx
    .updateTable('case_requests')
    .set({ status: d.status, decided_by_name: d.by, decision_reason: d.reason, decided_at: d.at })
    .where('id', '=', id)
    .execute();
}

export function listCaseRequests(tx: Tx, caseId: number): Promise<RequestRow[]> {
  return tx.selectFrom('case_requests').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
}

// ---- timers ----

export async function cancelOpenTimers(tx: Tx, caseId: number, at: Date): Promise<void> {
  await tx
    .updateTable('case_timers')
    .set({ cancelled_at: at })
    .where('case_id', '=', caseId)
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
}

export async function armTimer(
  tx: Tx,
  t: { caseId: number; kind: 'overdue' | 'escalate'; dueAt: Date; data?: Record<string, unknown> },
): Promise<void> {
  await tx
    .insertInto('case_timers')
    .values({ case_id: t.caseId, kind: t.kind, due_at: t.dueAt, data: JSON.stringify(t.data ?? {}) })
    .execute();
}

/** Claims the earliest due timer no other transaction holds (FOR UPDATE SKIP LOCKED). */
export function claimDueTimer(tx: Tx, now: Date): Promise<TimerRow | undefined> {
  return tx
    .selectFrom('case_timers')
    .selectAll()
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export async function markTimer(tx: Tx, id: number, field: 'fired_at' | 'cancelled_at', at: Date): Promise<void> {
  await tx
    .updateTable('case_timers')
    .set({ [field]: at })
    .where('id', '=', id)
    .execute();
}

/** Open timers shift with the deadlines when a suspension ends. */
export async function shiftOpenTimers(tx: Tx, caseId: number, dueAt: Date): Promise<void> {
  await tx
    .updateTable('case_timers')
    .set({ due_at: dueAt })
    .where('case_id', '=', caseId)
    .where('kind', '=', 'overdue')
    .where('fired_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
}

export function categoryTimeLimits(tx: Tx, categoryId: number): Promise<{ time_limits: unknown } | undefined> {
  return tx.selectFrom('case_categories').select('time_limits').where('id', '=', categoryId).executeTakeFirst();
}

export interface InboxRow extends RequestRow {
  case_no: string;
  case_title: string;
  case_status: string;
  handle_due_at: Date | null;
}

/** Pending requests on cases the conditions reach, oldest first (keyset on id). */
export function pendingInbox(
  tx: Tx,
  scope: { returns: Expression<SqlBool>; decisions: Expression<SqlBool> },
  q: { kind?: CaseRequestKind; afterId?: number; limit: number },
): Promise<InboxRow[]> {
  let query = tx
    .selectFrom('case_requests as r')
    .innerJoin('cases as c', 'c.id', 'r.case_id')
    .selectAll('r')
    .select(['c.case_no', 'c.title as case_title', 'c.status as case_status', 'c.handle_due_at'])
    .where('r.status', '=', 'pending')
    .where(
      (eb) =>
        sql<SqlBool>`((${eb.ref('r.kind')} = 'return' and ${scope.returns}) or (${eb.ref('r.kind')} in ('extension', 'suspension') and ${scope.decisions}))`,
    );
  if (q.kind) query = query.where('r.kind', '=', q.kind);
  if (q.afterId) query = query.where('r.id', '>', q.afterId);
  return query.orderBy('r.id').limit(q.limit).execute() as Promise<InboxRow[]>;
}

/** Withdraws the case's pending department requests (they belong to the handling stage the case has left). */
export async function withdrawPending(tx: Tx, caseId: number, at: Date): Promise<number> {
  const r = await tx
    .updateTable('case_requests')
    .set({ status: 'withdrawn', decided_at: at, decided_by_name: 'system', decision_reason: 'stage left' })
    .where('case_id', '=', caseId)
    .where('status', '=', 'pending')
    .where('kind', 'in', ['return', 'extension', 'suspension'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
