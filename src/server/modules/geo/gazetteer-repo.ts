// SQL for the address gazetteer (地址库) and the places on the grid (buildings, shops, facilities, 部件).
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { PlaceKind } from './tables.ts';

const BATCH = 500;

export interface NewAddress {
  text: string;
  districtCode: string | null;
  lng: number;
  lat: number;
  gridCode: string | null;
}

/** Inserts addresses; an address text already there gets the new point and grid. Returns rows written. */
export async function upsertAddresses(tx: Tx, rows: readonly NewAddress[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const res = await tx
      .insertInto('addresses')
      .values(
        rows.slice(i, i + BATCH).map((r) => ({
          text: r.text,
          district_code: r.districtCode,
          lng: r.lng,
          lat: r.lat,
          grid_code: r.gridCode,
        })),
      )
      .onConflict((oc) =>
        oc.column('text').doUpdateSet((eb) => ({
          district_code: eb.ref('excluded.district_code'),
          lng: eb.ref('excluded.lng'),
          lat: eb.ref('excluded.lat'),
          grid_code: eb.ref('excluded.grid_code'),
        })),
      )
      .executeTakeFirst();
    n += Number(res.numInsertedOrUpdatedRows ?? 0n);
  }
  return n;
}

export interface AddressHit {
  text: string;
  lng: number;
  lat: number;
  gridCode: string | null;
  score: number;
}

/**
 * Addresses like `q`: containing it, or similar to it by trigrams (pg_trgm: "人民路12号" finds "姑苏区人民路12号").
 * The score is the larger of word similarity and similarity, with a bonus for containing q verbatim.
 */
export async function searchAddresses(tx: Tx, q: string, limit: number): Promise<AddressHit[]> {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const res = await sql<AddressHit>`
    select text, lng, lat, grid_code as "gridCode",
           (greatest(word_similarity(${q}, text), similarity(${q}, text))
             + case when text like ${like} then 1 else 0 end)::float8 as score
      from addresses
     where text like ${like} or ${q} <% text
     order by score desc, length(text), text
     limit ${limit}`.execute(tx);
  return res.rows;
}

/** Every located thing's point, for re-locating after the grids change. */
export async function selectAddressPoints(tx: Tx) {
  return tx.selectFrom('addresses').select(['id', 'lng', 'lat', 'grid_code as gridCode']).execute();
}

export async function selectPlacePoints(tx: Tx) {
  return tx.selectFrom('places').select(['id', 'lng', 'lat', 'grid_code as gridCode']).execute();
}

/** Sets grid_code by id, in batches: `update … from (values …)`. */
export async function updateGridCodes(
  tx: Tx,
  table: 'addresses' | 'places',
  rows: readonly { id: number; gridCode: string | null }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH).map((r) => sql`(${r.id}::bigint, ${r.gridCode}::text)`);
    await sql`
      update ${sql.table(table)} t set grid_code = v.grid_code
        from (values ${sql.join(values)}) as v (id, grid_code)
       where t.id = v.id`.execute(tx);
  }
}

export interface NewPlace {
  kind: PlaceKind;
  componentId: string | null;
  name: string;
  address: string | null;
  lng: number;
  lat: number;
  gridCode: string | null;
  attributes: Record<string, unknown>;
  createdBy: string;
}

export interface PlaceRow {
  id: number;
  kind: PlaceKind;
  componentId: string | null;
  name: string;
  address: string | null;
  lng: number;
  lat: number;
  gridCode: string | null;
  attributes: unknown;
}

const placeColumns = [
  'id',
  'kind',
  'component_id as componentId',
  'name',
  'address',
  'lng',
  'lat',
  'grid_code as gridCode',
  'attributes',
] as const;

/** Inserts places; a component (部件) whose id is already there gets the new values. Returns the ids. */
export async function upsertPlaces(tx: Tx, rows: readonly NewPlace[]): Promise<number[]> {
  const ids: number[] = [];
  const components = rows.filter((r) => r.componentId !== null);
  const others = rows.filter((r) => r.componentId === null);
  const values = (batch: readonly NewPlace[]) =>
    batch.map((r) => ({
      kind: r.kind,
      component_id: r.componentId,
      name: r.name,
      address: r.address,
      lng: r.lng,
      lat: r.lat,
      grid_code: r.gridCode,
      attributes: JSON.stringify(r.attributes),
      created_by: r.createdBy,
    }));
  for (let i = 0; i < components.length; i += BATCH) {
    const res = await tx
      .insertInto('places')
      .values(values(components.slice(i, i + BATCH)))
      .onConflict((oc) =>
        oc
          .column('component_id')
          .where('component_id', 'is not', null)
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            address: eb.ref('excluded.address'),
            lng: eb.ref('excluded.lng'),
            lat: eb.ref('excluded.lat'),
            grid_code: eb.ref('excluded.grid_code'),
            attributes: eb.ref('excluded.attributes'),
          })),
      )
      .returning('id')
      .execute();
    ids.push(...res.map((r) => r.id));
  }
  for (let i = 0; i < others.length; i += BATCH) {
    const res = await tx
      .insertInto('places')
      .values(values(others.slice(i, i + BATCH)))
      .returning('id')
      .execute();
    ids.push(...res.map((r) => r.id));
  }
  return ids;
}

export function selectPlacesOfGrid(tx: Tx, gridCode: string, limit: number, afterId: number): Promise<PlaceRow[]> {
  return tx
    .selectFrom('places')
    .select(placeColumns)
    .where('grid_code', '=', gridCode)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute() as Promise<PlaceRow[]>;
}

export async function countPlacesOfGrid(tx: Tx, gridCode: string): Promise<number> {
  const row = await tx
    .selectFrom('places')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('grid_code', '=', gridCode)
    .executeTakeFirstOrThrow();
  return row.n;
}
