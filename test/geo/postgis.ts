// PostGIS as the reference for the in-memory grid index: load grids into a scratch database, ask ST_Contains
// (GiST-indexed) which grid holds each point, and compare answers under the index's edge rule.
import pg from 'pg';
import type { GridIndex } from '../../src/server/platform/geo/spatial-index.ts';
import type { MultiPolygon } from '../../src/server/platform/geo/types.ts';

export interface ScratchPostgis {
  client: pg.Client;
  drop(): Promise<void>;
}

/** A fresh database with PostGIS on the server at adminUrl, or the reason there cannot be one. */
export async function openScratchPostgis(
  adminUrl: string,
  name: string,
): Promise<ScratchPostgis | { unavailable: string }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const drop = async () => {
    await client.end();
    await admin.query(`drop database if exists ${name}`);
    await admin.end();
  };
  // JIT compilation costs more than these queries take (~66 ms a batch at 50k grids); without it PostGIS shows
  // its best case.
  await client.query('set jit = off');
  try {
    await client.query('create extension postgis');
  } catch (e) {
    await drop();
    return { unavailable: `PostGIS is not installed on that server (${(e as Error).message})` };
  }
  return { client, drop };
}

/** Loads grids as SRID 4326 geometries and builds the GiST index; returns the times it took. */
export async function loadGrids(
  client: pg.Client,
  grids: { id: number; geometry: MultiPolygon }[],
): Promise<{ loadMs: number; indexMs: number }> {
  await client.query('create table geo_grids (id int primary key, geom geometry(MultiPolygon, 4326) not null)');
  const t0 = performance.now();
  for (let i = 0; i < grids.length; i += 2000) {
    const chunk = grids.slice(i, i + 2000);
    await client.query(
      `insert into geo_grids (id, geom)
       select id, ST_SetSRID(ST_GeomFromGeoJSON(g), 4326) from unnest($1::int[], $2::text[]) as t(id, g)`,
      [chunk.map((g) => g.id), chunk.map((g) => JSON.stringify({ type: 'MultiPolygon', coordinates: g.geometry }))],
    );
  }
  const t1 = performance.now();
  await client.query('create index geo_grids_geom on geo_grids using gist (geom)');
  await client.query('analyze geo_grids');
  return { loadMs: t1 - t0, indexMs: performance.now() - t1 };
}

/** For each point, the grid whose interior holds it (ST_Contains), or null; batched through unnest arrays. */
export async function containsBatch(client: pg.Client, xs: number[], ys: number[]): Promise<(number | null)[]> {
  const { rows } = await client.query<{ i: string; id: number }>(
    `select p.i, g.id from unnest($1::float8[], $2::float8[]) with ordinality as p(x, y, i)
     join geo_grids g on ST_Contains(g.geom, ST_SetSRID(ST_MakePoint(p.x, p.y), 4326))`,
    [xs, ys],
  );
  const out: (number | null)[] = new Array(xs.length).fill(null);
  for (const r of rows) out[Number(r.i) - 1] = r.id;
  return out;
}

/** For each point, every grid it touches, boundary included (ST_Intersects). */
export async function intersectsBatch(client: pg.Client, xs: number[], ys: number[]): Promise<number[][]> {
  const { rows } = await client.query<{ i: string; id: number }>(
    `select p.i, g.id from unnest($1::float8[], $2::float8[]) with ordinality as p(x, y, i)
     join geo_grids g on ST_Intersects(g.geom, ST_SetSRID(ST_MakePoint(p.x, p.y), 4326))`,
    [xs, ys],
  );
  const out: number[][] = xs.map(() => []);
  for (const r of rows) out[Number(r.i) - 1].push(r.id);
  return out;
}

export interface Agreement {
  points: number;
  /** Points PostGIS puts on a boundary (in no interior but touching a grid): judged by the edge rule. */
  onBoundary: number;
  mismatches: { x: number; y: number; index: number | null; postgis: number[] }[];
}

// The edge rule gives a boundary point to the grid holding p + (ε, ε²). PostGIS is asked about the point nudged by
// (1e-7°, 2e-13°): about 1 cm east, far less than any feature of the grids, and north by a few ulps, enough for
// horizontal edges and small enough next to the east nudge for every edge steeper than 2e-6.
const NUDGE_X = 1e-7;
const NUDGE_Y = 2e-13;

/**
 * Compares index.locate with PostGIS on every point. Inside an interior both must name the same grid. On a
 * boundary ST_Contains names none; there the index must name a grid ST_Intersects touches (or none), and the
 * grid ST_Contains finds for the point nudged as the edge rule says.
 */
export async function compareWithPostgis(
  client: pg.Client,
  index: GridIndex<number>,
  xs: number[],
  ys: number[],
  batch = 5000,
): Promise<Agreement> {
  const result: Agreement = { points: xs.length, onBoundary: 0, mismatches: [] };
  for (let s = 0; s < xs.length; s += batch) {
    const bx = xs.slice(s, s + batch);
    const by = ys.slice(s, s + batch);
    const contained = await containsBatch(client, bx, by);
    const open: number[] = [];
    for (let i = 0; i < bx.length; i++) {
      const ours = index.locateLngLat(bx[i], by[i]);
      if (contained[i] !== null) {
        if (ours !== contained[i])
          result.mismatches.push({ x: bx[i], y: by[i], index: ours, postgis: [contained[i]!] });
      } else open.push(i);
    }
    if (open.length === 0) continue;
    const ox = open.map((i) => bx[i]);
    const oy = open.map((i) => by[i]);
    const touching = await intersectsBatch(client, ox, oy);
    const nudged = await containsBatch(
      client,
      ox.map((x) => x + NUDGE_X),
      oy.map((y) => y + NUDGE_Y),
    );
    for (let k = 0; k < open.length; k++) {
      const ours = index.locateLngLat(ox[k], oy[k]);
      const set = touching[k];
      if (set.length > 0) result.onBoundary++;
      const ok = ours === nudged[k] && (ours === null || set.includes(ours));
      if (!ok) result.mismatches.push({ x: ox[k], y: oy[k], index: ours, postgis: set });
    }
  }
  return result;
}
