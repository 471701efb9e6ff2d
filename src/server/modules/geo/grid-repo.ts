// SQL for grid versions, grids and grid assignments. City-wide reference data: no caller scope here, who may
// read or change it is decided in the services.
import { type SqlBool, sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { BBox, MultiPolygon } from '../../platform/geo/types.ts';
import type { AssignmentRole, GridStatus, GridType } from './tables.ts';

export interface GeoSettings {
  currentVersion: number | null;
  /** created_at of the current version: with the number it identifies an edition across databases. */
  currentCreatedAt: Date | null;
  sequenceWidth: number;
  cityBbox: BBox | null;
}

export async function selectSettings(tx: Tx): Promise<GeoSettings> {
  const row = await tx
    .selectFrom('geo_settings as s')
    .leftJoin('grid_versions as v', 'v.version', 's.current_grid_version')
    .select(['s.current_grid_version', 's.grid_sequence_width', 's.city_bbox', 'v.created_at'])
    .where('s.id', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    currentVersion: row.current_grid_version,
    currentCreatedAt: row.created_at,
    sequenceWidth: row.grid_sequence_width,
    cityBbox: (row.city_bbox as BBox | null) ?? null,
  };
}

/** Only sets the city box when none is set: a city's own setting is never overwritten by a seed. */
export async function setCityBboxIfUnset(tx: Tx, bbox: BBox): Promise<void> {
  await tx
    .updateTable('geo_settings')
    .set({ city_bbox: JSON.stringify(bbox) })
    .where('id', '=', 1)
    .where('city_bbox', 'is', null)
    .execute();
}

/**
 * Takes the city-wide grid import lock for the rest of the transaction, or answers false at once when another
 * transaction holds it (pg_try_advisory_xact_lock never waits).
 */
export async function tryGridImportLock(tx: Tx): Promise<boolean> {
  // Two-key form: (module, purpose), so other modules can pick their own keys without colliding.
  const res = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(4306, 1) as locked`.execute(tx);
  return res.rows[0]?.locked === true;
}

export interface GridVersionRow {
  version: number;
  createdAt: Date;
  createdBy: string;
  note: string | null;
  source: 'demo' | 'import';
  featureCount: number;
}

const versionColumns = [
  'version',
  'created_at as createdAt',
  'created_by as createdBy',
  'note',
  'source',
  'feature_count as featureCount',
] as const;

export function selectVersions(tx: Tx): Promise<GridVersionRow[]> {
  return tx.selectFrom('grid_versions').select(versionColumns).orderBy('version', 'desc').execute();
}

export function selectVersion(tx: Tx, version: number): Promise<GridVersionRow | undefined> {
  return tx.selectFrom('grid_versions').select(versionColumns).where('version', '=', version).executeTakeFirst();
}

export async function insertVersion(
  tx: Tx,
  row: { createdBy: string; note: string | null; source: 'demo' | 'import'; featureCount: number },
): Promise<GridVersionRow> {
  const next = await tx
    .selectFrom('grid_versions')
    .select(sql<number>`coalesce(max(version), 0) + 1`.as('n'))
    .executeTakeFirstOrThrow();
  return tx
    .insertInto('grid_versions')
    .values({
      version: next.n,
      created_by: row.createdBy,
      note: row.note,
      source: row.source,
      feature_count: row.featureCount,
    })
    .returning(versionColumns)
    .executeTakeFirstOrThrow();
}

export async function setCurrentVersion(tx: Tx, version: number): Promise<void> {
  await tx.updateTable('geo_settings').set({ current_grid_version: version }).where('id', '=', 1).execute();
}

export interface NewGrid {
  code: string;
  name: string;
  communityCode: string;
  type: GridType;
  areaM2: number;
  geometry: MultiPolygon;
  bbox: BBox;
}

const INSERT_BATCH = 500;

export async function insertGrids(tx: Tx, version: number, grids: readonly NewGrid[]): Promise<void> {
  for (let i = 0; i < grids.length; i += INSERT_BATCH) {
    await tx
      .insertInto('grids')
      .values(
        grids.slice(i, i + INSERT_BATCH).map((g) => ({
          code: g.code,
          version,
          name: g.name,
          community_code: g.communityCode,
          type: g.type,
          area_m2: g.areaM2,
          geometry: JSON.stringify({ type: 'MultiPolygon', coordinates: g.geometry }),
          min_lng: g.bbox[0],
          min_lat: g.bbox[1],
          max_lng: g.bbox[2],
          max_lat: g.bbox[3],
        })),
      )
      .execute();
  }
}

export interface IndexGridRow {
  code: string;
  name: string;
  type: GridType;
  communityCode: string;
  geometry: { type: 'MultiPolygon'; coordinates: MultiPolygon };
}

/** The active grids of a version, in code order (the index's tie-break order if grids ever overlapped). */
export function selectIndexGrids(tx: Tx, version: number): Promise<IndexGridRow[]> {
  return tx
    .selectFrom('grids')
    .select(['code', 'name', 'type', 'community_code as communityCode', 'geometry'])
    .where('version', '=', version)
    .where('status', '=', 'active')
    .orderBy('code')
    .execute() as Promise<IndexGridRow[]>;
}

export interface GridRow extends IndexGridRow {
  status: GridStatus;
  areaM2: number;
  version: number;
  communityName: string;
  streetName: string | null;
  districtName: string | null;
  bbox: BBox;
  workerCount: number;
}

export interface GridFilter {
  version: number;
  /** The city's today (YYYY-MM-DD): workers are counted as assigned on that day. */
  day: string;
  bbox?: BBox;
  /** Division code prefix: a district (6), street (9) or community (12) code. */
  prefix?: string;
  code?: string;
}

/** Grids with the names of their community, street and district and the number of people assigned today. */
export async function selectGrids(tx: Tx, f: GridFilter): Promise<GridRow[]> {
  let q = tx
    .selectFrom('grids as g')
    .innerJoin('divisions as c', 'c.code', 'g.community_code')
    .leftJoin('divisions as s', (j) => j.on('s.code', '=', sql<string>`left(g.code, 9)`))
    .leftJoin('divisions as d', (j) => j.on('d.code', '=', sql<string>`left(g.code, 6)`))
    .select([
      'g.code',
      'g.name',
      'g.type',
      'g.status',
      'g.area_m2 as areaM2',
      'g.version',
      'g.community_code as communityCode',
      'c.name as communityName',
      's.name as streetName',
      'd.name as districtName',
      'g.geometry',
      'g.min_lng',
      'g.min_lat',
      'g.max_lng',
      'g.max_lat',
      (eb) =>
        eb
          .selectFrom('grid_assignments as a')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('a.grid_code', '=', 'g.code')
          .where(sql<SqlBool>`a.valid_from <= ${f.day}::date and (a.valid_to is null or a.valid_to > ${f.day}::date)`)
          .as('workerCount'),
    ])
    .where('g.version', '=', f.version);
  if (f.code !== undefined) q = q.where('g.code', '=', f.code);
  if (f.prefix !== undefined) q = q.where('g.code', 'like', `${f.prefix}%`);
  if (f.bbox) {
    const [w, s, e, n] = f.bbox;
    q = q.where((eb) =>
      eb.and([eb('g.max_lng', '>=', w), eb('g.min_lng', '<=', e), eb('g.max_lat', '>=', s), eb('g.min_lat', '<=', n)]),
    );
  }
  const rows = await q.orderBy('g.code').execute();
  return rows.map(({ min_lng, min_lat, max_lng, max_lat, workerCount, ...r }) => ({
    ...(r as Omit<GridRow, 'bbox' | 'workerCount'>),
    bbox: [min_lng, min_lat, max_lng, max_lat],
    workerCount: workerCount ?? 0,
  }));
}

/** Which of these codes exist in a version (a grid code is stable across versions). */
export async function existingGridCodes(tx: Tx, version: number, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await tx
    .selectFrom('grids')
    .select('code')
    .where('version', '=', version)
    .where('code', 'in', codes)
    .execute();
  return new Set(rows.map((r) => r.code));
}

// ---- assignments (网格员 / 网格长) ----

export interface AssignmentRow {
  id: number;
  gridCode: string;
  userId: number;
  role: AssignmentRole;
  validFrom: string;
  validTo: string | null;
  createdAt: Date;
  createdBy: string;
}

const assignmentColumns = [
  'id',
  'grid_code as gridCode',
  'user_id as userId',
  'role',
  sql<string>`to_char(valid_from, 'YYYY-MM-DD')`.as('validFrom'),
  sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as('validTo'),
  'created_at as createdAt',
  'created_by as createdBy',
] as const;

/** Every assignment of a grid, newest first: the history is never deleted. */
export function selectAssignments(tx: Tx, gridCode: string): Promise<AssignmentRow[]> {
  return tx
    .selectFrom('grid_assignments')
    .select(assignmentColumns)
    .where('grid_code', '=', gridCode)
    .orderBy('valid_from', 'desc')
    .orderBy('id', 'desc')
    .execute() as Promise<AssignmentRow[]>;
}

const activeOn = (day: string) =>
  sql<SqlBool>`valid_from <= ${day}::date and (valid_to is null or valid_to > ${day}::date)`;

/** Assignments in force on `day` (YYYY-MM-DD) for these grids. */
export function selectActiveAssignments(tx: Tx, gridCodes: readonly string[], day: string): Promise<AssignmentRow[]> {
  if (gridCodes.length === 0) return Promise.resolve([]);
  return tx
    .selectFrom('grid_assignments')
    .select(assignmentColumns)
    .where('grid_code', 'in', gridCodes)
    .where(activeOn(day))
    .orderBy('role')
    .orderBy('valid_from')
    .orderBy('id')
    .execute() as Promise<AssignmentRow[]>;
}

/** Grid codes a user is assigned to on `day`, whatever the role. */
export async function selectAssignedGridCodes(tx: Tx, userId: number, day: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('grid_assignments')
    .select('grid_code')
    .distinct()
    .where('user_id', '=', userId)
    .where(activeOn(day))
    .execute();
  return rows.map((r) => r.grid_code);
}

export function selectAssignmentForUpdate(tx: Tx, id: number): Promise<AssignmentRow | undefined> {
  return tx
    .selectFrom('grid_assignments')
    .select(assignmentColumns)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst() as Promise<AssignmentRow | undefined>;
}

/** Assignments of a grid and role that are open on or after `day` (not ended before it), locked. */
export function selectOpenAssignmentsForUpdate(
  tx: Tx,
  gridCode: string,
  role: AssignmentRole,
  day: string,
): Promise<AssignmentRow[]> {
  return tx
    .selectFrom('grid_assignments')
    .select(assignmentColumns)
    .where('grid_code', '=', gridCode)
    .where('role', '=', role)
    .where(sql<SqlBool>`(valid_to is null or valid_to > ${day}::date)`)
    .orderBy('valid_from')
    .forUpdate()
    .execute() as Promise<AssignmentRow[]>;
}

export async function insertAssignment(
  tx: Tx,
  a: {
    gridCode: string;
    userId: number;
    role: AssignmentRole;
    validFrom: string;
    validTo: string | null;
    createdBy: string;
  },
): Promise<AssignmentRow> {
  const { id } = await tx
    .insertInto('grid_assignments')
    .values({
      grid_code: a.gridCode,
      user_id: a.userId,
      role: a.role,
      valid_from: a.validFrom,
      valid_to: a.validTo,
      created_by: a.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await tx
    .selectFrom('grid_assignments')
    .select(assignmentColumns)
    .where('id', '=', id)
    .executeTakeFirstOrThrow()) as AssignmentRow;
}

export async function setAssignmentEnd(tx: Tx, id: number, validTo: string): Promise<AssignmentRow> {
  await tx.updateTable('grid_assignments').set({ valid_to: validTo }).where('id', '=', id).execute();
  return (await tx
    .selectFrom('grid_assignments')
    .select(assignmentColumns)
    .where('id', '=', id)
    .executeTakeFirstOrThrow()) as AssignmentRow;
}

export interface GridHit {
  code: string;
  name: string;
  lng: number;
  lat: number;
  score: number;
}

/** Grids of a version whose code starts with q (digits) or whose name contains or resembles q. */
export async function searchGrids(tx: Tx, version: number, q: string, limit: number): Promise<GridHit[]> {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const byCode = /^\d{6,15}$/.test(q);
  const res = await sql<GridHit>`
    select code, name, ((min_lng + max_lng) / 2)::float8 as lng, ((min_lat + max_lat) / 2)::float8 as lat,
           (case when code = ${q} then 3 when ${byCode} and code like ${`${q}%`} then 2 else 0 end
             + case when name like ${like} then 1 else 0 end
             + greatest(word_similarity(${q}, name), similarity(${q}, name)))::float8 as score
      from grids
     where version = ${version}
       and ((${byCode} and code like ${`${q}%`}) or name like ${like} or ${q} <% name)
     order by score desc, code
     limit ${limit}`.execute(tx);
  return res.rows;
}
