// POST /api/v1/geo/grid-imports: the dry-run report lists every planted fault; applying is all or nothing, makes a
// new version (the old one stays queryable) and locate uses it at once; one import at a time; hostile uploads.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromWgs84 } from '../../src/server/platform/geo/crs.ts';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  errorCode,
  login,
  type Session,
  type TestApp,
} from '../support/test-app.ts';

type Ring = number[][];
type BBox = [number, number, number, number];
interface Feature {
  type: 'Feature';
  bbox?: BBox;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}
interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

const rect = ([w, s, e, n]: BBox): Ring[] => [
  [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ],
];
const polygon = (code: string, coordinates: unknown, props: Record<string, unknown> = {}): Feature => ({
  type: 'Feature',
  properties: { code, name: `测试网格${code.slice(-2)}`, type: 'urban', ...props },
  geometry: { type: 'Polygon', coordinates },
});
const centre = (b: BBox) => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];

describe.skipIf(!engineAvailable())('grid import', () => {
  let t: TestApp;
  let steward: Session;
  /** The demo grids of one community with at least four grids, west→east, north→south. */
  let community: string;
  let g: Feature[];
  let box: (f: Feature) => BBox;

  beforeAll(async () => {
    t = await createTestApp();
    steward = await login(t.app, 'steward', DEMO_PASSWORD);
    const street = (await steward.request('GET', '/api/v1/geo/grids?street=320508021')).json() as FeatureCollection;
    const counts = new Map<string, number>();
    for (const f of street.features) {
      const c = String(f.properties.communityCode);
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    community = [...counts].find(([, n]) => n >= 4)![0];
    g = street.features.filter((f) => f.properties.communityCode === community);
    box = (f) => f.bbox!;
  });
  afterAll(() => t?.close());

  const post = (query: string, body: unknown, headers: Record<string, string> = {}) =>
    steward.request('POST', `/api/v1/geo/grid-imports?${query}`, body, headers);
  const versions = async () => (await steward.request('GET', '/api/v1/geo/grid-versions')).json();
  const exportAll = async () =>
    (await steward.request('GET', '/api/v1/geo/grids/export?format=geojson')).json() as FeatureCollection;
  const code = (f: Feature) => String(f.properties.code);

  describe('dry run', () => {
    it('lists every planted fault, with the feature it is in, and writes nothing', async () => {
      const [b0, b1, b2] = [box(g[0]), box(g[1]), box(g[2])];
      const other = (await steward.request('GET', '/api/v1/geo/grids?district=320505')).json().features[0];
      const elsewhere = (await steward.request('GET', '/api/v1/geo/grids?street=320508017')).json().features[0];
      const c = (seq: string) => `${community}${seq}`;
      const [w, s, e, n] = b0;
      const dw = (e - w) / 4;
      const dh = (n - s) / 4;
      const features: Feature[] = [
        /* 0 */ { ...g[0], bbox: undefined },
        /* 1 */ polygon(c('91'), [rect(b1)[0].slice(0, 4)]),
        /* 2 */ polygon(c('92'), [
          [
            [w, s],
            [e, n],
            [e, s],
            [w, n],
            [w, s],
          ],
        ]),
        /* 3 */ polygon(c('93'), [
          [
            [w, s],
            [e, s],
            [w, s],
          ],
        ]),
        /* 4 */ polygon(c('94'), [
          [
            [w, s],
            ['NaN', s],
            [e, n],
            [w, s],
          ],
        ]),
        /* 5 */ polygon(c('95'), [
          [
            [w, s],
            [123456789, s],
            [e, n],
            [w, s],
          ],
        ]),
        /* 6 */ polygon(c('96'), [
          [
            [w, s],
            [200, s],
            [e, n],
            [w, s],
          ],
        ]),
        /* 7 */ polygon(c('97'), [rect(b0)[0].map(([x, y]) => [y, x])]),
        /* 8 */ polygon(c('98'), rect([116.39, 39.9, 116.4, 39.91])),
        /* 9 */ polygon(code(g[1]), rect(b1)),
        /* 10 */ polygon(code(g[1]), rect(b2)),
        /* 11 */ polygon('32050802199901', rect(b1)),
        /* 12 */ polygon(`${other.properties.communityCode}99`, elsewhere.geometry.coordinates[0]),
        /* 13 */ polygon('123', rect(b1)),
        /* 14 */ polygon(c('81'), rect(b1), { name: '' }),
        /* 15 */ polygon(c('82'), rect(b1), { type: 'downtown' }),
        /* 16 */ {
          type: 'Feature',
          properties: { code: c('83'), name: '点', type: 'urban' },
          geometry: { type: 'Point', coordinates: [w, s] },
        },
        /* 17 */ polygon(c('84'), [rect(b0)[0], rect([w - 0.01, s - 0.01, w - 0.005, s - 0.005])[0].reverse()]),
        /* 18 */ polygon(c('85'), rect([w + dw, s + dh, e - dw, n - dh])),
        /* 19 */ polygon(c('86'), rect(box(g[3])), { communityCode: '320508021018', name: '' }),
      ];
      const text = JSON.stringify({ type: 'FeatureCollection', features }).replace('123456789', '1e999');
      const before = await versions();
      const res = await post('dryRun=true', text, { 'content-type': 'application/json' });
      expect(res.statusCode).toBe(200);
      const report = res.json();
      expect(report).toMatchObject({ ok: false, dryRun: true, applied: false, version: null, featureCount: 20 });
      const found = (report.problems as { featureIndex?: number; features?: number[]; kind: string }[]).map((p) =>
        p.features ? `${p.features.join('+')} ${p.kind}` : `${p.featureIndex} ${p.kind}`,
      );
      expect(found).toEqual(
        expect.arrayContaining([
          '1 unclosed_ring',
          '2 self_intersection',
          '3 too_few_points',
          '4 non_finite',
          '5 non_finite',
          '6 out_of_range',
          '7 coordinates_swapped',
          '8 outside_city',
          '9+10 duplicate_code',
          '11 unknown_community',
          '12 other_district',
          '13 code_format',
          '14 name_missing',
          '15 type_invalid',
          '16 geometry_type',
          '17 hole_outside',
          '19 declared_community_mismatch',
        ]),
      );
      expect(found.filter((p) => p.startsWith('0 '))).toEqual([]);
      expect(report.overlaps).toEqual([expect.objectContaining({ a: code(g[0]), b: c('85'), features: [0, 18] })]);
      expect(report.overlaps[0].areaM2).toBeGreaterThan(1000);
      expect(report.overlaps[0].geometry.type).toBe('MultiPolygon');
      const gapCommunities = report.gaps.map((x: { communityCode: string }) => x.communityCode);
      expect(gapCommunities).toContain(community);
      expect(report.gaps[0].areaM2).toBeGreaterThan(1000);
      expect(report.errorCount).toBe(
        report.problems.filter((p: { severity: string }) => p.severity === 'error').length +
          report.overlaps.length +
          report.gaps.length,
      );
      // Each finding is worded for people, in zh-CN by default.
      const other12 = report.problems.find((p: { featureIndex?: number }) => p.featureIndex === 12);
      expect(other12.message).toContain('虎丘区');
      expect(other12.message).toContain('姑苏区');
      expect(await versions()).toEqual(before);
    });

    it('finds no problem at all in the demo grids exported as they are, and no difference', async () => {
      const fc = await exportAll();
      const res = await post('dryRun=true', fc);
      expect(res.statusCode).toBe(200);
      const report = res.json();
      expect(report).toMatchObject({ ok: true, errorCount: 0, warningCount: 0, problems: [], overlaps: [], gaps: [] });
      expect(report.diff).toEqual({
        baseVersion: 1,
        added: [],
        changed: [],
        removed: [],
        unchanged: fc.features.length,
      });
    });

    it('converts GCJ-02 coordinates when told, and finds them misplaced when not', async () => {
      const gcj = g.map((f) => ({
        ...f,
        geometry: {
          type: 'MultiPolygon',
          coordinates: (f.geometry.coordinates as number[][][][]).map((p) =>
            p.map((r) => r.map(([x, y]) => fromWgs84([x, y], 'gcj02'))),
          ),
        },
      }));
      const told = (await post('crs=gcj02', { type: 'FeatureCollection', features: gcj })).json();
      expect(told.errorCount).toBe(0);
      expect(told.diff.changed.length + told.diff.unchanged).toBe(g.length);
      const untold = (await post('', { type: 'FeatureCollection', features: gcj })).json();
      expect(untold.errorCount).toBeGreaterThan(0);
    });

    it('answers in English when asked', async () => {
      const res = await post(
        '',
        { type: 'FeatureCollection', features: [polygon('123', rect(box(g[0])))] },
        {
          'accept-language': 'en',
        },
      );
      expect(res.json().problems[0].message).toMatch(/^Feature 1: grid code "123" is invalid/); // people count from 1
    });
  });

  describe('refusals', () => {
    it('applies nothing from a collection mixing valid and invalid features, and says why', async () => {
      const before = await versions();
      const res = await post('dryRun=false', {
        type: 'FeatureCollection',
        features: [{ ...g[0] }, polygon(`${community}91`, [rect(box(g[1]))[0].slice(0, 4)])],
      });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('GRID_IMPORT_INVALID');
      const report = res.json().error.details.report;
      expect(report.problems).toEqual(
        expect.arrayContaining([expect.objectContaining({ featureIndex: 1, kind: 'unclosed_ring' })]),
      );
      expect(await versions()).toEqual(before);
    });

    it('refuses duplicate codes', async () => {
      const res = await post('dryRun=false', {
        type: 'FeatureCollection',
        features: [polygon(code(g[0]), rect(box(g[0]))), polygon(code(g[0]), rect(box(g[1])))],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.report.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'duplicate_code', code: code(g[0]), features: [0, 1] }),
        ]),
      );
    });

    it('refuses NaN, Infinity and out-of-range coordinates, naming each feature', async () => {
      const [w, s, e, n] = box(g[0]);
      const text = JSON.stringify({
        type: 'FeatureCollection',
        features: [
          polygon(`${community}91`, [
            [
              [w, s],
              [e, s],
              [e, n],
              ['NaN', n],
              [w, s],
            ],
          ]),
          polygon(`${community}92`, [
            [
              [w, s],
              [e, s],
              [e, 123456789],
              [w, n],
              [w, s],
            ],
          ]),
          polygon(`${community}93`, [
            [
              [w, s],
              [e, s],
              [e, -123456789],
              [w, n],
              [w, s],
            ],
          ]),
          polygon(`${community}94`, [
            [
              [w, s],
              [e, s],
              [e, 91],
              [w, n],
              [w, s],
            ],
          ]),
          polygon(`${community}95`, [
            [
              [w, s],
              [e, s],
              [e, null],
              [w, n],
              [w, s],
            ],
          ]),
        ],
      })
        .replace('-123456789', '-1e999')
        .replace('123456789', '1e999');
      const res = await post('dryRun=false', text, { 'content-type': 'application/json' });
      expect(res.statusCode).toBe(400);
      const kinds = res
        .json()
        .error.details.report.problems.map((p: { featureIndex: number; kind: string }) => [p.featureIndex, p.kind]);
      expect(kinds).toEqual([
        [0, 'non_finite'],
        [1, 'non_finite'],
        [2, 'non_finite'],
        [3, 'out_of_range'],
        [4, 'non_finite'],
      ]);
    });

    it('refuses a polygon with 1,000,000 vertices quickly, without looking at them', async () => {
      const [x, y] = centre(box(g[0]));
      const ring: number[][] = [];
      for (let i = 0; i < 1_000_000; i++) {
        const a = (2 * Math.PI * i) / 1_000_000;
        ring.push([x + 0.001 * Math.cos(a), y + 0.001 * Math.sin(a)]);
      }
      ring.push(ring[0]);
      const body = JSON.stringify({ type: 'FeatureCollection', features: [polygon(`${community}91`, [ring])] });
      const t0 = Date.now();
      const res = await post('dryRun=true', body, { 'content-type': 'application/json' });
      const ms = Date.now() - t0;
      expect(res.statusCode).toBe(200);
      expect(res.json().problems).toEqual([
        expect.objectContaining({ featureIndex: 0, kind: 'too_many_vertices', severity: 'error' }),
        ...res.json().problems.slice(1),
      ]);
      expect(res.json().problems[0].message).toContain('1000001');
      expect(ms).toBeLessThan(10_000);
    });

    it('refuses a 200 MB upload with 413 before reading it, and writes nothing', async () => {
      const before = await versions();
      const res = await post('dryRun=false', Buffer.alloc(200 * 1024 * 1024, 0x20), {
        'content-type': 'application/json',
      });
      expect(res.statusCode).toBe(413);
      expect(errorCode(res)).toBe('BODY_TOO_LARGE');
      expect(res.json().error.details.limit).toBe(50 * 1024 * 1024);
      expect(await versions()).toEqual(before);
    });

    it.each([
      ['not JSON', '{"type": "FeatureCollection", "features": [', 'MALFORMED_JSON'],
      ['not a FeatureCollection', '{"type": "Feature", "geometry": null, "properties": {}}', 'GEOJSON_MALFORMED'],
      ['features not an array', '{"type": "FeatureCollection", "features": {}}', 'GEOJSON_MALFORMED'],
      ['no features', '{"type": "FeatureCollection", "features": []}', 'GRID_IMPORT_EMPTY'],
      ['an array', '[1, 2]', 'VALIDATION_FAILED'],
    ])('refuses malformed GeoJSON (%s) with 400 %s', async (_what, text, expected) => {
      const res = await post('dryRun=true', text, { 'content-type': 'application/json' });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe(expected);
    });

    it('answers arbitrary features with a report or a 400, never a server error', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.anything(), { maxLength: 6 }), async (features) => {
          const res = await post('dryRun=true', { type: 'FeatureCollection', features });
          expect([200, 400]).toContain(res.statusCode);
        }),
        { numRuns: 60 },
      );
    });

    it('accepts a .geojson upload sent as application/geo+json', async () => {
      const res = await post('dryRun=true', JSON.stringify({ type: 'FeatureCollection', features: [{ ...g[0] }] }), {
        'content-type': 'application/geo+json',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().featureCount).toBe(1);
    });
  });

  describe('applying', () => {
    it('writes a new version; the old one stays queryable and locate uses the new grids at once', async () => {
      // Merge the first two grids of the community's first row into one.
      const [a, b] = [g[0], g[1]];
      expect(box(b)[0]).toBe(box(a)[2]);
      const merged: BBox = [box(a)[0], box(a)[1], box(b)[2], box(a)[3]];
      const fc = await exportAll();
      const features = fc.features
        .filter((f) => code(f) !== code(b))
        .map((f) =>
          code(f) === code(a)
            ? {
                ...f,
                properties: { ...f.properties, name: '合并网格' },
                geometry: { type: 'Polygon', coordinates: rect(merged) },
              }
            : f,
        );
      const [bx, by] = centre(box(b));
      const before = (await steward.request('GET', `/api/v1/geo/locate?lat=${by}&lng=${bx}`)).json();
      expect(before.grid.code).toBe(code(b));

      const res = await post('dryRun=false&note=merge', { type: 'FeatureCollection', features });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ ok: true, applied: true, version: 2 });
      expect(res.json().diff).toMatchObject({ baseVersion: 1, added: [], changed: [code(a)], removed: [code(b)] });

      const after = (await steward.request('GET', `/api/v1/geo/locate?lat=${by}&lng=${bx}`)).json();
      expect(after.grid).toEqual({ code: code(a), name: '合并网格', type: 'urban' });
      expect(
        (await versions()).items.map((v: { version: number; current: boolean }) => [v.version, v.current]),
      ).toEqual([
        [2, true],
        [1, false],
      ]);
      expect((await steward.request('GET', `/api/v1/geo/grids/${code(b)}`)).statusCode).toBe(404);
      expect((await steward.request('GET', `/api/v1/geo/grids/${code(b)}?version=1`)).json().name).toBe(
        b.properties.name,
      );
      const v1 = (await steward.request('GET', `/api/v1/geo/grids?version=1&community=${community}`)).json();
      const v2 = (await steward.request('GET', `/api/v1/geo/grids?community=${community}`)).json();
      expect(v1.features.length).toBe(g.length);
      expect(v2.features.length).toBe(g.length - 1);

      const orphans = await sql<{ n: number }>`
        select count(*)::int as n from addresses where grid_code = ${code(b)}`.execute(t.opened.db);
      expect(orphans.rows[0].n).toBe(0);
      const events = await sql<{ payload: { version: number } }>`
        select payload from outbox where type = 'geo.grids.imported'`.execute(t.opened.db);
      expect(events.rows.map((r) => r.payload.version)).toEqual([2]);
    });

    it('lets one of two concurrent imports proceed and answers the other 409 GRID_IMPORT_IN_PROGRESS', async () => {
      const fc = await exportAll();
      const before = (await versions()).items.length;
      const results = await Promise.all([post('dryRun=false', fc), post('dryRun=false', fc)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(errorCode(results.find((r) => r.statusCode === 409)!)).toBe('GRID_IMPORT_IN_PROGRESS');
      expect((await versions()).items.length).toBe(before + 1);
    });
  });
});
