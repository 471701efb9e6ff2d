// What the cases module exposes to the Open311 facade (modules/open311): the active 小类 as services, and the
// public view of cases as service requests — case number, category, status, location, public notes, deadlines.
// Never the reporter: no name, phone, ID number or account leaves through these functions, and confidential
// (保密) cases are not listed at all.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { createCase } from './intake.ts';
import type { CaseStatus } from './workflow.ts';

/** A 小类 as an Open311 service: its attributes are the JSON of case_categories.attributes, unparsed. */
export interface ServiceCategory {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  description: string;
  keywords: string;
  groupName: string;
  groupNameEn: string;
  attributes: unknown;
  /** 部件 categories ask for the 16-digit component id (DOMAIN §1). */
  concernsComponent: boolean;
}

function categoryQuery(tx: Tx) {
  return tx
    .selectFrom('case_categories as c')
    .innerJoin('case_categories as g', 'g.id', 'c.parent_id')
    .where('c.level', '=', 2)
    .where('c.active', '=', true)
    .where('g.active', '=', true)
    .select([
      'c.id',
      'c.code',
      'c.name',
      'c.name_en as nameEn',
      'c.description',
      'c.keywords',
      'g.name as groupName',
      'g.name_en as groupNameEn',
      'c.attributes',
      'c.concerns_component as concernsComponent',
    ]);
}

/** Active 小类 under an active 大类, in the order admins gave them. */
export async function listServiceCategories(tx: Tx): Promise<ServiceCategory[]> {
  return categoryQuery(tx).orderBy('g.sort').orderBy('g.code').orderBy('c.sort').orderBy('c.code').execute();
}

export async function getServiceCategory(tx: Tx, code: string): Promise<ServiceCategory | undefined> {
  return categoryQuery(tx).where('c.code', '=', code).executeTakeFirst();
}

/** The timeline entry that keeps what an Open311 form carried beyond the case's columns (staff only). */
export const OPEN311_EVENT = 'open311.submitted';
export interface Open311Extras {
  media_url?: string;
  address_id?: string;
  device_id?: string;
  account_id?: string;
  /** The reporter's e-mail (cases have no column for it): staff only, never served by GET. */
  email?: string;
}

/** Case states Open311 reports as closed; a merged case (并案) reports its master's. */
export const CLOSED_STATES: readonly CaseStatus[] = ['closed', 'revisited', 'rejected'];

export interface PublicCase {
  id: number;
  caseNo: string;
  status: CaseStatus;
  /** Status of the master case when this one is merged into it. */
  masterStatus: CaseStatus | null;
  categoryCode: string | null;
  categoryName: string | null;
  categoryNameEn: string | null;
  description: string;
  mainDepartmentId: number | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  /** What the Open311 form carried beyond the case's columns (see recordOpen311Extras), or null. */
  open311: Open311Extras | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  handleDueAt: Date | null;
  /** The latest note the citizen may see (case_events.public). */
  lastPublicNote: string | null;
}

export interface PublicCaseFilter {
  categoryCodes?: readonly string[];
  /** Which Open311 statuses to include; absent = both. */
  open?: boolean;
  closed?: boolean;
  from: Date;
  to: Date;
  limit: number;
  offset: number;
}

const closedList = sql.join(CLOSED_STATES.map((s) => sql.lit(s)));
/** true when the case counts as closed for Open311 (alias k = the case, m = its master). */
const isClosed = sql<SqlBool>`(k.status in (${closedList}) or (k.status = 'merged' and m.status in (${closedList})))`;

function publicCaseQuery(tx: Tx) {
  return tx
    .selectFrom('cases as k')
    .leftJoin('case_categories as c', 'c.id', 'k.category_id')
    .leftJoin('cases as m', 'm.id', 'k.master_case_id')
    .where('k.confidential', '=', false)
    .select([
      'k.id',
      'k.case_no as caseNo',
      'k.status',
      'm.status as masterStatus',
      'c.code as categoryCode',
      'c.name as categoryName',
      'c.name_en as categoryNameEn',
      'k.description',
      'k.main_department_id as mainDepartmentId',
      'k.address',
      'k.lat',
      'k.lng',
      sql<Open311Extras | null>`(select e.data from case_events e
        where e.case_id = k.id and e.action = ${OPEN311_EVENT} order by e.id limit 1)`.as('open311'),
      'k.created_at as createdAt',
      'k.updated_at as updatedAt',
      'k.closed_at as closedAt',
      'k.handle_due_at as handleDueAt',
      sql<string | null>`(select e.note from case_events e
        where e.case_id = k.id and e.public and e.note is not null and e.note <> ''
        order by e.id desc limit 1)`.as('lastPublicNote'),
    ]);
}

/** Cases by their numbers (Open311 service_request_id), in the order asked. Unknown numbers are skipped. */
export async function publicCasesByNo(tx: Tx, caseNos: readonly string[]): Promise<PublicCase[]> {
  if (caseNos.length === 0) return [];
  const rows = (await publicCaseQuery(tx).where('k.case_no', 'in', caseNos).execute()) as PublicCase[];
  const byNo = new Map(rows.map((r) => [r.caseNo, r]));
  return caseNos.map((n) => byNo.get(n)).filter((r): r is PublicCase => r !== undefined);
}

/** Cases filed in [from, to], newest first, filtered by category and Open311 status. */
export async function listPublicCases(tx: Tx, f: PublicCaseFilter): Promise<PublicCase[]> {
  let q = publicCaseQuery(tx).where('k.created_at', '>=', f.from).where('k.created_at', '<=', f.to);
  if (f.categoryCodes && f.categoryCodes.length > 0) q = q.where('c.code', 'in', f.categoryCodes);
  const open = f.open ?? true;
  const closed = f.closed ?? true;
  if (open !== closed) q = q.where(open ? sql<SqlBool>`not ${isClosed}` : (isClosed as Expression<SqlBool>));
  else if (!open) return [];
  return (await q
    .orderBy('k.created_at', 'desc')
    .orderBy('k.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute()) as PublicCase[];
}

export function isClosedForOpen311(c: Pick<PublicCase, 'status' | 'masterStatus'>): boolean {
  if (CLOSED_STATES.includes(c.status)) return true;
  return c.status === 'merged' && c.masterStatus !== null && CLOSED_STATES.includes(c.masterStatus);
}

/** When a service or its definition last changed (discovery's changeset): the newest category edit. */
export async function servicesChangedAt(tx: Tx): Promise<Date | null> {
  const r = await tx
    .selectFrom('case_categories')
    .select((eb) => eb.fn.max('updated_at').as('at'))
    .executeTakeFirst();
  return r?.at ? new Date(r.at as Date) : null;
}

export interface PublicNote {
  datetime: Date;
  summary: string;
  description: string | null;
  type: string;
}

/** The public timeline (case_events.public) of each case, oldest first: Open311's `extensions=true` notes. */
export async function publicNotesOf(tx: Tx, caseIds: readonly number[]): Promise<Map<number, PublicNote[]>> {
  const out = new Map<number, PublicNote[]>();
  if (caseIds.length === 0) return out;
  const rows = await tx
    .selectFrom('case_events')
    .select(['case_id', 'at', 'action', 'to_status', 'note'])
    .where('case_id', 'in', [...caseIds])
    .where('public', '=', true)
    .orderBy('case_id')
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.case_id) ?? [];
    list.push({ datetime: r.at, summary: r.to_status ?? r.action, description: r.note, type: r.action });
    out.set(r.case_id, list);
  }
  return out;
}

/** What the Open311 facade files: a case on the 'open311' channel. */
export interface Open311Intake {
  categoryId: number;
  description: string;
  /** Address text (address_string); resolved through the gazetteer when there is no point. */
  address: string | null;
  point: { lat: number; lng: number } | null;
  reporterName: string | null;
  reporterPhone: string | null;
  componentId: string | null;
  /** Attribute values by code (checked again by intake against the 小类). */
  attributes: Record<string, unknown>;
  extras: Open311Extras;
}

/**
 * Files the case through intake (createCase: routing, duplicates, clock, audit and outbox as for any channel) and
 * keeps the form's extras — media_url (never fetched), address_id, device_id, account_id — on the case's
 * timeline as a staff-only entry in the same transaction.
 */
export async function fileOpen311Case(
  tx: Tx,
  actor: Actor,
  input: Open311Intake,
): Promise<{ id: number; caseNo: string; handleDueAt: Date | null }> {
  const created = await createCase(tx, actor, {
    channel: 'open311',
    // 求助: a citizen asks the city to put something right (the usual nature of a GeoReport request).
    nature: 'help',
    categoryId: input.categoryId,
    description: input.description,
    reporter: {
      ...(input.reporterName ? { name: input.reporterName } : {}),
      ...(input.reporterPhone ? { phone: input.reporterPhone } : {}),
    },
    location: {
      ...(input.point ? { lat: input.point.lat, lng: input.point.lng } : {}),
      ...(input.address ? { address: input.address } : {}),
    },
    ...(input.componentId ? { componentId: input.componentId } : {}),
    attributes: input.attributes,
  });
  if (Object.keys(input.extras).length > 0) {
    await tx
      .insertInto('case_events')
      .values({
        case_id: created.id,
        actor_name: actor.name,
        action: OPEN311_EVENT,
        public: false,
        data: JSON.stringify(input.extras),
      })
      .execute();
  }
  const row = await tx
    .selectFrom('cases')
    .select('handle_due_at')
    .where('id', '=', created.id)
    .executeTakeFirstOrThrow();
  return { id: created.id, caseNo: created.caseNo, handleDueAt: row.handle_due_at };
}
