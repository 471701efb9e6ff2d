// A deterministic synthetic city for tests and benchmarks: a box tessellated into a perturbed lattice of quads.
// Neighbouring grids share their edges with identical vertices (as a real grid layer should), some edges are
// wiggly polylines so their grids have 20–60 vertices, and a few grids are "islands" that sit in a hole of their
// host grid (one with two parts, so MultiPolygons and holes are exercised). The outer outline stays the box.
import type { BBox, MultiPolygon, Position } from './types.ts';
import { seededRandom } from '../seeded-random.ts';

export interface SyntheticCityOptions {
  cols: number;
  rows: number;
  /** Default: a box over central Suzhou. */
  bbox?: BBox;
  seed?: number;
  /** Share of lattice edges drawn as 5–15-point polylines. Default 0.1. */
  wigglyEdgeShare?: number;
  /** Share of cells hosting island grids in holes. Default 0.01. */
  islandShare?: number;
}

export interface SyntheticGrid {
  id: number;
  geometry: MultiPolygon;
}

export { seededRandom };

export const SUZHOU_BBOX: BBox = [120.5, 31.2, 120.8, 31.4];

// Everything is drawn in lattice units (a cell is 1 × 1) and scaled to degrees at the end: scaling keeps a simple
// polygon simple however elongated the cells. Corners move < 0.15 per axis and polylines stay within ±0.04 of
// their chord and away from its ends, so the edges of one grid cannot reach each other.
const JITTER = 0.15;
const WIGGLE = 0.04;

export function syntheticGrids(opts: SyntheticCityOptions): SyntheticGrid[] {
  const { cols, rows } = opts;
  const [minX, minY, maxX, maxY] = opts.bbox ?? SUZHOU_BBOX;
  const random = seededRandom(opts.seed ?? 1);
  const wigglyShare = opts.wigglyEdgeShare ?? 0.1;
  const islandShare = opts.islandShare ?? 0.01;
  const cw = (maxX - minX) / cols;
  const ch = (maxY - minY) / rows;
  const jitter = () => (random() * 2 - 1) * JITTER;
  // The outline maps exactly onto the box, so neighbouring synthetic cities could share it.
  const toDegrees = ([u, v]: Position): Position => [
    u === 0 ? minX : u === cols ? maxX : minX + u * cw,
    v === 0 ? minY : v === rows ? maxY : minY + v * ch,
  ];

  // Lattice corners; those on the outline only slide along it, the box corners stay put.
  const corner: Position[] = new Array((cols + 1) * (rows + 1));
  for (let j = 0; j <= rows; j++) {
    for (let i = 0; i <= cols; i++) {
      const u = i === 0 || i === cols ? i : i + jitter();
      const v = j === 0 || j === rows ? j : j + jitter();
      corner[j * (cols + 1) + i] = toDegrees([u, v]);
    }
  }
  const at = (i: number, j: number) => corner[j * (cols + 1) + i];
  const toLattice = ([x, y]: Position): Position => [(x - minX) / cw, (y - minY) / ch];

  // Interior points of each lattice edge, from its first corner to its second; outline edges stay straight.
  const polyline = (a: Position, b: Position, onOutline: boolean): Position[] => {
    if (onOutline || random() >= wigglyShare) return [];
    const [au, av] = toLattice(a);
    const [bu, bv] = toLattice(b);
    const n = 5 + Math.floor(random() * 11);
    const du = bu - au;
    const dv = bv - av;
    const len = Math.hypot(du, dv);
    const pts: Position[] = [];
    for (let k = 1; k <= n; k++) {
      const t = 0.15 + (0.7 * k) / (n + 1);
      const off = ((random() * 2 - 1) * WIGGLE) / len;
      pts.push(toDegrees([au + t * du - off * dv, av + t * dv + off * du]));
    }
    return pts;
  };
  // hEdge(i, j): (i, j) → (i + 1, j); vEdge(i, j): (i, j) → (i, j + 1).
  const hEdges: Position[][] = [];
  const vEdges: Position[][] = [];
  for (let j = 0; j <= rows; j++) {
    for (let i = 0; i < cols; i++) hEdges[j * cols + i] = polyline(at(i, j), at(i + 1, j), j === 0 || j === rows);
  }
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i <= cols; i++) {
      vEdges[j * (cols + 1) + i] = polyline(at(i, j), at(i, j + 1), i === 0 || i === cols);
    }
  }

  const grids: SyntheticGrid[] = [];
  let nextId = cols * rows;
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      // Counter-clockwise: south edge west→east, east edge south→north, north edge east→west, west edge north→south.
      const ring: Position[] = [
        at(i, j),
        ...hEdges[j * cols + i],
        at(i + 1, j),
        ...vEdges[j * (cols + 1) + i + 1],
        at(i + 1, j + 1),
        ...[...hEdges[(j + 1) * cols + i]].reverse(),
        at(i, j + 1),
        ...[...vEdges[j * (cols + 1) + i]].reverse(),
        at(i, j),
      ];
      const holes: Position[][] = [];
      if (random() < islandShare) {
        const cx = minX + (i + 0.5) * cw;
        const cy = minY + (j + 0.5) * ch;
        const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [
          [cx + x0 * cw, cy + y0 * ch],
          [cx + x1 * cw, cy + y0 * ch],
          [cx + x1 * cw, cy + y1 * ch],
          [cx + x0 * cw, cy + y1 * ch],
          [cx + x0 * cw, cy + y0 * ch],
        ];
        const island: MultiPolygon =
          random() < 0.5
            ? [[square(-0.1, -0.1, 0.1, 0.1)]]
            : [[square(-0.2, -0.08, -0.05, 0.08)], [square(0.05, -0.08, 0.2, 0.08)]];
        for (const [outer] of island) holes.push([...outer].reverse());
        grids.push({ id: nextId++, geometry: island });
      }
      grids.push({ id: j * cols + i, geometry: [[ring, ...holes]] });
    }
  }
  return grids;
}
