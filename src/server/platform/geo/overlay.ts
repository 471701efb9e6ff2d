// Polygon overlay for the import report (overlaps between grids, gaps inside a community), on `polygon-clipping`
// (Martinez–Rueda sweep). The library throws on some degenerate inputs; those come back as an OverlayError value
// so one bad grid turns into a reported problem instead of a failed import.
import polygonClipping from 'polygon-clipping';
import { areaSquareMeters, bboxOf } from './geometry.ts';
import type { BBox, MultiPolygon } from './types.ts';

export class OverlayError extends Error {
  readonly kind = 'overlay_failed' as const;
  constructor(
    readonly operation: 'intersection' | 'difference' | 'union',
    cause: unknown,
  ) {
    super(`polygon ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'OverlayError';
  }
}

export function isOverlayError(x: unknown): x is OverlayError {
  return x instanceof OverlayError;
}

function boxesOverlap(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

function isEmpty(mp: MultiPolygon): boolean {
  return mp.every((poly) => poly.length === 0 || poly[0].length === 0);
}

/** The shared part of a and b and its area (m²). Disjoint boxes short-cut to an empty result. */
export function intersectionArea(
  a: MultiPolygon,
  b: MultiPolygon,
): { areaM2: number; geometry: MultiPolygon } | OverlayError {
  if (isEmpty(a) || isEmpty(b) || !boxesOverlap(bboxOf(a), bboxOf(b))) return { areaM2: 0, geometry: [] };
  try {
    const geometry = polygonClipping.intersection(a, b) as MultiPolygon;
    return { areaM2: areaSquareMeters(geometry), geometry };
  } catch (e) {
    return new OverlayError('intersection', e);
  }
}

/** a minus every geometry in bs (e.g. a community boundary minus its grids = the gaps). */
export function difference(a: MultiPolygon, bs: MultiPolygon[]): MultiPolygon | OverlayError {
  if (isEmpty(a)) return [];
  const box = bboxOf(a);
  const clips = bs.filter((b) => !isEmpty(b) && boxesOverlap(box, bboxOf(b)));
  if (clips.length === 0) return a;
  try {
    return polygonClipping.difference(a, ...clips) as MultiPolygon;
  } catch (e) {
    return new OverlayError('difference', e);
  }
}

export function union(ms: MultiPolygon[]): MultiPolygon | OverlayError {
  const parts = ms.filter((m) => !isEmpty(m));
  if (parts.length === 0) return [];
  try {
    return polygonClipping.union(parts[0], ...parts.slice(1)) as MultiPolygon;
  } catch (e) {
    return new OverlayError('union', e);
  }
}
