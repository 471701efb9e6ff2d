// 一张网 in a real browser against a real server: the demo city's grids on the map (no tile server, no internet),
// search and fly to a district, locate a point, a grid's details and its grid workers, and a GeoJSON import with
// planted faults refused with every fault listed. Desktop first, then a phone.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type RunningBrowser, type RunningServer, startBrowser, startServer } from './harness';

const ADMIN_PASSWORD = 'Str0ng#Pass2026-geo';
const DISTRICT = '姑苏区';
const GRID_WORKER = '刘网格'; // demo seed: username gridworker, grid_worker in 姑苏区
/** expect.poll waits 1 s by default; map animations, debounces and requests need longer. */
const POLL = { timeout: 15_000 };

type Extent = [number, number, number, number];

let server: RunningServer;
let browser: RunningBrowser;
let page: Page;
/** Every bbox the map has asked grids for, in order. */
const gridRequests: Extent[] = [];
/** Requests that left for anywhere but our own server (a tile CDN, a marker icon on unpkg…): must stay empty. */
const foreignRequests: string[] = [];
let locateRequests = 0;
/** Downloads made by the test. */
let tmpDir = '';
/** The grid found by the locate step, used by the steps after it. */
let located: { code: string; lat: number; lng: number } | null = null;

async function shot(name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(500); // let antd motion and Leaflet animations settle
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, `geo-${name}.png`), fullPage });
}

async function signIn(username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** The number in "显示 N 个网格", or -1 while it is not shown. */
async function gridCount(): Promise<number> {
  const text = (await page.getByTestId('grid-count').textContent()) ?? '';
  const m = /显示 (\d+) 个网格/.exec(text);
  return m ? Number(m[1]) : -1;
}

/** Pixels the grid canvas has painted: zero means the layer drew nothing. */
async function paintedPixels(): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=grid-map] .leaflet-overlay-pane canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || canvas.width === 0) return 0;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    return n;
  });
}

async function api<T>(pathAndQuery: string): Promise<{ status: number; body: T }> {
  const res = await page.request.get(`${server.baseUrl}/api/v1${pathAndQuery}`);
  return { status: res.status(), body: (await res.json().catch(() => null)) as T };
}

/** Extent of all [lng, lat] pairs in any GeoJSON coordinates. */
function extentOf(value: unknown, acc: Extent = [180, 90, -180, -90]): Extent {
  if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number') {
    const [x, y] = value as number[];
    return [Math.min(acc[0], x), Math.min(acc[1], y), Math.max(acc[2], x), Math.max(acc[3], y)];
  }
  if (Array.isArray(value)) return value.reduce((a: Extent, v) => extentOf(v, a), acc);
  if (value && typeof value === 'object') {
    const o = value as { coordinates?: unknown; geometry?: unknown; features?: unknown[] };
    if (o.features) return o.features.reduce((a: Extent, f) => extentOf(f, a), acc);
    return extentOf(o.geometry ?? o.coordinates, acc);
  }
  return acc;
}

/** A division's extent: its boundary when the server has one, else the extent of its grids. */
async function divisionExtent(code: string): Promise<Extent> {
  const boundary = await api<unknown>(`/geo/divisions/${code}/boundary`);
  if (boundary.status === 200) return extentOf(boundary.body);
  expect(boundary.status, `GET /geo/divisions/${code}/boundary`).toBe(404);
  const grids = await api<{ features: unknown[] }>(`/geo/grids?district=${code}`);
  expect(grids.status, `GET /geo/grids?district=${code}`).toBe(200);
  expect(grids.body.features.length, `grids in ${code}`).toBeGreaterThan(0);
  return extentOf(grids.body);
}

const centre = (e: Extent): [number, number] => [(e[0] + e[2]) / 2, (e[1] + e[3]) / 2];
const contains = (e: Extent, [x, y]: [number, number]) => x >= e[0] && x <= e[2] && y >= e[1] && y <= e[3];

function onRequest(request: Request): void {
  const url = new URL(request.url());
  if (url.origin !== server.baseUrl && !url.protocol.startsWith('data') && !url.protocol.startsWith('blob')) {
    foreignRequests.push(request.url());
  }
  if (url.pathname === '/api/v1/geo/locate') locateRequests++;
  if (url.pathname === '/api/v1/geo/grids' && url.searchParams.has('bbox')) {
    gridRequests.push(url.searchParams.get('bbox')!.split(',').map(Number) as Extent);
  }
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tmpDir = mkdtempSync(path.join(os.tmpdir(), 'onecity-geo-'));
  server = await startServer(ADMIN_PASSWORD);
  browser = await startBrowser();
  page = browser.page;
  page.setDefaultTimeout(20_000);
  page.on('request', onRequest);
});

afterAll(async () => {
  await browser?.stop();
  await server?.stop();
  if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
});

describe('一张网 on the map', () => {
  it('shows the demo city with its grids on a plain background, fetched for the view', async () => {
    await page.goto(`${server.baseUrl}/login`);
    await signIn('admin', ADMIN_PASSWORD);
    await page.getByTestId('nav-geo-map').click();
    await page.waitForURL(/\/geo\/map/);
    expect(await page.getByTestId('nav-geo-import').count()).toBe(1);
    expect(await page.getByTestId('nav-geo-assignments').count()).toBe(1);

    await page.locator('[data-testid=grid-map] .leaflet-overlay-pane canvas').waitFor();
    await expect.poll(gridCount, { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(paintedPixels, POLL).toBeGreaterThan(1000);
    expect(gridRequests.length).toBeGreaterThan(0);
    // The division tree lists the city's districts.
    await page.locator('[data-testid=division-tree]', { hasText: DISTRICT }).waitFor();
    await page.getByTestId('map-legend').waitFor();
    expect(await page.locator('[data-testid=grid-map] .leaflet-control-scale').count()).toBe(1);
    expect(await page.locator('[data-testid=grid-map] .leaflet-tile').count()).toBe(0);
    await shot('01-map');
  });

  it('searches a district by name and flies to it', async () => {
    const [search] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/geo/search') && r.status() === 200),
      page.getByTestId('geo-search').fill(DISTRICT),
    ]);
    const { items } = (await search.json()) as { items: { kind: string; code: string; name: string }[] };
    const hit = items.find((i) => i.kind === 'division' && i.name.includes(DISTRICT));
    expect(hit, `a division named ${DISTRICT} in ${JSON.stringify(items)}`).toBeTruthy();
    const extent = await divisionExtent(hit!.code);

    const before = gridRequests.length;
    await page.locator(`.ant-select-dropdown:visible [data-testid=search-hit-${hit!.code}]`).click();
    // The map settles over the district: the next grid request is centred inside it and no wider than a city.
    await expect
      .poll(() => {
        const last = gridRequests.slice(before).at(-1);
        return !!last && contains(extent, centre(last)) && last[2] - last[0] < 1;
      }, POLL)
      .toBe(true);
    await expect.poll(gridCount, POLL).toBeGreaterThan(0);
    await shot('02-search-district');
  });

  it('colours grids by worker count, with a legend that says so', async () => {
    await page.getByTestId('geo-colour-by').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '按网格员人数' }).click();
    await expect.poll(() => page.getByTestId('map-legend').textContent(), POLL).toContain('网格员人数');
    await page.getByTestId('geo-colour-by').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '按网格类型' }).click();
    await expect.poll(() => page.getByTestId('map-legend').textContent(), POLL).toContain('城市网格');
  });

  it('locates a clicked point: its grid, community, street, district and workers', async () => {
    await page.getByTestId('geo-locate-toggle').click();
    const box = (await page.getByTestId('grid-map').boundingBox())!;
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/geo/locate')),
      page.mouse.click(box.x + box.width / 2, box.y + box.height / 2),
    ]);
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { inside: boolean; grid?: { code: string }; district?: { name: string } };
    expect(body.inside, JSON.stringify(body)).toBe(true);
    expect(body.grid!.code).toMatch(/^\d{14,15}$/);
    expect(body.district!.name).toContain(DISTRICT);
    await expect.poll(() => page.getByTestId('locate-grid-code').textContent(), POLL).toBe(body.grid!.code);
    const q = new URL(response.url()).searchParams;
    located = { code: body.grid!.code, lat: Number(q.get('lat')), lng: Number(q.get('lng')) };
    await shot('03-locate');
  });

  it("opens the grid's details and assigns a grid worker to it", async () => {
    const locatesBefore = locateRequests;
    await page.getByTestId('locate-open-grid').click();
    await expect.poll(() => page.getByTestId('grid-detail-code').textContent(), POLL).toBe(located!.code);
    expect(locateRequests, 'a click inside the popup is not a click on the map').toBe(locatesBefore);
    await expect.poll(() => page.locator('[data-testid=grid-map] .leaflet-popup').count(), POLL).toBe(0);
    await shot('04-grid-drawer');

    await page.getByTestId('grid-assign').click();
    await page.waitForURL(/\/geo\/assignments\?grid=/);
    await expect.poll(() => page.getByTestId('assign-grid-code').textContent(), POLL).toBe(located!.code);
    await page.getByTestId('assignment-add').click();
    await page.getByTestId('assignment-user').click();
    await page.keyboard.type(GRID_WORKER);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: GRID_WORKER }).click();
    await page.getByTestId('assignment-role').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '网格长' }).click();
    // Started in the past, so that ending it today moves it to the history.
    await page.getByTestId('assignment-from').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2025-01-02');
    await page.keyboard.press('Enter');
    await shot('05-assignment-form');
    await page.getByTestId('assignment-submit').click();
    const row = page.locator('[data-testid=assignments-current] tr', { hasText: GRID_WORKER });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('2025-01-02');
    await shot('06-assignments');

    await row.getByText('结束').click();
    await page.getByTestId('assignment-end-submit').click();
    await page.locator('[data-testid=assignments-history] tr', { hasText: GRID_WORKER }).waitFor();
    expect(await page.locator('[data-testid=assignments-current] tr', { hasText: GRID_WORKER }).count()).toBe(0);
    await shot('07-assignment-ended');
  });
});

describe('grid import', () => {
  /** Planted faults, one per feature (two for the duplicate), in the community of the located grid. */
  function faultyFile(): { json: string; expected: Record<string, number[]>; overlap: string[] } {
    const community = located!.code.slice(0, 12);
    const { lng: x, lat: y } = located!;
    const d = 0.0003;
    const square = (x0: number, y0: number) => [
      [
        [x0, y0],
        [x0 + d, y0],
        [x0 + d, y0 + d],
        [x0, y0 + d],
        [x0, y0],
      ],
    ];
    const feature = (code: string, name: string, coordinates: unknown) => ({
      type: 'Feature',
      properties: { code, name, type: 'urban' },
      geometry: { type: 'Polygon', coordinates },
    });
    const features = [
      // a bow-tie: the ring crosses itself
      feature(`${community}91`, '蝴蝶结网格', [
        [
          [x, y],
          [x + d, y + d],
          [x + d, y],
          [x, y + d],
          [x, y],
        ],
      ]),
      // an unclosed ring: the last position is not the first
      feature(`${community}92`, '未闭合网格', [
        [
          [x + 2 * d, y],
          [x + 3 * d, y],
          [x + 3 * d, y + d],
          [x + 2 * d, y + d],
        ],
      ]),
      // the same code twice
      feature(`${community}93`, '重复编码甲', square(x, y + 2 * d)),
      feature(`${community}93`, '重复编码乙', square(x + 2 * d, y + 2 * d)),
      // in Beijing, far outside the city
      feature(`${community}94`, '城外网格', square(116.39, 39.9)),
      // two grids that half overlap
      feature(`${community}95`, '重叠网格甲', square(x + 4 * d, y)),
      feature(`${community}96`, '重叠网格乙', square(x + 4.5 * d, y)),
    ];
    return {
      json: JSON.stringify({ type: 'FeatureCollection', features }),
      expected: { self_intersection: [0], unclosed_ring: [1], duplicate_code: [2, 3], outside_city: [4] },
      overlap: [`${community}95`, `${community}96`],
    };
  }

  it('lists every planted fault in the dry-run report, on the map too, and refuses to import', async () => {
    expect(located, 'the locate step found a grid').toBeTruthy();
    await page.getByTestId('nav-geo-import').click();
    await page.waitForURL(/\/geo\/import/);
    const { json, expected, overlap } = faultyFile();
    await page.locator('[data-testid=import-upload] input[type=file]').setInputFiles({
      name: 'faults.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(json),
    });
    await expect.poll(() => page.getByTestId('import-file').textContent(), POLL).toContain('7 个要素');
    expect(await page.getByTestId('import-confirm').isDisabled()).toBe(true);

    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/geo/grid-imports')),
      page.getByTestId('import-dry-run').click(),
    ]);
    expect(response.url()).toContain('dryRun=true');
    expect(response.status()).toBe(200);
    const report = (await response.json()) as {
      ok: boolean;
      featureCount: number;
      problems: { kind: string; featureIndex?: number; features?: number[] }[];
      overlaps: { a: string; b: string; areaM2: number }[];
    };
    expect(report.ok).toBe(false);
    expect(report.featureCount).toBe(7);
    const pair = report.overlaps.find((o) => [o.a, o.b].sort().join() === overlap.join());
    expect(pair, JSON.stringify(report.overlaps)).toBeTruthy();
    expect(pair!.areaM2).toBeGreaterThan(0);
    for (const [kind, indexes] of Object.entries(expected)) {
      const found = report.problems.filter((p) => p.kind === kind);
      expect(found.length, `${kind} in ${JSON.stringify(report.problems)}`).toBeGreaterThan(0);
      const named = new Set(
        found.flatMap((p) => [...(p.features ?? []), ...(p.featureIndex === undefined ? [] : [p.featureIndex])]),
      );
      for (const i of indexes) expect(named.has(i), `${kind} names feature ${i}`).toBe(true);
    }

    // The page shows the verdict, every problem the server found, and keeps the import button off.
    await page.getByTestId('import-report').waitFor();
    await expect(page.getByTestId('import-verdict').textContent()).resolves.toContain('不能导入');
    await expect
      .poll(() => page.locator('[data-testid=import-problems] .ant-table-tbody tr.ant-table-row').count(), POLL)
      .toBe(Math.min(report.problems.length, 20));
    for (const kind of Object.keys(expected)) {
      expect(await page.locator(`[data-testid=import-problems] [data-kind=${kind}]`).count(), kind).toBeGreaterThan(0);
    }
    expect(await page.getByTestId('import-confirm').isDisabled()).toBe(true);
    await page.locator('[data-testid=import-map] .leaflet-overlay-pane canvas').waitFor();
    await page.getByRole('tab', { name: /重叠/ }).click();
    await page.locator('[data-testid=import-overlaps] tr.ant-table-row', { hasText: overlap[0] }).waitFor();
    await page.getByRole('tab', { name: /问题/ }).click();
    await shot('08-import-report', true);

    // A row zooms the map to its fault.
    await page
      .locator('[data-testid=import-problems] tr.ant-table-row', { has: page.locator('[data-kind=self_intersection]') })
      .first()
      .click();
    await page.waitForTimeout(800); // the fly to it
    await shot('09-import-zoomed', true);
  });
});

describe('grid import, applied', () => {
  it('round-trips the city: its GeoJSON export passes the dry run and imports as a new version', async () => {
    await page.getByTestId('nav-geo-map').click();
    await expect.poll(gridCount, { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('geo-export').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.ant-dropdown:visible .ant-dropdown-menu-item', { hasText: 'GeoJSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.geojson$|\.json$/);
    const file = path.join(tmpDir, 'grids.geojson');
    await download.saveAs(file);

    await page.getByTestId('nav-geo-import').click();
    await page.locator('[data-testid=import-upload] input[type=file]').setInputFiles(file);
    await page.getByTestId('import-file').waitFor();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/geo/grid-imports')),
      page.getByTestId('import-dry-run').click(),
    ]);
    expect(response.status()).toBe(200);
    const report = (await response.json()) as { ok: boolean; featureCount: number };
    expect(report.ok, JSON.stringify(report).slice(0, 2000)).toBe(true);
    await expect(page.getByTestId('import-verdict').textContent()).resolves.toContain('检查通过');
    await expect.poll(() => page.getByTestId('import-confirm').isEnabled(), POLL).toBe(true);
    await shot('10-import-ok', true);

    await page.getByTestId('import-confirm').click();
    const [applied] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/geo/grid-imports') && r.url().includes('dryRun=false')),
      page.locator('.ant-modal-confirm:visible .ant-btn-primary').click(),
    ]);
    expect(applied.status()).toBe(200);
    const { version } = (await applied.json()) as { version: number };
    expect(version).toBeGreaterThan(1);
    await expect.poll(() => page.getByTestId('import-applied').textContent(), POLL).toContain(`v${version}`);
    await shot('11-import-applied');
  });
});

describe('on a phone', () => {
  it('works one-handed: the map fills the screen and the division tree is a drawer', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('nav-toggle').click();
    await page.getByTestId('nav-geo-map').click();
    await page.waitForURL(/\/geo\/map/);
    await expect.poll(gridCount, { timeout: 60_000 }).toBeGreaterThan(0);
    const map = (await page.getByTestId('grid-map').boundingBox())!;
    expect(map.width).toBeGreaterThan(340);
    expect(map.height).toBeGreaterThan(450);
    await shot('12-phone-map');

    await page.getByTestId('geo-tree-toggle').click();
    await page.locator('[data-testid=division-tree]', { hasText: DISTRICT }).waitFor();
    await shot('13-phone-tree');
    await page.locator('[data-testid=division-tree] .ant-tree-node-content-wrapper', { hasText: DISTRICT }).click();
    await expect.poll(gridCount, POLL).toBeGreaterThan(0);
    await shot('14-phone-district');
  });

  it('fetched nothing from outside the server', () => {
    expect(foreignRequests).toEqual([]);
  });
});
