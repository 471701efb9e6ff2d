import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaSquareMeters } from '../../platform/geo/geometry.ts';
import { registerMessages } from '../../platform/i18n/messages.ts';
import { readAddressCsv } from './gazetteer.ts';
import { buildImportReport, type ImportContext, type KnownDivision } from './import-report.ts';
import { demoLayout } from './demo-layout.ts';
import { messages } from './messages.ts';
import { readDivisionSnapshot } from './seed-demo.ts';
import { SUZHOU_BBOX } from './seed-demo-grids.ts';

registerMessages(messages);
const { divisions } = readDivisionSnapshot();
const layout = demoLayout(divisions);

function context(): ImportContext {
  const known = new Map<string, KnownDivision>();
  for (const d of divisions)
    known.set(d.code, { code: d.code, name: d.name, level: d.level, boundary: layout.boundaries.get(d.code) ?? null });
  return { crs: 'wgs84', locale: 'en', sequenceWidth: 2, cityBbox: SUZHOU_BBOX, divisions: known, current: null };
}

const asFeature = (g: (typeof layout.grids)[number]) => ({
  type: 'Feature',
  properties: { code: g.code, name: g.name, type: g.type },
  geometry: { type: 'MultiPolygon', coordinates: g.geometry },
});

describe('the grid import report', () => {
  it('finds nothing wrong with a community tiled by its grids, in any order', () => {
    const grids = layout.grids.filter((g) => g.communityCode === '320508021017').map(asFeature);
    fc.assert(
      fc.property(fc.shuffledSubarray(grids, { minLength: grids.length, maxLength: grids.length }), (features) => {
        const { report } = buildImportReport(features, context());
        expect(report.errorCount).toBe(0);
        expect(report.diff.added.length).toBe(grids.length);
      }),
      { numRuns: 20 },
    );
  });

  it('reports the hole a missing grid leaves as a gap of its area', () => {
    const all = layout.grids.filter((g) => g.communityCode === '320508021017');
    const { report } = buildImportReport(all.slice(1).map(asFeature), context());
    expect(report.gaps).toHaveLength(1);
    expect(report.gaps[0].areaM2).toBeCloseTo(areaSquareMeters(all[0].geometry), 0);
    expect(report.gaps[0].message).toMatch(/is covered by no grid/);
  });

  it('never throws on arbitrary features, and words every finding', () => {
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 8 }), (features) => {
        const { report } = buildImportReport(features, context());
        expect(report.featureCount).toBe(features.length);
        for (const p of report.problems) expect(p.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary polygon-shaped features', () => {
    const coordinate = fc.oneof(fc.double(), fc.constant(120.6), fc.constant(31.3), fc.string());
    const ring = fc.array(fc.tuple(coordinate, coordinate), { maxLength: 8 });
    fc.assert(
      fc.property(fc.array(ring, { minLength: 1, maxLength: 3 }), (rings) => {
        const feature = {
          type: 'Feature',
          properties: { code: '32050802101799', name: 'x', type: 'urban' },
          geometry: { type: 'Polygon', coordinates: rings },
        };
        buildImportReport([feature], context());
      }),
      { numRuns: 300 },
    );
  });
});

describe('the address CSV reader', () => {
  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const { rows, problems } = readAddressCsv(`address,lng,lat\n${text}`, 'wgs84');
        expect(rows.length + problems.length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('reads quoted fields with commas and a per-row coordinate system', () => {
    const { rows, problems } = readAddressCsv(
      'address,lng,lat,crs\n"姑苏区人民路1号,东门",120.62,31.31,gcj02\n',
      'wgs84',
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([{ text: '姑苏区人民路1号,东门', lng: 120.62, lat: 31.31, crs: 'gcj02' }]);
  });
});
