// Self-intersection search for validatePolygon: every pair of edges whose bounding boxes overlap, found with a
// flatbush index over the edges and decided with exact orientation tests.
import Flatbush from 'flatbush';
import { orient2d } from 'robust-predicates';
import type { GeometryProblem } from './geometry.ts';
import type { Position } from './types.ts';

/**
 * Self-intersection search visits segment pairs whose bounding boxes overlap: O(n log n) for real outlines.
 * A pathological outline (thousands of long criss-crossing edges) could make that quadratic; past this budget the
 * polygon is reported as not verifiable rather than burning a core.
 */
const PAIR_BUDGET_BASE = 2_000_000;
const PAIR_BUDGET_PER_SEGMENT = 64;

/** Sign of orient2d in the usual y-up sense: > 0 when c is left of a→b. */
function side(a: Position, b: Position, c: Position): number {
  return -orient2d(a[0], a[1], b[0], b[1], c[0], c[1]);
}

/** c is on the closed segment a–b, given that a, b, c are collinear. */
export function withinSegment(a: Position, b: Position, c: Position): boolean {
  return (
    Math.min(a[0], b[0]) <= c[0] &&
    c[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= c[1] &&
    c[1] <= Math.max(a[1], b[1])
  );
}

/** Where segments a–b and c–d meet (exact test), or undefined. */
function segmentContact(a: Position, b: Position, c: Position, d: Position): Position | undefined {
  const o1 = Math.sign(side(a, b, c));
  const o2 = Math.sign(side(a, b, d));
  const o3 = Math.sign(side(c, d, a));
  const o4 = Math.sign(side(c, d, b));
  if (o1 * o2 < 0 && o3 * o4 < 0) {
    const t =
      ((c[0] - a[0]) * (d[1] - c[1]) - (c[1] - a[1]) * (d[0] - c[0])) /
      ((b[0] - a[0]) * (d[1] - c[1]) - (b[1] - a[1]) * (d[0] - c[0]));
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  }
  if (o1 === 0 && withinSegment(a, b, c)) return c;
  if (o2 === 0 && withinSegment(a, b, d)) return d;
  if (o3 === 0 && withinSegment(c, d, a)) return a;
  if (o4 === 0 && withinSegment(c, d, b)) return b;
  return undefined;
}

/**
 * Any two edges of the polygon (same ring or different rings) that cross or touch, other than consecutive edges
 * meeting at their shared corner. Consecutive edges that fold back over each other (a spike) count too.
 */
export function findSelfIntersections(rings: Position[][]): GeometryProblem[] {
  const segRing: number[] = [];
  const segIndex: number[] = [];
  for (let r = 0; r < rings.length; r++) {
    if (rings[r].length < 3) continue;
    for (let i = 0; i < rings[r].length; i++) {
      segRing.push(r);
      segIndex.push(i);
    }
  }
  const n = segRing.length;
  if (n === 0) return [];
  const start = (s: number) => rings[segRing[s]][segIndex[s]];
  const end = (s: number) => {
    const ring = rings[segRing[s]];
    return ring[(segIndex[s] + 1) % ring.length];
  };
  const index = new Flatbush(n);
  for (let s = 0; s < n; s++) {
    const a = start(s);
    const b = end(s);
    index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  }
  index.finish();

  const problems: GeometryProblem[] = [];
  const reportedRings = new Set<string>();
  let budget = PAIR_BUDGET_BASE + PAIR_BUDGET_PER_SEGMENT * n;
  for (let s = 0; s < n; s++) {
    const a = start(s);
    const b = end(s);
    const candidates = index.search(
      Math.min(a[0], b[0]),
      Math.min(a[1], b[1]),
      Math.max(a[0], b[0]),
      Math.max(a[1], b[1]),
    );
    for (const t of candidates) {
      if (t <= s) continue;
      if (--budget < 0) {
        problems.push({
          kind: 'self_intersection',
          ring: -1,
          message: `polygon outline is too intricate to verify (${n} edges with too many overlapping pairs); simplify it`,
        });
        return problems;
      }
      const sameRing = segRing[s] === segRing[t];
      const ringLength = rings[segRing[s]].length;
      const c = start(t);
      const d = end(t);
      let at: Position | undefined;
      if (sameRing && (segIndex[t] === segIndex[s] + 1 || (segIndex[s] === 0 && segIndex[t] === ringLength - 1))) {
        // Consecutive edges share one corner; they are only wrong when they fold back along each other.
        const [shared, p, q] = segIndex[t] === segIndex[s] + 1 ? [b, a, d] : [a, b, c];
        if (side(p, shared, q) === 0 && (withinSegment(p, shared, q) || withinSegment(q, shared, p))) at = shared;
      } else {
        at = segmentContact(a, b, c, d);
      }
      if (at === undefined) continue;
      const key = `${segRing[s]}/${segRing[t]}`;
      if (reportedRings.has(key)) continue; // one report per ring pair keeps huge faulty outlines readable
      reportedRings.add(key);
      problems.push({
        kind: 'self_intersection',
        ring: segRing[s],
        at: [at[0], at[1]],
        message: sameRing
          ? `ring ${segRing[s]} crosses or touches itself near [${at[0]}, ${at[1]}]`
          : `rings ${segRing[s]} and ${segRing[t]} cross or touch near [${at[0]}, ${at[1]}]`,
      });
    }
  }
  return problems;
}
