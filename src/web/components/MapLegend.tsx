import type { LegendItem } from './MapStyle';

/** A small key in the map's corner: what each colour means. */
export function MapLegend({ title, items }: { title: string; items: LegendItem[] }) {
  return (
    <div className="oc-map-legend" data-testid="map-legend">
      <div className="oc-map-legend-title">{title}</div>
      {items.map((item) => (
        <div key={item.label} className="oc-map-legend-row">
          <span className="oc-map-legend-swatch" style={{ background: item.colour }} />
          <span>{item.label}</span>
        </div>
      ))}
    </div>
  );
}
