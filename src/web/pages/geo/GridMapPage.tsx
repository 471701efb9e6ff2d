import { AimOutlined, ApartmentOutlined, DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Feature, GeoJsonObject } from 'geojson';
import { App, Button, Card, Drawer, Dropdown, Grid, Select, Spin, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useSearchParams } from 'react-router';
import { downloadFile } from '../../api/download';
import {
  type GeoFeature,
  type GridDetail,
  type GridProperties,
  GRID_TYPES,
  geoApi,
  type LocateResult,
  type SearchHit,
} from '../../api/geo';
import type { Division } from '../../api/types';
import { useAuth } from '../../app/auth';
import { PERM } from '../../app/permissions';
import { errorMessage } from '../../components/ErrorAlert';
import { boundsOf, escapeHtml } from '../../components/MapGeometry';
import { MapLegend } from '../../components/MapLegend';
import { L } from '../../components/MapSetup';
import {
  areaBreaks,
  areaLegend,
  COLOUR_BY,
  type ColourBy,
  formatArea,
  gridColour,
  type LegendItem,
  TYPE_COLOURS,
  WORKER_CLASSES,
} from '../../components/MapStyle';
import { MapView } from '../../components/MapView';
import { useI18n } from '../../i18n/I18nProvider';
import { DivisionTree } from './DivisionTree';
import { GeoSearch } from './GeoSearch';
import { GridDrawer, PHONE_DRAWER_VH } from './GridDrawer';
import { LocateCard } from './LocateCard';
import { divisionFilter, gridTypeLabel } from './labels';
import './geo.css';
import { useCityDistricts } from './useCityDistricts';

/** Below this zoom the view spans more than a city: grids would be specks, so none are fetched. */
const MIN_GRID_ZOOM = 10;
/** Division outlines draw above the grids (their own canvas) and let clicks through to the grids below. */
const OUTLINE_PANE = 'oc-outlines';
const FIT = { padding: [24, 24] as L.PointTuple, maxZoom: 17 };

function combineBoundaries(results: { data?: GeoFeature | null; isPending: boolean }[]) {
  return { settled: results.every((r) => !r.isPending), features: results.map((r) => r.data ?? null) };
}

interface Located {
  latlng: L.LatLng;
  result?: LocateResult;
  error?: unknown;
}

export default function GridMapPage() {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.lg;
  const [params] = useSearchParams();

  const [map, setMap] = useState<L.Map | null>(null);
  const [view, setView] = useState<{ bbox: string; zoom: number } | null>(null);
  const [colourBy, setColourBy] = useState<ColourBy>('type');
  const [locating, setLocating] = useState(false);
  const [selectedGrid, setSelectedGrid] = useState<string | null>(params.get('grid'));
  const [division, setDivision] = useState<string | null>(null);
  const [treeOpen, setTreeOpen] = useState(true);
  const [treeDrawer, setTreeDrawer] = useState(false);
  const [located, setLocated] = useState<Located | null>(null);
  const [focusOutline, setFocusOutline] = useState<GeoFeature | null>(null);

  // Leaflet handlers outlive renders: they read the current mode through refs.
  const locatingRef = useRef(locating);
  locatingRef.current = locating;
  const fitted = useRef(false);

  // ---- the view: bounding box of what is on screen (padded), settled after panning stops ----
  useEffect(() => {
    if (!map) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const b = map.getBounds().pad(0.15);
        const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
          .map((n, i) => (i < 2 ? Math.floor(n * 1e4) : Math.ceil(n * 1e4)) / 1e4)
          .join(',');
        setView({ bbox, zoom: map.getZoom() });
      }, 300);
    };
    map.on('moveend', update);
    update();
    return () => {
      clearTimeout(timer);
      map.off('moveend', update);
    };
  }, [map]);

  const gridsWanted = !!view && view.zoom >= MIN_GRID_ZOOM;
  const zoom = view?.zoom ?? 0;
  const grids = useQuery({
    queryKey: ['geo', 'grids', view?.bbox],
    queryFn: () => geoApi.grids({ bbox: view!.bbox }),
    enabled: gridsWanted,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const features = useMemo(() => (gridsWanted ? (grids.data?.features ?? []) : []), [gridsWanted, grids.data]);
  const breaks = useMemo(() => areaBreaks(features.map((f) => f.properties.areaM2 ?? 0)), [features]);

  // ---- grid layer: one GeoJSON layer on the shared canvas, restyled in place ----
  const [gridLayer, setGridLayer] = useState<L.GeoJSON | null>(null);
  const styleFor = useCallback(
    (feature?: Feature): L.PathOptions => {
      const p = feature?.properties as GridProperties | undefined;
      if (!p) return {};
      const colour = gridColour(p, colourBy, breaks);
      const selected = p.code === selectedGrid;
      return {
        // By type the colour is the outline too; for graded colours (light to dark) a neutral outline keeps the
        // lightest class visible on the plain background.
        color: selected ? '#fa541c' : colourBy === 'type' ? colour : '#4a5d78',
        // Zoomed out, full-weight outlines of thousands of small grids would merge into a solid mesh.
        weight: selected ? 3 : zoom < 13 ? 0.5 : 1,
        opacity: colourBy === 'type' ? 0.9 : 0.55,
        fillColor: colour,
        fillOpacity: selected ? 0.6 : colourBy === 'type' ? 0.22 : 0.75,
      };
    },
    [colourBy, breaks, selectedGrid, zoom],
  );

  useEffect(() => {
    if (!map) return;
    if (!map.getPane(OUTLINE_PANE)) {
      const pane = map.createPane(OUTLINE_PANE);
      pane.style.zIndex = '450';
      pane.style.pointerEvents = 'none';
    }
    const layer = L.geoJSON(undefined, {
      onEachFeature: (feature, path) => {
        const p = feature.properties as GridProperties;
        path.bindTooltip(`${escapeHtml(p.name)}<br><span class="oc-mono">${escapeHtml(p.code)}</span>`, {
          sticky: true,
          direction: 'top',
        });
        path.on('click', (e: L.LeafletMouseEvent) => {
          if (!locatingRef.current) openGridAtRef.current(p.code, e.latlng);
        });
      },
    }).addTo(map);
    setGridLayer(layer);
    return () => {
      layer.remove();
      setGridLayer(null);
    };
  }, [map]);

  // New data replaces the features; the style effect below (which also runs on new data) colours them.
  useEffect(() => {
    if (!gridLayer) return;
    gridLayer.clearLayers();
    if (features.length) gridLayer.addData({ type: 'FeatureCollection', features } as GeoJsonObject);
  }, [gridLayer, features]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: new features arrive unstyled and must be coloured too
  useEffect(() => {
    if (!gridLayer) return;
    gridLayer.options.style = styleFor;
    gridLayer.setStyle(styleFor as L.StyleFunction);
  }, [gridLayer, styleFor, features]);

  // ---- division outlines: the city's districts, labelled; plus the one picked in the tree or the search ----
  const { city, districts } = useCityDistricts();
  // The city's outline first, then each district's; a division without one (404) is simply not drawn.
  const outlined = useMemo(
    () => [...(city.data?.slice(0, 1) ?? []), ...(districts.data ?? [])],
    [city.data, districts.data],
  );
  const boundaries = useQueries({
    queries: outlined.map((d) => ({
      queryKey: ['geo', 'boundary', d.code],
      queryFn: () => geoApi.boundary(d.code),
      staleTime: Number.POSITIVE_INFINITY,
      retry: false,
    })),
    combine: combineBoundaries,
  });
  const boundariesSettled = !!districts.data && boundaries.settled;
  const outlines = useMemo(
    () =>
      boundariesSettled
        ? outlined
            .map((division, i) => ({ division, feature: boundaries.features[i] ?? null }))
            .filter((o): o is { feature: GeoFeature; division: Division } => !!o.feature)
        : [],
    [boundariesSettled, outlined, boundaries.features],
  );

  useEffect(() => {
    if (!map || outlines.length === 0) return;
    const group = L.layerGroup().addTo(map);
    for (const { feature, division: d } of outlines) {
      const isCity = d.level === 'city';
      const outline = L.geoJSON(feature as unknown as GeoJsonObject, {
        interactive: false,
        pane: OUTLINE_PANE,
        style: {
          color: '#0f2744',
          weight: isCity ? 2.5 : 1.5,
          opacity: 0.8,
          dashArray: isCity ? undefined : '6 4',
          fill: false,
        },
      }).addTo(group);
      if (!isCity) {
        const b = outline.getBounds();
        if (b.isValid())
          L.tooltip({ permanent: true, direction: 'center', className: 'oc-map-label', interactive: false })
            .setLatLng(b.getCenter())
            .setContent(escapeHtml(d.name))
            .addTo(group);
      }
    }
    return () => {
      group.remove();
    };
  }, [map, outlines]);

  useEffect(() => {
    if (!map || !focusOutline) return;
    const layer = L.geoJSON(focusOutline as unknown as GeoJsonObject, {
      interactive: false,
      pane: OUTLINE_PANE,
      style: { color: '#fa541c', weight: 3, opacity: 0.95, fill: false },
    }).addTo(map);
    return () => {
      layer.remove();
    };
  }, [map, focusOutline]);

  // ---- the first view: the city's outline, else its districts', else the grids of the first district with any ----
  useEffect(() => {
    if (!map || fitted.current || !boundariesSettled) return;
    fitted.current = true;
    if (selectedGrid) return; // opened on a grid: the drawer's grid decides the view
    const bounds = outlines.reduce<L.LatLngBounds | null>((acc, o) => {
      const b = boundsOf(o.feature);
      return b ? (acc ? acc.extend(b) : b) : acc;
    }, null);
    if (bounds) {
      map.fitBounds(bounds, { padding: [16, 16] });
      return;
    }
    (async () => {
      for (const d of districts.data ?? []) {
        const fc = await geoApi.grids({ district: d.code }).catch(() => null);
        const b = fc?.features.length ? boundsOf(fc) : null;
        if (b) {
          map.fitBounds(b, { padding: [16, 16] });
          return;
        }
      }
    })();
  }, [map, boundariesSettled, outlines, districts.data, selectedGrid]);

  // ---- going places ----
  // A grid is shown beside its details drawer (right on a desk, bottom on a phone), not underneath it.
  const besideDrawer = useCallback((): { paddingTopLeft: L.PointTuple; paddingBottomRight: L.PointTuple } => {
    if (!map) return { paddingTopLeft: [24, 24], paddingBottomRight: [24, 24] };
    const size = map.getSize();
    const top = map.getContainer().getBoundingClientRect().top;
    const hiddenBelow = size.y - (window.innerHeight * (1 - PHONE_DRAWER_VH / 100) - top);
    return {
      paddingTopLeft: [24, 24],
      paddingBottomRight: mobile
        ? [24, Math.max(24, Math.min(size.y - 80, Math.round(hiddenBelow) + 24))]
        : [Math.min(424, size.x / 2), 24],
    };
  }, [map, mobile]);

  const zoomToGrid = useCallback(
    (grid: GridDetail) => {
      const b = boundsOf(grid.geometry);
      if (map && b) map.flyToBounds(b, { ...besideDrawer(), maxZoom: 16, duration: 0.8 });
    },
    [map, besideDrawer],
  );

  /** Opens a grid's details picked at `at` on the map, panning (not zooming) so that the spot stays in view. */
  const openGridAt = useCallback(
    (code: string, at: L.LatLng) => {
      setSelectedGrid(code);
      // Keep the spot well clear of the drawer's edge: the grid around it should be in view too.
      const { paddingTopLeft: tl, paddingBottomRight: br } = besideDrawer();
      map?.panInside(at, { paddingTopLeft: [tl[0] + 80, tl[1] + 80], paddingBottomRight: [br[0] + 80, br[1] + 80] });
    },
    [map, besideDrawer],
  );
  const openGridAtRef = useRef(openGridAt);
  openGridAtRef.current = openGridAt;

  // Opened with ?grid=CODE (e.g. from the assignment page): show that grid.
  useEffect(() => {
    const code = params.get('grid');
    if (!map || !code) return;
    queryClient
      .fetchQuery({ queryKey: ['geo', 'grid', code], queryFn: () => geoApi.grid(code) })
      .then(zoomToGrid)
      .catch((e) => message.error(errorMessage(e)));
  }, [map, params, queryClient, zoomToGrid, message]);

  const focusDivision = useCallback(
    async (code: string, name: string) => {
      if (!map) return;
      setDivision(code);
      try {
        const feature = await queryClient.fetchQuery({
          queryKey: ['geo', 'boundary', code],
          queryFn: () => geoApi.boundary(code),
          staleTime: Number.POSITIVE_INFINITY,
        });
        const b = feature ? boundsOf(feature) : null;
        setFocusOutline(feature);
        if (b) {
          map.flyToBounds(b, { ...FIT, duration: 0.8 });
          return;
        }
        const fc = await geoApi.grids(divisionFilter(code));
        const gb = fc.features.length ? boundsOf(fc) : null;
        if (gb) map.flyToBounds(gb, { ...FIT, duration: 0.8 });
        message.info(t('geo.map.noBoundary', { name }));
      } catch (e) {
        message.error(errorMessage(e));
      }
    },
    [map, queryClient, message, t],
  );

  const marker = useRef<L.Marker | null>(null);
  useEffect(() => () => void marker.current?.remove(), []);

  const pick = useCallback(
    async (hit: SearchHit) => {
      if (!map) return;
      marker.current?.remove();
      marker.current = null;
      if (hit.kind === 'division') {
        await focusDivision(hit.code, hit.name);
      } else if (hit.kind === 'grid') {
        setSelectedGrid(hit.code);
        try {
          zoomToGrid(
            await queryClient.fetchQuery({ queryKey: ['geo', 'grid', hit.code], queryFn: () => geoApi.grid(hit.code) }),
          );
        } catch (e) {
          message.error(errorMessage(e));
        }
      } else if (hit.lat !== undefined && hit.lng !== undefined) {
        const at = L.latLng(hit.lat, hit.lng);
        marker.current = L.marker(at, { title: hit.name }).addTo(map).bindPopup(escapeHtml(hit.name)).openPopup();
        map.flyTo(at, Math.max(map.getZoom(), 17), { duration: 0.8 });
      }
    },
    [map, focusDivision, zoomToGrid, queryClient, message],
  );

  // ---- locate a point: click → /geo/locate → popup drawn by React through a portal ----
  const popupEl = useMemo(() => document.createElement('div'), []);
  const popup = useRef<L.Popup | null>(null);

  useEffect(() => {
    if (!map) return;
    const onClick = (e: L.LeafletMouseEvent) => {
      if (!locatingRef.current) return;
      const latlng = e.latlng;
      setLocated({ latlng });
      geoApi
        .locate(latlng.lat, latlng.lng)
        .then((result) => setLocated((cur) => (cur?.latlng === latlng ? { latlng, result } : cur)))
        .catch((error) => setLocated((cur) => (cur?.latlng === latlng ? { latlng, error } : cur)));
    };
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
    };
  }, [map]);

  const locatedAt = located?.latlng;
  useEffect(() => {
    if (!map || !locatedAt) return;
    const p = L.popup({ minWidth: 240, maxWidth: 320, autoPanPadding: [24, 24], className: 'oc-locate-popup' })
      .setLatLng(locatedAt)
      .setContent(popupEl)
      .openOn(map);
    popup.current = p;
    const onRemove = () => setLocated((cur) => (cur?.latlng === locatedAt ? null : cur));
    p.on('remove', onRemove);
    return () => {
      p.off('remove', onRemove);
      p.remove();
      popup.current = null;
    };
  }, [map, locatedAt, popupEl]);

  // The popup measures its content when opened; measure again once the answer has been drawn.
  useEffect(() => {
    if (located) popup.current?.update();
  }, [located]);

  useEffect(() => {
    if (!locating) setLocated(null);
    map?.getContainer().classList.toggle('oc-map-locating', locating);
  }, [locating, map]);

  // ---- legend ----
  const legend: { title: string; items: LegendItem[] } = useMemo(() => {
    if (colourBy === 'type')
      return {
        title: t('geo.map.legend.type'),
        items: GRID_TYPES.map((type) => ({ colour: TYPE_COLOURS[type], label: gridTypeLabel(t, type) })),
      };
    if (colourBy === 'workers')
      return {
        title: t('geo.map.legend.workers'),
        items: WORKER_CLASSES.map((c) => ({
          colour: c.colour,
          label:
            c.min === 0
              ? t('geo.map.workers.none')
              : Number.isFinite(c.max)
                ? t('geo.map.workers.n', { count: c.min })
                : t('geo.map.workers.many'),
        })),
      };
    return { title: t('geo.map.legend.area'), items: areaLegend(breaks, formatArea) };
  }, [colourBy, breaks, t]);

  const exportAs = (format: 'geojson' | 'csv' | 'xlsx') =>
    downloadFile('/geo/grids/export', { format }, `grids.${format}`, locale).catch((e) =>
      message.error(errorMessage(e)),
    );

  const tree = (
    <DivisionTree
      selected={division}
      large={mobile}
      onSelect={(d) => {
        setTreeDrawer(false);
        focusDivision(d.code, d.name);
      }}
    />
  );

  const status = !view ? null : !gridsWanted ? (
    t('geo.map.zoomIn')
  ) : grids.error ? (
    <Typography.Text type="danger">{t('geo.map.gridsError', { message: errorMessage(grids.error) })}</Typography.Text>
  ) : grids.data ? (
    <>
      {t('geo.map.count', { count: features.length })}
      {grids.isFetching && <Spin size="small" style={{ marginLeft: 8 }} />}
    </>
  ) : (
    <Spin size="small" />
  );

  return (
    <div className="oc-geo-page" data-testid="geo-map-page">
      <div className="oc-geo-toolbar">
        <Tooltip title={t('geo.map.toggleTree')}>
          <Button
            size={mobile ? 'large' : 'middle'}
            icon={<ApartmentOutlined />}
            type={!mobile && treeOpen ? 'primary' : 'default'}
            ghost={!mobile && treeOpen}
            onClick={() => (mobile ? setTreeDrawer(true) : setTreeOpen(!treeOpen))}
            aria-label={t('geo.map.toggleTree')}
            data-testid="geo-tree-toggle"
          >
            {mobile ? null : t('geo.map.divisions')}
          </Button>
        </Tooltip>
        <div className="oc-geo-search">
          <GeoSearch
            onPick={pick}
            size={mobile ? 'large' : 'middle'}
            placeholder={mobile ? t('geo.map.searchShort') : undefined}
            data-testid="geo-search"
          />
        </div>
        {can(PERM.geoLocate) && (
          <Button
            size={mobile ? 'large' : 'middle'}
            icon={<AimOutlined />}
            type={locating ? 'primary' : 'default'}
            onClick={() => setLocating(!locating)}
            aria-pressed={locating}
            data-testid="geo-locate-toggle"
          >
            {t('geo.map.locate')}
          </Button>
        )}
        <Select<ColourBy>
          size={mobile ? 'large' : 'middle'}
          value={colourBy}
          onChange={setColourBy}
          className="oc-geo-colour"
          aria-label={t('geo.map.colourBy')}
          options={COLOUR_BY.map((c) => ({ value: c, label: t(`geo.map.colourBy.${c}`) }))}
          data-testid="geo-colour-by"
        />
        {can(PERM.geoGridExport) && (
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'geojson', label: t('geo.map.exportGeojson') },
                { key: 'csv', label: t('geo.map.exportCsv') },
                { key: 'xlsx', label: t('geo.map.exportXlsx') },
              ],
              onClick: ({ key }) => exportAs(key as 'geojson' | 'csv' | 'xlsx'),
            }}
          >
            <Button size={mobile ? 'large' : 'middle'} icon={<DownloadOutlined />} data-testid="geo-export">
              {mobile ? null : t('geo.map.export')}
            </Button>
          </Dropdown>
        )}
      </div>

      <div className="oc-geo-body">
        {!mobile && treeOpen && (
          <Card size="small" title={t('geo.map.divisions')} className="oc-geo-tree-panel">
            {tree}
          </Card>
        )}
        <MapView onReady={setMap} data-testid="grid-map" className="oc-geo-map">
          <div className="oc-map-status" data-testid="grid-count">
            {status}
          </div>
          {locating && <div className="oc-map-banner">{t('geo.map.locateOn')}</div>}
          {gridsWanted && features.length > 0 && <MapLegend title={legend.title} items={legend.items} />}
          {gridsWanted && grids.isSuccess && features.length === 0 && (
            <div className="oc-map-empty">{t('geo.map.noGrids')}</div>
          )}
        </MapView>
      </div>

      {mobile && (
        <Drawer
          placement="left"
          open={treeDrawer}
          onClose={() => setTreeDrawer(false)}
          size="86vw"
          title={t('geo.map.divisions')}
          styles={{ body: { padding: 8 } }}
        >
          {tree}
        </Drawer>
      )}

      <GridDrawer code={selectedGrid} mobile={mobile} onClose={() => setSelectedGrid(null)} onZoom={zoomToGrid} />

      {located &&
        createPortal(
          <LocateCard
            located={located}
            onOpenGrid={(code) => {
              map?.closePopup();
              openGridAt(code, located.latlng);
            }}
          />,
          popupEl,
        )}
    </div>
  );
}
