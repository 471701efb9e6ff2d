// Case lists for staff: filters (status, category — a 大类 includes its 小类 —, department, area prefix, channel,
// nature, urgency, dates, SLA light, keyword, reporter phone), scoped by caseScopeWhere so a list never shows what a
// detail would refuse, keyset pagination (created_at desc, id desc) with an opaque cursor, optional counts. The
// agent console's caller history (cases by phone) is here too. The SLA light comes from clock.ts (slaState /
// slaFilterSql).
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSomewhere } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError } from '../../platform/errors.ts';
import { departmentRefs } from '../org/departments.ts';
import { caseScopeWhere } from './case-scope.ts';
import { type CaseListItem, type CaseListRow, presentListItem } from './case-view.ts';
import { type SlaState, slaFilterSql } from './clock.ts';
import { normalisePhone } from './intake-checks.ts';
import { getCaseSettings } from './settings.ts';

export interface CaseFilter {
  status?: string[];
  /** A 大类 includes its 小类. */
  categoryId?: number;
  /** Main department or any active party. */
  departmentId?: number;
  /** Division code prefix of the case's area (district 6 / street 9 / community 12 digits). */
  area?: string;
  channel?: string[];
  nature?: string[];
  urgency?: 'normal' | 'urgent';
  /** created_at ≥ from, < to (ISO date or date-time). */
  from?: string;
  to?: string;
  sla?: SlaState;
  /** A case number (exact) or words of the title / description (pg_trgm index). */
  q?: string;
  /** The reporter's phone: needs case.reveal (it searches personal data). */
  phone?: string;
}

export interface ListOptions {
  cursor?: string;
  limit?: number;
  counts?: boolean;
}

const CASE_NO = /^\d{8}-\d{7}$/;
const likeAny = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function parseDate(v: string, field: string): Date {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new AppError('VALIDATION_FAILED', 400, { field, problem: 'is not a date' });
  return d;
}

/** The WHERE conditions of a filter over `cases as c` (without scope). */
export function filterConditions(actor: Actor, f: CaseFilter): Expression<SqlBool>[] {
  const w: Expression<SqlBool>[] = [];
  if (f.status?.length) w.push(sql<SqlBool>`c.status in (${sql.join(f.status)})`);
  if (f.categoryId !== undefined) {
    w.push(
      sql<SqlBool>`(c.category_id = ${f.categoryId} or c.category_id in (select id from case_categories where parent_id = ${f.categoryId}))`,
    );
  }
  if (f.departmentId !== undefined) {
    w.push(sql<SqlBool>`(c.main_department_id = ${f.departmentId} or exists (select 1 from case_parties p
      where p.case_id = c.id and p.department_id = ${f.departmentId} and p.active))`);
  }
  if (f.area) w.push(sql<SqlBool>`c.area_code like ${`${f.area.replace(/[\\%_]/g, '')}%`}`);
  if (f.channel?.length) w.push(sql<SqlBool>`c.channel in (${sql.join(f.channel)})`);
  if (f.nature?.length) w.push(sql<SqlBool>`c.nature in (${sql.join(f.nature)})`);
  if (f.urgency) w.push(sql<SqlBool>`c.urgency = ${f.urgency}`);
  if (f.from) w.push(sql<SqlBool>`c.created_at >= ${parseDate(f.from, 'querystring.from')}`);
  if (f.to) w.push(sql<SqlBool>`c.created_at < ${parseDate(f.to, 'querystring.to')}`);
  if (f.sla) w.push(slaFilterSql('c', f.sla));
  const q = f.q?.trim();
  if (q) {
    if (CASE_NO.test(q)) w.push(sql<SqlBool>`c.case_no = ${q}`);
    else w.push(sql<SqlBool>`(c.title || ' ' || c.description) like ${likeAny(q)}`);
  }
  if (f.phone) {
    if (!canSomewhere(actor, 'case.reveal')) throw new ForbiddenError('case.reveal');
    w.push(sql<SqlBool>`c.reporter_phone = ${normalisePhone(f.phone, 'querystring.phone')}`);
  }
  return w;
}

function decodeCursor(cursor: string): { at: string; id: number } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && Number.isSafeInteger(v[1]))
      return { at: v[0], id: v[1] };
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 400, { field: 'querystring.cursor', problem: 'is invalid' });
}

const encodeCursor = (at: Date, id: number) =>
  Buffer.from(JSON.stringify([new Date(at).toISOString(), id])).toString('base64url');

/** The columns of a list row. */
export function listSelect(tx: Tx) {
  return tx
    .selectFrom('cases as c')
    .leftJoin('case_categories as cat', 'cat.id', 'c.category_id')
    .select([
      'c.id',
      'c.case_no',
      'c.title',
      'c.status',
      'c.channel',
      'c.nature',
      'c.urgency',
      'c.category_id',
      'cat.name as category_name',
      'c.address',
      'c.area_code',
      'c.district_code',
      'c.street_code',
      'c.grid_code',
      'c.lat',
      'c.lng',
      'c.main_department_id',
      'c.master_case_id',
      'c.stage_due_at',
      'c.stage_yellow_at',
      'c.stage_entered_at',
      'c.paused_since',
      'c.handle_due_at',
      'c.created_at',
      'c.reporter_name',
      'c.reporter_phone',
      'c.reporter_id_no',
      'c.reporter_kind',
      'c.anonymous',
      'c.confidential',
      sql<
        string[] | null
      >`(select array_agg(cp.department_path) from case_parties cp where cp.case_id = c.id and cp.active)`.as(
        'party_paths',
      ),
    ]);
}

/** Presents rows: department names, SLA light, masked reporter. */
export async function presentRows(tx: Tx, actor: Actor, rows: CaseListRow[]): Promise<CaseListItem[]> {
  const settings = await getCaseSettings(tx);
  const depts = await departmentRefs(
    tx,
    rows.map((r) => r.main_department_id).filter((x): x is number => x !== null),
  );
  const names = new Map([...depts].map(([id, d]) => [id, d.name]));
  const now = new Date();
  return rows.map((r) => presentListItem(actor, r, names, settings, now));
}

export interface CaseList {
  items: CaseListItem[];
  nextCursor: string | null;
  counts?: { total: number; byStatus: Record<string, number> };
}

export async function listCases(tx: Tx, actor: Actor, f: CaseFilter, o: ListOptions = {}): Promise<CaseList> {
  if (!canSomewhere(actor, 'case.read')) throw new ForbiddenError('case.read');
  const limit = Math.min(Math.max(o.limit ?? 50, 1), 200);
  const where = [...filterConditions(actor, f), caseScopeWhere(actor, 'case.read', 'c')];
  let q = listSelect(tx);
  for (const w of where) q = q.where(w);
  if (o.cursor) {
    const c = decodeCursor(o.cursor);
    q = q.where(sql<SqlBool>`(c.created_at, c.id) < (${new Date(c.at)}::timestamptz, ${c.id})`);
  }
  const rows = (await q
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit + 1)
    .execute()) as CaseListRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const out: CaseList = {
    items: await presentRows(tx, actor, page),
    nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, Number(last.id)) : null,
  };
  if (o.counts) {
    let cq = tx.selectFrom('cases as c').select(['c.status', sql<string>`count(*)`.as('n')]);
    for (const w of where) cq = cq.where(w);
    const counted = await cq.groupBy('c.status').execute();
    const byStatus = Object.fromEntries(counted.map((r) => [r.status, Number(r.n)]));
    out.counts = { total: Object.values(byStatus).reduce((a, b) => a + b, 0), byStatus };
  }
  return out;
}

/** 来电历史: the caller's earlier cases, for the agent answering the phone (case.create or case.accept). */
export async function callerHistory(
  tx: Tx,
  actor: Actor,
  phone: string,
  limit = 20,
): Promise<{ phone: string; total: number; items: CaseListItem[] }> {
  if (!canSomewhere(actor, 'case.create') && !canSomewhere(actor, 'case.accept')) {
    throw new ForbiddenError('case.create');
  }
  const digits = normalisePhone(phone, 'querystring.phone');
  const scope = caseScopeWhere(actor, 'case.read', 'c');
  const rows = (await listSelect(tx)
    .where('c.reporter_phone', '=', digits)
    .where(scope)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(Math.min(Math.max(limit, 1), 100))
    .execute()) as CaseListRow[];
  const total = await tx
    .selectFrom('cases as c')
    .select(sql<string>`count(*)`.as('n'))
    .where('c.reporter_phone', '=', digits)
    .where(scope)
    .executeTakeFirstOrThrow();
  return { phone: digits, total: Number(total.n), items: await presentRows(tx, actor, rows) };
}
