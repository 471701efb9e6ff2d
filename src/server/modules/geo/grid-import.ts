// Importing a new grid version from GeoJSON: a dry run reports every problem and writes nothing; applying
// refuses on any error, else writes the whole new version in one transaction (all or nothing), makes it the
// version in force, re-locates addresses and places, and swaps the look-up index after the commit.
//
// One import at a time, city-wide: pg_try_advisory_xact_lock refuses a second importer at once (409) instead of
// queueing it. PGlite runs one transaction at a time, so there the second request would only queue for the
// connection — already while being authenticated — and then run on top of the first: in-process, an import
// that arrived while another was running (or that finds one running) is answered 409 as well.
import type { Transaction } from 'kysely';
import type { Database } from '../../database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { allows, can } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, badRequest, conflict } from '../../platform/errors.ts';
import type { Crs } from '../../platform/geo/crs.ts';
import { bboxOf } from '../../platform/geo/geometry.ts';
import { type PolygonalGeometry, toMultiPolygon } from '../../platform/geo/types.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { relocateAddressesAndPlaces } from './gazetteer.ts';
import * as grids from './grid-repo.ts';
import { buildImportReport, type ImportContext, type ImportReport, type KnownDivision } from './import-report.ts';
import { buildGridIndex, editionKey, publishGridIndex } from './locate.ts';
import { selectDivisionsWithBoundaries } from './repo.ts';

/** Route-level body limit of the import endpoints (the global limit is 1 MB). */
export const GEO_IMPORT_BODY_LIMIT = 50 * 1024 * 1024;
export const MAX_FEATURES = 100_000;

export type TxRunner = <T>(fn: (tx: Transaction<Database>, actor: Actor) => Promise<T>) => Promise<T>;

export interface GridImportInput {
  body: unknown;
  dryRun: boolean;
  crs: Crs;
  note?: string;
  locale: Locale;
  /** performance.now() when the request arrived. */
  receivedAt: number;
}

export interface GridImportResult extends ImportReport {
  dryRun: boolean;
  applied: boolean;
  /** The new version when applied. */
  version: number | null;
}

let importRunning = false;
/** performance.now() when the last import that was applying finished (or failed). */
let lastImportEndedAt = Number.NEGATIVE_INFINITY;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The features of a FeatureCollection, or a 400 naming what is wrong with its outline. */
export function readFeatureCollection(body: unknown): unknown[] {
  if (!isObject(body) || body.type !== 'FeatureCollection') {
    throw badRequest('GEOJSON_MALFORMED', { field: 'type', problem: 'type must be "FeatureCollection"' });
  }
  if (!Array.isArray(body.features)) {
    throw badRequest('GEOJSON_MALFORMED', { field: 'features', problem: 'features must be an array' });
  }
  if (body.features.length === 0) throw badRequest('GRID_IMPORT_EMPTY', { field: 'features' });
  if (body.features.length > MAX_FEATURES) {
    throw badRequest('GRID_IMPORT_TOO_MANY_FEATURES', {
      field: 'features',
      count: body.features.length,
      max: MAX_FEATURES,
    });
  }
  return body.features;
}

function polygonal(x: unknown) {
  if (!isObject(x) || (x.type !== 'Polygon' && x.type !== 'MultiPolygon')) return null;
  return toMultiPolygon(x as unknown as PolygonalGeometry);
}

async function loadImportContext(tx: Tx, crs: Crs, locale: Locale): Promise<ImportContext> {
  const settings = await grids.selectSettings(tx);
  const divisions = new Map<string, KnownDivision>();
  for (const d of await selectDivisionsWithBoundaries(tx)) {
    divisions.set(d.code, { code: d.code, name: d.name, level: d.level, boundary: polygonal(d.boundary) });
  }
  const cityBoundary = [...divisions.values()].find((d) => d.level === 'city')?.boundary;
  const current =
    settings.currentVersion === null
      ? null
      : {
          version: settings.currentVersion,
          grids: new Map(
            (await grids.selectIndexGrids(tx, settings.currentVersion)).map((g) => [
              g.code,
              { name: g.name, type: g.type, geometry: g.geometry.coordinates },
            ]),
          ),
        };
  return {
    crs,
    locale,
    sequenceWidth: settings.sequenceWidth,
    cityBbox: settings.cityBbox ?? (cityBoundary ? bboxOf(cityBoundary) : null),
    divisions,
    current,
  };
}

interface ImportOutcome {
  result: GridImportResult;
  published?: { key: string | null; index: ReturnType<typeof buildGridIndex> };
}

async function importGrids(tx: Tx, actor: Actor, input: GridImportInput): Promise<ImportOutcome> {
  can(actor, 'geo.grid.import');
  const features = readFeatureCollection(input.body);
  if (!input.dryRun && !(await grids.tryGridImportLock(tx))) throw conflict('GRID_IMPORT_IN_PROGRESS');
  const ctx = await loadImportContext(tx, input.crs, input.locale);
  const { report, grids: valid } = buildImportReport(features, ctx);
  if (input.dryRun) return { result: { ...report, dryRun: true, applied: false, version: null } };
  if (!report.ok) throw new AppError('GRID_IMPORT_INVALID', 400, { errorCount: report.errorCount, report });

  valid.sort((a, b) => a.code.localeCompare(b.code));
  const version = await grids.insertVersion(tx, {
    createdBy: actor.name,
    note: input.note?.trim() || null,
    source: 'import',
    featureCount: valid.length,
  });
  await grids.insertGrids(tx, version.version, valid);
  await grids.setCurrentVersion(tx, version.version);
  const index = buildGridIndex(
    valid.map((g) => ({ ...g, geometry: { type: 'MultiPolygon' as const, coordinates: g.geometry } })),
  );
  const relocated = await relocateAddressesAndPlaces(tx, index);
  const { diff } = report;
  const summary = {
    baseVersion: diff.baseVersion,
    grids: valid.length,
    added: diff.added.length,
    changed: diff.changed.length,
    removed: diff.removed.length,
    crs: input.crs,
    warnings: report.warningCount,
    relocated,
  };
  await recordAudit(tx, actor, 'geo.grids.import', { type: 'grid_version', id: version.version }, summary);
  await emit(tx, { type: 'geo.grids.imported', version: version.version, ...summary });
  return {
    result: { ...report, dryRun: false, applied: true, version: version.version },
    published: { key: editionKey(version.version, version.createdAt), index },
  };
}

/**
 * Runs an import in a transaction of `run` and, once it has committed, swaps the new index in. `actor` is
 * only used to decide whether this request takes the in-process import slot; the permission itself is
 * checked inside the transaction, where a denial is audited.
 */
export async function runGridImport(actor: Actor, run: TxRunner, input: GridImportInput): Promise<GridImportResult> {
  const exclusive = !input.dryRun && allows(actor, 'geo.grid.import');
  if (exclusive) {
    if (importRunning || lastImportEndedAt > input.receivedAt) throw conflict('GRID_IMPORT_IN_PROGRESS');
    importRunning = true;
  }
  try {
    const outcome = await run((tx, a) => importGrids(tx, a, input));
    if (outcome.published) publishGridIndex(outcome.published.key, outcome.published.index);
    return outcome.result;
  } finally {
    if (exclusive) {
      importRunning = false;
      lastImportEndedAt = performance.now();
    }
  }
}
