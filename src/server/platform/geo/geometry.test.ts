import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaSquareMeters, bboxOf, insideBox, looksSwapped, pointInMultiPolygon, validatePolygon } from './geometry.ts';
import type { BBox, MultiPolygon, Polygon, Position, Ring } from './types.ts';

const square = (x: number, y: number, s = 1): Ring => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];
const kinds = (poly: Polygon, opts?: { maxVertices?: number }) => validatePolygon(poly, opts).map((p) => p.kind);

/** The textbook crossing test (W. R. Franklin's PNPOLY), in plain floating point. */
function pnpoly(ring: Ring, [px, py]: Position): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

function distanceToRing(ring: Ring, [px, py]: Position): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < ring.length; i++) {
    const [ax, ay] = ring[i - 1];
    const [bx, by] = ring[i];
    const len2 = (bx - ax) ** 2 + (by - ay) ** 2;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len2));
    best = Math.min(best, Math.hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay)));
  }
  return best;
}

const integerRing = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })), { minLength: 3, maxLength: 30 })
  .map((pts) => [...pts, pts[0]] as Ring);

describe('pointInMultiPolygon', () => {
  it('agrees with a brute-force crossing test on points off the boundary', () => {
    fc.assert(
      fc.property(
        integerRing,
        fc.array(
          fc.tuple(fc.double({ min: -1, max: 101, noNaN: true }), fc.double({ min: -1, max: 101, noNaN: true })),
          {
            minLength: 1,
            maxLength: 50,
          },
        ),
        (ring, points) => {
          // Within rounding distance of an edge the floating-point reference itself is unreliable.
          for (const p of points.filter((q) => distanceToRing(ring, q) > 1e-9)) {
            expect(pointInMultiPolygon(p, [[ring]])).toBe(pnpoly(ring, p));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('puts a point on the boundary where the point nudged by (δ, δ²) lies: east, then north', () => {
    // With integer corners, half-integer points are ≥ 1/284 away from every edge not through them, so a nudge of
    // 1e-5 east (and far less north) reveals the side the rule must pick, via the plain crossing test.
    const d = 1e-5;
    fc.assert(
      fc.property(
        integerRing,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }))),
        (ring, extra) => {
          const probes: Position[] = [...ring];
          for (let i = 1; i < ring.length; i++) {
            probes.push([(ring[i - 1][0] + ring[i][0]) / 2, (ring[i - 1][1] + ring[i][1]) / 2]);
          }
          for (const [x, y] of extra) probes.push([x / 2, y / 2]);
          for (const p of probes) {
            expect(pointInMultiPolygon(p, [[ring]])).toBe(pnpoly(ring, [p[0] + d, p[1] + d * d]));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives a point on an edge or corner shared by grids to exactly one of them', () => {
    // 2 × 2 unit squares: a (SW), b (SE), c (NW), d (NE).
    const grids: Record<string, MultiPolygon> = {
      a: [[square(0, 0)]],
      b: [[square(1, 0)]],
      c: [[square(0, 1)]],
      d: [[square(1, 1)]],
    };
    const owners = (p: Position) => Object.keys(grids).filter((k) => pointInMultiPolygon(p, grids[k]));
    expect(owners([1, 0.5])).toEqual(['b']); // vertical shared edge → the grid to the east
    expect(owners([0.5, 1])).toEqual(['c']); // horizontal shared edge → the grid to the north
    expect(owners([1, 1])).toEqual(['d']); // corner shared by four → north-east
    expect(owners([1, 0])).toEqual(['b']); // corner on the south outline
    expect(owners([0, 0.5])).toEqual(['a']); // west outline belongs to the area
    expect(owners([0.5, 0])).toEqual(['a']); // south outline too
    expect(owners([2, 0.5])).toEqual([]); // east outline does not
    expect(owners([0.5, 2])).toEqual([]); // north outline does not
  });

  it('excludes holes and unites the parts of a MultiPolygon', () => {
    const donut: MultiPolygon = [[square(0, 0, 4), [...square(1, 1, 2)].reverse()], [square(10, 10)]];
    expect(pointInMultiPolygon([0.5, 0.5], donut)).toBe(true);
    expect(pointInMultiPolygon([2, 2], donut)).toBe(false);
    expect(pointInMultiPolygon([10.5, 10.5], donut)).toBe(true);
    expect(pointInMultiPolygon([5, 5], donut)).toBe(false);
    expect(pointInMultiPolygon([Number.NaN, 0.5], donut)).toBe(false);
  });

  it('accepts rings given without their closing position', () => {
    const open = square(0, 0).slice(0, 4);
    expect(pointInMultiPolygon([0.5, 0.5], [[open]])).toBe(true);
    expect(pointInMultiPolygon([1.5, 0.5], [[open]])).toBe(false);
  });
});

describe('validatePolygon', () => {
  it('accepts a plain square with a hole', () => {
    expect(validatePolygon([square(120, 31, 0.01), [...square(120.004, 31.004, 0.002)].reverse()])).toEqual([]);
  });

  it('reports an unclosed ring', () => {
    expect(kinds([square(0, 0).slice(0, 4)])).toEqual(['unclosed_ring']);
  });

  it('reports a ring of three positions', () => {
    expect(
      kinds([
        [
          [0, 0],
          [1, 0],
          [0, 0],
        ],
      ]),
    ).toEqual(['too_few_points']);
    expect(
      kinds([
        [
          [0, 0],
          [1, 0],
          [0, 1],
        ],
      ]),
    ).toContain('too_few_points');
  });

  it('reports a bow-tie as a self-intersection, with where it crosses', () => {
    const problems = validatePolygon([
      [
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ],
    ]);
    expect(problems.map((p) => p.kind)).toEqual(['self_intersection']);
    expect(problems[0].at).toEqual([0.5, 0.5]);
  });

  it('reports a spike that folds back on itself and a ring touching itself at a corner', () => {
    expect(
      kinds([
        [
          [0, 0],
          [2, 0],
          [3, 0],
          [2, 0],
          [2, 2],
          [0, 2],
          [0, 0],
        ],
      ]),
    ).toContain('self_intersection');
    expect(
      kinds([
        [
          [0, 0],
          [2, 0],
          [1, 1],
          [2, 2],
          [0, 2],
          [1, 1],
          [0, 0],
        ],
      ]),
    ).toContain('self_intersection');
  });

  it('reports a hole crossing its outer ring and a hole outside it', () => {
    expect(kinds([square(0, 0, 4), square(3, 3, 2)])).toEqual(['self_intersection']);
    expect(kinds([square(0, 0, 4), square(10, 10, 1)])).toEqual(['hole_outside']);
  });

  it('reports NaN and Infinity as non-finite', () => {
    const nan = square(0, 0);
    nan[2] = [Number.NaN, 1];
    const inf = square(0, 0);
    inf[1] = [Number.POSITIVE_INFINITY, 0];
    expect(kinds([nan])).toEqual(['non_finite']);
    expect(kinds([inf])).toEqual(['non_finite']);
  });

  it('reports latitude 95 as out of range', () => {
    const problems = validatePolygon([square(120, 94.5)]);
    expect(problems.map((p) => p.kind)).toEqual(['out_of_range']);
    expect(problems[0].at).toEqual([120, 94.5]);
  });

  it('reports collinear corners as zero area', () => {
    expect(
      kinds([
        [
          [0, 0],
          [1, 1],
          [2, 2],
          [0, 0],
        ],
      ]),
    ).toContain('zero_area');
  });

  it('refuses a 1,000,000-vertex polygon at once, without looking further', () => {
    const n = 1_000_000;
    const ring: Ring = new Array(n);
    for (let i = 0; i < n - 1; i++) {
      const a = (2 * Math.PI * i) / (n - 1);
      ring[i] = [120 + 0.01 * Math.cos(a), 31 + 0.01 * Math.sin(a)];
    }
    ring[n - 1] = ring[0];
    const t0 = performance.now();
    expect(kinds([ring])).toEqual(['too_many_vertices']);
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('checks a 100,000-vertex polygon for self-intersections in well under a second', () => {
    const n = 100_000;
    const ring: Ring = new Array(n);
    for (let i = 0; i < n - 1; i++) {
      const a = (2 * Math.PI * i) / (n - 1);
      const r = 0.01 * (1 + 0.2 * Math.sin(50 * a));
      ring[i] = [120 + r * Math.cos(a), 31 + r * Math.sin(a)];
    }
    ring[n - 1] = ring[0];
    const t0 = performance.now();
    expect(validatePolygon([ring])).toEqual([]);
    ring[n / 2] = [121, 32]; // one long spike across the outline
    expect(kinds([ring])).toContain('self_intersection');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('catches every planted fault of a random valid polygon', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 40 }), fc.nat(), (n, k) => {
        const ring: Ring = [];
        for (let i = 0; i < n; i++) {
          const a = (2 * Math.PI * i) / n;
          ring.push([120 + 0.01 * Math.cos(a), 31 + 0.01 * Math.sin(a)]);
        }
        ring.push(ring[0]);
        expect(validatePolygon([ring])).toEqual([]);
        const at = 1 + (k % (n - 2)); // neither the first corner (the closing position repeats it) nor the last
        const faults: [string, Ring][] = [
          ['unclosed_ring', ring.slice(0, -1)],
          ['non_finite', ring.map((p, i) => (i === at ? [p[0], Number.NaN] : p))],
          ['out_of_range', ring.map((p, i) => (i === at ? [p[0], 95] : p))],
          ['self_intersection', ring.map((p, i) => (i === at ? ring[at + 1] : i === at + 1 ? ring[at] : p))],
        ];
        for (const [kind, bad] of faults) expect(kinds([bad])).toContain(kind);
      }),
      { numRuns: 200 },
    );
  });
});

describe('measurements', () => {
  /** Ellipsoidal area of a lon/lat box by Simpson integration of M(φ)·N(φ)·cos φ — independent of the code. */
  function boxAreaByIntegration(lng0: number, lat0: number, lng1: number, lat1: number): number {
    const a = 6378137;
    const f = 1 / 298.257223563;
    const e2 = f * (2 - f);
    const g = (phi: number) => {
      const w = 1 - e2 * Math.sin(phi) ** 2;
      return ((a * (1 - e2)) / w ** 1.5) * (a / Math.sqrt(w)) * Math.cos(phi);
    };
    const n = 1000;
    const p0 = (lat0 * Math.PI) / 180;
    const h = ((lat1 - lat0) * Math.PI) / 180 / n;
    let s = g(p0) + g(p0 + n * h);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * g(p0 + i * h);
    return ((s * h) / 3) * (((lng1 - lng0) * Math.PI) / 180);
  }

  it('measures areas of 100 m to 10 km boxes within 0.01 % of the ellipsoid', () => {
    for (const [lat, size] of [
      [31.3, 0.001],
      [31.3, 0.1],
      [45, 0.01],
      [20, 0.05],
    ]) {
      const expected = boxAreaByIntegration(120, lat, 120 + size, lat + size);
      const measured = areaSquareMeters([[square(120, lat, size)]]);
      expect(Math.abs(measured - expected) / expected).toBeLessThan(1e-4);
    }
  });

  it('subtracts holes and does not care about ring direction', () => {
    const outer = square(120, 31, 0.01);
    const hole = square(120.0025, 31.0025, 0.005);
    const full = areaSquareMeters([[outer]]);
    expect(areaSquareMeters([[[...outer].reverse()]])).toBeCloseTo(full, 6);
    expect(areaSquareMeters([[outer, hole]])).toBeCloseTo(full * 0.75, -1);
  });

  it('finds bounding boxes, containment in a box and swapped coordinates', () => {
    const city: BBox = [120.5, 31.2, 120.8, 31.4];
    const grid: MultiPolygon = [[square(120.625, 31.25, 0.0625)]];
    const swapped: MultiPolygon = [[square(120.625, 31.25, 0.0625).map(([x, y]) => [y, x] as Position)]];
    expect(bboxOf(grid)).toEqual([120.625, 31.25, 120.6875, 31.3125]);
    expect(insideBox(grid, city)).toBe(true);
    expect(looksSwapped(grid, city)).toBe(false);
    expect(insideBox(swapped, city)).toBe(false);
    expect(looksSwapped(swapped, city)).toBe(true);
    expect(looksSwapped([[square(0, 0)]], city)).toBe(false);
  });
});
