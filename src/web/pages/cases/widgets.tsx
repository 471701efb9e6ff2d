// Small pieces every case page shows the same way: the SLA light, the status tag, the deadline countdown, and a
// map of cases over the city's district outlines (no tiles needed).
import { useQueries, useQuery } from '@tanstack/react-query';
import { Tag, Tooltip, Typography } from 'antd';
import type { GeoJsonObject } from 'geojson';
import { useEffect, useRef, useState } from 'react';
import { geoApi } from '../../api/geo';
import { formatCityTime } from '../../components/format';
import { escapeHtml } from '../../components/MapGeometry';
import { L } from '../../components/MapSetup';
import { MapView } from '../../components/MapView';
import { humanSpan, SLA_COLOR, STATUS_COLOR, useCaseText } from './labels';
import { useCityDistricts } from '../geo/useCityDistricts';

export function SlaDot({ sla }: { sla: string }) {
  const { label } = useCaseText();
  return (
    <Tooltip title={label('sla', sla)}>
      <span
        className="oc-sla-dot"
        role="img"
        data-testid={`sla-${sla}`}
        aria-label={label('sla', sla)}
        style={{
          display: 'inline-block',
          width: 10,
          height: 10,
          borderRadius: 5,
          background: SLA_COLOR[sla] ?? SLA_COLOR.none,
          boxShadow: '0 0 0 1px rgba(0,0,0,0.12)',
          flex: 'none',
        }}
      />
    </Tooltip>
  );
}

export function StatusTag({ status }: { status: string }) {
  const { label } = useCaseText();
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="case-status">
      {label('status', status)}
    </Tag>
  );
}

/** "剩余 3小时20分" / "已超时 1天2小时", red when overdue, the deadline in city time on hover; re-rendered every minute. */
export function DueIn({ at, sla }: { at: string | null; sla?: string }) {
  const { t, locale } = useCaseText();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  if (!at) return <Typography.Text type="secondary">—</Typography.Text>;
  if (sla === 'paused') return <Typography.Text type="secondary">{t('paused')}</Typography.Text>;
  const ms = new Date(at).getTime() - now;
  const text = ms >= 0 ? t('remaining', { t: humanSpan(ms, locale) }) : t('overdueBy', { t: humanSpan(ms, locale) });
  return (
    <Typography.Text
      type={ms < 0 ? 'danger' : sla === 'yellow' ? 'warning' : undefined}
      style={{ whiteSpace: 'nowrap' }}
      title={formatCityTime(at, 'minute')}
    >
      {text}
    </Typography.Text>
  );
}

export interface MapPoint {
  id: number;
  lat: number;
  lng: number;
  colour: string;
  label: string;
  selected?: boolean;
}

/** The city's district outlines, drawn once a map exists. */
function useDistrictOutlines(map: L.Map | null, fitted: { current: boolean }) {
  const { districts } = useCityDistricts();
  const boundaries = useQueries({
    queries: (districts.data ?? []).map((d) => ({
      queryKey: ['geo', 'boundary', d.code],
      queryFn: () => geoApi.boundary(d.code),
      staleTime: Number.POSITIVE_INFINITY,
      retry: false,
    })),
  });
  const features = boundaries.map((b) => b.data ?? null);
  const ready = boundaries.length > 0 && boundaries.every((b) => !b.isPending);
  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw once when every outline has arrived
  useEffect(() => {
    if (!map || !ready) return;
    const group = L.layerGroup().addTo(map);
    const all = L.latLngBounds([]);
    features.forEach((f, i) => {
      if (!f) return;
      const outline = L.geoJSON(f as unknown as GeoJsonObject, {
        interactive: false,
        style: { color: '#0f2744', weight: 1.2, opacity: 0.6, dashArray: '5 4', fill: true, fillOpacity: 0.03 },
      }).addTo(group);
      const b = outline.getBounds();
      if (!b.isValid()) return;
      all.extend(b);
      const name = districts.data?.[i]?.name ?? '';
      L.tooltip({ permanent: true, direction: 'center', className: 'oc-map-label', interactive: false })
        .setLatLng(b.getCenter())
        .setContent(escapeHtml(name))
        .addTo(group);
    });
    if (all.isValid() && !fitted.current) map.fitBounds(all, { padding: [8, 8] });
    return () => {
      group.remove();
    };
  }, [map, ready]);
  return ready;
}

/**
 * Cases as dots coloured by their SLA light over the district outlines. `pin` is one chosen point (intake, detail);
 * `onPick` makes a click on the map choose a point; `onSelect` reports a clicked dot.
 */
/** A grid's detail (names of its community / street / district, outline); null when it cannot be read. */
export function useGrid(code: string | null | undefined) {
  return useQuery({
    queryKey: ['geo', 'grid', code],
    queryFn: () => geoApi.grid(code!),
    enabled: !!code,
    staleTime: 10 * 60_000,
    retry: false,
  });
}

export function CaseMap({
  points = [],
  pin,
  gridCode,
  onPick,
  onSelect,
  height = 360,
  testId,
}: {
  points?: MapPoint[];
  pin?: { lat: number; lng: number } | null;
  /** Outline this grid (the pin's), so a map without tiles still shows where the point is. */
  gridCode?: string | null;
  onPick?: (lat: number, lng: number) => void;
  onSelect?: (id: number) => void;
  height?: number | string;
  testId?: string;
}) {
  const [map, setMap] = useState<L.Map | null>(null);
  // Once the cases or the pin have placed the view, the outlines arriving later must not move it.
  const fitted = useRef(false);
  useDistrictOutlines(map, fitted);

  useEffect(() => {
    if (!map || !onPick) return;
    const handler = (e: L.LeafletMouseEvent) => onPick(e.latlng.lat, e.latlng.lng);
    map.on('click', handler);
    map.getContainer().style.cursor = 'crosshair';
    return () => {
      map.off('click', handler);
    };
  }, [map, onPick]);

  useEffect(() => {
    if (!map || points.length === 0) return;
    const group = L.layerGroup().addTo(map);
    const bounds = L.latLngBounds([]);
    for (const p of points) {
      const marker = L.circleMarker([p.lat, p.lng], {
        radius: p.selected ? 8 : 6,
        color: p.selected ? '#0f2744' : '#ffffff',
        weight: p.selected ? 2.5 : 1,
        fillColor: p.colour,
        fillOpacity: 0.9,
      })
        .bindTooltip(escapeHtml(p.label))
        .addTo(group);
      if (onSelect) marker.on('click', () => onSelect(p.id));
      bounds.extend([p.lat, p.lng]);
    }
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 13 });
      fitted.current = true;
    }
    return () => {
      group.remove();
    };
  }, [map, points, onSelect]);

  const grid = useGrid(gridCode);
  const geometry = grid.data?.geometry;
  useEffect(() => {
    if (!map || !geometry) return;
    const layer = L.geoJSON(geometry as unknown as GeoJsonObject, {
      interactive: false,
      style: { color: '#1f5fbf', weight: 2, fillColor: '#1f5fbf', fillOpacity: 0.08 },
    }).addTo(map);
    const b = layer.getBounds();
    if (b.isValid()) {
      map.fitBounds(b.pad(0.6), { maxZoom: 17 });
      fitted.current = true;
    }
    return () => {
      layer.remove();
    };
  }, [map, geometry]);

  useEffect(() => {
    if (!map || !pin) return;
    const marker = L.marker([pin.lat, pin.lng]).addTo(map);
    if (!map.getBounds().contains([pin.lat, pin.lng]) || map.getZoom() < 13) {
      map.setView([pin.lat, pin.lng], Math.max(map.getZoom(), 15));
    }
    fitted.current = true;
    return () => {
      marker.remove();
    };
  }, [map, pin]);

  // flex: none — the wrapper's flex: 1 would otherwise collapse it to nothing inside a column.
  return <MapView onReady={setMap} style={{ height, flex: 'none' }} data-testid={testId} />;
}
