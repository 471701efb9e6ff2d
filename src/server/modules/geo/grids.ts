// Reading the grids: the map layer (GeoJSON), one grid in detail, division boundaries, the versions, exports.
// Grids are city-wide reference data: any holder of geo.grid.read sees all of them.
import type { Actor } from '../../platform/auth/actor.ts';
import { allowedActions, can } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { BBox } from '../../platform/geo/types.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import { assignmentViews } from './assignments.ts';
import { cityToday } from './city-time.ts';
import { countPlacesOfGrid } from './gazetteer-repo.ts';
import { type ExportFormat, renderGridFile } from './grid-export.ts';
import * as repo from './grid-repo.ts';
import { selectDivisionBoundary } from './repo.ts';

export interface GridLayerQuery {
  bbox?: string;
  district?: string;
  street?: string;
  community?: string;
  version?: number;
}

/** "minLng,minLat,maxLng,maxLat" → a box, or a 400 naming querystring.bbox. */
export function parseBbox(text: string): BBox {
  const parts = text.split(',').map((p) => Number(p.trim()));
  const [w, s, e, n] = parts;
  const ok =
    parts.length === 4 &&
    parts.every((p) => Number.isFinite(p)) &&
    Math.abs(w) <= 180 &&
    Math.abs(e) <= 180 &&
    Math.abs(s) <= 90 &&
    Math.abs(n) <= 90 &&
    w <= e &&
    s <= n;
  if (!ok) {
    throw new AppError('VALIDATION_FAILED', 400, {
      field: 'querystring.bbox',
      problem: 'must be minLng,minLat,maxLng,maxLat with min ≤ max, longitudes within ±180 and latitudes within ±90',
    });
  }
  return [w, s, e, n];
}

/** The requested version (404 if unknown), or the one in force (null before any grids exist). */
async function resolveVersion(tx: Tx, requested: number | undefined): Promise<number | null> {
  if (requested !== undefined) {
    if (!(await repo.selectVersion(tx, requested))) throw notFound('GRID_VERSION', { version: requested });
    return requested;
  }
  return (await repo.selectSettings(tx)).currentVersion;
}

function properties(g: repo.GridRow) {
  return {
    code: g.code,
    name: g.name,
    type: g.type,
    status: g.status,
    areaM2: g.areaM2,
    communityCode: g.communityCode,
    communityName: g.communityName,
    streetCode: g.code.slice(0, 9),
    streetName: g.streetName ?? '',
    districtCode: g.code.slice(0, 6),
    districtName: g.districtName ?? '',
    version: g.version,
    workerCount: g.workerCount,
  };
}

export type GridProperties = ReturnType<typeof properties>;

async function selectLayer(tx: Tx, q: GridLayerQuery) {
  const bbox = q.bbox === undefined ? undefined : parseBbox(q.bbox);
  const version = await resolveVersion(tx, q.version);
  const prefix = q.community ?? q.street ?? q.district;
  // A filter pair that contradicts itself (a street outside the district) selects nothing.
  const consistent = [q.district, q.street, q.community].every((c) => c === undefined || prefix!.startsWith(c));
  const rows =
    version === null || !consistent ? [] : await repo.selectGrids(tx, { version, bbox, prefix, day: cityToday() });
  return { version, rows };
}

/** GET /geo/grids: the grids as a GeoJSON FeatureCollection (the map layer). */
export async function gridLayer(tx: Tx, actor: Actor, q: GridLayerQuery) {
  can(actor, 'geo.grid.read');
  const { version, rows } = await selectLayer(tx, q);
  return {
    type: 'FeatureCollection' as const,
    version,
    features: rows.map((g) => ({
      type: 'Feature' as const,
      id: g.code,
      bbox: g.bbox,
      geometry: g.geometry,
      properties: properties(g),
    })),
  };
}

/** GET /geo/grids/:code: one grid with its outline, its people (today's and the history) and its places count. */
export async function gridDetail(tx: Tx, actor: Actor, code: string, requestedVersion?: number) {
  can(actor, 'geo.grid.read');
  const version = await resolveVersion(tx, requestedVersion);
  const [grid] = version === null ? [] : await repo.selectGrids(tx, { version, code, day: cityToday() });
  if (!grid) throw notFound('GRID', { code });
  const history = await assignmentViews(tx, await repo.selectAssignments(tx, code));
  return {
    ...properties(grid),
    bbox: grid.bbox,
    geometry: grid.geometry,
    workers: history
      .filter((a) => a.current)
      .map((a) => ({
        assignmentId: a.id,
        userId: a.userId,
        displayName: a.displayName,
        role: a.role,
        validFrom: a.validFrom,
        validTo: a.validTo,
      })),
    history,
    placesCount: await countPlacesOfGrid(tx, code),
    allowedActions: allowedActions(actor, ['geo.grid.assign'], { areaCode: code }),
  };
}

/** GET /geo/divisions/:code/boundary: a division's outline as a GeoJSON Feature. */
export async function divisionBoundary(tx: Tx, actor: Actor, code: string) {
  can(actor, 'geo.division.read');
  const d = await selectDivisionBoundary(tx, code);
  if (!d) throw notFound('DIVISION', { code });
  if (d.boundary === null) throw notFound('DIVISION_BOUNDARY', { code });
  return {
    type: 'Feature' as const,
    id: d.code,
    properties: { code: d.code, name: d.name, level: d.level, parentCode: d.parentCode },
    geometry: d.boundary,
  };
}

/** GET /geo/grid-versions: every edition, newest first, and which one is in force. */
export async function listGridVersions(tx: Tx, actor: Actor) {
  can(actor, 'geo.grid.read');
  const settings = await repo.selectSettings(tx);
  const items = await repo.selectVersions(tx);
  return {
    current: settings.currentVersion,
    items: items.map((v) => ({
      ...v,
      createdAt: v.createdAt.toISOString(),
      current: v.version === settings.currentVersion,
    })),
  };
}

/** GET /geo/grids/export: the layer as GeoJSON, or its attributes as CSV / xlsx. Audited. Returns a render
 * function: the file is built after the transaction commits, so a big export does not hold the (on PGlite,
 * single) connection while it is written. */
export async function exportGrids(
  tx: Tx,
  actor: Actor,
  q: GridLayerQuery & { format: ExportFormat },
  locale: Locale,
): Promise<{ render: () => Promise<{ contentType: string; filename: string; body: Buffer }> }> {
  can(actor, 'geo.grid.export');
  const { version, rows } = await selectLayer(tx, q);
  const render = () =>
    renderGridFile(
      rows.map((g) => ({ properties: properties(g), bbox: g.bbox, geometry: g.geometry })),
      q.format,
      locale,
      version,
    );
  await recordAudit(
    tx,
    actor,
    'geo.grids.export',
    { type: 'grid_version', id: version },
    {
      format: q.format,
      rows: rows.length,
      filter: { bbox: q.bbox, district: q.district, street: q.street, community: q.community },
    },
  );
  return { render };
}
