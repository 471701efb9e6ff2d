// locate(point) → grid, community, street, district and the people responsible: the hot path of 一张网.
//
// The grids of the version in force live in an in-memory GridIndex (platform/geo/spatial-index.ts). It is
// built lazily on first use (and warmed at start-up by the module's bootstrap), rebuilt completely off to the
// side and swapped in with one assignment after an import commits, so readers see the old index or the new
// one, never a half-built one. Every look-up first reads which version is in force (one indexed row): an
// import committed by another process on the same PostgreSQL is picked up on the next look-up.
//
// Edge rule (platform/geo/edge-rule.ts): a point on an edge shared by two grids belongs to the grid just EAST
// of it; on an east–west edge or a corner, to the grid just NORTH-EAST. Points on the east or north outline of
// the covered area belong to no grid (outside_jurisdiction).
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { type Crs, toWgs84 } from '../../platform/geo/crs.ts';
import { GridIndex, IndexHolder } from '../../platform/geo/spatial-index.ts';
import type { Position } from '../../platform/geo/types.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { cityToday } from './city-time.ts';
import * as grids from './grid-repo.ts';
import { selectDivisionNames } from './repo.ts';
import type { AssignmentRole, GridType } from './tables.ts';
import { userSummaries } from '../org/user-summaries.ts';

export interface IndexedGrid {
  code: string;
  name: string;
  type: GridType;
  communityCode: string;
}

interface IndexState {
  holder: IndexHolder<IndexedGrid>;
  /** Which edition the held index is of ("version@created_at"), or undefined before the first build. */
  key: string | null | undefined;
  building: { key: string | null; promise: Promise<GridIndex<IndexedGrid>> } | null;
  lastBuildMs: number;
}

// One per process: a process serves one database.
const state: IndexState = { holder: new IndexHolder<IndexedGrid>(), key: undefined, building: null, lastBuildMs: 0 };

export function editionKey(version: number | null, createdAt: Date | null): string | null {
  return version === null ? null : `${version}@${createdAt?.toISOString() ?? ''}`;
}

export function buildGridIndex(rows: readonly (IndexedGrid & { geometry: grids.IndexGridRow['geometry'] })[]) {
  return GridIndex.build<IndexedGrid>(
    rows.map((r) => ({
      id: { code: r.code, name: r.name, type: r.type, communityCode: r.communityCode },
      geometry: r.geometry.coordinates,
    })),
  );
}

/** Swaps in a complete index of the given edition (after an import commits). */
export function publishGridIndex(key: string | null, index: GridIndex<IndexedGrid>): void {
  state.holder.swap(index);
  state.key = key;
}

/** The index of the version in force, built from `tx` when the held one is of another edition. */
export async function currentGridIndex(tx: Tx): Promise<GridIndex<IndexedGrid>> {
  const settings = await grids.selectSettings(tx);
  const key = editionKey(settings.currentVersion, settings.currentCreatedAt);
  if (key === state.key) return state.holder.current;
  if (state.building && state.building.key === key) return state.building.promise;
  const promise = (async () => {
    const t0 = performance.now();
    const rows = settings.currentVersion === null ? [] : await grids.selectIndexGrids(tx, settings.currentVersion);
    const index = buildGridIndex(rows);
    state.lastBuildMs = performance.now() - t0;
    publishGridIndex(key, index);
    return index;
  })();
  state.building = { key, promise };
  try {
    return await promise;
  } finally {
    if (state.building?.promise === promise) state.building = null;
  }
}

/** Module bootstrap: builds the index at start-up so the first look-up is not the one that pays for it. */
export async function warmGridIndex(ctx: ModuleContext): Promise<void> {
  const index = await currentGridIndex(ctx.db);
  if (index.size > 0) {
    ctx.out(
      `网格索引 grid index: ${index.size} grids, ${index.vertexCount} vertices, built in ${state.lastBuildMs.toFixed(0)} ms`,
    );
  }
}

export interface NamedCode {
  code: string;
  name: string;
}

export interface GridWorker {
  userId: number;
  displayName: string;
  role: AssignmentRole;
}

export type LocateResult =
  | {
      inside: true;
      /** The point in WGS84, as looked up. */
      point: { lng: number; lat: number };
      grid: { code: string; name: string; type: GridType };
      community: NamedCode;
      street: NamedCode;
      district: NamedCode;
      workers: GridWorker[];
    }
  | { inside: false; reason: 'outside_jurisdiction'; point: { lng: number; lat: number } };

const ROLE_ORDER: Record<AssignmentRole, number> = { primary: 0, backup: 1, chief: 2 };

/** The people assigned to these grids today: primary first, then backups, then the chief (网格长). */
export async function workersOf(tx: Tx, gridCodes: readonly string[]): Promise<Map<string, GridWorker[]>> {
  const rows = await grids.selectActiveAssignments(tx, gridCodes, cityToday());
  const users = await userSummaries(
    tx,
    rows.map((r) => r.userId),
  );
  const out = new Map<string, GridWorker[]>();
  for (const r of rows) {
    const list = out.get(r.gridCode) ?? [];
    list.push({ userId: r.userId, displayName: users.get(r.userId)?.displayName ?? '', role: r.role });
    out.set(r.gridCode, list);
  }
  for (const list of out.values()) list.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
  return out;
}

/**
 * Which grid owns point `p` (given in `crs`), with its divisions and today's grid workers. For other modules
 * (cases locate a report with it); no permission check: the caller's own action was checked.
 */
export async function locatePoint(tx: Tx, p: Position, crs: Crs = 'wgs84'): Promise<LocateResult> {
  const [lng0, lat0] = p;
  if (!Number.isFinite(lng0) || !Number.isFinite(lat0) || Math.abs(lng0) > 180 || Math.abs(lat0) > 90) {
    throw new AppError('VALIDATION_FAILED', 400, {
      field: !Number.isFinite(lat0) || Math.abs(lat0) > 90 ? 'lat' : 'lng',
      problem: 'must be a finite coordinate (latitude −90..90, longitude −180..180)',
    });
  }
  const [lng, lat] = toWgs84([lng0, lat0], crs);
  const point = { lng, lat };
  const index = await currentGridIndex(tx);
  const grid = index.locateLngLat(lng, lat);
  if (grid === null) return { inside: false, reason: 'outside_jurisdiction', point };
  const c = grid.communityCode;
  const [names, workers] = [
    await selectDivisionNames(tx, [c, c.slice(0, 9), c.slice(0, 6)]),
    await workersOf(tx, [grid.code]),
  ];
  const named = (code: string): NamedCode => ({ code, name: names.get(code) ?? '' });
  return {
    inside: true,
    point,
    grid: { code: grid.code, name: grid.name, type: grid.type },
    community: named(c),
    street: named(c.slice(0, 9)),
    district: named(c.slice(0, 6)),
    workers: workers.get(grid.code) ?? [],
  };
}

/** GET /geo/locate: the same, for a caller holding geo.locate. */
export async function locateForActor(tx: Tx, actor: Actor, p: Position, crs: Crs): Promise<LocateResult> {
  can(actor, 'geo.locate');
  return locatePoint(tx, p, crs);
}
