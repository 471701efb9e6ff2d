import { AimOutlined, UserAddOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Empty, Flex, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { type GridDetail, geoApi } from '../../api/geo';
import { useAuth } from '../../app/auth';
import { PERM } from '../../app/permissions';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatArea } from '../../components/MapStyle';
import { useT } from '../../i18n/I18nProvider';
import { gridStatusLabel, gridTypeLabel, ROLE_TAG_COLOURS, TYPE_TAG_COLOURS, workerRoleLabel } from './labels';

/** Height of the drawer on a phone, in % of the screen: the grid stays in view above it. */
export const PHONE_DRAWER_VH = 55;

/** The side (or, on a phone, bottom) panel with one grid's details: where it is, who is responsible, what is on it. */
export function GridDrawer({
  code,
  mobile,
  onClose,
  onZoom,
}: {
  code: string | null;
  mobile: boolean;
  onClose: () => void;
  onZoom: (grid: GridDetail) => void;
}) {
  const t = useT();
  const { can } = useAuth();
  const navigate = useNavigate();
  const grid = useQuery({
    queryKey: ['geo', 'grid', code],
    queryFn: () => geoApi.grid(code!),
    enabled: !!code,
  });
  const g = grid.data;

  return (
    <Drawer
      open={!!code}
      onClose={onClose}
      placement={mobile ? 'bottom' : 'right'}
      size={mobile ? `${PHONE_DRAWER_VH}vh` : 400}
      mask={mobile}
      title={g ? g.name : code}
      data-testid="grid-drawer"
      extra={
        g && (
          <Button
            icon={<AimOutlined />}
            onClick={() => onZoom(g)}
            aria-label={t('geo.grid.zoomTo')}
            title={t('geo.grid.zoomTo')}
          />
        )
      }
      styles={{ body: { paddingTop: 12 } }}
    >
      {grid.error && <ErrorAlert error={grid.error} onRetry={() => grid.refetch()} />}
      {grid.isLoading && <Skeleton active paragraph={{ rows: 8 }} />}
      {g && (
        <Flex vertical gap={16}>
          <Descriptions column={1} size="small" bordered data-testid="grid-detail">
            <Descriptions.Item label={t('geo.grid.code')}>
              <Typography.Text copyable className="oc-mono" data-testid="grid-detail-code">
                {g.code}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('geo.grid.type')}>
              <Space size={4}>
                <Tag color={TYPE_TAG_COLOURS[g.type]}>{gridTypeLabel(t, g.type)}</Tag>
                <Tag color={g.status === 'active' ? 'green' : 'default'}>{gridStatusLabel(t, g.status)}</Tag>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('geo.grid.area')}>{formatArea(g.areaM2)}</Descriptions.Item>
            <Descriptions.Item label={t('geo.grid.path')}>
              {[g.districtName, g.streetName, g.communityName].filter(Boolean).join(' / ')}
              <div className="oc-tree-code" style={{ marginLeft: 0 }}>
                {g.communityCode}
              </div>
            </Descriptions.Item>
            <Descriptions.Item label={t('geo.grid.places')}>
              {t('geo.grid.placesCount', { count: g.placesCount ?? 0 })}
            </Descriptions.Item>
            <Descriptions.Item label={t('geo.grid.openCases')}>
              <Typography.Text type="secondary">{t('geo.grid.openCasesLater')}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('geo.grid.version')}>v{g.version}</Descriptions.Item>
          </Descriptions>

          <div>
            <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('geo.grid.workers')}
              </Typography.Title>
              {(g.allowedActions ? g.allowedActions.includes(PERM.geoGridAssign) : can(PERM.geoGridAssign)) && (
                <Button
                  type="primary"
                  icon={<UserAddOutlined />}
                  size={mobile ? 'large' : 'middle'}
                  onClick={() => navigate(`/geo/assignments?grid=${encodeURIComponent(g.code)}`)}
                  data-testid="grid-assign"
                >
                  {t('geo.grid.assign')}
                </Button>
              )}
            </Flex>
            {g.workers.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('geo.grid.noWorkers')} />
            ) : (
              <List
                size="small"
                bordered
                dataSource={g.workers}
                renderItem={(w) => (
                  <List.Item key={w.assignmentId}>
                    <Space>
                      <Tag color={ROLE_TAG_COLOURS[w.role]}>{workerRoleLabel(t, w.role)}</Tag>
                      <span>{w.displayName}</span>
                    </Space>
                    <Typography.Text type="secondary">{t('geo.grid.since', { date: w.validFrom })}</Typography.Text>
                  </List.Item>
                )}
              />
            )}
          </div>
        </Flex>
      )}
    </Drawer>
  );
}
