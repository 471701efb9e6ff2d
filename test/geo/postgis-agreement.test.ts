// `locate` must agree with PostGIS on the same grids and points (issue 3, "Done when"). Runs against the test
// run's throwaway PostgreSQL cluster; without PostGIS it skips loudly, and in CI (CI=true) it fails instead.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { areaSquareMeters } from '../../src/server/platform/geo/geometry.ts';
import { GridIndex } from '../../src/server/platform/geo/spatial-index.ts';
import { type SyntheticGrid, seededRandom, syntheticGrids } from '../../src/server/platform/geo/synthetic-grids.ts';
import type { BBox } from '../../src/server/platform/geo/types.ts';
import { compareWithPostgis, loadGrids, openScratchPostgis, type ScratchPostgis } from './postgis.ts';

const BBOX: BBox = [120.5, 31.2, 120.8, 31.4];
const required = process.env.CI === 'true' || process.env.ONECITY_REQUIRE_POSTGRES === '1';

let scratch: ScratchPostgis | undefined;
let unavailable: string | undefined;
let warned = false;
let grids: SyntheticGrid[];
let index: GridIndex<number>;

beforeAll(async () => {
  grids = syntheticGrids({ cols: 76, rows: 66, bbox: BBOX, seed: 20240603 });
  index = GridIndex.build(grids);
  const url = inject('postgresUrl');
  if (!url) {
    unavailable = `no PostgreSQL server for this run (${inject('postgresUnavailable')})`;
    return;
  }
  const opened = await openScratchPostgis(url, `onecity_geo_agreement_${process.pid}`);
  if ('unavailable' in opened) unavailable = opened.unavailable;
  else {
    scratch = opened;
    await loadGrids(scratch.client, grids);
  }
});

afterAll(async () => {
  await scratch?.drop();
});

function requirePostgis(skip: (note?: string) => void): ScratchPostgis {
  if (scratch) return scratch;
  const reason = `PostGIS agreement test SKIPPED: ${unavailable}. Install postgresql-15-postgis-3.`;
  if (required) throw new Error(`PostGIS is required in CI: ${unavailable}`);
  if (!warned) process.stderr.write(`\n${'!'.repeat(100)}\n!! ${reason}\n${'!'.repeat(100)}\n`);
  warned = true;
  skip(reason);
  throw new Error('unreachable');
}

describe('grid look-up agrees with PostGIS', () => {
  it('loads ~5,000 synthetic grids that PostGIS also finds valid', async (ctx) => {
    const { client } = requirePostgis(ctx.skip);
    expect(grids.length).toBeGreaterThanOrEqual(5000);
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::int n from geo_grids where not ST_IsValid(geom)',
    );
    expect(rows[0].n).toBe(0);
  });

  it('names the same grid as ST_Contains for 100,000 random points', async (ctx) => {
    const { client } = requirePostgis(ctx.skip);
    const random = seededRandom(42);
    const xs: number[] = [];
    const ys: number[] = [];
    // A margin around the city so that "outside jurisdiction" is compared too.
    for (let i = 0; i < 100_000; i++) {
      xs.push(BBOX[0] - 0.01 + (BBOX[2] - BBOX[0] + 0.02) * random());
      ys.push(BBOX[1] - 0.01 + (BBOX[3] - BBOX[1] + 0.02) * random());
    }
    const result = await compareWithPostgis(client, index, xs, ys);
    expect(result.mismatches.slice(0, 5)).toEqual([]);
    expect(result.points).toBe(100_000);
  });

  it('puts grid corners and points along shared edges in one of the grids PostGIS says they touch', async (ctx) => {
    const { client } = requirePostgis(ctx.skip);
    const xs: number[] = [];
    const ys: number[] = [];
    for (const g of grids.slice(0, 1500)) {
      for (const [x, y] of g.geometry[0][0]) {
        xs.push(x);
        ys.push(y);
      }
    }
    const result = await compareWithPostgis(client, index, xs, ys);
    expect(result.mismatches.slice(0, 5)).toEqual([]);
    expect(result.onBoundary).toBe(xs.length);
  });

  it('measures grid areas as PostGIS geography does, within 0.01 %', async (ctx) => {
    const { client } = requirePostgis(ctx.skip);
    const sample = grids.filter((_, i) => i % 50 === 0);
    const { rows } = await client.query<{ id: number; area: number }>(
      'select id, ST_Area(geom::geography) as area from geo_grids where id = any($1::int[])',
      [sample.map((g) => g.id)],
    );
    const byId = new Map(rows.map((r) => [r.id, r.area]));
    for (const g of sample) {
      const theirs = byId.get(g.id)!;
      expect(Math.abs(areaSquareMeters(g.geometry) - theirs) / theirs).toBeLessThan(1e-4);
    }
  });
});
