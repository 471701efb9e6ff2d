// Demo seed, after the divisions: SYNTHETIC boundaries for the five urban districts of 苏州市 (real codes and
// names, made-up shapes; see demo-layout.ts), about three thousand unit grids as grid version 1, and a few
// hundred addresses and places in 姑苏区. Idempotent: boundaries are only filled where a division has none, and
// the grids only when no grid version is in force yet, so a city's own data is never overwritten.
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { GridIndex } from '../../platform/geo/spatial-index.ts';
import type { BBox } from '../../platform/geo/types.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { demoAddresses, demoPlaces } from './demo-gazetteer.ts';
import { demoLayout } from './demo-layout.ts';
import { upsertAddresses, upsertPlaces } from './gazetteer-repo.ts';
import * as grids from './grid-repo.ts';
import { setMissingBoundaries } from './repo.ts';
import { readDivisionSnapshot } from './seed-demo.ts';

/** 苏州市's real extent, a little generous: imported grids outside it are refused as outside the city. */
export const SUZHOU_BBOX: BBox = [119.85, 30.7, 121.4, 32.1];

export async function seedDemoGrids(ctx: DemoSeedContext): Promise<void> {
  const t0 = performance.now();
  const layout = demoLayout(readDivisionSnapshot().divisions);
  ctx.progress.start('网格 demo grids (synthetic boundaries)', layout.grids.length);
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    const boundaries = await setMissingBoundaries(
      tx,
      [...layout.boundaries].map(([code, coordinates]) => ({ code, geometry: { type: 'MultiPolygon', coordinates } })),
    );
    await grids.setCityBboxIfUnset(tx, SUZHOU_BBOX);
    if ((await grids.selectSettings(tx)).currentVersion !== null) return { boundaries, version: null };
    const version = await grids.insertVersion(tx, {
      createdBy: SYSTEM_ACTOR.name,
      note: '演示网格：边界为合成数据，区划代码与名称真实 / demo grids: SYNTHETIC boundaries, real division codes and names',
      source: 'demo',
      featureCount: layout.grids.length,
    });
    await grids.insertGrids(tx, version.version, layout.grids);
    ctx.progress.tick(layout.grids.length);
    await grids.setCurrentVersion(tx, version.version);
    const index = GridIndex.build(layout.grids.map((g) => ({ id: g.code, geometry: g.geometry })));
    const addresses = await upsertAddresses(tx, demoAddresses(index));
    const places = (await upsertPlaces(tx, demoPlaces(index))).length;
    await recordAudit(
      tx,
      SYSTEM_ACTOR,
      'geo.grids.seed_demo',
      { type: 'grid_version', id: version.version },
      { grids: layout.grids.length, boundaries, addresses, places, synthetic: true },
    );
    return { boundaries, version: version.version, addresses, places };
  });
  const ms = (performance.now() - t0).toFixed(0);
  ctx.progress.done(
    outcome.version === null
      ? `grids already present; ${outcome.boundaries} boundaries filled (${ms} ms)`
      : `${layout.grids.length} synthetic grids as version ${outcome.version}, ${outcome.boundaries} boundaries, ` +
          `${outcome.addresses} addresses, ${outcome.places} places (${ms} ms)`,
  );
}
