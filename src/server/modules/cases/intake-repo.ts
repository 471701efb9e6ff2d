// SQL of intake, lists and detail over the cases module's own tables (cases, case_parties, case_events,
// case_attachments, case_categories). Scoped reads take the caller's scope condition (caseScopeWhere) as an argument.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { CasesTables, PartyRole } from './tables.ts';

export type CaseInsert = Omit<import('kysely').Insertable<CasesTables['cases']>, 'id'> & { id: number };

export interface CategoryRow {
  id: number;
  code: string;
  parent_id: number | null;
  level: number;
  kind: 'component' | 'event' | 'hotline';
  name: string;
  concerns_component: boolean;
  allow_anonymous: boolean;
  attributes: unknown;
  duplicate_group: string | null;
  active: boolean;
  parent_code: string | null;
  parent_name: string | null;
}

export async function getCategory(tx: Tx, id: number): Promise<CategoryRow | undefined> {
  return tx
    .selectFrom('case_categories as c')
    .leftJoin('case_categories as p', 'p.id', 'c.parent_id')
    .select([
      'c.id',
      'c.code',
      'c.parent_id',
      'c.level',
      'c.kind',
      'c.name',
      'c.concerns_component',
      'c.allow_anonymous',
      'c.attributes',
      'c.duplicate_group',
      'c.active',
      'p.code as parent_code',
      'p.name as parent_name',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst() as Promise<CategoryRow | undefined>;
}

/** The next case id, taken before the insert so the case number can carry it (unique without a per-day lock). */
export async function nextCaseId(tx: Tx): Promise<number> {
  const r = await sql<{ id: string | number }>`select nextval(pg_get_serial_sequence('cases', 'id')) as id`.execute(tx);
  return Number(r.rows[0].id);
}

export async function insertCase(tx: Tx, row: CaseInsert): Promise<{ created_at: Date; version: number }> {
  return tx.insertInto('cases').values(row).returning(['created_at', 'version']).executeTakeFirstOrThrow();
}

export async function insertParty(
  tx: Tx,
  caseId: number,
  departmentId: number,
  departmentPath: string,
  role: PartyRole,
): Promise<void> {
  await tx
    .insertInto('case_parties')
    .values({ case_id: caseId, department_id: departmentId, department_path: departmentPath, role })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface EventInsert {
  caseId: number;
  actorId: number | null;
  actorName: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  departmentId?: number | null;
  public: boolean;
  note?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
}

export async function insertEvent(tx: Tx, e: EventInsert): Promise<number> {
  const r = await tx
    .insertInto('case_events')
    .values({
      case_id: e.caseId,
      actor_id: e.actorId,
      actor_name: e.actorName,
      action: e.action,
      from_status: e.fromStatus,
      to_status: e.toStatus,
      department_id: e.departmentId ?? null,
      public: e.public,
      note: e.note ?? null,
      data: JSON.stringify(e.data ?? {}),
      ...(e.at ? { at: e.at } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function setEventOfAttachments(tx: Tx, ids: number[], eventId: number): Promise<void> {
  if (ids.length === 0) return;
  await tx.updateTable('case_attachments').set({ event_id: eventId }).where('id', 'in', ids).execute();
}

/** The scope facts of one case (area + active party paths), for allowsCase. */
export async function caseScopeOf(tx: Tx, caseId: number) {
  const c = await tx
    .selectFrom('cases')
    .select([
      'id',
      'case_no',
      'status',
      'version',
      'area_code',
      'master_case_id',
      'reporter_user_id',
      'category_id',
      'urgency',
      'nature',
    ])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!c) return undefined;
  const parties = await partiesOf(tx, [caseId]);
  return {
    ...c,
    id: Number(c.id),
    master_case_id: c.master_case_id === null ? null : Number(c.master_case_id),
    parties,
  };
}

export async function partiesOf(tx: Tx, caseIds: readonly number[]) {
  if (caseIds.length === 0) return [];
  const rows = await tx
    .selectFrom('case_parties')
    .select(['case_id', 'department_id', 'department_path', 'role', 'active', 'signed_at'])
    .where('case_id', 'in', [...caseIds])
    .execute();
  return rows.map((r) => ({ ...r, case_id: Number(r.case_id) }));
}

export async function eventsOf(tx: Tx, caseId: number) {
  return tx
    .selectFrom('case_events')
    .select(['id', 'at', 'actor_name', 'action', 'from_status', 'to_status', 'department_id', 'public', 'note', 'data'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

export async function attachmentsOf(tx: Tx, caseId: number) {
  return tx
    .selectFrom('case_attachments')
    .select(['id', 'event_id', 'stage', 'filename', 'mime', 'size', 'sha256', 'public', 'created_by', 'created_at'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}

export async function attachmentContent(tx: Tx, caseId: number, attachmentId: number) {
  return tx
    .selectFrom('case_attachments')
    .select(['id', 'filename', 'mime', 'size', 'sha256', 'content'])
    .where('case_id', '=', caseId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

/** Small summaries of other cases (related lists), limited to what the caller may see. */
export async function caseSummaries(tx: Tx, where: Expression<SqlBool>, scope: Expression<SqlBool>, limit: number) {
  return tx
    .selectFrom('cases')
    .select(['id', 'case_no', 'title', 'status', 'channel', 'created_at', 'master_case_id'])
    .where(where)
    .where(scope)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Cases merged into `fromId` follow `toId` from now on (after `fromId` itself was merged into `toId`). */
export async function repointMerged(tx: Tx, fromId: number, toId: number): Promise<void> {
  await tx.updateTable('cases').set({ master_case_id: toId }).where('master_case_id', '=', fromId).execute();
}
