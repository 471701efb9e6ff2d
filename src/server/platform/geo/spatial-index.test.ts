import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointInMultiPolygon, validatePolygon } from './geometry.ts';
import { GridIndex, IndexHolder } from './spatial-index.ts';
import { seededRandom, syntheticGrids } from './synthetic-grids.ts';
import type { BBox, MultiPolygon, Position } from './types.ts';

interface Entry {
  id: number;
  geometry: MultiPolygon;
}

const rect = (x0: number, y0: number, x1: number, y1: number): MultiPolygon => [
  [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
];

/** A box cut recursively into rectangles at integer positions: shared edges and T-junctions everywhere. */
function guillotine(seed: number, width: number, height: number): Entry[] {
  const random = seededRandom(seed);
  const out: Entry[] = [];
  const cut = (x0: number, y0: number, x1: number, y1: number, depth: number) => {
    const canX = x1 - x0 > 1;
    const canY = y1 - y0 > 1;
    if ((!canX && !canY) || (depth > 1 && random() < 0.25)) {
      out.push({ id: out.length, geometry: rect(x0, y0, x1, y1) });
      return;
    }
    if (canX && (!canY || random() < 0.5)) {
      const x = x0 + 1 + Math.floor(random() * (x1 - x0 - 1));
      cut(x0, y0, x, y1, depth + 1);
      cut(x, y0, x1, y1, depth + 1);
    } else {
      const y = y0 + 1 + Math.floor(random() * (y1 - y0 - 1));
      cut(x0, y0, x1, y, depth + 1);
      cut(x0, y, x1, y1, depth + 1);
    }
  };
  cut(0, 0, width, height, 0);
  return out;
}

const owners = (entries: Entry[], p: Position) => entries.filter((e) => pointInMultiPolygon(p, e.geometry));
const linearScan = (entries: Entry[], p: Position) => owners(entries, p)[0]?.id ?? null;
const insideHalfOpen = ([x, y]: Position, [x0, y0, x1, y1]: BBox) => x >= x0 && x < x1 && y >= y0 && y < y1;

describe('GridIndex', () => {
  it('gives every point of a rectangle tessellation exactly one grid, as a linear scan does', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(fc.tuple(fc.integer({ min: -2, max: 34 }), fc.integer({ min: -2, max: 34 })), { maxLength: 200 }),
        fc.array(fc.tuple(fc.double({ min: -1, max: 17, noNaN: true }), fc.double({ min: -1, max: 17, noNaN: true })), {
          maxLength: 100,
        }),
        (seed, halves, anywhere) => {
          const entries = guillotine(seed, 16, 16);
          const index = GridIndex.build(entries);
          // Half-integer points land on edges, corners and T-junctions as well as inside.
          const points: Position[] = [...halves.map(([x, y]) => [x / 2, y / 2] as Position), ...anywhere];
          for (const p of points) {
            const found = index.locate(p);
            expect(found).toBe(linearScan(entries, p));
            expect(owners(entries, p).length).toBe(insideHalfOpen(p, [0, 0, 16, 16]) ? 1 : 0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives every point of a perturbed quad city (wiggly edges, islands in holes) exactly one grid', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        (seed, cols, rows) => {
          const bbox: BBox = [120.5, 31.2, 120.6, 31.3];
          const entries = syntheticGrids({ cols, rows, bbox, seed, wigglyEdgeShare: 0.3, islandShare: 0.2 });
          for (const e of entries) for (const poly of e.geometry) expect(validatePolygon(poly)).toEqual([]);
          const index = GridIndex.build(entries);
          const random = seededRandom(seed ^ 0x5bd1e995);
          const points: Position[] = [];
          for (let i = 0; i < 200; i++) points.push([120.49 + 0.12 * random(), 31.19 + 0.12 * random()]);
          // Every vertex of every grid: shared corners, points along shared wiggly edges, island corners.
          for (const e of entries) for (const poly of e.geometry) for (const ring of poly) points.push(...ring);
          for (const p of points) {
            expect(index.locate(p)).toBe(linearScan(entries, p));
            expect(owners(entries, p).length).toBe(insideHalfOpen(p, bbox) ? 1 : 0);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers with the first grid in build order where grids overlap, like a linear scan', () => {
    const entries: Entry[] = [
      { id: 7, geometry: rect(0, 0, 2, 2) },
      { id: 3, geometry: rect(1, 1, 3, 3) },
    ];
    const index = GridIndex.build(entries);
    expect(index.locate([1.5, 1.5])).toBe(7);
    expect(index.locate([2.5, 2.5])).toBe(3);
    expect(GridIndex.build([...entries].reverse()).locate([1.5, 1.5])).toBe(3);
  });

  it('says nothing for points outside every grid, NaN or infinite, and for an empty index', () => {
    const index = GridIndex.build([{ id: 'a', geometry: rect(0, 0, 1, 1) }]);
    expect(index.locate([5, 5])).toBeNull();
    expect(index.locate([Number.NaN, 0.5])).toBeNull();
    expect(index.locate([Number.NEGATIVE_INFINITY, 0.5])).toBeNull();
    expect(GridIndex.empty<string>().locate([0.5, 0.5])).toBeNull();
    expect(GridIndex.empty<string>().size).toBe(0);
  });

  it('refuses to build from a non-finite coordinate', () => {
    const bad = rect(0, 0, 1, 1);
    bad[0][0][2] = [Number.NaN, 1];
    expect(() => GridIndex.build([{ id: 'x', geometry: bad }])).toThrow(TypeError);
  });

  it('counts grids, not polygons, and reports its memory', () => {
    const entries = syntheticGrids({ cols: 20, rows: 20, islandShare: 0.1 });
    const index = GridIndex.build(entries);
    expect(index.size).toBe(entries.length);
    expect(index.polygonCount).toBeGreaterThan(entries.length);
    expect(index.memoryBytes()).toBeGreaterThan(index.vertexCount * 16);
  });
});

describe('IndexHolder', () => {
  it('serves the old index until the new one is swapped in whole', () => {
    const holder = new IndexHolder<string>();
    expect(holder.current.locate([0.5, 0.5])).toBeNull();
    const before = holder.current;
    const next = GridIndex.build([{ id: 'g1', geometry: rect(0, 0, 1, 1) }]);
    expect(holder.current).toBe(before);
    holder.swap(next);
    expect(holder.current.locate([0.5, 0.5])).toBe('g1');
    expect(before.locate([0.5, 0.5])).toBeNull(); // a reader holding the old index keeps a consistent view
    expect(holder.generation).toBe(1);
  });
});
