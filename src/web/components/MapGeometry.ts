// GeoJSON → Leaflet helpers that survive bad input: an uploaded file may hold anything, and one broken feature
// must not stop the others from being drawn.
import type { GeoJsonObject } from 'geojson';
import { L } from './MapSetup';

/** The bounds of any GeoJSON object, or null when it has no drawable coordinates. */
export function boundsOf(geojson: unknown): L.LatLngBounds | null {
  try {
    const bounds = L.geoJSON(geojson as GeoJsonObject).getBounds();
    return bounds.isValid() ? bounds : null;
  } catch {
    return null;
  }
}

/** Adds each GeoJSON object to `layer` on its own, skipping (and counting) those Leaflet cannot draw. */
export function addSafely(layer: L.GeoJSON, items: unknown[]): number {
  let skipped = 0;
  for (const item of items) {
    try {
      layer.addData(item as GeoJsonObject);
    } catch {
      skipped++;
    }
  }
  return skipped;
}

/** Text for a Leaflet tooltip or popup given as HTML. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
