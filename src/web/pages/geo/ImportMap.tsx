import { useEffect, useMemo, useState } from 'react';
import type { Crs, ImportReport } from '../../api/geo';
import { addSafely, boundsOf } from '../../components/MapGeometry';
import { MapLegend } from '../../components/MapLegend';
import { L } from '../../components/MapSetup';
import { MapView } from '../../components/MapView';
import { useT } from '../../i18n/I18nProvider';
import type { LoadedFile } from './GridImportPage';
import { type ImportTarget, previewFeature, problemShape } from './importGeometry';

export type { ImportTarget } from './importGeometry';

const COLOURS = { feature: '#5b6f8c', problem: '#f5222d', overlap: '#fa8c16', gap: '#c41d7f', target: '#1677ff' };

/** Below this zoom a grid-sized shape is a speck: findings also get a dot that shows at any scale. */
const DOT_MAX_ZOOM = 14;

/**
 * The uploaded file on the map before anything is written: its grids in grey, and what the dry run found drawn
 * over them: faulty geometry in red, overlaps in orange, gaps in magenta. `target` is the row picked in the report.
 */
export function ImportMap({
  file,
  crs,
  report,
  target,
}: {
  file: LoadedFile | null;
  crs: Crs;
  report: ImportReport | null;
  target: ImportTarget | null;
}) {
  const t = useT();
  const [map, setMap] = useState<L.Map | null>(null);

  const uploaded = useMemo(
    () => (file ? file.collection.features.map((f) => previewFeature(f, crs)).filter(Boolean) : []),
    [file, crs],
  );

  useEffect(() => {
    if (!map) return;
    const group = L.featureGroup().addTo(map);
    const dots = L.layerGroup();
    const layer = (colour: string, extra: L.PathOptions = {}) =>
      L.geoJSON(undefined, {
        interactive: false,
        // A problem found at a point (a self-intersection, say) is drawn as a ring around that point.
        pointToLayer: (_, latlng) => L.circleMarker(latlng, { radius: 8 }),
        style: { color: colour, weight: 1.5, fillColor: colour, fillOpacity: 0.08, ...extra },
      }).addTo(group);
    const findings = (colour: string, extra: L.PathOptions, shapes: unknown[]) => {
      const drawn = shapes.filter(Boolean);
      addSafely(layer(colour, extra), drawn);
      for (const shape of drawn) {
        const b = boundsOf(shape);
        if (b)
          L.circleMarker(b.getCenter(), {
            radius: 6,
            color: '#fff',
            weight: 2,
            fillColor: colour,
            fillOpacity: 1,
            interactive: false,
          }).addTo(dots);
      }
    };

    addSafely(layer(COLOURS.feature), uploaded);
    if (report) {
      findings(
        COLOURS.gap,
        { weight: 2, dashArray: '5 4', fillOpacity: 0.35 },
        report.gaps.map((g) => g.geometry),
      );
      findings(
        COLOURS.overlap,
        { weight: 2, fillOpacity: 0.55 },
        report.overlaps.map((o) => o.geometry),
      );
      findings(
        COLOURS.problem,
        { weight: 3, fillOpacity: 0.3 },
        report.problems.map((p) => problemShape(p, file, crs)),
      );
    }
    const showDots = () => {
      if (map.getZoom() < DOT_MAX_ZOOM) dots.addTo(map);
      else dots.remove();
    };
    map.on('zoomend', showDots);
    const bounds = group.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
    showDots();
    return () => {
      map.off('zoomend', showDots);
      dots.remove();
      group.remove();
    };
  }, [map, uploaded, report, file, crs]);

  useEffect(() => {
    if (!map || !target?.shape) return;
    const highlight = L.geoJSON(undefined, {
      interactive: false,
      pointToLayer: (_, latlng) => L.circleMarker(latlng, { radius: 14 }),
      style: { color: COLOURS.target, weight: 4, dashArray: '8 6', fill: false },
    }).addTo(map);
    addSafely(highlight, [target.shape]);
    const b = boundsOf(target.shape);
    if (b) map.flyToBounds(b, { padding: [40, 40], maxZoom: 17, duration: 0.6 });
    return () => {
      highlight.remove();
    };
  }, [map, target]);

  return (
    <MapView onReady={setMap} className="oc-import-map" data-testid="import-map">
      <MapLegend
        title={t('geo.import.legend')}
        items={[
          { colour: COLOURS.feature, label: t('geo.import.legend.feature') },
          { colour: COLOURS.problem, label: t('geo.import.legend.problem') },
          { colour: COLOURS.overlap, label: t('geo.import.legend.overlap') },
          { colour: COLOURS.gap, label: t('geo.import.legend.gap') },
        ]}
      />
    </MapView>
  );
}
