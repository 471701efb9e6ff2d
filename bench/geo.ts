// Grid look-up (issue 3): the in-memory index (flatbush over polygon boxes + exact point-in-polygon) on a
// synthetic city of 10,000 and 50,000 grids, 1,000,000 seeded random look-ups, against baselines from the same
// run: (a) a naive linear point-in-polygon scan, (b) PostGIS ST_Contains with a GiST index on a throwaway
// cluster (skipped with a message where PostGIS is not installed). Every PostGIS answer is compared with the
// index's: points in an interior must get the same grid; points on a boundary are judged by the edge rule.
// Random points practically never fall on a boundary; test/geo/postgis-agreement.test.ts probes grid corners.
import v8 from 'node:v8';
import vm from 'node:vm';
import type pg from 'pg';
import { pointInMultiPolygon } from '../src/server/platform/geo/geometry.ts';
import { GridIndex } from '../src/server/platform/geo/spatial-index.ts';
import {
  SUZHOU_BBOX,
  type SyntheticGrid,
  seededRandom,
  syntheticGrids,
} from '../src/server/platform/geo/synthetic-grids.ts';
import { compareWithPostgis, loadGrids, openScratchPostgis, type ScratchPostgis } from '../test/geo/postgis.ts';
import { type Cluster, startCluster } from '../test/support/postgres-cluster.ts';
import type { BenchRow } from './run.ts';

const LOOKUPS = 1_000_000;
const BATCH = 1_000;
const TIMED_SAMPLE = 100_000;
const LINEAR_SAMPLE = 2_000;
const PG_BATCHED = 20_000;
const PG_SINGLE = 2_000;
const SIZES = [
  { label: '10k grids', cols: 100, rows: 100 },
  { label: '50k grids', cols: 250, rows: 200 },
];

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const log = (s: string) => process.stderr.write(`${s}\n`);

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function randomPoints(n: number, seed: number): { xs: Float64Array; ys: Float64Array } {
  const random = seededRandom(seed);
  const [x0, y0, x1, y1] = SUZHOU_BBOX;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = x0 + (x1 - x0) * random();
    ys[i] = y0 + (y1 - y0) * random();
  }
  return { xs, ys };
}

/** The index lives mostly in typed arrays, which V8 keeps outside the JS heap: count both. */
function memoryInUse(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function measureBuild(grids: SyntheticGrid[]) {
  GridIndex.build(grids); // warm-up
  const times: number[] = [];
  let index: GridIndex<number> | undefined;
  let heapDelta = 0;
  for (let r = 0; r < 3; r++) {
    index = undefined;
    gc();
    const heap0 = memoryInUse();
    const t0 = performance.now();
    index = GridIndex.build(grids);
    times.push(performance.now() - t0);
    gc();
    heapDelta = memoryInUse() - heap0;
  }
  times.sort((a, b) => a - b);
  return { index: index!, buildMs: times[1], heapDelta };
}

function measureLookups(index: GridIndex<number>, xs: Float64Array, ys: Float64Array) {
  let sink = 0;
  for (let i = 0; i < 100_000; i++) sink += index.locateEntry(xs[i], ys[i]); // warm-up
  const batches = new Float64Array(xs.length / BATCH);
  const t0 = process.hrtime.bigint();
  for (let b = 0; b < batches.length; b++) {
    const s = process.hrtime.bigint();
    for (let i = b * BATCH, end = i + BATCH; i < end; i++) sink += index.locateEntry(xs[i], ys[i]);
    batches[b] = Number(process.hrtime.bigint() - s) / BATCH;
  }
  const totalNs = Number(process.hrtime.bigint() - t0);
  batches.sort();
  // Individually timed sample: includes the cost of two hrtime calls, measured alone and reported beside it.
  const single = new Float64Array(TIMED_SAMPLE);
  const overhead = new Float64Array(TIMED_SAMPLE);
  for (let i = 0; i < TIMED_SAMPLE; i++) {
    const s = process.hrtime.bigint();
    sink += index.locateEntry(xs[i], ys[i]);
    single[i] = Number(process.hrtime.bigint() - s);
    const o = process.hrtime.bigint();
    overhead[i] = Number(process.hrtime.bigint() - o);
  }
  single.sort();
  overhead.sort();
  if (sink === Number.MIN_SAFE_INTEGER) log('unreachable');
  return {
    perSecond: (xs.length / totalNs) * 1e9,
    batchP99Us: quantile(batches, 0.99) / 1000,
    singleP50Us: quantile(single, 0.5) / 1000,
    singleP99Us: quantile(single, 0.99) / 1000,
    timerP50Us: quantile(overhead, 0.5) / 1000,
  };
}

function measureLinearScan(grids: SyntheticGrid[], index: GridIndex<number>, xs: Float64Array, ys: Float64Array) {
  let mismatches = 0;
  const t0 = performance.now();
  for (let i = 0; i < LINEAR_SAMPLE; i++) {
    const p: [number, number] = [xs[i], ys[i]];
    let found: number | null = null;
    for (const g of grids) {
      if (pointInMultiPolygon(p, g.geometry)) {
        found = g.id;
        break;
      }
    }
    if (found !== index.locateLngLat(xs[i], ys[i])) mismatches++;
  }
  return { perSecond: (LINEAR_SAMPLE / (performance.now() - t0)) * 1000, mismatches };
}

async function measurePostgis(client: pg.Client, grids: SyntheticGrid[], index: GridIndex<number>, seed: number) {
  const load = await loadGrids(client, grids);
  const { xs, ys } = randomPoints(PG_BATCHED, seed);
  const ax = Array.from(xs);
  const ay = Array.from(ys);
  const sql = `select g.id from unnest($1::float8[], $2::float8[]) with ordinality as p(x, y, i)
     left join geo_grids g on ST_Contains(g.geom, ST_SetSRID(ST_MakePoint(p.x, p.y), 4326)) order by p.i`;
  await client.query(sql, [ax.slice(0, BATCH), ay.slice(0, BATCH)]); // warm-up
  const t0 = performance.now();
  for (let s = 0; s < PG_BATCHED; s += BATCH) await client.query(sql, [ax.slice(s, s + BATCH), ay.slice(s, s + BATCH)]);
  const batchedPerSecond = (PG_BATCHED / (performance.now() - t0)) * 1000;
  const one = {
    name: 'geo_locate_one',
    text: 'select id from geo_grids where ST_Contains(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))',
  };
  for (let i = 0; i < 100; i++) await client.query({ ...one, values: [ax[i], ay[i]] }); // warm-up
  const single = new Float64Array(PG_SINGLE);
  const t1 = performance.now();
  for (let i = 0; i < PG_SINGLE; i++) {
    const s = performance.now();
    await client.query({ ...one, values: [ax[i], ay[i]] });
    single[i] = (performance.now() - s) * 1000;
  }
  const singlePerSecond = (PG_SINGLE / (performance.now() - t1)) * 1000;
  single.sort();
  const agreement = await compareWithPostgis(client, index, ax, ay);
  return { ...load, batchedPerSecond, singlePerSecond, singleP99Us: quantile(single, 0.99), agreement };
}

export async function geoBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const row = (c: string, baseline: string, value: number, baselineValue: number, unit: string) =>
    rows.push({ case: c, baseline, value, baselineValue, unit, ratio: value / baselineValue });
  const started = await startCluster();
  let cluster: Cluster | undefined;
  if ('unavailable' in started) log(`PostGIS baseline skipped: ${started.unavailable}`);
  else cluster = started;
  try {
    for (const [n, size] of SIZES.entries()) {
      const grids = syntheticGrids({ cols: size.cols, rows: size.rows, seed: 7 + n });
      const geojsonMb = JSON.stringify(grids.map((g) => g.geometry)).length / 1e6;
      const { index, buildMs, heapDelta } = measureBuild(grids);
      log(`${size.label}: ${grids.length} grids, ${index.vertexCount} vertices, build ${buildMs.toFixed(1)} ms`);
      const { xs, ys } = randomPoints(LOOKUPS, 1000 + n);
      const look = measureLookups(index, xs, ys);
      log(
        `${size.label}: ${(look.perSecond / 1e6).toFixed(2)} M look-ups/s; p99 ${look.batchP99Us.toFixed(3)} µs (per look-up, ` +
          `batches of ${BATCH}); individually timed p50 ${look.singleP50Us.toFixed(3)} / p99 ${look.singleP99Us.toFixed(3)} µs ` +
          `incl. ~${look.timerP50Us.toFixed(3)} µs timer overhead`,
      );
      const linear = measureLinearScan(grids, index, xs, ys);
      log(
        `${size.label}: linear scan ${linear.perSecond.toFixed(0)} look-ups/s, ${linear.mismatches} answers differ from the index`,
      );
      const L = size.label;
      row(
        `${L}: locate, 1M random points`,
        `naive linear PIP scan (${LINEAR_SAMPLE} points)`,
        look.perSecond,
        linear.perSecond,
        'look-ups/s',
      );

      let pgis: Awaited<ReturnType<typeof measurePostgis>> | undefined;
      if (cluster) {
        const scratch: ScratchPostgis | { unavailable: string } = await openScratchPostgis(
          cluster.url('postgres'),
          `onecity_geo_bench_${n}`,
        );
        if ('unavailable' in scratch) log(`PostGIS baseline skipped: ${scratch.unavailable}`);
        else {
          try {
            pgis = await measurePostgis(scratch.client, grids, index, 2000 + n);
          } finally {
            await scratch.drop();
          }
          const a = pgis.agreement;
          log(
            `${L}: PostGIS load ${pgis.loadMs.toFixed(0)} ms + GiST ${pgis.indexMs.toFixed(0)} ms; ST_Contains batched ` +
              `${pgis.batchedPerSecond.toFixed(0)}/s, one by one ${pgis.singlePerSecond.toFixed(0)}/s (p99 ${pgis.singleP99Us.toFixed(0)} µs); ` +
              `${a.mismatches.length} of ${a.points} answers differ (${a.onBoundary} on a boundary)`,
          );
          row(
            `${L}: locate`,
            `PostGIS ST_Contains+GiST, ${BATCH} points/query`,
            look.perSecond,
            pgis.batchedPerSecond,
            'look-ups/s',
          );
          row(
            `${L}: locate`,
            'PostGIS ST_Contains+GiST, 1 point/query',
            look.perSecond,
            pgis.singlePerSecond,
            'look-ups/s',
          );
          row(
            `${L}: locate p99 (batches of ${BATCH})`,
            'PostGIS 1 point/query p99',
            look.batchP99Us,
            pgis.singleP99Us,
            'µs',
          );
          row(`${L}: index build`, 'PostGIS load + GiST build', buildMs, pgis.loadMs + pgis.indexMs, 'ms');
          row(`${L}: answers differing from PostGIS`, 'points compared', a.mismatches.length, a.points, 'points');
        }
      }
      if (!pgis) row(`${L}: index build`, 'issue target', buildMs, 2000, 'ms');
      row(`${L}: locate p99, individually timed`, 'timer overhead (p50)', look.singleP99Us, look.timerP50Us, 'µs');
      row(`${L}: index memoryBytes()`, 'grids as GeoJSON text', index.memoryBytes() / 1e6, geojsonMb, 'MB');
      row(
        `${L}: memory growth (heap + ArrayBuffers) after build`,
        'grids as GeoJSON text',
        heapDelta / 1e6,
        geojsonMb,
        'MB',
      );
    }
  } finally {
    cluster?.stop();
  }
  return rows;
}
