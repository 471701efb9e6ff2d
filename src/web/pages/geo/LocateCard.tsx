import { Button, Flex, Space, Spin, Tag, Typography } from 'antd';
import type { LocateResult } from '../../api/geo';
import { errorMessage } from '../../components/ErrorAlert';
import { useT } from '../../i18n/I18nProvider';
import { gridTypeLabel, ROLE_TAG_COLOURS, TYPE_TAG_COLOURS, workerRoleLabel } from './labels';

/** What the map popup says about a clicked point: its grid, the divisions above it, and who is responsible. */
export function LocateCard({
  located,
  onOpenGrid,
}: {
  located: { latlng: { lat: number; lng: number }; result?: LocateResult; error?: unknown };
  onOpenGrid: (code: string) => void;
}) {
  const t = useT();
  const { latlng, result, error } = located;
  const point = (
    <Typography.Text type="secondary" className="oc-mono">
      {t('geo.map.point')} {latlng.lat.toFixed(6)}, {latlng.lng.toFixed(6)}
    </Typography.Text>
  );

  if (error) {
    return (
      <div data-testid="locate-result">
        <Typography.Text type="danger">{errorMessage(error)}</Typography.Text>
        <div>{point}</div>
      </div>
    );
  }
  if (!result) {
    return (
      <Space data-testid="locate-pending">
        <Spin size="small" />
        {t('geo.map.locating')}
      </Space>
    );
  }
  if (!result.inside) {
    return (
      <div data-testid="locate-result">
        <Typography.Text strong>{t('geo.map.outside')}</Typography.Text>
        <div>{point}</div>
      </div>
    );
  }
  const rows: [string, { code: string; name: string }][] = [
    [t('geo.grid.community'), result.community],
    [t('geo.grid.street'), result.street],
    [t('geo.grid.district'), result.district],
  ];
  return (
    <Flex vertical gap={6} data-testid="locate-result">
      <div>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {result.grid.name}
        </Typography.Text>
        <Tag color={TYPE_TAG_COLOURS[result.grid.type]} style={{ marginLeft: 6 }}>
          {gridTypeLabel(t, result.grid.type)}
        </Tag>
      </div>
      <div className="oc-mono" data-testid="locate-grid-code">
        {result.grid.code}
      </div>
      <table className="oc-locate-table">
        <tbody>
          {rows.map(([label, d]) => (
            <tr key={label}>
              <th>{label}</th>
              <td>{d?.name ?? '—'}</td>
            </tr>
          ))}
          <tr>
            <th>{t('geo.grid.workers')}</th>
            <td>
              {result.workers.length === 0
                ? t('geo.grid.noWorkers')
                : result.workers.map((w) => (
                    <div key={`${w.userId}-${w.role}`}>
                      <Tag color={ROLE_TAG_COLOURS[w.role]}>{workerRoleLabel(t, w.role)}</Tag>
                      {w.displayName}
                    </div>
                  ))}
            </td>
          </tr>
        </tbody>
      </table>
      {point}
      <Button
        size="small"
        onClick={(e) => {
          // React handles this at the popup (a portal) before Leaflet sees it at the map; closing the popup here
          // detaches the button, and Leaflet would then take the click for a click on the map: stop it here.
          e.stopPropagation();
          onOpenGrid(result.grid.code);
        }}
        data-testid="locate-open-grid"
      >
        {t('geo.map.openGrid')}
      </Button>
    </Flex>
  );
}
