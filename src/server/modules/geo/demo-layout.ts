// The demo city's SYNTHETIC geography. The division codes and names are real (NBS 2023, 苏州市), but no real
// boundaries are bundled, so the urban districts are laid out as boxes near their real places, each box cut
// into its streets, each street into its communities and each community into unit grids of roughly 200–400 m.
// Every shape is an axis-aligned rectangle whose edges are computed once and reused by both neighbours, so the
// grids tile each community exactly: no gaps, no overlaps. A pure function of the division list: the same
// layout on every run and every machine.
import { areaSquareMeters, bboxOf } from '../../platform/geo/geometry.ts';
import type { BBox, MultiPolygon } from '../../platform/geo/types.ts';
import type { GridType } from './tables.ts';

/** West, south, east, north in degrees. Near the real places, sized by community count (≈ 0.3 km² each). */
export const DEMO_DISTRICT_BOXES: Readonly<Record<string, BBox>> = {
  '320508': [120.58, 31.28, 120.66, 31.34], // 姑苏区: the old city
  '320505': [120.535, 31.28, 120.58, 31.34], // 虎丘区 (高新区): west of it
  '320576': [120.66, 31.28, 120.74, 31.34], // 苏州工业园区: east
  '320507': [120.58, 31.34, 120.66, 31.39], // 相城区: north
  '320506': [120.58, 31.2, 120.66, 31.28], // 吴中区: south
};

/** Target edge of a unit grid in metres (数字城管 unit grids are about 10,000 m²; social-governance grids larger). */
const GRID_EDGE_M = 280;
const MAX_GRIDS_PER_COMMUNITY = 99; // the 2-digit sequence
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LNG_EQUATOR = 111_320;

export interface LayoutDivision {
  code: string;
  name: string;
  level: 'city' | 'district' | 'street' | 'community';
  parentCode: string | null;
}

export interface DemoGrid {
  code: string;
  name: string;
  type: GridType;
  communityCode: string;
  geometry: MultiPolygon;
  bbox: BBox;
  areaM2: number;
}

export interface DemoLayout {
  /** District, street and community boundaries by code. */
  boundaries: Map<string, MultiPolygon>;
  grids: DemoGrid[];
}

/** Coordinates to 1e-7° (about 1 cm): each cut is rounded once and then shared by both sides. */
const r7 = (v: number) => Math.round(v * 1e7) / 1e7;

function rectangle([w, s, e, n]: BBox): MultiPolygon {
  // Counter-clockwise outer ring, as RFC 7946 recommends.
  return [
    [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  ];
}

function sizeInMetres([w, s, e, n]: BBox): { width: number; height: number } {
  const cos = Math.cos((((s + n) / 2) * Math.PI) / 180);
  return { width: (e - w) * M_PER_DEG_LNG_EQUATOR * cos, height: (n - s) * M_PER_DEG_LAT };
}

/**
 * Cuts `box` into one rectangle per weight, areas proportional to the weights, in order: the list is halved
 * by weight and the box is cut across its longer side (first half to the west or to the north), recursively.
 * Keeps the pieces roughly square and neighbours in code order next to each other.
 */
export function splitBox(box: BBox, weights: readonly number[]): BBox[] {
  if (weights.length === 1) return [box];
  const total = weights.reduce((a, b) => a + b, 0);
  // k items go first: the k whose prefix sum is nearest half the total.
  let k = 1;
  let prefix = weights[0];
  for (let i = 2, sum = weights[0] + weights[1]; i < weights.length; i++, sum += weights[i - 1]) {
    if (Math.abs(sum - total / 2) < Math.abs(prefix - total / 2)) {
      k = i;
      prefix = sum;
    }
  }
  const share = prefix / total;
  const [w, s, e, n] = box;
  const { width, height } = sizeInMetres(box);
  let first: BBox;
  let rest: BBox;
  if (width >= height) {
    const x = r7(w + (e - w) * share);
    first = [w, s, x, n];
    rest = [x, s, e, n];
  } else {
    const y = r7(n - (n - s) * share);
    first = [w, y, e, n];
    rest = [w, s, e, y];
  }
  return [...splitBox(first, weights.slice(0, k)), ...splitBox(rest, weights.slice(k))];
}

/** Columns × rows of about GRID_EDGE_M, at most 99 cells. */
function gridShape(box: BBox): { cols: number; rows: number } {
  const { width, height } = sizeInMetres(box);
  let cols = Math.max(1, Math.round(width / GRID_EDGE_M));
  let rows = Math.max(1, Math.round(height / GRID_EDGE_M));
  while (cols * rows > MAX_GRIDS_PER_COMMUNITY) {
    if (cols >= rows) cols--;
    else rows--;
  }
  return { cols, rows };
}

/** 城市 unless the community is a village (村委会); 专属网格 for parks, bonded zones and scenic areas. */
const SPECIAL_STREET = /综合保税区|风景区|林场|采石公司|度假区|创业服务中心|农业园区/;

function gridType(communityName: string, streetName: string): GridType {
  if (SPECIAL_STREET.test(streetName)) return 'special';
  return /村委会$|村$/.test(communityName) ? 'rural' : 'urban';
}

/** "桂花社区居委会" → "桂花社区", "旺山村委会" → "旺山村". */
export function shortCommunityName(name: string): string {
  return name.replace(/(居委会|居民委员会|委会|委员会)$/, '');
}

/**
 * The synthetic layout for every district in DEMO_DISTRICT_BOXES. Grids are numbered west→east, north→south
 * inside their community (CJ/T 213), two digits.
 */
export function demoLayout(divisions: readonly LayoutDivision[]): DemoLayout {
  const children = new Map<string, LayoutDivision[]>();
  for (const d of divisions) {
    if (d.parentCode === null) continue;
    const list = children.get(d.parentCode) ?? [];
    list.push(d);
    children.set(d.parentCode, list);
  }
  const sorted = (code: string) => [...(children.get(code) ?? [])].sort((a, b) => a.code.localeCompare(b.code));
  const boundaries = new Map<string, MultiPolygon>();
  const grids: DemoGrid[] = [];

  for (const [districtCode, box] of Object.entries(DEMO_DISTRICT_BOXES).sort(([a], [b]) => a.localeCompare(b))) {
    boundaries.set(districtCode, rectangle(box));
    const streets = sorted(districtCode).filter((s) => sorted(s.code).length > 0);
    const streetBoxes = splitBox(
      box,
      streets.map((s) => sorted(s.code).length),
    );
    streets.forEach((street, si) => {
      boundaries.set(street.code, rectangle(streetBoxes[si]));
      const communities = sorted(street.code);
      const communityBoxes = splitBox(
        streetBoxes[si],
        communities.map(() => 1),
      );
      communities.forEach((community, ci) => {
        const cbox = communityBoxes[ci];
        boundaries.set(community.code, rectangle(cbox));
        const { cols, rows } = gridShape(cbox);
        const [w, s, e, n] = cbox;
        const xs = Array.from({ length: cols + 1 }, (_, i) =>
          i === 0 ? w : i === cols ? e : r7(w + ((e - w) * i) / cols),
        );
        const ys = Array.from({ length: rows + 1 }, (_, j) =>
          j === 0 ? n : j === rows ? s : r7(n - ((n - s) * j) / rows),
        );
        const short = shortCommunityName(community.name);
        const type = gridType(community.name, street.name);
        for (let j = 0; j < rows; j++) {
          for (let i = 0; i < cols; i++) {
            const seq = String(j * cols + i + 1).padStart(2, '0');
            const geometry = rectangle([xs[i], ys[j + 1], xs[i + 1], ys[j]]);
            grids.push({
              code: `${community.code}${seq}`,
              name: `${short}${seq}号网格`,
              type,
              communityCode: community.code,
              geometry,
              bbox: bboxOf(geometry),
              areaM2: Math.round(areaSquareMeters(geometry) * 100) / 100,
            });
          }
        }
      });
    });
  }
  return { boundaries, grids };
}
