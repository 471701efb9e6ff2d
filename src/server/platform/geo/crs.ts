// Coordinate systems used by Chinese map apps. WGS84 is what we store; GCJ-02 (国测局坐标, "Mars coordinates",
// used by AMap/Tencent/Apple in China) and BD-09 (Baidu, an extra offset on top of GCJ-02) are accepted on the way
// in and produced on the way out. The forward transforms are the published public formulas (the same as the
// widely used `coordtransform`/`eviltransform`); GCJ-02 leaves points outside China's rough bounding box unchanged.
// The inverses have no closed form: they are solved by fixed-point iteration to well under 1e-7°.
import type { Position } from './types.ts';

export type Crs = 'wgs84' | 'gcj02' | 'bd09';
export const CRS_VALUES: readonly Crs[] = ['wgs84', 'gcj02', 'bd09'];

// Krasovsky 1940 ellipsoid, as the GCJ-02 algorithm uses it.
const A = 6378245.0;
const EE = 0.006693421622965943; // published as 0.00669342162296594323, the same double
const X_PI = (Math.PI * 3000.0) / 180.0;
const INVERSE_TOLERANCE = 1e-10; // degrees; well under the 1e-7° (≈ 1 cm) asked for
const INVERSE_MAX_STEPS = 30;

/** GCJ-02 is only applied inside this box (the public algorithm's "out of China" test). */
export function outOfChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

export function wgs84ToGcj02([lng, lat]: Position): Position {
  if (outOfChina(lng, lat)) return [lng, lat];
  let dLat = transformLat(lng - 105.0, lat - 35.0);
  let dLng = transformLng(lng - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lng + dLng, lat + dLat];
}

export function gcj02ToBd09([lng, lat]: Position): Position {
  const z = Math.sqrt(lng * lng + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lng) + 0.000003 * Math.cos(lng * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/** The published closed-form BD-09 → GCJ-02 approximation; used as the starting guess of the exact inverse. */
function bd09ToGcj02Approx([lng, lat]: Position): Position {
  const x = lng - 0.0065;
  const y = lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
  return [z * Math.cos(theta), z * Math.sin(theta)];
}

/**
 * Solves forward(q) = target for q by fixed-point iteration q ← q + (target − forward(q)). Both offsets are
 * smooth and tiny compared with their argument, so each step shrinks the error by orders of magnitude.
 */
function invert(target: Position, forward: (p: Position) => Position, start: Position): Position {
  let lng = start[0];
  let lat = start[1];
  for (let i = 0; i < INVERSE_MAX_STEPS; i++) {
    const [fLng, fLat] = forward([lng, lat]);
    const dLng = target[0] - fLng;
    const dLat = target[1] - fLat;
    lng += dLng;
    lat += dLat;
    if (Math.abs(dLng) < INVERSE_TOLERANCE && Math.abs(dLat) < INVERSE_TOLERANCE) break;
  }
  return [lng, lat];
}

export function gcj02ToWgs84(p: Position): Position {
  if (outOfChina(p[0], p[1])) return [p[0], p[1]];
  return invert(p, wgs84ToGcj02, p);
}

export function bd09ToGcj02(p: Position): Position {
  return invert(p, gcj02ToBd09, bd09ToGcj02Approx(p));
}

/** Converts a position given in `crs` to WGS84. Non-finite input comes back non-finite; callers validate first. */
export function toWgs84(p: Position, crs: Crs): Position {
  switch (crs) {
    case 'wgs84':
      return [p[0], p[1]];
    case 'gcj02':
      return gcj02ToWgs84(p);
    case 'bd09':
      return gcj02ToWgs84(bd09ToGcj02(p));
  }
}

/** Converts a WGS84 position to `crs`. */
export function fromWgs84(p: Position, crs: Crs): Position {
  switch (crs) {
    case 'wgs84':
      return [p[0], p[1]];
    case 'gcj02':
      return wgs84ToGcj02(p);
    case 'bd09':
      return gcj02ToBd09(wgs84ToGcj02(p));
  }
}
