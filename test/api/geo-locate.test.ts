// GET /api/v1/geo/locate over the demo city's (synthetic) grids: inside, outside, on shared edges and corners,
// in GCJ-02 and BD-09, with the grid workers of the day; refusals name the bad field.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locatePoint } from '../../src/server/modules/geo/locate.ts';
import { fromWgs84 } from '../../src/server/platform/geo/crs.ts';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  errorCode,
  login,
  type Session,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../support/test-app.ts';
import { userByUsername, withKey } from './fixtures.ts';

interface GridFeature {
  bbox: [number, number, number, number];
  properties: { code: string; name: string; communityCode: string };
}

describe.skipIf(!engineAvailable())('locate', () => {
  let t: TestApp;
  let admin: Session;
  let agent: Session;
  let grids: GridFeature[];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    agent = await login(t.app, 'agent', DEMO_PASSWORD);
    // 桂花社区 (沧浪街道, 姑苏区): a community with a few rows of demo grids.
    grids = (await admin.request('GET', '/api/v1/geo/grids?community=320508020014')).json().features;
  });
  afterAll(() => t?.close());

  const locate = (query: string, s: Session = agent) => s.request('GET', `/api/v1/geo/locate?${query}`);
  const centre = (g: GridFeature) => [(g.bbox[0] + g.bbox[2]) / 2, (g.bbox[1] + g.bbox[3]) / 2] as const;
  const codeAt = async (lng: number, lat: number) => {
    const res = await locate(`lat=${lat}&lng=${lng}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    return body.inside ? (body.grid.code as string) : null;
  };

  it('finds the grid, community, street and district of a point inside a grid', async () => {
    const g = grids[0];
    const [lng, lat] = centre(g);
    const res = await locate(`lat=${lat}&lng=${lng}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      inside: true,
      point: { lng, lat },
      grid: { code: g.properties.code, name: g.properties.name, type: 'urban' },
      community: { code: '320508020014', name: '桂花社区居委会' },
      street: { code: '320508020', name: '沧浪街道' },
      district: { code: '320508', name: '姑苏区' },
      workers: [],
    });
  });

  it('answers outside_jurisdiction for a point in no grid', async () => {
    // 吴江区 has no demo grids; 北京 is not in the city at all.
    for (const [lng, lat] of [
      [120.64, 31.0],
      [116.4, 39.9],
    ]) {
      const res = await locate(`lat=${lat}&lng=${lng}`);
      expect(res.json()).toEqual({ inside: false, reason: 'outside_jurisdiction', point: { lng, lat } });
    }
  });

  it('gives a point on an edge shared by two grids to the grid east of it', async () => {
    const west = grids.find((a) => grids.some((b) => b.bbox[0] === a.bbox[2] && b.bbox[1] === a.bbox[1]))!;
    const east = grids.find((b) => b.bbox[0] === west.bbox[2] && b.bbox[1] === west.bbox[1])!;
    expect(await codeAt(west.bbox[2], (west.bbox[1] + west.bbox[3]) / 2)).toBe(east.properties.code);
  });

  it('gives a point on an east–west edge to the grid north of it, and a shared corner to the north-east grid', async () => {
    const south = grids.find((a) => grids.some((b) => b.bbox[1] === a.bbox[3] && b.bbox[0] === a.bbox[0]))!;
    const north = grids.find((b) => b.bbox[1] === south.bbox[3] && b.bbox[0] === south.bbox[0])!;
    expect(await codeAt((south.bbox[0] + south.bbox[2]) / 2, south.bbox[3])).toBe(north.properties.code);
    const corner = grids.find((g) => g.bbox[0] === north.bbox[2] && g.bbox[1] === north.bbox[1]);
    if (corner) expect(await codeAt(north.bbox[2], north.bbox[1])).toBe(corner.properties.code);
  });

  it('places the west and south outline of the covered area inside, the east and north outline outside', async () => {
    // Demo boxes: 虎丘区 starts at 120.535 E, 吴中区 at 31.20 N; 工业园区 ends at 120.74 E, 相城区 at 31.39 N.
    expect(await codeAt(120.535, 31.31)).toMatch(/^320505/);
    expect(await codeAt(120.62, 31.2)).toMatch(/^320506/);
    expect(await codeAt(120.74, 31.31)).toBeNull();
    expect(await codeAt(120.62, 31.39)).toBeNull();
  });

  it('converts GCJ-02 and BD-09 coordinates to WGS84 before looking up', async () => {
    const g = grids[grids.length - 1];
    const [lng, lat] = centre(g);
    for (const crs of ['gcj02', 'bd09'] as const) {
      const [x, y] = fromWgs84([lng, lat], crs);
      const res = await locate(`lat=${y}&lng=${x}&crs=${crs}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.grid.code).toBe(g.properties.code);
      expect(body.point.lng).toBeCloseTo(lng, 7);
      expect(body.point.lat).toBeCloseTo(lat, 7);
    }
    // The same numbers read as WGS84 are some 500 m away.
    const [gx, gy] = fromWgs84([lng, lat], 'gcj02');
    expect(await codeAt(gx, gy)).not.toBe(g.properties.code);
  });

  it.each([
    ['lng=120.6', 'querystring.lat'],
    ['lat=31.3', 'querystring.lng'],
    ['lat=abc&lng=120.6', 'querystring.lat'],
    ['lat=31.3&lng=', 'querystring.lng'],
    ['lat=NaN&lng=120.6', 'querystring.lat'],
    ['lat=Infinity&lng=120.6', 'querystring.lat'],
    ['lat=91&lng=120.6', 'querystring.lat'],
    ['lat=31.3&lng=-180.5', 'querystring.lng'],
    ['lat=31.3&lng=120.6&crs=mars', 'querystring.crs'],
    ['lat=31.3&lng=120.6&zoom=3', 'querystring.zoom'],
  ])('refuses ?%s with 400 naming %s', async (query, field) => {
    const res = await locate(query);
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.field).toBe(field);
  });

  it('answers any query string with 200 or 400, never a server error', async () => {
    const value = fc.oneof(
      fc.double(),
      fc.string({ maxLength: 12 }),
      fc.constantFrom('31.3', '120.6', '', ' 1', '0x1f'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ lat: value, lng: value, crs: fc.oneof(fc.constantFrom('wgs84', 'gcj02', 'bd09'), fc.string()) }),
        async (q) => {
          const query = new URLSearchParams({ lat: String(q.lat), lng: String(q.lng), crs: String(q.crs) });
          const res = await locate(query.toString());
          expect([200, 400]).toContain(res.statusCode);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('lists the grid workers assigned today, primary first', async () => {
    const g = grids[1];
    const worker = await userByUsername(admin, 'gridworker');
    const backup = await userByUsername(admin, 'inspector');
    for (const [userId, role] of [
      [backup.id, 'backup'],
      [worker.id, 'primary'],
    ] as const) {
      const res = await admin.request('POST', `/api/v1/geo/grids/${g.properties.code}/assignments`, {
        userId,
        role,
        validFrom: '2024-01-01',
      });
      expect(res.statusCode).toBe(201);
    }
    const [lng, lat] = centre(g);
    const body = (await locate(`lat=${lat}&lng=${lng}`)).json();
    expect(body.workers).toEqual([
      { userId: worker.id, displayName: '刘网格', role: 'primary' },
      { userId: backup.id, displayName: '赵检查', role: 'backup' },
    ]);
  });

  it('serves API keys that carry the geo.locate scope, and nothing beyond it', async () => {
    const created = await admin.request('POST', '/api/v1/org/api-keys', { name: 'geo-locate', scopes: ['geo.locate'] });
    expect(created.statusCode).toBe(201);
    const key = created.json().key as string;
    const [lng, lat] = centre(grids[0]);
    const res = await withKey(t.app, key, 'GET', `/api/v1/geo/locate?lat=${lat}&lng=${lng}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().grid.code).toBe(grids[0].properties.code);
    expect((await withKey(t.app, key, 'GET', '/api/v1/geo/grids?community=320508020014')).statusCode).toBe(403);
  });

  it('exports locatePoint for other modules, with the same answer as the route', async () => {
    const [lng, lat] = centre(grids[0]);
    const viaService = await locatePoint(t.opened.db, [lng, lat], 'wgs84');
    const viaRoute = (await locate(`lat=${lat}&lng=${lng}`)).json();
    expect(viaService).toEqual(viaRoute);
  });
});
