// SQL for the resource catalog (政务信息资源目录) and its 信息项. Every query that lists takes the caller's
// visibility condition (built by the service with scopeWhere) as its first argument after the transaction.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { CatalogTables } from './tables.ts';

type ResourceTable = CatalogTables['catalog_resources'];
export type ResourceRow = {
  id: number;
  code: string;
  name: string;
  classification: string;
  kind: ResourceTable['kind'];
  provider_department_id: number;
  provider_path: string;
  summary: string;
  format: ResourceTable['format'];
  share_type: ResourceTable['share_type'];
  share_conditions: string | null;
  share_basis: string | null;
  share_method: ResourceTable['share_method'];
  openness: ResourceTable['openness'];
  update_cycle: ResourceTable['update_cycle'];
  grade: ResourceTable['grade'];
  related_codes: string[];
  status: ResourceTable['status'];
  status_note: string | null;
  publish_date: string | null;
  submitted_at: Date | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  created_by: string;
  version: number;
  created_at: Date;
  updated_at: Date;
};
export type ResourceFields = Omit<
  ResourceRow,
  'id' | 'code' | 'version' | 'created_at' | 'updated_at' | 'publish_date' | 'submitted_at' | 'reviewed_at'
> & { publish_date?: string | null; submitted_at?: Date | null; reviewed_at?: Date | null };
export type ItemRow = CatalogTables['catalog_resource_items'];

/** The visibility condition over the row being read (alias r). */
export type Visibility = (r: { providerPath: Expression<string>; status: Expression<string> }) => Expression<SqlBool>;
const visibleRow = (visible: Visibility) =>
  visible({ providerPath: sql.ref('r.provider_path'), status: sql.ref('r.status') });

const plainColumns = [
  'id',
  'code',
  'name',
  'classification',
  'kind',
  'provider_department_id',
  'provider_path',
  'summary',
  'format',
  'share_type',
  'share_conditions',
  'share_basis',
  'share_method',
  'openness',
  'update_cycle',
  'grade',
  'related_codes',
  'status',
  'status_note',
  'submitted_at',
  'reviewed_by',
  'reviewed_at',
  'created_by',
  'version',
  'created_at',
  'updated_at',
] as const;
// A date column as text: drivers would turn it into a Date at local midnight.
const publishDate = sql<string | null>`to_char(r.publish_date, 'YYYY-MM-DD')`.as('publish_date');

function selectResources(tx: Tx) {
  return tx
    .selectFrom('catalog_resources as r')
    .select(plainColumns.map((c) => `r.${c}` as const))
    .select(publishDate);
}

/** The next code of a classification: counters only go up, so a code is never handed out twice. */
export async function nextResourceCode(tx: Tx, classification: string): Promise<string> {
  const row = await tx
    .insertInto('catalog_resource_counters')
    .values({ classification, last_seq: 1 })
    .onConflict((oc) =>
      oc.column('classification').doUpdateSet({ last_seq: sql`catalog_resource_counters.last_seq + 1` }),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return `${classification}-${String(row.last_seq).padStart(6, '0')}`;
}

export async function insertResource(tx: Tx, code: string, fields: ResourceFields): Promise<ResourceRow> {
  await tx
    .insertInto('catalog_resources')
    .values({ ...fields, code })
    .execute();
  return (await getResource(tx, code))!;
}

export function getResource(tx: Tx, code: string, forUpdate = false) {
  let q = selectResources(tx).where('r.code', '=', code);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst() as Promise<ResourceRow | undefined>;
}

export function resourcesByCodes(tx: Tx, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([] as ResourceRow[]);
  return selectResources(tx)
    .where('r.code', 'in', [...new Set(codes)])
    .execute() as Promise<ResourceRow[]>;
}

export function resourcesByIds(tx: Tx, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([] as ResourceRow[]);
  return selectResources(tx)
    .where('r.id', 'in', [...new Set(ids)])
    .execute() as Promise<ResourceRow[]>;
}

/** Writes a patch only if nobody changed the row since `expectedVersion`; undefined otherwise. */
export async function updateResource(
  tx: Tx,
  id: number,
  expectedVersion: number,
  patch: Partial<ResourceFields>,
): Promise<ResourceRow | undefined> {
  const r = await tx
    .updateTable('catalog_resources')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning('code')
    .executeTakeFirst();
  return r ? getResource(tx, r.code) : undefined;
}

export function itemsOf(tx: Tx, resourceIds: number[]) {
  if (resourceIds.length === 0) return Promise.resolve([] as ItemRow[]);
  return tx
    .selectFrom('catalog_resource_items')
    .selectAll()
    .where('resource_id', 'in', resourceIds)
    .orderBy('resource_id')
    .orderBy('position')
    .execute();
}

export async function replaceItems(tx: Tx, resourceId: number, items: Omit<ItemRow, 'resource_id' | 'position'>[]) {
  await tx.deleteFrom('catalog_resource_items').where('resource_id', '=', resourceId).execute();
  if (items.length)
    await tx
      .insertInto('catalog_resource_items')
      .values(items.map((it, position) => ({ ...it, resource_id: resourceId, position })))
      .execute();
}

// ── search and facets ───────────────────────────────────────────────────────────────────────────────────────

export const FACET_COLUMNS = {
  department: 'provider_department_id',
  kind: 'kind',
  shareType: 'share_type',
  openness: 'openness',
  format: 'format',
  grade: 'grade',
  status: 'status',
} as const;
export type FacetDimension = keyof typeof FACET_COLUMNS;

export interface ResourceFilter {
  /** Exact values per facet dimension (any of them). */
  facets: Partial<Record<FacetDimension, readonly (string | number)[]>>;
  /** 类/项/目/细目 prefix of the classification code. */
  classification?: string;
  /** Words that must all occur in name or summary. */
  words: string[];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The filter as conditions, leaving out one facet dimension (a facet counts as if its own filter were off). */
function conditions(f: ResourceFilter, except?: FacetDimension): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  for (const [dim, values] of Object.entries(f.facets) as [FacetDimension, readonly (string | number)[]][]) {
    if (dim === except || values.length === 0) continue;
    out.push(sql<SqlBool>`${sql.ref(`r.${FACET_COLUMNS[dim]}`)} in (${sql.join(values)})`);
  }
  if (f.classification) out.push(sql<SqlBool>`r.classification like ${`${escapeLike(f.classification)}%`}`);
  for (const w of f.words) out.push(sql<SqlBool>`(r.name || ' ' || r.summary) ilike ${`%${escapeLike(w)}%`}`);
  return out;
}

const all = (conds: Expression<SqlBool>[]) =>
  conds.length ? sql<SqlBool>`${sql.join(conds, sql` and `)}` : sql<SqlBool>`true`;

/** pg_trgm relevance of a query to a resource, the name weighing twice the summary; exact to 4 places. */
const relevance = (q: string) =>
  sql<string>`round(((2 * word_similarity(${q}, r.name) + word_similarity(${q}, r.summary)) / 3)::numeric, 4)`;

export interface ResourcePage {
  /** With a query: by relevance then code; without: by code (classification, then sequence). */
  query?: string;
  after?: { score?: string; code: string };
  limit: number;
}

export function searchResources(tx: Tx, visible: Visibility, f: ResourceFilter, page: ResourcePage) {
  let q = selectResources(tx)
    .where(visibleRow(visible))
    .where(all(conditions(f)));
  if (page.query !== undefined) {
    const score = relevance(page.query);
    q = q.select(sql<string>`${score}::text`.as('score'));
    if (page.after?.score !== undefined)
      q = q.where(
        sql<SqlBool>`(${score} < ${page.after.score}::numeric or (${score} = ${page.after.score}::numeric and r.code > ${page.after.code}))`,
      );
    q = q.orderBy(score, 'desc').orderBy('r.code');
  } else {
    q = q.select(sql<string | null>`null`.as('score'));
    if (page.after) q = q.where('r.code', '>', page.after.code);
    q = q.orderBy('r.code');
  }
  return q.limit(page.limit).execute() as Promise<(ResourceRow & { score: string | null })[]>;
}

export async function countResources(tx: Tx, visible: Visibility, f: ResourceFilter): Promise<number> {
  const r = await tx
    .selectFrom('catalog_resources as r')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(visibleRow(visible))
    .where(all(conditions(f)))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function facetCounts(
  tx: Tx,
  visible: Visibility,
  f: ResourceFilter,
  dim: FacetDimension,
): Promise<{ value: string; count: number }[]> {
  const col = sql.ref(`r.${FACET_COLUMNS[dim]}`);
  const rows = await tx
    .selectFrom('catalog_resources as r')
    .select([sql<string>`${col}::text`.as('value'), (eb) => eb.fn.countAll<number>().as('n')])
    .where(visibleRow(visible))
    .where(all(conditions(f, dim)))
    .groupBy(col)
    .orderBy(sql`count(*)`, 'desc')
    .orderBy(col)
    .execute();
  return rows.map((r) => ({ value: r.value, count: Number(r.n) }));
}

// ── element impact and demand suggestions ───────────────────────────────────────────────────────────────────

/** Items of live resources bound to a version of the element older than `latest`. */
export function itemsBoundBefore(tx: Tx, visible: Visibility, identifier: string, latest: number) {
  return tx
    .selectFrom('catalog_resource_items as i')
    .innerJoin('catalog_resources as r', 'r.id', 'i.resource_id')
    .select(['r.id', 'r.code', 'i.name', 'i.element_version'])
    .where('i.element_identifier', '=', identifier)
    .where('i.element_version', '<', latest)
    .where('r.status', '<>', 'deprecated')
    .where(visibleRow(visible))
    .orderBy('r.code')
    .orderBy('i.position')
    .execute();
}

export interface DemandText {
  title: string;
  text: string;
  fields: string[];
}

/**
 * Published resources ranked against a demand by pg_trgm: how much of the resource name appears in the demand,
 * how much of the demand title appears in the summary, and which wanted fields an item name matches (or, with
 * no fields named, how well the best item name appears in the demand).
 */
export async function suggestResources(tx: Tx, d: DemandText, minScore: number, limit: number) {
  const fields = sql`${d.fields}::text[]`;
  const matchesItem = (f: Expression<string>) =>
    sql<SqlBool>`exists (select 1 from catalog_resource_items i where i.resource_id = r.id
      and (i.name = ${f} or similarity(i.name, ${f}) >= 0.5))`;
  const matched = sql<string[]>`array(select f from unnest(${fields}) as f where ${matchesItem(sql.ref('f'))})`;
  const itemScore =
    d.fields.length > 0
      ? sql<number>`cardinality(${matched})::real / ${d.fields.length}`
      : sql<number>`coalesce((select max(word_similarity(i.name, ${d.text})) from catalog_resource_items i where i.resource_id = r.id), 0)`;
  const score = sql<string>`round(((2 * word_similarity(r.name, ${d.text}) + word_similarity(${d.title}, r.summary)
    + 2 * ${itemScore}) / 5)::numeric, 4)`;
  const rows = await tx
    .selectFrom('catalog_resources as r')
    .select(['r.code', 'r.name', 'r.provider_department_id', 'r.share_type'])
    .select([sql<string>`${score}::text`.as('score'), matched.as('matched_fields')])
    .where('r.status', '=', 'published')
    .where(score, '>=', sql<string>`${minScore}::numeric`)
    .orderBy(score, 'desc')
    .orderBy('r.code')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}
