import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { areaSquareMeters } from '../../platform/geo/geometry.ts';
import { GridIndex } from '../../platform/geo/spatial-index.ts';
import { seededRandom } from '../../platform/geo/synthetic-grids.ts';
import { demoLayout, splitBox } from './demo-layout.ts';
import { readDivisionSnapshot } from './seed-demo.ts';

const layout = () => demoLayout(readDivisionSnapshot().divisions);

describe('the demo layout (synthetic boundaries)', () => {
  it('is the same on every run', () => {
    const hash = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex');
    const a = layout();
    const b = layout();
    expect(hash([...a.boundaries])).toBe(hash([...b.boundaries]));
    expect(hash(a.grids)).toBe(hash(b.grids));
  });

  it('gives each grid a unique 14-digit code under its community, at most 99 per community', () => {
    const { grids } = layout();
    expect(new Set(grids.map((g) => g.code)).size).toBe(grids.length);
    const perCommunity = new Map<string, number>();
    for (const g of grids) {
      expect(g.code).toMatch(/^\d{14}$/);
      expect(g.code.startsWith(g.communityCode)).toBe(true);
      perCommunity.set(g.communityCode, (perCommunity.get(g.communityCode) ?? 0) + 1);
    }
    expect(Math.max(...perCommunity.values())).toBeLessThanOrEqual(99);
  });

  it('tiles every community with its grids: equal areas, and every point inside owned by one of its grids', () => {
    const { grids, boundaries } = layout();
    const index = GridIndex.build(grids.map((g) => ({ id: g, geometry: g.geometry })));
    const byCommunity = new Map<string, number>();
    for (const g of grids)
      byCommunity.set(g.communityCode, (byCommunity.get(g.communityCode) ?? 0) + areaSquareMeters(g.geometry));
    const random = seededRandom(7);
    for (const [code, area] of byCommunity) {
      const boundary = boundaries.get(code)!;
      expect(Math.abs(area - areaSquareMeters(boundary)) / area).toBeLessThan(1e-6);
      const [[[w, s], [e], [, n]]] = boundary[0];
      for (let i = 0; i < 5; i++) {
        const p: [number, number] = [w + (e - w) * random(), s + (n - s) * random()];
        expect(index.locate(p)?.communityCode).toBe(code);
      }
    }
  });

  it('splits a box into pieces whose areas follow the weights', () => {
    const box: [number, number, number, number] = [120, 31, 120.1, 31.05];
    const pieces = splitBox(box, [1, 2, 3, 4]);
    const areas = pieces.map(([w, s, e, n]) => (e - w) * (n - s));
    const total = areas.reduce((a, b) => a + b, 0);
    expect(areas.map((a) => Math.round((a / total) * 10))).toEqual([1, 2, 3, 4]);
  });
});
