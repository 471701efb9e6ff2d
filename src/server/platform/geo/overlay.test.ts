import { describe, expect, it } from 'vitest';
import { areaSquareMeters } from './geometry.ts';
import { difference, intersectionArea, isOverlayError, OverlayError, union } from './overlay.ts';
import type { MultiPolygon } from './types.ts';

const box = (x: number, y: number, w: number, h = w): MultiPolygon => [
  [
    [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
      [x, y],
    ],
  ],
];

describe('overlay', () => {
  it('measures the overlap of two grids', () => {
    const a = box(120.6, 31.3, 0.01);
    const b = box(120.605, 31.3, 0.01);
    const result = intersectionArea(a, b);
    if (isOverlayError(result)) throw result;
    expect(result.areaM2 / areaSquareMeters(a)).toBeCloseTo(0.5, 6);
    expect(result.geometry).toHaveLength(1);
  });

  it('reports no overlap for grids that only share an edge or are far apart', () => {
    expect(intersectionArea(box(0, 0, 1), box(1, 0, 1))).toEqual({ areaM2: 0, geometry: [] });
    expect(intersectionArea(box(0, 0, 1), box(5, 5, 1))).toEqual({ areaM2: 0, geometry: [] });
  });

  it('finds the gap a community leaves between its grids', () => {
    const community = box(120.6, 31.3, 0.02);
    const gap = difference(community, [box(120.6, 31.3, 0.01, 0.02), box(120.61, 31.3, 0.01, 0.01)]);
    if (isOverlayError(gap)) throw gap;
    expect(areaSquareMeters(gap) / areaSquareMeters(community)).toBeCloseTo(0.25, 3);
    expect(difference(community, [community])).toEqual([]);
  });

  it('unites grids into their community outline', () => {
    const merged = union([box(0, 0, 1), box(1, 0, 1), box(0, 1, 2, 1)]);
    if (isOverlayError(merged)) throw merged;
    expect(merged).toHaveLength(1);
    expect(areaSquareMeters(merged)).toBeCloseTo(areaSquareMeters(box(0, 0, 2)), 0);
    expect(union([])).toEqual([]);
  });

  it('returns an OverlayError instead of throwing when the clipping library fails', () => {
    const broken: MultiPolygon = [
      [
        [
          [0, 0],
          [1, 0],
          [Number.NaN, 1],
          [0, 0],
        ],
      ],
    ];
    const result = union([broken, box(0, 0, 1)]);
    expect(result).toBeInstanceOf(OverlayError);
    expect(isOverlayError(result) && result.operation).toBe('union');
  });
});
