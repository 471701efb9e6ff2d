// The address gazetteer (地址库) and the places on the grid: imported, located into their grid automatically,
// searched (pg_trgm, so a partial Chinese address finds its candidates), and re-located when the grids change.
import { CsvError, parse } from 'csv-parse/sync';
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { CRS_VALUES, type Crs, toWgs84 } from '../../platform/geo/crs.ts';
import type { GridIndex } from '../../platform/geo/spatial-index.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import * as repo from './gazetteer-repo.ts';
import * as grids from './grid-repo.ts';
import { currentGridIndex, type IndexedGrid } from './locate.ts';
import { searchDivisions, selectDivisionNames } from './repo.ts';
import type { PlaceKind } from './tables.ts';

export const MAX_ADDRESS_ROWS = 200_000;
const MAX_ADDRESS_LENGTH = 200;

export interface RowProblem {
  /** Line of the file (1 = the header) or position in the JSON array. */
  row: number;
  field: string;
  problem: string;
}

const HEADER_ALIASES: Record<string, 'address' | 'lng' | 'lat' | 'crs'> = {
  address: 'address',
  地址: 'address',
  lng: 'lng',
  lon: 'lng',
  longitude: 'lng',
  经度: 'lng',
  lat: 'lat',
  latitude: 'lat',
  纬度: 'lat',
  crs: 'crs',
  坐标系: 'crs',
};

const isCrs = (x: string): x is Crs => (CRS_VALUES as readonly string[]).includes(x);

/** A coordinate cell: a plain decimal number in range, or a problem. */
function coordinate(cell: string | undefined, max: number): number | string {
  const text = (cell ?? '').trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return text === '' ? 'is empty' : `"${text}" is not a number`;
  const n = Number(text);
  return Math.abs(n) > max ? `${n} is outside ±${max}` : n;
}

interface AddressRow {
  text: string;
  lng: number;
  lat: number;
  crs: Crs;
}

/** Reads the CSV (header: address, lng, lat [, crs]); every problem of every row, or the rows. */
export function readAddressCsv(text: string, defaultCrs: Crs): { rows: AddressRow[]; problems: RowProblem[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines ?? 0;
      return { rows: [], problems: [{ row: line, field: 'file', problem: e.message }] };
    }
    throw e;
  }
  const [header, ...body] = records;
  const columns = (header ?? []).map((h) => HEADER_ALIASES[h.trim().toLowerCase()]);
  const missing = (['address', 'lng', 'lat'] as const).filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return {
      rows: [],
      problems: missing.map((c) => ({ row: 1, field: c, problem: 'column missing from the header row' })),
    };
  }
  if (body.length > MAX_ADDRESS_ROWS) {
    return {
      rows: [],
      problems: [{ row: MAX_ADDRESS_ROWS + 2, field: 'file', problem: `more than ${MAX_ADDRESS_ROWS} rows` }],
    };
  }
  const col = (r: string[], name: string) => r[columns.indexOf(name as never)];
  const rows: AddressRow[] = [];
  const problems: RowProblem[] = [];
  const firstLine = new Map<string, number>();
  body.forEach((r, i) => {
    const line = i + 2;
    const address = (col(r, 'address') ?? '').trim();
    const lng = coordinate(col(r, 'lng'), 180);
    const lat = coordinate(col(r, 'lat'), 90);
    const crsCell = (columns.includes('crs') ? (col(r, 'crs') ?? '') : '').trim().toLowerCase();
    const before = problems.length;
    if (address === '') problems.push({ row: line, field: 'address', problem: 'is empty' });
    else if (address.length > MAX_ADDRESS_LENGTH)
      problems.push({ row: line, field: 'address', problem: `is longer than ${MAX_ADDRESS_LENGTH} characters` });
    else if (firstLine.has(address))
      problems.push({ row: line, field: 'address', problem: `repeats line ${firstLine.get(address)}` });
    else firstLine.set(address, line);
    if (typeof lng === 'string') problems.push({ row: line, field: 'lng', problem: lng });
    if (typeof lat === 'string') problems.push({ row: line, field: 'lat', problem: lat });
    if (crsCell !== '' && !isCrs(crsCell))
      problems.push({ row: line, field: 'crs', problem: `"${crsCell}" is not wgs84, gcj02 or bd09` });
    if (problems.length === before) {
      rows.push({
        text: address,
        lng: lng as number,
        lat: lat as number,
        crs: crsCell === '' ? defaultCrs : (crsCell as Crs),
      });
    }
  });
  return { rows, problems };
}

function locateIn(index: GridIndex<IndexedGrid>, lng: number, lat: number, crs: Crs) {
  const [x, y] = toWgs84([lng, lat], crs);
  const round = (v: number) => (crs === 'wgs84' ? v : Math.round(v * 1e7) / 1e7);
  return { lng: round(x), lat: round(y), grid: index.locateLngLat(x, y) };
}

export interface ImportSummary {
  imported: number;
  located: number;
  outside: number;
}

/** POST /geo/addresses/import: all rows or none; each address located into its grid. */
export async function importAddresses(tx: Tx, actor: Actor, csv: string, defaultCrs: Crs): Promise<ImportSummary> {
  can(actor, 'geo.address.import');
  const { rows, problems } = readAddressCsv(csv, defaultCrs);
  if (problems.length > 0) {
    throw new AppError('ADDRESS_IMPORT_INVALID', 400, { errorCount: problems.length, problems });
  }
  if (rows.length === 0) {
    throw new AppError('ADDRESS_IMPORT_INVALID', 400, {
      errorCount: 1,
      problems: [{ row: 2, field: 'file', problem: 'has no address rows' }],
    });
  }
  const index = await currentGridIndex(tx);
  const located = rows.map((r) => {
    const at = locateIn(index, r.lng, r.lat, r.crs);
    return {
      text: r.text,
      lng: at.lng,
      lat: at.lat,
      gridCode: at.grid?.code ?? null,
      districtCode: at.grid?.communityCode.slice(0, 6) ?? null,
    };
  });
  await repo.upsertAddresses(tx, located);
  const summary = {
    imported: located.length,
    located: located.filter((a) => a.gridCode !== null).length,
    outside: located.filter((a) => a.gridCode === null).length,
  };
  await recordAudit(tx, actor, 'geo.addresses.import', { type: 'addresses', id: null }, summary);
  await emit(tx, { type: 'geo.addresses.imported', ...summary });
  return summary;
}

export interface PlaceInput {
  kind: PlaceKind;
  name: string;
  componentId?: string | null;
  address?: string | null;
  lng: number;
  lat: number;
  crs?: Crs;
  attributes?: Record<string, unknown>;
}

/** POST /geo/places/import: all places or none, each located into its grid. */
export async function importPlaces(
  tx: Tx,
  actor: Actor,
  items: readonly PlaceInput[],
): Promise<ImportSummary & { ids: number[] }> {
  can(actor, 'geo.place.import');
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  items.forEach((p, i) => {
    const component = p.componentId ?? null;
    if (p.kind === 'component' && component === null)
      problems.push({ row: i, field: `[${i}].componentId`, problem: 'is required for a component (部件)' });
    if (p.kind !== 'component' && component !== null)
      problems.push({ row: i, field: `[${i}].componentId`, problem: 'is only for kind "component"' });
    if (component !== null) {
      // DOMAIN.md §1: 6-digit division code + 2 大类 + 2 小类 + 6 serial.
      if (!/^\d{6}0[1-6]\d{8}$/.test(component))
        problems.push({ row: i, field: `[${i}].componentId`, problem: 'major category (digits 7–8) must be 01–06' });
      if (seen.has(component))
        problems.push({ row: i, field: `[${i}].componentId`, problem: `repeats item ${seen.get(component)}` });
      else seen.set(component, i);
    }
  });
  const prefixes = [...new Set([...seen.keys()].map((c) => c.slice(0, 6)))];
  const known = await selectDivisionNames(tx, prefixes);
  for (const [component, i] of seen) {
    if (!known.has(component.slice(0, 6)))
      problems.push({
        row: i,
        field: `[${i}].componentId`,
        problem: `digits 1–6 (${component.slice(0, 6)}) are not a division of the city`,
      });
  }
  problems.sort((a, b) => a.row - b.row);
  if (problems.length > 0) {
    throw new AppError('PLACE_IMPORT_INVALID', 400, { errorCount: problems.length, problems });
  }
  const index = await currentGridIndex(tx);
  const rows = items.map((p) => {
    const at = locateIn(index, p.lng, p.lat, p.crs ?? 'wgs84');
    return {
      kind: p.kind,
      componentId: p.componentId ?? null,
      name: p.name.trim(),
      address: p.address?.trim() || null,
      lng: at.lng,
      lat: at.lat,
      gridCode: at.grid?.code ?? null,
      attributes: p.attributes ?? {},
      createdBy: actor.name,
    };
  });
  const ids = await repo.upsertPlaces(tx, rows);
  const summary = {
    imported: rows.length,
    located: rows.filter((r) => r.gridCode !== null).length,
    outside: rows.filter((r) => r.gridCode === null).length,
  };
  await recordAudit(tx, actor, 'geo.places.import', { type: 'places', id: null }, summary);
  await emit(tx, { type: 'geo.places.imported', ...summary });
  return { ...summary, ids };
}

/** GET /geo/grids/:code/places, keyset-paged by id. */
export async function listPlacesOfGrid(tx: Tx, actor: Actor, code: string, limit: number, afterId: number) {
  can(actor, 'geo.grid.read');
  const settings = await grids.selectSettings(tx);
  const known =
    settings.currentVersion !== null && (await grids.existingGridCodes(tx, settings.currentVersion, [code])).has(code);
  if (!known) throw notFound('GRID', { code });
  const rows = await repo.selectPlacesOfGrid(tx, code, limit + 1, afterId);
  const page = rows.slice(0, limit);
  return { items: page, nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null };
}

/** After the grids change: every address and place gets the grid its point now lies in. */
export async function relocateAddressesAndPlaces(tx: Tx, index: GridIndex<IndexedGrid>) {
  const moved = async (
    table: 'addresses' | 'places',
    points: { id: number; lng: number; lat: number; gridCode: string | null }[],
  ) => {
    const changed = points
      .map((p) => ({ id: p.id, gridCode: index.locateLngLat(p.lng, p.lat)?.code ?? null, before: p.gridCode }))
      .filter((p) => p.gridCode !== p.before);
    await repo.updateGridCodes(tx, table, changed);
    return changed.length;
  };
  return {
    addresses: await moved('addresses', await repo.selectAddressPoints(tx)),
    places: await moved('places', await repo.selectPlacePoints(tx)),
  };
}

export interface SearchHit {
  kind: 'division' | 'grid' | 'address';
  code: string | null;
  name: string;
  lng?: number;
  lat?: number;
  score: number;
}

/** GET /geo/search: divisions and grids by code prefix or name, addresses by trigram similarity. */
export async function searchGeo(tx: Tx, actor: Actor, q: string, limit: number): Promise<{ items: SearchHit[] }> {
  can(actor, 'geo.grid.read');
  const query = q.trim();
  const settings = await grids.selectSettings(tx);
  const [divisions, gridHits, addresses] = [
    await searchDivisions(tx, query, limit),
    settings.currentVersion === null ? [] : await grids.searchGrids(tx, settings.currentVersion, query, limit),
    await repo.searchAddresses(tx, query, limit),
  ];
  const items: SearchHit[] = [
    ...divisions.map((d) => ({ kind: 'division' as const, code: d.code, name: d.name, score: d.score })),
    ...gridHits.map((g) => ({
      kind: 'grid' as const,
      code: g.code,
      name: g.name,
      lng: g.lng,
      lat: g.lat,
      score: g.score,
    })),
    ...addresses.map((a) => ({
      kind: 'address' as const,
      code: a.gridCode,
      name: a.text,
      lng: a.lng,
      lat: a.lat,
      score: a.score,
    })),
  ];
  items.sort((a, b) => b.score - a.score || a.name.length - b.name.length || a.name.localeCompare(b.name));
  return { items: items.slice(0, limit).map((i) => ({ ...i, score: Math.round(i.score * 1000) / 1000 })) };
}
