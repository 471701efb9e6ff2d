// The in-memory look-up behind `locate(point)`: which grid owns a point, in well under a microsecond.
//
// A packed Hilbert R-tree (flatbush) over each polygon's bounding box narrows the candidates; an exact
// point-in-polygon test under the shared edge rule (edge-rule.ts) decides. All ring coordinates live in one flat
// Float64Array and the tree is walked with a preallocated stack, so a look-up allocates nothing.
//
// If grids overlap (invalid data; the import report flags it) the entry that comes first in the build list wins,
// which is what a linear scan in the same order answers. On a proper tessellation every point inside the covered
// area has exactly one owner, points on shared edges and corners included.
import Flatbush from 'flatbush';
import { edgeCrossesRay } from './edge-rule.ts';
import type { MultiPolygon, Position } from './types.ts';

export interface GridIndexEntry<T> {
  id: T;
  geometry: MultiPolygon;
}

const NONE = 0x7fffffff;
// Four children per node measured fastest for point queries at 10k–50k grids (bench/geo.ts); 8 and 16 were ~15 % slower.
const NODE_SIZE = 4;

export class GridIndex<T> {
  /** Number of entries (grids), not polygons. */
  readonly size: number;
  readonly polygonCount: number;
  readonly vertexCount: number;

  private readonly ids: T[];
  private readonly tree: Flatbush | null;
  /** x0, y0, x1, y1, … of every ring, each ring stored closed. */
  private readonly coords: Float64Array;
  /** ringStart[r] .. ringStart[r + 1]: vertex range of ring r. */
  private readonly ringStart: Uint32Array;
  /** polyRing[k] .. polyRing[k + 1]: ring range of polygon k. */
  private readonly polyRing: Uint32Array;
  /** Entry (position in the build list) each polygon belongs to. */
  private readonly polyEntry: Uint32Array;
  private readonly stack: Int32Array;

  private constructor(
    ids: T[],
    tree: Flatbush | null,
    coords: Float64Array,
    ringStart: Uint32Array,
    polyRing: Uint32Array,
    polyEntry: Uint32Array,
  ) {
    this.ids = ids;
    this.tree = tree;
    this.coords = coords;
    this.ringStart = ringStart;
    this.polyRing = polyRing;
    this.polyEntry = polyEntry;
    this.size = ids.length;
    this.polygonCount = polyEntry.length;
    this.vertexCount = coords.length / 2;
    const levels = tree ? tree._levelBounds.length : 1;
    // Depth-first: at most one sibling group per level waits on the stack, two ints per node.
    this.stack = new Int32Array(2 * (levels + 1) * (tree ? tree.nodeSize : 1) + 4);
  }

  static empty<T>(): GridIndex<T> {
    return GridIndex.build<T>([]);
  }

  /**
   * Builds the whole index; nothing is shared with a previous one, so it can be swapped in atomically.
   * Throws TypeError on a non-finite coordinate (geometries are validated before they are stored).
   */
  static build<T>(entries: GridIndexEntry<T>[]): GridIndex<T> {
    let polygons = 0;
    let rings = 0;
    let vertices = 0;
    for (const { geometry } of entries) {
      for (const poly of geometry) {
        polygons++;
        for (const ring of poly) {
          if (ring.length === 0) continue;
          rings++;
          const closed = ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1];
          vertices += ring.length + (closed ? 0 : 1);
        }
      }
    }
    const coords = new Float64Array(vertices * 2);
    const ringStart = new Uint32Array(rings + 1);
    const polyRing = new Uint32Array(polygons + 1);
    const polyEntry = new Uint32Array(polygons);
    const tree = polygons > 0 ? new Flatbush(polygons, NODE_SIZE) : null;
    let k = 0;
    let r = 0;
    let v = 0;
    for (let e = 0; e < entries.length; e++) {
      for (const poly of entries[e].geometry) {
        polyEntry[k] = e;
        polyRing[k] = r;
        let minX = Number.POSITIVE_INFINITY;
        let minY = Number.POSITIVE_INFINITY;
        let maxX = Number.NEGATIVE_INFINITY;
        let maxY = Number.NEGATIVE_INFINITY;
        for (const ring of poly) {
          if (ring.length === 0) continue;
          ringStart[r++] = v;
          for (const p of ring) {
            const x = p[0];
            const y = p[1];
            if (!Number.isFinite(x) || !Number.isFinite(y)) {
              throw new TypeError(`grid ${String(entries[e].id)} has a non-finite coordinate`);
            }
            coords[2 * v] = x;
            coords[2 * v + 1] = y;
            v++;
            if (x < minX) minX = x;
            if (y < minY) minY = y;
            if (x > maxX) maxX = x;
            if (y > maxY) maxY = y;
          }
          const first = ring[0];
          const last = ring[ring.length - 1];
          if (first[0] !== last[0] || first[1] !== last[1]) {
            coords[2 * v] = first[0];
            coords[2 * v + 1] = first[1];
            v++;
          }
        }
        // An empty polygon gets an inverted box that no point query touches.
        if (minX > maxX) tree!.add(1, 1, 0, 0);
        else tree!.add(minX, minY, maxX, maxY);
        k++;
      }
    }
    ringStart[r] = v;
    polyRing[k] = r;
    tree?.finish();
    return new GridIndex(
      entries.map((x) => x.id),
      tree,
      coords,
      ringStart,
      polyRing,
      polyEntry,
    );
  }

  /** The grid owning p, or null when no grid does (outside the jurisdiction). */
  locate(p: Position): T | null {
    const e = this.locateEntry(p[0], p[1]);
    return e < 0 ? null : this.ids[e];
  }

  /** As locate, without a Position array. */
  locateLngLat(lng: number, lat: number): T | null {
    const e = this.locateEntry(lng, lat);
    return e < 0 ? null : this.ids[e];
  }

  /** Position in the build list of the grid owning (x, y), or -1. The allocation-free hot path. */
  locateEntry(x: number, y: number): number {
    const tree = this.tree;
    // NaN fails every comparison below, but ±Infinity would not; both mean "no grid".
    if (tree === null || !(Math.abs(x) < Number.POSITIVE_INFINITY) || !(Math.abs(y) < Number.POSITIVE_INFINITY)) {
      return -1;
    }
    const boxes = tree._boxes;
    const indices = tree._indices;
    const levelBounds = tree._levelBounds;
    const nodeSize = tree.nodeSize;
    const numItems4 = tree.numItems * 4;
    const stack = this.stack;
    let sp = 0;
    let best = NONE;
    // Boxes are tested half-open (x0 <= x < x1): under the edge rule a point on a polygon's east or north
    // extreme is outside it, so those polygons need no exact test.
    let nodeIndex = boxes.length - 4;
    let level = levelBounds.length - 1;
    for (;;) {
      const end = Math.min(nodeIndex + nodeSize * 4, levelBounds[level]);
      if (nodeIndex >= numItems4) {
        for (let pos = nodeIndex; pos < end; pos += 4) {
          if (x < boxes[pos] || y < boxes[pos + 1] || x >= boxes[pos + 2] || y >= boxes[pos + 3]) continue;
          stack[sp++] = indices[pos >> 2];
          stack[sp++] = level - 1;
        }
      } else {
        for (let pos = nodeIndex; pos < end; pos += 4) {
          if (x < boxes[pos] || y < boxes[pos + 1] || x >= boxes[pos + 2] || y >= boxes[pos + 3]) continue;
          const k = indices[pos >> 2];
          const entry = this.polyEntry[k];
          if (entry < best && this.polygonContains(k, x, y)) best = entry;
        }
      }
      if (sp === 0) break;
      level = stack[--sp];
      nodeIndex = stack[--sp];
    }
    return best === NONE ? -1 : best;
  }

  private polygonContains(k: number, x: number, y: number): boolean {
    const coords = this.coords;
    const ringStart = this.ringStart;
    let inside = false;
    for (let r = this.polyRing[k], rEnd = this.polyRing[k + 1]; r < rEnd; r++) {
      const end = 2 * ringStart[r + 1];
      for (let i = 2 * ringStart[r] + 2; i < end; i += 2) {
        if (edgeCrossesRay(coords[i - 2], coords[i - 1], coords[i], coords[i + 1], x, y)) inside = !inside;
      }
    }
    return inside;
  }

  /** Bytes held by the index's arrays (ids counted as one pointer each; the ids' own size is not included). */
  memoryBytes(): number {
    return (
      (this.tree?.data.byteLength ?? 0) +
      this.coords.byteLength +
      this.ringStart.byteLength +
      this.polyRing.byteLength +
      this.polyEntry.byteLength +
      this.stack.byteLength +
      8 * this.ids.length
    );
  }
}

/**
 * Holds the index readers use. A new index is built completely off to the side and then swapped in with one
 * reference assignment, so a reader sees the old index or the new one, never a half-built one.
 */
export class IndexHolder<T> {
  private index: GridIndex<T>;
  private swaps = 0;

  constructor(initial: GridIndex<T> = GridIndex.empty<T>()) {
    this.index = initial;
  }

  get current(): GridIndex<T> {
    return this.index;
  }

  /** How many times the index has been replaced (for metrics and tests). */
  get generation(): number {
    return this.swaps;
  }

  swap(next: GridIndex<T>): void {
    this.index = next;
    this.swaps++;
  }
}
