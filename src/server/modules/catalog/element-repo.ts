// SQL for data elements (数据元) and code lists (值域代码表).
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { CatalogTables } from './tables.ts';

type ElementTable = CatalogTables['catalog_elements'];
export type ElementRow = {
  identifier: string;
  version: number;
  name_zh: string;
  name_en: string | null;
  definition: string;
  data_type: ElementTable['data_type'];
  format: string | null;
  domain_kind: ElementTable['domain_kind'];
  code_list_id: string | null;
  pattern: string | null;
  range_min: string | null;
  range_max: string | null;
  validator: ElementTable['validator'];
  unit: string | null;
  status: ElementTable['status'];
  created_by: string;
  created_at: Date;
};
export type NewElementRow = Omit<ElementRow, 'created_at' | 'range_min' | 'range_max'> & {
  range_min: number | null;
  range_max: number | null;
};

const elementColumns = [
  'identifier',
  'version',
  'name_zh',
  'name_en',
  'definition',
  'data_type',
  'format',
  'domain_kind',
  'code_list_id',
  'pattern',
  'range_min',
  'range_max',
  'validator',
  'unit',
  'status',
  'created_by',
  'created_at',
] as const;

/** DE0001, DE0002 …: identifiers are never reused, whatever happens to the element. */
export async function nextElementIdentifier(tx: Tx): Promise<string> {
  const { n } = await sql<{ n: number }>`select nextval('catalog_element_seq')::int as n`
    .execute(tx)
    .then((r) => r.rows[0]);
  return `DE${String(n).padStart(4, '0')}`;
}

/** Serialises new versions of one element: two revisions of the same base cannot both become version n+1. */
export async function lockElement(tx: Tx, identifier: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(7301003, hashtext(${identifier}))`.execute(tx);
}

export function insertElement(tx: Tx, row: NewElementRow) {
  return tx
    .insertInto('catalog_elements')
    .values(row)
    .returning(elementColumns)
    .executeTakeFirstOrThrow() as Promise<ElementRow>;
}

export function latestElement(tx: Tx, identifier: string) {
  return tx
    .selectFrom('catalog_elements')
    .select(elementColumns)
    .where('identifier', '=', identifier)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst() as Promise<ElementRow | undefined>;
}

export function elementVersion(tx: Tx, identifier: string, version: number) {
  return tx
    .selectFrom('catalog_elements')
    .select(elementColumns)
    .where('identifier', '=', identifier)
    .where('version', '=', version)
    .executeTakeFirst() as Promise<ElementRow | undefined>;
}

export function elementVersions(tx: Tx, identifier: string) {
  return tx
    .selectFrom('catalog_elements')
    .select(['version', 'status', 'created_by', 'created_at'])
    .where('identifier', '=', identifier)
    .orderBy('version')
    .execute();
}

/** The given (identifier, version) pairs that exist. */
export async function elementsByKeys(tx: Tx, keys: { identifier: string; version: number }[]): Promise<ElementRow[]> {
  if (keys.length === 0) return [];
  const pairs = sql.join(keys.map((k) => sql`(${k.identifier}::text, ${k.version}::int)`));
  return tx
    .selectFrom('catalog_elements')
    .select(elementColumns)
    .where(sql<boolean>`(identifier, version) in (${pairs})`)
    .execute() as Promise<ElementRow[]>;
}

/** The latest version of each of the given elements. */
export async function latestElements(tx: Tx, identifiers: string[]): Promise<Map<string, ElementRow>> {
  if (identifiers.length === 0) return new Map();
  const rows = (await tx
    .selectFrom('catalog_elements as e')
    .select(elementColumns.map((c) => `e.${c}` as const))
    .where('e.identifier', 'in', [...new Set(identifiers)])
    .where(({ eb, selectFrom }) =>
      eb(
        'e.version',
        '=',
        selectFrom('catalog_elements as l')
          .select((x) => x.fn.max('l.version').as('v'))
          .whereRef('l.identifier', '=', 'e.identifier'),
      ),
    )
    .execute()) as ElementRow[];
  return new Map(rows.map((e) => [e.identifier, e]));
}

export async function latestVersionsOf(tx: Tx, identifiers: string[]): Promise<Map<string, number>> {
  if (identifiers.length === 0) return new Map();
  const rows = await tx
    .selectFrom('catalog_elements')
    .select(['identifier', (eb) => eb.fn.max('version').as('latest')])
    .where('identifier', 'in', [...new Set(identifiers)])
    .groupBy('identifier')
    .execute();
  return new Map(rows.map((r) => [r.identifier, Number(r.latest)]));
}

export interface ElementListFilter {
  q?: string;
  status?: ElementRow['status'];
  dataType?: ElementRow['data_type'];
  afterIdentifier?: string;
  limit: number;
}

const likeAny = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The latest version of each element, by identifier. */
export function listLatestElements(tx: Tx, f: ElementListFilter) {
  let q = tx
    .selectFrom('catalog_elements as e')
    .select(elementColumns.map((c) => `e.${c}` as const))
    .where(({ eb, selectFrom }) =>
      eb(
        'e.version',
        '=',
        selectFrom('catalog_elements as l')
          .select((x) => x.fn.max('l.version').as('v'))
          .whereRef('l.identifier', '=', 'e.identifier'),
      ),
    );
  if (f.q) {
    const like = likeAny(f.q);
    q = q.where(sql<boolean>`(e.identifier || ' ' || e.name_zh || ' ' || coalesce(e.name_en, '')) ilike ${like}`);
  }
  if (f.status) q = q.where('e.status', '=', f.status);
  if (f.dataType) q = q.where('e.data_type', '=', f.dataType);
  if (f.afterIdentifier !== undefined) q = q.where('e.identifier', '>', f.afterIdentifier);
  return q.orderBy('e.identifier').limit(f.limit).execute() as Promise<ElementRow[]>;
}

// ── code lists ──────────────────────────────────────────────────────────────────────────────────────────────

export type CodeListRow = {
  id: string;
  name: string;
  name_en: string | null;
  standard: string | null;
  source: string | null;
  created_by: string;
  created_at: Date;
};
export type CodeListItemRow = { code: string; label_zh: string; label_en: string | null; sort: number };

const codeListColumns = ['id', 'name', 'name_en', 'standard', 'source', 'created_by', 'created_at'] as const;

export function getCodeList(tx: Tx, id: string) {
  return tx.selectFrom('catalog_code_lists').select(codeListColumns).where('id', '=', id).executeTakeFirst() as Promise<
    CodeListRow | undefined
  >;
}

export function listCodeLists(tx: Tx) {
  return tx
    .selectFrom('catalog_code_lists as c')
    .select(codeListColumns.map((c) => `c.${c}` as const))
    .select((eb) =>
      eb
        .selectFrom('catalog_code_list_items as i')
        .select((x) => x.fn.countAll<number>().as('n'))
        .whereRef('i.list_id', '=', 'c.id')
        .as('item_count'),
    )
    .orderBy('c.id')
    .execute() as Promise<(CodeListRow & { item_count: number | string | null })[]>;
}

export function codeListItems(tx: Tx, listId: string) {
  return tx
    .selectFrom('catalog_code_list_items')
    .select(['code', 'label_zh', 'label_en', 'sort'])
    .where('list_id', '=', listId)
    .orderBy('sort')
    .execute() as Promise<CodeListItemRow[]>;
}

/** Inserts a list with its items; undefined when the id is taken (also by a concurrent insert). */
export async function insertCodeList(
  tx: Tx,
  list: Omit<CodeListRow, 'created_at'>,
  items: Omit<CodeListItemRow, 'sort'>[],
): Promise<CodeListRow | undefined> {
  const row = (await tx
    .insertInto('catalog_code_lists')
    .values(list)
    .onConflict((oc) => oc.column('id').doNothing())
    .returning(codeListColumns)
    .executeTakeFirst()) as CodeListRow | undefined;
  if (row && items.length)
    await tx
      .insertInto('catalog_code_list_items')
      .values(items.map((it, sort) => ({ ...it, sort, list_id: list.id })))
      .execute();
  return row;
}
