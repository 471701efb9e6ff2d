// The one rule that decides which grid owns a point, shared by pointInMultiPolygon and GridIndex so they can
// never disagree.
//
// Crossing-number test with a ray from the point towards +x (east), half-open in y: an edge counts when one end
// is strictly north of the point and the other is not, and the point is strictly west of (left of) the edge.
// The side test is exact (Shewchuk's orient2d via `robust-predicates`), so the decision for an edge is the same
// whichever polygon walks it and in whichever direction. The result equals "is p + (ε, ε²) inside" for an
// infinitesimal ε > 0 — a point on a boundary belongs to the grid just EAST of it, and a point on an east–west
// edge (or on a vertex) to the grid just NORTH-EAST of it. Consequences:
//  - on a tessellation (grids sharing edges with identical vertices), every point of the covered area belongs to
//    exactly one grid, including points on shared edges and shared vertices;
//  - points on the east or north outer boundary of the covered area belong to no grid.
import { orient2d } from 'robust-predicates';

/**
 * Whether the eastward ray from (px, py) crosses the edge (ax, ay)–(bx, by) under the half-open rule.
 * Allocation-free; the exact predicate runs only when the point lies within the edge's x-extent.
 */
export function edgeCrossesRay(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  if (ay > py === by > py) return false;
  if (px < ax && px < bx) return true;
  if (px >= ax && px >= bx) return false;
  // Orient the edge upward (lo has y <= py < hi.y); crossed iff the point is strictly left of lo→hi.
  // robust-predicates' orient2d is positive when c is to the RIGHT of a→b in a y-up frame (its README assumes y
  // points down), so "strictly left" is a negative value.
  return ay <= py ? orient2d(ax, ay, bx, by, px, py) < 0 : orient2d(bx, by, ax, ay, px, py) < 0;
}
