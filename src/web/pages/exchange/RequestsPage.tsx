// 共享申请 inboxes: the consumer's own requests, the provider's requests to decide, and the data office's check
// queue — each shown only to those who hold its permission. Due dates on the working-day calendar, overdue red.
// The data office also has 已授权: every granted request's grant and credentials, to revoke one or the grant.
import { useQuery } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Button, Descriptions, Empty, Flex, Grid, Table, Tabs, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { formatTime } from '../../components/format';
import { type Box, type ExchangeRequest, exchangeApi, useDepartmentNames, useResourceNames } from './api';
import { type Deciding, DecisionModal } from './DecisionModal';
import { GrantTable } from './GrantTable';
import { useExchangeText } from './labels';
import { useState } from 'react';

const STATUS_COLOR: Record<string, string> = {
  pending_office: 'processing',
  pending_provider: 'gold',
  granted: 'success',
  refused: 'error',
  escalated: 'volcano',
};

export function dueOf(r: ExchangeRequest): string | null {
  if (r.status === 'pending_office') return r.officeDue;
  if (r.status === 'pending_provider') return r.providerDue;
  return null;
}

export function DueCell({ r }: { r: ExchangeRequest }) {
  const { t } = useExchangeText();
  const due = dueOf(r);
  if (!due) return <Typography.Text type="secondary">—</Typography.Text>;
  const late = new Date(due).getTime() < Date.now();
  return (
    <Flex vertical gap={2}>
      <Typography.Text type={late ? 'danger' : undefined} strong={late} data-testid={late ? 'due-overdue' : 'due'}>
        {formatTime(due).slice(0, 16)}
      </Typography.Text>
      {late && (
        <Tag color="red" style={{ width: 'fit-content' }}>
          {t('overdue')}
        </Tag>
      )}
    </Flex>
  );
}

function Inbox({ box, onDecide }: { box: Box; onDecide: (d: Deciding) => void }) {
  const { t, label } = useExchangeText();
  const list = useQuery({ queryKey: ['exchange', 'requests', box], queryFn: () => exchangeApi.requests(box) });
  const items = list.data?.items ?? [];
  const names = useResourceNames(items.map((r) => r.resourceCode));
  const departments = useDepartmentNames();
  const decider = box === 'office' ? 'office' : box === 'provider' ? 'provider' : null;
  // On a phone one column carries the resource, status and due date; the rest is in the expanded row.
  const narrow = !Grid.useBreakpoint().md;
  const pendingHere = (r: ExchangeRequest) =>
    (box === 'office' && r.status === 'pending_office') || (box === 'provider' && r.status === 'pending_provider');

  const columns: TableColumnsType<ExchangeRequest> = [
    { title: '#', dataIndex: 'id', width: 50 },
    {
      title: t('resource'),
      key: 'resource',
      width: 180,
      render: (_, r) => (
        <Flex vertical>
          <Link to={`/catalog/resources/${r.resourceCode}`}>{names.get(r.resourceCode) ?? r.resourceCode}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {label('share', r.shareType)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: box === 'mine' ? t('consumerSystem') : t('consumer'),
      key: 'consumer',
      width: 170,
      render: (_, r) => (
        <Flex vertical>
          {box !== 'mine' && <span>{departments.get(r.consumerDepartmentId) ?? `#${r.consumerDepartmentId}`}</span>}
          <Typography.Text type={box === 'mine' ? undefined : 'secondary'}>{r.consumerSystem}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('fields'),
      dataIndex: 'fields',
      width: 220,
      render: (f: string[]) => (
        <Flex gap={4} wrap>
          {f.map((x) => (
            <Tag key={x}>{x}</Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('status'),
      dataIndex: 'status',
      width: 110,
      render: (s: string, r) => (
        <Flex vertical gap={2}>
          <Tag color={STATUS_COLOR[s] ?? 'default'} data-testid={`request-status-${r.id}`}>
            {label('status', s)}
          </Tag>
          {r.escalated && (
            <Tag color="volcano" data-testid={`request-escalated-${r.id}`}>
              {t('status_escalated')}
            </Tag>
          )}
        </Flex>
      ),
    },
    { title: t('due'), key: 'due', width: 140, render: (_, r) => <DueCell r={r} /> },
  ];
  if (narrow)
    columns.splice(0, columns.length, {
      title: t('resource'),
      key: 'compact',
      render: (_, r) => (
        <Flex vertical gap={4}>
          <Link to={`/catalog/resources/${r.resourceCode}`}>{names.get(r.resourceCode) ?? r.resourceCode}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            #{r.id} ·{' '}
            {box === 'mine' ? r.consumerSystem : (departments.get(r.consumerDepartmentId) ?? r.consumerSystem)}
          </Typography.Text>
          <Flex gap={6} wrap align="center">
            <Tag color={STATUS_COLOR[r.status] ?? 'default'}>{label('status', r.status)}</Tag>
            {r.escalated && <Tag color="volcano">{t('status_escalated')}</Tag>}
            {dueOf(r) && <DueCell r={r} />}
          </Flex>
        </Flex>
      ),
    });
  if (decider)
    columns.push({
      title: '',
      key: 'actions',
      width: narrow ? 120 : 140,
      fixed: narrow ? undefined : 'right',
      render: (_, r) =>
        pendingHere(r) && (
          <Flex gap={6}>
            <Button
              size="small"
              type="primary"
              data-testid={`approve-${r.id}`}
              onClick={() => onDecide({ request: r, as: decider, approve: true })}
            >
              {t('approve')}
            </Button>
            <Button
              size="small"
              danger
              data-testid={`refuse-${r.id}`}
              onClick={() => onDecide({ request: r, as: decider, approve: false })}
            >
              {t('refuse')}
            </Button>
          </Flex>
        ),
    });

  if (list.error) return <ErrorAlert error={list.error} onRetry={() => list.refetch()} />;
  const empty = box === 'mine' ? t('emptyMine') : box === 'provider' ? t('emptyProvider') : t('emptyOffice');
  return (
    <Table
      rowKey="id"
      size="middle"
      data-testid={`requests-${box}`}
      columns={columns}
      dataSource={items}
      loading={list.isLoading}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={narrow ? undefined : { x: 1060 }}
      locale={{
        emptyText: (
          <Empty description={empty}>
            {box === 'mine' && (
              <Link to="/catalog/resources">
                <Button type="primary">{t('goCatalog')}</Button>
              </Link>
            )}
          </Empty>
        ),
      }}
      expandable={{
        expandedRowRender: (r) => (
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('fields')}>{r.fields.join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('purpose')}>{r.purpose}</Descriptions.Item>
            <Descriptions.Item label={t('legalBasis')}>{r.legalBasis}</Descriptions.Item>
            <Descriptions.Item label={t('period')}>{t('days', { n: r.periodDays })}</Descriptions.Item>
            <Descriptions.Item label={t('createdBy')}>{r.createdBy}</Descriptions.Item>
            <Descriptions.Item label={t('createdAt')}>{formatTime(r.createdAt).slice(0, 16)}</Descriptions.Item>
            {r.officeReason && <Descriptions.Item label={t('officeReason')}>{r.officeReason}</Descriptions.Item>}
            {r.decisionReason && <Descriptions.Item label={t('decisionReason')}>{r.decisionReason}</Descriptions.Item>}
          </Descriptions>
        ),
      }}
    />
  );
}

export default function RequestsPage() {
  const { t } = useExchangeText();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const [deciding, setDeciding] = useState<Deciding | null>(null);
  // The office queue is for the data office's stewards only: probe it once and hide the tab on a refusal.
  const office = useQuery({
    queryKey: ['exchange', 'requests', 'office'],
    queryFn: () => exchangeApi.requests('office'),
    enabled: can('exchange.office'),
    retry: false,
  });
  const officeRefused = office.error instanceof ApiError && office.error.status === 403;
  const boxes: { key: Box; label: string }[] = [];
  if (can('exchange.request')) boxes.push({ key: 'mine', label: t('boxMine') });
  if (can('exchange.decide')) boxes.push({ key: 'provider', label: t('boxProvider') });
  if (can('exchange.office') && !officeRefused) {
    const n = office.data?.items.length ?? 0;
    boxes.push({ key: 'office', label: n > 0 ? `${t('boxOffice')} (${n})` : t('boxOffice') });
    boxes.push({ key: 'granted', label: t('boxGranted') });
  }
  const active = boxes.find((b) => b.key === params.get('box'))?.key ?? boxes[0]?.key;

  return (
    <div data-testid="exchange-requests-page">
      <PageTitle title={t('requestsTitle')} intro={t('requestsIntro')} />
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ box: key }, { replace: true })}
        items={boxes.map((b) => ({
          key: b.key,
          label: <span data-testid={`box-${b.key}`}>{b.label}</span>,
          children: b.key === 'granted' ? <GrantTable side="granted" /> : <Inbox box={b.key} onDecide={setDeciding} />,
        }))}
      />
      <DecisionModal deciding={deciding} onClose={() => setDeciding(null)} />
    </div>
  );
}
