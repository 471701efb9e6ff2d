import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Crs, fromWgs84, gcj02ToBd09, outOfChina, toWgs84, wgs84ToGcj02 } from './crs.ts';
import type { Position } from './types.ts';

const inChina = fc.tuple(fc.double({ min: 73, max: 135, noNaN: true }), fc.double({ min: 18, max: 53, noNaN: true }));
const distance = (a: Position, b: Position) => Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]));

describe('coordinate systems', () => {
  it('matches the published GCJ-02 and BD-09 values for Tiananmen (coordtransform README)', () => {
    // wgs84togcj02(116.404, 39.915) and gcj02tobd09(116.404, 39.915) as published by the `coordtransform` package.
    const gcj = wgs84ToGcj02([116.404, 39.915]);
    expect(gcj[0]).toBeCloseTo(116.41024449916938, 12);
    expect(gcj[1]).toBeCloseTo(39.91640428150164, 12);
    const bd = gcj02ToBd09([116.404, 39.915]);
    expect(bd[0]).toBeCloseTo(116.41036949371029, 12);
    expect(bd[1]).toBeCloseTo(39.92133699351022, 12);
  });

  it('inverts GCJ-02 close to the published one-step approximation and exactly enough to round-trip', () => {
    // coordtransform's gcj02towgs84(116.404, 39.915) is a one-step approximation: [116.39775550083061, 39.91359571849836].
    const wgs = toWgs84([116.404, 39.915], 'gcj02');
    expect(distance(wgs, [116.39775550083061, 39.91359571849836])).toBeLessThan(1e-5);
    expect(distance(fromWgs84(wgs, 'gcj02'), [116.404, 39.915])).toBeLessThan(1e-9);
  });

  it('shifts Chinese points by a few hundred metres, as the real offsets do', () => {
    const p: Position = [120.62, 31.3]; // Suzhou
    const gcj = fromWgs84(p, 'gcj02');
    const bd = fromWgs84(p, 'bd09');
    expect(distance(p, gcj)).toBeGreaterThan(0.001);
    expect(distance(p, gcj)).toBeLessThan(0.01);
    expect(distance(gcj, bd)).toBeGreaterThan(0.004);
    expect(distance(gcj, bd)).toBeLessThan(0.02);
  });

  it('leaves points outside China unchanged in GCJ-02', () => {
    for (const p of [
      [-0.1276, 51.5072],
      [139.69, 35.68],
      [151.2, -33.87],
      [2.35, 48.85],
    ] as Position[]) {
      expect(outOfChina(p[0], p[1])).toBe(true);
      expect(fromWgs84(p, 'gcj02')).toEqual(p);
      expect(toWgs84(p, 'gcj02')).toEqual(p);
    }
  });

  it('round-trips WGS84 → crs → WGS84 to better than 1e-7° everywhere in China', () => {
    fc.assert(
      fc.property(inChina, fc.constantFrom<Crs>('wgs84', 'gcj02', 'bd09'), (p, crs) => {
        expect(distance(toWgs84(fromWgs84(p, crs), crs), p)).toBeLessThan(1e-7);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips crs → WGS84 → crs to better than 1e-7°', () => {
    fc.assert(
      fc.property(inChina, fc.constantFrom<Crs>('gcj02', 'bd09'), (p, crs) => {
        expect(distance(fromWgs84(toWgs84(p, crs), crs), p)).toBeLessThan(1e-7);
      }),
      { numRuns: 2000 },
    );
  });
});
