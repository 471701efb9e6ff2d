// Grid import, step 1: each feature on its own — its properties (code, name, type), its geometry's validity,
// its coordinates (finite, in range, not lat/long swapped, inside the city), converted to WGS84. Pure functions;
// the spatial checks between features are in import-report.ts.
import { type Crs, toWgs84 } from '../../platform/geo/crs.ts';
import { areaSquareMeters, bboxOf, insideBox, looksSwapped, validatePolygon } from '../../platform/geo/geometry.ts';
import type { BBox, MultiPolygon, Polygon, Position } from '../../platform/geo/types.ts';
import type { GridType } from './tables.ts';

/** Positions per feature: a unit grid needs a few dozen; anything near this is a digitising accident. */
export const MAX_VERTICES_PER_FEATURE = 20_000;

export type ProblemKind =
  | 'feature_invalid'
  | 'geometry_type'
  | 'code_format'
  | 'name_missing'
  | 'type_invalid'
  | 'unclosed_ring'
  | 'too_few_points'
  | 'self_intersection'
  | 'non_finite'
  | 'out_of_range'
  | 'too_many_vertices'
  | 'hole_outside'
  | 'zero_area'
  | 'coordinates_swapped'
  | 'outside_city'
  | 'duplicate_code'
  | 'unknown_community'
  | 'community_mismatch'
  | 'declared_community_mismatch'
  | 'other_district'
  | 'outside_community'
  | 'overlap'
  | 'overlap_check_stopped'
  | 'gap'
  | 'overlay_failed';

/** One finding of the import report. `featureIndex` is the position in the uploaded `features` array. */
export interface ImportProblem {
  severity: 'error' | 'warning';
  kind: ProblemKind;
  message: string;
  featureIndex?: number;
  /** All the features concerned, when there are several (duplicate codes, overlaps). */
  features?: number[];
  code?: string;
  codes?: string[];
  communityCode?: string;
  ring?: number;
  at?: Position;
  areaM2?: number;
  /** The problem area (overlap, gap), GeoJSON MultiPolygon in WGS84, to highlight on the map. */
  geometry?: { type: 'MultiPolygon'; coordinates: MultiPolygon };
  detail?: string;
}

/** A problem before its message is written (import-report.ts words it in the caller's language). */
export type RawProblem = Omit<ImportProblem, 'message'> & { params?: Record<string, unknown> };

export interface ParsedFeature {
  feature: number;
  /** undefined when the code is missing or malformed. */
  code?: string;
  name?: string;
  type?: GridType;
  /** The optional communityCode property, when given. */
  declaredCommunity?: string;
  /** WGS84, present only when the geometry is valid and inside the city. */
  geometry?: MultiPolygon;
  bbox?: BBox;
  areaM2?: number;
}

export interface FeatureRules {
  crs: Crs;
  sequenceWidth: number;
  cityBbox: BBox | null;
}

const TYPE_ALIASES: Record<string, GridType> = {
  urban: 'urban',
  rural: 'rural',
  special: 'special',
  城市: 'urban',
  城市网格: 'urban',
  农村: 'rural',
  农村网格: 'rural',
  专属: 'special',
  专属网格: 'special',
};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Positions in a Polygon's or MultiPolygon's coordinates, counted without trusting their shape. */
function countPositions(coordinates: unknown, depth: number): number {
  if (!Array.isArray(coordinates)) return 0;
  if (depth === 1) return coordinates.length;
  let n = 0;
  for (const c of coordinates) n += countPositions(c, depth - 1);
  return n;
}

function checkProperties(f: Record<string, unknown>, i: number, rules: FeatureRules, out: RawProblem[]) {
  const props = isObject(f.properties) ? f.properties : {};
  const parsed: ParsedFeature = { feature: i };
  const code = props.code;
  const pattern = new RegExp(`^\\d{${12 + rules.sequenceWidth}}$`);
  if (typeof code === 'string' && pattern.test(code)) parsed.code = code;
  else {
    out.push({
      severity: 'error',
      kind: 'code_format',
      featureIndex: i,
      ...(typeof code === 'string' ? { code } : {}),
      params: {
        value: code === undefined ? '' : String(code),
        length: 12 + rules.sequenceWidth,
        width: rules.sequenceWidth,
      },
    });
  }
  const name = typeof props.name === 'string' ? props.name.trim() : '';
  if (name.length > 0 && name.length <= 100) parsed.name = name;
  else out.push({ severity: 'error', kind: 'name_missing', featureIndex: i, code: parsed.code, params: {} });
  const type = typeof props.type === 'string' ? TYPE_ALIASES[props.type.trim()] : undefined;
  if (type) parsed.type = type;
  else {
    out.push({
      severity: 'error',
      kind: 'type_invalid',
      featureIndex: i,
      code: parsed.code,
      params: { value: props.type === undefined ? '' : String(props.type) },
    });
  }
  if (typeof props.communityCode === 'string') parsed.declaredCommunity = props.communityCode;
  return parsed;
}

function convert(mp: MultiPolygon, crs: Crs): MultiPolygon {
  if (crs === 'wgs84') return mp;
  // 1e-8° (about 1 mm): shared vertices convert to the same numbers, so shared edges stay shared.
  const r8 = (v: number) => Math.round(v * 1e8) / 1e8;
  return mp.map((poly) =>
    poly.map((ring) =>
      ring.map((p) => {
        const [lng, lat] = toWgs84([p[0], p[1]], crs);
        return [r8(lng), r8(lat)] as Position;
      }),
    ),
  );
}

/** Checks one feature; pushes its problems and returns what could be read of it. */
export function checkFeature(f: unknown, i: number, rules: FeatureRules, out: RawProblem[]): ParsedFeature {
  if (!isObject(f) || f.type !== 'Feature') {
    out.push({ severity: 'error', kind: 'feature_invalid', featureIndex: i, params: {} });
    return { feature: i };
  }
  const parsed = checkProperties(f, i, rules, out);
  const code = parsed.code;
  const g = f.geometry;
  if (!isObject(g) || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    out.push({
      severity: 'error',
      kind: 'geometry_type',
      featureIndex: i,
      code,
      params: { type: isObject(g) ? String(g.type) : String(g ?? 'null') },
    });
    return parsed;
  }
  const positions = countPositions(g.coordinates, g.type === 'Polygon' ? 2 : 3);
  if (positions > MAX_VERTICES_PER_FEATURE) {
    // Refused before anything else looks at the coordinates: that is what a huge polygon would exhaust.
    out.push({
      severity: 'error',
      kind: 'too_many_vertices',
      featureIndex: i,
      code,
      params: { count: positions, max: MAX_VERTICES_PER_FEATURE },
    });
    return parsed;
  }
  if (!Array.isArray(g.coordinates)) {
    out.push({ severity: 'error', kind: 'too_few_points', featureIndex: i, code, ring: -1, params: { ring: -1 } });
    return parsed;
  }
  const raw = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as MultiPolygon;

  const before = out.length;
  const finite = raw.every(
    (poly) =>
      Array.isArray(poly) &&
      poly.every(
        (ring) =>
          Array.isArray(ring) && ring.every((p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1])),
      ),
  );
  if (finite && rules.cityBbox && looksSwapped(raw, rules.cityBbox)) {
    out.push({ severity: 'error', kind: 'coordinates_swapped', featureIndex: i, code, at: raw[0][0][0], params: {} });
    return parsed;
  }
  raw.forEach((poly: Polygon, p) => {
    for (const problem of validatePolygon(poly, { maxVertices: MAX_VERTICES_PER_FEATURE })) {
      out.push({
        severity: 'error',
        kind: problem.kind,
        featureIndex: i,
        code,
        ring: problem.ring,
        ...(problem.at ? { at: problem.at } : {}),
        detail: raw.length > 1 ? `polygon ${p}: ${problem.message}` : problem.message,
        params: { ring: problem.ring, polygon: p },
      });
    }
  });
  if (out.length > before) return parsed;

  const geometry = convert(raw, rules.crs);
  if (rules.cityBbox && !insideBox(geometry, rules.cityBbox)) {
    out.push({
      severity: 'error',
      kind: 'outside_city',
      featureIndex: i,
      code,
      at: geometry[0][0][0],
      params: { bbox: rules.cityBbox.join(', ') },
    });
    return parsed;
  }
  parsed.geometry = geometry;
  parsed.bbox = bboxOf(geometry);
  parsed.areaM2 = Math.round(areaSquareMeters(geometry) * 100) / 100;
  return parsed;
}
