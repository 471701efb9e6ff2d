// GCJ-02 (国测局, used by AMap/Tencent) and BD-09 (Baidu) back to WGS84, for previewing an uploaded file on the
// map before the server (which does the authoritative conversion on import) has seen it. Metre-level accuracy is
// plenty for a preview. Points outside China are not shifted by either system.
import type { Crs } from '../api/geo';

const A = 6378245.0;
const EE = 0.006693421622965943;
const X_PI = (Math.PI * 3000.0) / 180.0;

function outOfChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function shiftLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function shiftLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/** The GCJ-02 position of a WGS84 one. */
function wgsToGcj(lng: number, lat: number): [number, number] {
  if (outOfChina(lng, lat)) return [lng, lat];
  const radLat = (lat / 180.0) * Math.PI;
  const s = Math.sin(radLat);
  const magic = 1 - EE * s * s;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (shiftLat(lng - 105.0, lat - 35.0) * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (shiftLng(lng - 105.0, lat - 35.0) * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lng + dLng, lat + dLat];
}

/** Inverts wgsToGcj by fixed-point iteration (converges to well under a metre in a few steps). */
function gcjToWgs(lng: number, lat: number): [number, number] {
  if (outOfChina(lng, lat)) return [lng, lat];
  let w: [number, number] = [lng, lat];
  for (let i = 0; i < 4; i++) {
    const g = wgsToGcj(w[0], w[1]);
    w = [w[0] - (g[0] - lng), w[1] - (g[1] - lat)];
  }
  return w;
}

function bdToGcj(lng: number, lat: number): [number, number] {
  const x = lng - 0.0065;
  const y = lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
  return [z * Math.cos(theta), z * Math.sin(theta)];
}

export function toWgs84(lng: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'gcj02') return gcjToWgs(lng, lat);
  if (crs === 'bd09') return gcjToWgs(...bdToGcj(lng, lat));
  return [lng, lat];
}

/** Converts every [lng, lat] pair in GeoJSON coordinates, whatever their nesting; other values pass through. */
export function convertCoordinates(coords: unknown, crs: Crs): unknown {
  if (crs === 'wgs84' || !Array.isArray(coords)) return coords;
  if (coords.length >= 2 && typeof coords[0] === 'number' && typeof coords[1] === 'number') {
    return [...toWgs84(coords[0], coords[1], crs), ...coords.slice(2)];
  }
  return coords.map((c) => convertCoordinates(c, crs));
}
