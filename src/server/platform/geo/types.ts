// GeoJSON-shaped geometry in plain arrays: what the grids table stores and what the index is built from.
// Coordinates are WGS84 longitude/latitude in degrees (RFC 7946 order: lng first).

export type Position = [lng: number, lat: number];
/** A closed ring: first position equals the last. */
export type Ring = Position[];
/** Outer ring first, then holes. */
export type Polygon = Ring[];
export type MultiPolygon = Polygon[];
/** [minLng, minLat, maxLng, maxLat], as GeoJSON `bbox`. */
export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

export type PolygonalGeometry =
  | { type: 'Polygon'; coordinates: Polygon }
  | { type: 'MultiPolygon'; coordinates: MultiPolygon };

/** Grids may arrive as Polygon or MultiPolygon; everything downstream works on MultiPolygon. */
export function toMultiPolygon(geometry: PolygonalGeometry): MultiPolygon {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}
