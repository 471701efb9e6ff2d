// The grid layer, grid detail, division boundaries, versions, exports, search, the address gazetteer and places —
// over the demo city's synthetic grids.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

interface GridFeature {
  id: string;
  bbox: [number, number, number, number];
  geometry: { type: string; coordinates: number[][][][] };
  properties: Record<string, string | number>;
}

describe.skipIf(!engineAvailable())('grids, boundaries, exports and the gazetteer', () => {
  let t: TestApp;
  let admin: Session;
  let steward: Session;
  let leader: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    steward = await login(t.app, 'steward', DEMO_PASSWORD);
    leader = await login(t.app, 'leader', DEMO_PASSWORD);
  });
  afterAll(() => t?.close());

  const layer = async (query: string) => {
    const res = await admin.request('GET', `/api/v1/geo/grids${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as { type: string; version: number; features: GridFeature[] };
  };

  describe('the demo grids', () => {
    it('cover the five urban districts with a few thousand grids, each coded under its community', async () => {
      const all = await layer('');
      expect(all.version).toBe(1);
      expect(all.features.length).toBeGreaterThan(2000);
      expect(all.features.length).toBeLessThan(5000);
      const districts = new Set(all.features.map((f) => f.properties.districtCode));
      expect([...districts].sort()).toEqual(['320505', '320506', '320507', '320508', '320576']);
      for (const f of all.features) {
        expect(f.properties.code).toMatch(/^\d{14}$/);
        expect(String(f.properties.code).slice(0, 12)).toBe(f.properties.communityCode);
        expect(f.properties.areaM2).toBeGreaterThan(20_000);
        expect(f.properties.areaM2).toBeLessThan(200_000);
      }
    });

    it('numbers the grids of a community west→east, north→south', async () => {
      const { features } = await layer('?community=320508021017');
      const byPosition = [...features].sort((a, b) => b.bbox[3] - a.bbox[3] || a.bbox[0] - b.bbox[0]);
      expect(byPosition.map((f) => f.properties.code)).toEqual(features.map((f) => f.properties.code));
      expect(features[0].properties.code).toBe('32050802101701');
    });

    it('filters by district, street, community and bbox, and answers an empty layer for contradicting filters', async () => {
      const street = await layer('?street=320508021');
      expect(street.features.length).toBeGreaterThan(10);
      expect(street.features.every((f) => f.properties.streetCode === '320508021')).toBe(true);
      expect(street.features[0].properties.streetName).toBe('双塔街道');
      const box = await layer('?bbox=120.60,31.30,120.61,31.31');
      expect(box.features.length).toBeGreaterThan(0);
      for (const f of box.features) {
        expect(f.bbox[0] <= 120.61 && f.bbox[2] >= 120.6 && f.bbox[1] <= 31.31 && f.bbox[3] >= 31.3).toBe(true);
      }
      expect((await layer('?district=320505&street=320508021')).features).toEqual([]);
    });

    it.each(['1,2,3', '120.7,31.3,120.6,31.4', '120,31,121,x', '200,31,201,32'])(
      'refuses bbox=%s with 400 naming querystring.bbox',
      async (bbox) => {
        const res = await admin.request('GET', `/api/v1/geo/grids?bbox=${bbox}`);
        expect(res.statusCode).toBe(400);
        expect(res.json().error.details.field).toBe('querystring.bbox');
      },
    );

    it('answers an unknown version with 404 GRID_VERSION_NOT_FOUND', async () => {
      const res = await admin.request('GET', '/api/v1/geo/grids?version=99');
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('GRID_VERSION_NOT_FOUND');
    });
  });

  describe('one grid', () => {
    it('shows its outline, divisions, people and places count', async () => {
      const res = await admin.request('GET', '/api/v1/geo/grids/32050802101701');
      expect(res.statusCode).toBe(200);
      const g = res.json();
      expect(g).toMatchObject({
        code: '32050802101701',
        communityCode: '320508021017',
        streetCode: '320508021',
        streetName: '双塔街道',
        districtCode: '320508',
        districtName: '姑苏区',
        version: 1,
        status: 'active',
        allowedActions: ['geo.grid.assign'],
      });
      // The demo grid worker of 双塔街道 (seeded after the org demo) is its primary worker.
      expect(g.workers).toEqual([
        expect.objectContaining({ displayName: '刘网格', role: 'primary', validFrom: '2026-01-01', validTo: null }),
      ]);
      expect(g.history).toHaveLength(1);
      expect(g.geometry.type).toBe('MultiPolygon');
      expect(typeof g.placesCount).toBe('number');
    });

    it('answers an unknown grid with 404 GRID_NOT_FOUND and a malformed code with 400', async () => {
      const res = await admin.request('GET', '/api/v1/geo/grids/32050802101799');
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('GRID_NOT_FOUND');
      expect((await admin.request('GET', '/api/v1/geo/grids/12ab')).statusCode).toBe(400);
    });

    it('tells a leader it may not assign people', async () => {
      const g = (await leader.request('GET', '/api/v1/geo/grids/32050802101701')).json();
      expect(g.allowedActions).toEqual([]);
    });
  });

  describe('division boundaries', () => {
    it('gives a district, a street and a community as GeoJSON Features', async () => {
      for (const [code, level] of [
        ['320508', 'district'],
        ['320508021', 'street'],
        ['320508021017', 'community'],
      ]) {
        const res = await admin.request('GET', `/api/v1/geo/divisions/${code}/boundary`);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ type: 'Feature', id: code, properties: { code, level } });
        expect(res.json().geometry.type).toBe('MultiPolygon');
      }
    });

    it('answers 404 DIVISION_BOUNDARY_NOT_FOUND where none is on record, DIVISION_NOT_FOUND for an unknown code', async () => {
      const none = await admin.request('GET', '/api/v1/geo/divisions/320581/boundary');
      expect(none.statusCode).toBe(404);
      expect(errorCode(none)).toBe('DIVISION_BOUNDARY_NOT_FOUND');
      const unknown = await admin.request('GET', '/api/v1/geo/divisions/320599/boundary');
      expect(unknown.statusCode).toBe(404);
      expect(errorCode(unknown)).toBe('DIVISION_NOT_FOUND');
    });

    it('lets a citizen read boundaries but not grids', async () => {
      const citizen = await login(t.app, 'citizen', DEMO_PASSWORD);
      expect((await citizen.request('GET', '/api/v1/geo/divisions/320508/boundary')).statusCode).toBe(200);
      expect((await citizen.request('GET', '/api/v1/geo/grids?community=320508021017')).statusCode).toBe(403);
    });
  });

  it('lists the grid versions with the demo version in force', async () => {
    const res = await admin.request('GET', '/api/v1/geo/grid-versions');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ current: 1, items: [{ version: 1, source: 'demo', current: true }] });
  });

  describe('exports', () => {
    it('writes CSV with a BOM and zh-CN headers by default, en headers on request', async () => {
      const zh = await steward.request('GET', '/api/v1/geo/grids/export?format=csv&community=320508021017');
      expect(zh.statusCode).toBe(200);
      expect(zh.headers['content-type']).toContain('text/csv');
      expect(zh.headers['content-disposition']).toContain('grids-v1.csv');
      const raw = zh.rawPayload;
      expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = raw.toString('utf8').slice(1).trim().split(/\r?\n/);
      expect(lines[0]).toBe(
        '网格编码,网格名称,网格类型,状态,面积（平方米）,社区（村）代码,社区（村）,街道（乡镇）代码,街道（乡镇）,区县代码,区县,版本,在岗网格人员数',
      );
      expect(lines[1]).toMatch(/^32050802101701,.*,城市网格,在用,/);
      const en = await steward.request('GET', '/api/v1/geo/grids/export?format=csv&community=320508021017', undefined, {
        'accept-language': 'en-US,en;q=0.9',
      });
      expect(en.body.slice(1).split(/\r?\n/)[0]).toMatch(/^Grid code,Name,Type,Status,Area \(m²\),/);
    });

    it('writes an xlsx workbook that opens, one row per grid', async () => {
      const res = await leader.request('GET', '/api/v1/geo/grids/export?format=xlsx&street=320508021');
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0];
      expect(sheet.name).toBe('网格');
      expect(sheet.getRow(1).getCell(1).value).toBe('网格编码');
      const count = (await layer('?street=320508021')).features.length;
      expect(sheet.actualRowCount).toBe(count + 1);
    });

    it('writes GeoJSON that is the layer, outlines included', async () => {
      const res = await steward.request('GET', '/api/v1/geo/grids/export?format=geojson&community=320508021017');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/geo+json');
      const fc = res.json();
      const same = await layer('?community=320508021017');
      expect(fc.features.map((f: GridFeature) => f.geometry)).toEqual(same.features.map((f) => f.geometry));
    });

    it('refuses an unknown format with 400 and the export to a hotline agent with 403', async () => {
      expect((await steward.request('GET', '/api/v1/geo/grids/export?format=pdf')).statusCode).toBe(400);
      const agent = await login(t.app, 'agent', DEMO_PASSWORD);
      expect((await agent.request('GET', '/api/v1/geo/grids/export?format=csv')).statusCode).toBe(403);
    });
  });

  describe('search', () => {
    const search = async (q: string) => {
      const res = await admin.request('GET', `/api/v1/geo/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      return res.json().items as { kind: string; code: string | null; name: string; score: number }[];
    };

    it('finds 姑苏区人民路12号 from a partial address, first', async () => {
      const items = await search('人民路12号');
      expect(items[0]).toMatchObject({ kind: 'address', name: '姑苏区人民路12号' });
      expect(items[0].code).toMatch(/^320508\d{8}$/);
    });

    it('finds divisions by name and grids by code prefix', async () => {
      expect((await search('双塔')).find((i) => i.kind === 'division')).toMatchObject({ code: '320508021' });
      const grids = await search('3205080210170');
      expect(grids[0]).toMatchObject({ kind: 'grid' });
      expect(grids[0].code).toMatch(/^3205080210170\d$/);
    });

    it('refuses an empty query with 400', async () => {
      expect((await admin.request('GET', '/api/v1/geo/search?q=')).statusCode).toBe(400);
    });
  });

  describe('the address gazetteer', () => {
    const importCsv = (csv: string, query = '') =>
      steward.request('POST', `/api/v1/geo/addresses/import${query}`, csv, {
        'content-type': 'text/csv; charset=utf-8',
      });

    it('imports addresses from CSV and locates each into its grid', async () => {
      const res = await importCsv(
        '\ufeff地址,经度,纬度\n姑苏区十全街999号,120.6301,31.2951\n吴江区某路1号,120.64,31.0\n',
      );
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ imported: 2, located: 1, outside: 1 });
      const hit = (await admin.request('GET', `/api/v1/geo/search?q=${encodeURIComponent('十全街999号')}`)).json()
        .items[0];
      const located = (await admin.request('GET', '/api/v1/geo/locate?lng=120.6301&lat=31.2951')).json();
      expect(hit).toMatchObject({ kind: 'address', name: '姑苏区十全街999号', code: located.grid.code });
    });

    it('refuses a file with bad rows with 400 listing every row and column, and writes nothing', async () => {
      const res = await importCsv(
        'address,lng,lat,crs\n平江路新1号,abc,31.31,\n,120.6,31.3,\n平江路新2号,120.6,95,mars\n',
      );
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('ADDRESS_IMPORT_INVALID');
      expect(res.json().error.details.problems).toEqual([
        { row: 2, field: 'lng', problem: '"abc" is not a number' },
        { row: 3, field: 'address', problem: 'is empty' },
        { row: 4, field: 'lat', problem: '95 is outside ±90' },
        { row: 4, field: 'crs', problem: '"mars" is not wgs84, gcj02 or bd09' },
      ]);
      const items = (await admin.request('GET', `/api/v1/geo/search?q=${encodeURIComponent('平江路新')}`)).json().items;
      expect(items).toEqual([]);
    });

    it('refuses a file without the required columns', async () => {
      const res = await importCsv('name,x,y\na,1,2\n');
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.problems.map((p: { field: string }) => p.field)).toEqual([
        'address',
        'lng',
        'lat',
      ]);
    });

    it('accepts text/csv only on the geo import route', async () => {
      const res = await admin.request('POST', '/api/v1/org/departments', 'a,b\n', { 'content-type': 'text/csv' });
      expect(res.statusCode).toBe(415);
    });
  });

  describe('places', () => {
    it('imports components and shops, locates them, and lists them per grid', async () => {
      const located = (await admin.request('GET', '/api/v1/geo/locate?lng=120.6402&lat=31.3302')).json();
      const res = await steward.request('POST', '/api/v1/geo/places/import', [
        { kind: 'component', componentId: '3205080101999901', name: '上水井盖', lng: 120.6402, lat: 31.3302 },
        {
          kind: 'shop',
          name: '测试商铺',
          address: '姑苏区某街1号',
          lng: 120.6403,
          lat: 31.3301,
          attributes: { 行业: '零售' },
        },
      ]);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ imported: 2, located: 2, outside: 0 });
      const page = (await admin.request('GET', `/api/v1/geo/grids/${located.grid.code}/places?limit=500`)).json();
      expect(page.items.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['上水井盖', '测试商铺']));
      const detail = (await admin.request('GET', `/api/v1/geo/grids/${located.grid.code}`)).json();
      expect(detail.placesCount).toBe(page.items.length);
    });

    it('refuses bad places with 400 listing every item, and writes nothing', async () => {
      const res = await steward.request('POST', '/api/v1/geo/places/import', [
        { kind: 'component', name: '缺编码', lng: 120.6, lat: 31.3 },
        { kind: 'component', componentId: '9999990101000001', name: '外市部件', lng: 120.6, lat: 31.3 },
        { kind: 'component', componentId: '3205080901000001', name: '大类错', lng: 120.6, lat: 31.3 },
        { kind: 'shop', componentId: '3205080101000009', name: '商铺带编码', lng: 120.6, lat: 31.3 },
      ]);
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('PLACE_IMPORT_INVALID');
      expect(res.json().error.details.problems.map((p: { row: number }) => p.row)).toEqual([0, 1, 2, 3]);
    });

    it('refuses an out-of-range coordinate through the schema, naming it', async () => {
      const res = await steward.request('POST', '/api/v1/geo/places/import', [
        { kind: 'shop', name: 'x', lng: 120.6, lat: 91 },
      ]);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.field).toBe('[0].lat');
    });
  });
});

describe.skipIf(!engineAvailable())('map configuration', () => {
  it('tells a logged-in client the configured tile server, and nothing when none is set', async () => {
    const withTiles = await createTestApp({
      ONECITY_MAP_TILE_URL: '/tiles/{z}/{x}/{y}.png',
      ONECITY_MAP_TILE_ATTRIBUTION: 'A市测绘院',
    });
    const plain = await createTestApp();
    try {
      const a = await login(withTiles.app, 'admin', TEST_ADMIN_PASSWORD);
      expect((await a.request('GET', '/api/v1/geo/config')).json()).toEqual({
        tileUrl: '/tiles/{z}/{x}/{y}.png',
        tileAttribution: 'A市测绘院',
      });
      const b = await login(plain.app, 'admin', TEST_ADMIN_PASSWORD);
      expect((await b.request('GET', '/api/v1/geo/config')).json()).toEqual({ tileUrl: null, tileAttribution: null });
      expect((await plain.app.inject('/api/v1/geo/config')).statusCode).toBe(401);
    } finally {
      await withTiles.close();
      await plain.close();
    }
  });
});
