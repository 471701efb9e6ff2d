import { useQuery } from '@tanstack/react-query';
import type { CSSProperties, ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';
import { geoApi } from '../api/geo';
import { L } from './MapSetup';
import './MapView.css';

/** Where the map starts before a page fits it to its data: the whole of China. */
const START: L.LatLngTuple = [34, 108];

interface Props {
  /** Receives the map once it exists, and null when it is gone. */
  onReady: (map: L.Map | null) => void;
  className?: string;
  style?: CSSProperties;
  'data-testid'?: string;
  /** Overlays drawn above the map (legends, counters), positioned by their own CSS. */
  children?: ReactNode;
}

/**
 * A Leaflet map that needs no internet: by default no tile layer at all, just the vector layers the page adds on
 * a plain light background, with a metric scale bar. When the server's map configuration names a tile server
 * (`GET /geo/config` → `{tileUrl}`), its tiles go underneath. Vectors are drawn on one canvas (`preferCanvas`),
 * so a few thousand grid polygons stay smooth.
 */
export function MapView({ onReady, className, style, children, ...rest }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const readyRef = useRef(onReady);
  readyRef.current = onReady;

  const config = useQuery({ queryKey: ['geo', 'config'], queryFn: geoApi.config, staleTime: Number.POSITIVE_INFINITY });

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const created = L.map(el, {
      preferCanvas: true,
      attributionControl: false,
      zoomSnap: 0.5,
      minZoom: 3,
      maxZoom: 19,
      worldCopyJump: false,
    }).setView(START, 4);
    L.control.scale({ imperial: false, maxWidth: 160 }).addTo(created);
    // Panels opening and closing change the map's size without a window resize: tell Leaflet.
    const observer = new ResizeObserver(() => created.invalidateSize({ debounceMoveend: true }));
    observer.observe(el);
    setMap(created);
    readyRef.current(created);
    return () => {
      observer.disconnect();
      readyRef.current(null);
      setMap(null);
      created.remove();
    };
  }, []);

  const tileUrl = config.data?.tileUrl;
  const attribution = config.data?.tileAttribution ?? undefined;
  useEffect(() => {
    if (!map || !tileUrl) return;
    const tiles = L.tileLayer(tileUrl, { maxZoom: 19, attribution }).addTo(map);
    tiles.bringToBack();
    const credits = attribution ? L.control.attribution({ prefix: false }).addTo(map) : null;
    if (credits) credits.addAttribution(attribution!);
    return () => {
      tiles.remove();
      credits?.remove();
    };
  }, [map, tileUrl, attribution]);

  return (
    <div className={`oc-map-wrap ${className ?? ''}`} style={style}>
      <div ref={container} className="oc-map" data-testid={rest['data-testid']} />
      {children}
    </div>
  );
}
