import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Location } from '../../../api/cases-public';
import { geoApi } from '../../../api/geo';
import { useAuth } from '../../../app/auth';
import { L } from '../../../components/MapSetup';
import '../../../components/MapView.css';
import { useCitizenText } from './texts';

interface Props {
  value: Location;
  onChange: (l: Location) => void;
  testId?: string;
  /** The grid worker's page: GPS is the location, the map shows it. */
  compact?: boolean;
}

/** Where the map starts: the whole of China, until the city's outline (signed in) or a point is known. */
const START: L.LatLngTuple = [34, 108];

export function currentPosition(): Promise<{ lat: number; lng: number }> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) {
      reject(new Error('geolocation unavailable'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      (e) => reject(new Error(e.message || 'denied')),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
    );
  });
}

/**
 * A map to tap, "use my location" (the phone's GPS, WGS84 as the server expects), and a free-text address the
 * server looks up in the gazetteer. A visitor without an account gets the map without the city outline (the
 * outline and the tile configuration need a session).
 */
export function LocationPicker({ value, onChange, testId = 'location', compact = false }: Props) {
  const { t } = useCitizenText();
  const { state } = useAuth();
  const signedIn = state.status === 'signedIn';
  const el = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const marker = useRef<L.Marker | null>(null);
  const valueRef = useRef(value);
  valueRef.current = value;
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const [locating, setLocating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const config = useQuery({
    queryKey: ['geo', 'config'],
    queryFn: geoApi.config,
    enabled: signedIn,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const outline = useQuery({
    queryKey: ['geo', 'city-outline'],
    enabled: signedIn,
    staleTime: Number.POSITIVE_INFINITY,
    // The districts' outlines (a city may have none of its own): the places a report can be about.
    queryFn: async () => {
      const city = (await geoApi.divisions()).items[0];
      if (!city) return [];
      const own = await geoApi.boundary(city.code);
      if (own) return [own];
      const districts = (await geoApi.divisions(city.code)).items.slice(0, 30);
      const outlines = await Promise.all(districts.map((d) => geoApi.boundary(d.code).catch(() => null)));
      return outlines.filter((o) => o !== null);
    },
  });

  useEffect(() => {
    if (!el.current) return;
    const m = L.map(el.current, { attributionControl: false, zoomSnap: 0.5, minZoom: 3, maxZoom: 19 }).setView(
      START,
      4,
    );
    L.control.scale({ imperial: false, maxWidth: 120 }).addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => {
      onChangeRef.current({
        ...valueRef.current,
        lat: Number(e.latlng.lat.toFixed(6)),
        lng: Number(e.latlng.lng.toFixed(6)),
      });
    });
    const observer = new ResizeObserver(() => m.invalidateSize());
    observer.observe(el.current);
    setMap(m);
    return () => {
      observer.disconnect();
      m.remove();
    };
  }, []);

  const tileUrl = config.data?.tileUrl;
  useEffect(() => {
    if (!map || !tileUrl) return;
    const tiles = L.tileLayer(tileUrl, { maxZoom: 19 }).addTo(map);
    tiles.bringToBack();
    return () => {
      tiles.remove();
    };
  }, [map, tileUrl]);

  useEffect(() => {
    if (!map || !outline.data?.length) return;
    const layer = L.geoJSON({ type: 'FeatureCollection', features: outline.data } as never, {
      style: { color: '#1e5bb8', weight: 2, fill: true, fillOpacity: 0.04 },
      interactive: false,
    }).addTo(map);
    if (valueRef.current.lat === undefined) map.fitBounds(layer.getBounds(), { padding: [8, 8] });
    return () => {
      layer.remove();
    };
  }, [map, outline.data]);

  useEffect(() => {
    if (!map) return;
    if (value.lat === undefined || value.lng === undefined) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    const at: L.LatLngTuple = [value.lat, value.lng];
    if (!marker.current) marker.current = L.marker(at).addTo(map);
    else marker.current.setLatLng(at);
    if (!map.getBounds().contains(at) || map.getZoom() < 13) map.setView(at, Math.max(map.getZoom(), 16));
  }, [map, value.lat, value.lng]);

  const locateMe = async () => {
    setLocating(true);
    setError(null);
    try {
      const p = await currentPosition();
      onChange({ ...value, lat: Number(p.lat.toFixed(6)), lng: Number(p.lng.toFixed(6)) });
    } catch (e) {
      setError(t('locateFailed', { reason: (e as Error).message }));
    } finally {
      setLocating(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8}>
      <Button
        block
        size="large"
        icon={<AimOutlined />}
        loading={locating}
        onClick={locateMe}
        data-testid={`${testId}-mine`}
        type={compact ? 'primary' : 'default'}
      >
        {locating ? t('locating') : t('myLocation')}
      </Button>
      {error && (
        <Typography.Text type="danger" data-testid={`${testId}-error`}>
          {error}
        </Typography.Text>
      )}
      <div className="oc-map-wrap" style={{ height: compact ? 160 : 200, borderRadius: 8, overflow: 'hidden' }}>
        <div ref={el} className="oc-map" data-testid={`${testId}-map`} />
      </div>
      <Typography.Text type="secondary" data-testid={`${testId}-point`}>
        <EnvironmentOutlined />{' '}
        {value.lat !== undefined && value.lng !== undefined
          ? t('pointSet', { lat: value.lat.toFixed(5), lng: value.lng.toFixed(5) })
          : t('mapHint')}
      </Typography.Text>
      {!compact && (
        <Input
          size="large"
          placeholder={t('addressHint')}
          value={value.address ?? ''}
          maxLength={200}
          onChange={(e) => onChange({ ...value, address: e.target.value })}
          data-testid={`${testId}-address`}
          aria-label={t('address')}
        />
      )}
    </Space>
  );
}
