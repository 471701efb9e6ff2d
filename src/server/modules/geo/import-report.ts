// Grid import, step 2: the dry-run report. Every feature is checked on its own (import-features.ts), then the
// features against the division tree and each other: duplicate codes, codes whose community is unknown or lies
// elsewhere (another district's), overlaps between grids (pairs found through an R-tree of bounding boxes, not
// all pairs), gaps left inside a community's boundary, and the difference from the version in force. Pure: the
// caller loads the context and decides what to write.
import Flatbush from 'flatbush';
import { areaSquareMeters, bboxOf, pointInMultiPolygon } from '../../platform/geo/geometry.ts';
import { difference, intersectionArea, isOverlayError } from '../../platform/geo/overlay.ts';
import { GridIndex } from '../../platform/geo/spatial-index.ts';
import type { BBox, MultiPolygon, Position } from '../../platform/geo/types.ts';
import { type Locale, translate } from '../../platform/i18n/messages.ts';
import {
  checkFeature,
  type FeatureRules,
  type ImportProblem,
  type ParsedFeature,
  type RawProblem,
} from './import-features.ts';
import type { GridType } from './tables.ts';

/** Overlaps and gaps smaller than this are digitising noise, not findings. */
const AREA_TOLERANCE_M2 = 1;
/** A grid must lie at least this much inside the community its code names. */
const MIN_SHARE_IN_COMMUNITY = 0.5;
/**
 * Pairs of grids whose boxes overlap, clipped at most: real layers have a handful per grid; a pathological upload
 * (thousands of grids stacked on each other) would otherwise be quadratic.
 */
const MAX_OVERLAP_CLIPS = 200_000;

export interface KnownDivision {
  code: string;
  name: string;
  level: 'city' | 'district' | 'street' | 'community';
  boundary: MultiPolygon | null;
}

export interface ImportContext extends FeatureRules {
  locale: Locale;
  /** Divisions valid today, by code. */
  divisions: Map<string, KnownDivision>;
  /** The version in force, for the diff. */
  current: { version: number; grids: Map<string, { name: string; type: GridType; geometry: MultiPolygon }> } | null;
}

export interface ValidGrid {
  feature: number;
  code: string;
  name: string;
  type: GridType;
  communityCode: string;
  geometry: MultiPolygon;
  bbox: BBox;
  areaM2: number;
}

export interface ImportOverlap {
  a: string;
  b: string;
  features: number[];
  areaM2: number;
  geometry: { type: 'MultiPolygon'; coordinates: MultiPolygon };
  message: string;
}

export interface ImportGap {
  communityCode: string;
  communityName: string;
  areaM2: number;
  geometry: { type: 'MultiPolygon'; coordinates: MultiPolygon };
  message: string;
}

export interface ImportReport {
  /** No errors: applying would write this as the new version. */
  ok: boolean;
  crs: string;
  featureCount: number;
  /** Every error, overlaps and gaps included. */
  errorCount: number;
  warningCount: number;
  countsByKind: Record<string, number>;
  /** Findings about single features and codes, in feature order. */
  problems: ImportProblem[];
  /** Pairs of grids that overlap (errors), with the shared area. */
  overlaps: ImportOverlap[];
  /** Parts of a community's boundary covered by no grid (errors). */
  gaps: ImportGap[];
  diff: { baseVersion: number | null; added: string[]; changed: string[]; removed: string[]; unchanged: number };
}

const asGeometry = (coordinates: MultiPolygon) => ({ type: 'MultiPolygon' as const, coordinates });
const round2 = (x: number) => Math.round(x * 100) / 100;
const boxesOverlapWithArea = (a: BBox, b: BBox) =>
  Math.min(a[2], b[2]) > Math.max(a[0], b[0]) && Math.min(a[3], b[3]) > Math.max(a[1], b[1]);

/**
 * A point inside the first polygon: the middle of the widest inside-stretch of the horizontal line through the
 * middle of its box. Used to say where a misplaced grid actually lies.
 */
export function interiorPoint(mp: MultiPolygon): Position {
  const poly = mp[0];
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of poly[0]) {
    minY = Math.min(minY, p[1]);
    maxY = Math.max(maxY, p[1]);
  }
  const y = (minY + maxY) / 2;
  const xs: number[] = [];
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[j];
      const [bx, by] = ring[i];
      if (ay > y !== by > y) xs.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
    }
  }
  xs.sort((a, b) => a - b);
  let best: Position = poly[0][0];
  let width = -1;
  for (let k = 0; k + 1 < xs.length; k += 2) {
    if (xs[k + 1] - xs[k] > width) {
      width = xs[k + 1] - xs[k];
      best = [(xs[k] + xs[k + 1]) / 2, y];
    }
  }
  return best;
}

function boundaryIndex(ctx: ImportContext, level: KnownDivision['level']): GridIndex<KnownDivision> {
  return GridIndex.build(
    [...ctx.divisions.values()]
      .filter((d) => d.level === level && d.boundary !== null)
      .map((d) => ({ id: d, geometry: d.boundary! })),
  );
}

/** Code, community and district checks of one readable feature; returns the community it belongs to. */
function checkPlacement(
  f: ParsedFeature,
  ctx: ImportContext,
  where: { communities: GridIndex<KnownDivision>; districts: GridIndex<KnownDivision> },
  out: RawProblem[],
): string | undefined {
  const code = f.code!;
  const communityCode = code.slice(0, 12);
  const community = ctx.divisions.get(communityCode);
  if (community?.level !== 'community') {
    const district = ctx.divisions.get(code.slice(0, 6));
    out.push({
      severity: 'error',
      kind: 'unknown_community',
      featureIndex: f.feature,
      code,
      communityCode,
      params: { code, communityCode, district: district?.name ?? code.slice(0, 6) },
    });
    return undefined;
  }
  if (f.declaredCommunity !== undefined && f.declaredCommunity !== communityCode) {
    out.push({
      severity: 'error',
      kind: 'declared_community_mismatch',
      featureIndex: f.feature,
      code,
      communityCode,
      params: { code, communityCode, declared: f.declaredCommunity },
    });
  }
  if (!f.geometry) return communityCode;
  const districtCode = code.slice(0, 6);
  const misplaced = (actual: KnownDivision | null) => {
    const actualDistrict = actual
      ? actual.code.slice(0, 6)
      : (where.districts.locate(interiorPoint(f.geometry!))?.code ?? null);
    if (actualDistrict !== null && actualDistrict !== districtCode) {
      out.push({
        severity: 'error',
        kind: 'other_district',
        featureIndex: f.feature,
        code,
        communityCode,
        params: {
          code,
          district: ctx.divisions.get(districtCode)?.name ?? districtCode,
          actual: ctx.divisions.get(actualDistrict)?.name ?? actualDistrict,
        },
      });
    } else {
      out.push({
        severity: 'error',
        kind: 'community_mismatch',
        featureIndex: f.feature,
        code,
        communityCode,
        params: { code, communityCode, actual: actual?.code ?? '—', actualName: actual?.name ?? '—' },
      });
    }
  };
  if (community.boundary) {
    const inside = intersectionArea(f.geometry, community.boundary);
    if (isOverlayError(inside)) {
      out.push({
        severity: 'warning',
        kind: 'overlay_failed',
        featureIndex: f.feature,
        code,
        detail: inside.message,
        params: {},
      });
      return communityCode;
    }
    if (inside.areaM2 < MIN_SHARE_IN_COMMUNITY * f.areaM2!) {
      misplaced(where.communities.locate(interiorPoint(f.geometry)));
    } else if (f.areaM2! - inside.areaM2 > AREA_TOLERANCE_M2) {
      out.push({
        severity: 'warning',
        kind: 'outside_community',
        featureIndex: f.feature,
        code,
        communityCode,
        areaM2: round2(f.areaM2! - inside.areaM2),
        params: { code, communityName: community.name, areaM2: round2(f.areaM2! - inside.areaM2) },
      });
    }
    return communityCode;
  }
  const district = ctx.divisions.get(districtCode);
  if (district?.boundary && !pointInMultiPolygon(interiorPoint(f.geometry), district.boundary)) misplaced(null);
  return communityCode;
}

/** Overlapping pairs, through an R-tree of the grids' boxes: only pairs whose boxes share an area are clipped. */
function findOverlaps(grids: ValidGrid[], tree: Flatbush | null, out: RawProblem[]) {
  if (!tree) return;
  let budget = MAX_OVERLAP_CLIPS;
  for (const [i, a] of grids.entries()) {
    for (const j of tree.search(...a.bbox)) {
      if (j <= i) continue;
      const b = grids[j];
      if (!boxesOverlapWithArea(a.bbox, b.bbox)) continue;
      if (--budget < 0) {
        out.push({
          severity: 'error',
          kind: 'overlap_check_stopped',
          featureIndex: a.feature,
          params: { max: MAX_OVERLAP_CLIPS },
        });
        return;
      }
      const shared = intersectionArea(a.geometry, b.geometry);
      if (isOverlayError(shared)) {
        out.push({
          severity: 'warning',
          kind: 'overlay_failed',
          features: [a.feature, b.feature],
          codes: [a.code, b.code],
          detail: shared.message,
          params: {},
        });
      } else if (shared.areaM2 > AREA_TOLERANCE_M2) {
        out.push({
          severity: 'error',
          kind: 'overlap',
          features: [a.feature, b.feature],
          codes: [a.code, b.code],
          areaM2: round2(shared.areaM2),
          geometry: asGeometry(shared.geometry),
          params: { a: a.code, b: b.code, areaM2: round2(shared.areaM2) },
        });
      }
    }
  }
}

/** For each community with a boundary and at least one grid: its boundary minus every grid that reaches into it. */
function findGaps(grids: ValidGrid[], tree: Flatbush | null, ctx: ImportContext, out: RawProblem[]) {
  if (!tree) return;
  for (const communityCode of [...new Set(grids.map((g) => g.communityCode))].sort()) {
    const community = ctx.divisions.get(communityCode);
    if (!community?.boundary) continue;
    const box = bboxOf(community.boundary);
    const covering = tree.search(...box).map((k) => grids[k].geometry);
    const left = difference(community.boundary, covering);
    if (isOverlayError(left)) {
      out.push({ severity: 'warning', kind: 'overlay_failed', communityCode, detail: left.message, params: {} });
      continue;
    }
    const area = areaSquareMeters(left);
    if (area > AREA_TOLERANCE_M2) {
      out.push({
        severity: 'error',
        kind: 'gap',
        communityCode,
        areaM2: round2(area),
        geometry: asGeometry(left),
        params: { communityCode, communityName: community.name, areaM2: round2(area) },
      });
    }
  }
}

function diffAgainst(parsed: ParsedFeature[], grids: ValidGrid[], ctx: ImportContext): ImportReport['diff'] {
  const current = ctx.current?.grids ?? new Map();
  const byCode = new Map(grids.map((g) => [g.code, g]));
  const codes = [...new Set(parsed.map((p) => p.code).filter((c): c is string => c !== undefined))].sort();
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;
  for (const code of codes) {
    const before = current.get(code);
    const after = byCode.get(code);
    if (!before) added.push(code);
    else if (
      !after ||
      before.name !== after.name ||
      before.type !== after.type ||
      JSON.stringify(before.geometry) !== JSON.stringify(after.geometry)
    )
      changed.push(code);
    else unchanged++;
  }
  const incoming = new Set(codes);
  const removed = [...current.keys()].filter((c) => !incoming.has(c)).sort();
  return { baseVersion: ctx.current?.version ?? null, added, changed, removed, unchanged };
}

/** The whole dry-run report, and the grids that would be written when it has no errors. */
export function buildImportReport(
  features: readonly unknown[],
  ctx: ImportContext,
): { report: ImportReport; grids: ValidGrid[] } {
  const raw: RawProblem[] = [];
  const parsed = features.map((f, i) => checkFeature(f, i, ctx, raw));

  const seen = new Map<string, number[]>();
  for (const p of parsed) if (p.code) seen.set(p.code, [...(seen.get(p.code) ?? []), p.feature]);
  for (const [code, at] of seen) {
    if (at.length > 1) {
      raw.push({
        severity: 'error',
        kind: 'duplicate_code',
        code,
        features: at,
        params: { code, features: at.map((f) => f + 1).join(', ') },
      });
    }
  }

  const where = { communities: boundaryIndex(ctx, 'community'), districts: boundaryIndex(ctx, 'district') };
  const grids: ValidGrid[] = [];
  for (const p of parsed) {
    if (!p.code) continue;
    const communityCode = checkPlacement(p, ctx, where, raw);
    if (communityCode && p.geometry && p.name && p.type) {
      grids.push({
        feature: p.feature,
        code: p.code,
        name: p.name,
        type: p.type,
        communityCode,
        geometry: p.geometry,
        bbox: p.bbox!,
        areaM2: p.areaM2!,
      });
    }
  }
  let tree: Flatbush | null = null;
  if (grids.length > 0) {
    tree = new Flatbush(grids.length);
    for (const g of grids) tree.add(...g.bbox);
    tree.finish();
  }
  findOverlaps(grids, tree, raw);
  findGaps(grids, tree, ctx, raw);

  const worded = raw.map(({ params, ...p }) => ({
    ...p,
    message: translate(`GRID_PROBLEM_${p.kind.toUpperCase()}`, ctx.locale, {
      // featureIndex is the 0-based index into `features`; people count from 1.
      feature: p.featureIndex !== undefined ? p.featureIndex + 1 : (p.features?.map((f) => f + 1).join(', ') ?? ''),
      code: p.code ?? p.codes?.join(', ') ?? '',
      ...params,
      ...countedFromOne(params),
    }),
  }));
  const overlaps: ImportOverlap[] = worded
    .filter((p) => p.kind === 'overlap')
    .map((p) => ({
      a: p.codes![0],
      b: p.codes![1],
      features: p.features!,
      areaM2: p.areaM2!,
      geometry: p.geometry!,
      message: p.message,
    }));
  const gaps: ImportGap[] = worded
    .filter((p) => p.kind === 'gap')
    .map((p) => ({
      communityCode: p.communityCode!,
      communityName: ctx.divisions.get(p.communityCode!)?.name ?? '',
      areaM2: p.areaM2!,
      geometry: p.geometry!,
      message: p.message,
    }));
  const problems = worded.filter((p) => p.kind !== 'overlap' && p.kind !== 'gap');
  const countsByKind: Record<string, number> = {};
  for (const p of worded) countsByKind[p.kind] = (countsByKind[p.kind] ?? 0) + 1;
  const errorCount = worded.filter((p) => p.severity === 'error').length;
  return {
    report: {
      ok: errorCount === 0,
      crs: ctx.crs,
      featureCount: features.length,
      errorCount,
      warningCount: worded.length - errorCount,
      countsByKind,
      problems,
      overlaps,
      gaps,
      diff: diffAgainst(parsed, grids, ctx),
    },
    grids,
  };
}

/** Ring and polygon numbers in messages count from 1, like features; the report's fields stay 0-based. */
function countedFromOne(params: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['ring', 'polygon'] as const) {
    const v = params?.[key];
    if (typeof v === 'number' && v >= 0) out[key] = v + 1;
  }
  return out;
}
