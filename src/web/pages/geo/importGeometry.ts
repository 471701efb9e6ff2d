// The geometries an import report talks about, in WGS84 for the map: the report's own when it gives one, else
// the uploaded feature it points at (converted from the file's coordinate system for the preview).
import type { Crs, ImportProblem } from '../../api/geo';
import { convertCoordinates } from '../../components/MapCrs';
import type { LoadedFile } from './GridImportPage';

export interface ImportTarget {
  key: string;
  /** Any GeoJSON object: a geometry, a Feature or a FeatureCollection. */
  shape: unknown;
}

/** A feature of the uploaded file converted for display, or null when it holds no geometry object. */
export function previewFeature(
  feature: unknown,
  crs: Crs,
): { type: 'Feature'; geometry: unknown; properties: unknown } | null {
  if (!feature || typeof feature !== 'object') return null;
  const f = feature as { geometry?: { type?: unknown; coordinates?: unknown }; properties?: unknown };
  if (!f.geometry || typeof f.geometry !== 'object') return null;
  return {
    type: 'Feature',
    geometry: { ...f.geometry, coordinates: convertCoordinates(f.geometry.coordinates, crs) },
    properties: f.properties ?? {},
  };
}

/** The features a problem is about: all those it names (both of a duplicate pair), else its own. */
export function problemFeatureIndexes(problem: ImportProblem): number[] {
  if (problem.features?.length) return problem.features;
  return problem.featureIndex === undefined ? [] : [problem.featureIndex];
}

/**
 * What to draw for a problem: the report's own area when it has one; else the uploaded features it names; else
 * the point where it was found; null when there is nothing to draw.
 */
export function problemShape(problem: ImportProblem, file: LoadedFile | null, crs: Crs): unknown {
  if (problem.geometry) return problem.geometry;
  const features = problemFeatureIndexes(problem)
    .map((i) => previewFeature(file?.collection.features[i], crs))
    .filter((f) => f !== null);
  if (features.length === 1) return features[0];
  if (features.length > 1) return { type: 'FeatureCollection', features };
  return problem.at ? { type: 'Point', coordinates: problem.at } : null;
}
