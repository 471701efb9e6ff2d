// The resource page's 数据集 tab: quality score with its history, every load (version) with its counts and the
// rollback of the latest one, the rows as of a chosen version, and the upload with its validation report.
import { CloudUploadOutlined, RollbackOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Card, Col, Empty, Flex, Progress, Row, Select, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { formatTime } from '../../components/format';
import { type DatasetLoad, datasetApi } from './DatasetApi';
import { pct, useDatasetText } from './DatasetLabels';
import { DatasetUpload } from './DatasetUpload';

const STATUS_COLOR: Record<string, string> = { applied: 'success', rolled_back: 'default', failed: 'error' };

const scoreColor = (s: number) => (s >= 90 ? '#389e0d' : s >= 70 ? '#d48806' : '#cf1322');

/** A small line of the applied loads' scores, oldest first (no chart library needed for a dozen points). */
function ScoreLine({ loads }: { loads: DatasetLoad[] }) {
  const points = loads.filter((l) => l.status !== 'failed').reverse();
  if (points.length < 2) return null;
  const w = 300;
  const h = 70;
  const x = (i: number) => 28 + (i * (w - 56)) / (points.length - 1);
  // The scale starts a little under the lowest score, so a drop from 99 to 86 is visible.
  const lo = Math.max(0, Math.min(...points.map((p) => p.quality.score)) - 10);
  const y = (s: number) => h - 6 - ((s - lo) / (100 - lo || 1)) * (h - 24);
  return (
    <svg
      viewBox={`0 0 ${w} ${h}`}
      width="100%"
      height={h}
      role="img"
      aria-label="score history"
      data-testid="score-history"
    >
      <line x1={0} x2={w} y1={y(100)} y2={y(100)} stroke="#f0f0f0" />
      <line x1={0} x2={w} y1={y(0)} y2={y(0)} stroke="#f0f0f0" />
      <polyline
        fill="none"
        stroke="#1677ff"
        strokeWidth={2}
        points={points.map((l, i) => `${x(i)},${y(l.quality.score)}`).join(' ')}
      />
      {points.map((l, i) => (
        <g key={l.version}>
          <circle cx={x(i)} cy={y(l.quality.score)} r={3.5} fill={scoreColor(l.quality.score)} />
          <text x={x(i)} y={y(l.quality.score) - 7} fontSize={10} textAnchor="middle" fill="#595959">
            v{l.version}·{l.quality.score}
          </text>
        </g>
      ))}
    </svg>
  );
}

export function DatasetTab({ code }: { code: string }) {
  const { t, locale } = useDatasetText();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [uploading, setUploading] = useState(false);
  const [asOf, setAsOf] = useState<number | undefined>();
  const mayLoad = can('catalog.dataset.load');

  const quality = useQuery({ queryKey: ['dataset', code, 'quality', locale], queryFn: () => datasetApi.quality(code) });
  const hasRows = (quality.data?.history ?? []).some((l) => l.status !== 'failed');
  const rows = useInfiniteQuery({
    queryKey: ['dataset', code, 'rows', asOf],
    queryFn: ({ pageParam }) => datasetApi.rows(code, asOf, pageParam, 20),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: hasRows,
    retry: false,
  });

  const rollback = useMutation({
    mutationFn: (version: number) => datasetApi.rollback(code, version),
    onSuccess: (l) => {
      message.success(t('rolledBack', { v: l.version }));
      setAsOf(undefined);
      queryClient.invalidateQueries({ queryKey: ['dataset', code] });
    },
    onError: (error) => message.error(errorMessage(error)),
  });

  if (quality.isLoading) return <Spin style={{ display: 'block', margin: 32 }} />;
  if (quality.error) {
    if (quality.error instanceof ApiError && quality.error.code === 'DATASET_RESOURCE_NOT_TABLE')
      return <Empty description={t('notTable')} />;
    return <ErrorAlert error={quality.error} onRetry={() => quality.refetch()} />;
  }
  const q = quality.data!;
  const history = q.history;
  const latestApplied = history.find((l) => l.status === 'applied');
  // The metrics of the data as it stands: the latest applied load (a rolled-back one no longer describes it).
  const last = latestApplied;

  const uploadButton = mayLoad && (
    <Button
      type="primary"
      icon={<CloudUploadOutlined />}
      onClick={() => setUploading(true)}
      data-testid="dataset-upload"
    >
      {t('upload')}
    </Button>
  );

  const loadColumns: TableColumnsType<DatasetLoad> = [
    { title: t('version'), dataIndex: 'version', width: 70, render: (v: number) => `v${v}` },
    {
      title: t('loadStatus'),
      dataIndex: 'status',
      width: 160,
      // A rolled-back load names the version its rollback took (the data after it).
      render: (s: string, l) => (
        <Tag color={STATUS_COLOR[s]} data-testid={`load-status-${l.version}`}>
          {s === 'rolled_back' && l.rolledBackAs
            ? t('rolledBackAs', { n: l.rolledBackAs })
            : t(`status_${s}` as 'status_applied')}
        </Tag>
      ),
    },
    { title: t('rowCount'), dataIndex: 'rowCount', width: 80 },
    { title: t('inserted'), dataIndex: 'inserted', width: 60 },
    { title: t('updated'), dataIndex: 'updated', width: 60 },
    { title: t('deleted'), dataIndex: 'deleted', width: 60 },
    {
      title: t('rejected'),
      dataIndex: 'rejected',
      width: 80,
      render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0),
    },
    {
      title: t('score'),
      key: 'score',
      width: 80,
      render: (_, l) => <span style={{ color: scoreColor(l.quality.score) }}>{l.quality.score}</span>,
    },
    { title: t('mode'), dataIndex: 'mode', width: 100, render: (m: string) => t(`mode_${m}` as 'mode_accept_valid') },
    { title: t('who'), dataIndex: 'actor', width: 90, ellipsis: true },
    { title: t('when'), dataIndex: 'startedAt', width: 160, render: (v: string) => formatTime(v) },
    {
      title: '',
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, l) =>
        mayLoad &&
        l.version === latestApplied?.version && (
          <Button
            size="small"
            danger
            icon={<RollbackOutlined />}
            data-testid={`rollback-${l.version}`}
            loading={rollback.isPending}
            onClick={() =>
              modal.confirm({
                title: t('rollbackConfirm', { v: l.version }),
                content: t('rollbackHint'),
                okText: t('rollback'),
                okButtonProps: { danger: true, 'data-testid': 'rollback-ok' },
                onOk: () => rollback.mutateAsync(l.version),
              })
            }
          >
            {t('rollback')}
          </Button>
        ),
    },
  ];

  const page = rows.data?.pages;
  const columns = page?.[0]?.columns ?? [];
  const keyColumns = new Set(page?.[0]?.keyColumns ?? []);
  const items = page?.flatMap((p) => p.items) ?? [];
  const rowColumns: TableColumnsType<(typeof items)[number]> = columns.map((c) => ({
    title: keyColumns.has(c) ? (
      <Flex gap={4} align="center">
        {c}
        <Tag color="blue" style={{ marginInlineEnd: 0 }}>
          {t('key')}
        </Tag>
      </Flex>
    ) : (
      c
    ),
    key: c,
    width: 160,
    ellipsis: true,
    render: (_, r) => r.data[c] ?? '',
  }));

  return (
    <div data-testid="dataset-tab">
      {history.length === 0 ? (
        <Empty description={`${t('noDataset')}${mayLoad ? t('noDatasetLoader') : t('noDatasetReader')}`}>
          {uploadButton}
        </Empty>
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} md={8}>
              <Card size="small" title={t('score')} data-testid="dataset-score" extra={uploadButton}>
                <Flex gap={16} align="center">
                  <Progress
                    type="dashboard"
                    size={88}
                    percent={q.score ?? 0}
                    format={(p) => `${p}`}
                    strokeColor={scoreColor(q.score ?? 0)}
                  />
                  {q.daysSinceLastLoad !== null && (
                    <Typography.Text type="secondary">
                      {t('daysSince', { n: Math.floor(q.daysSinceLastLoad) })}
                    </Typography.Text>
                  )}
                </Flex>
                <ScoreLine loads={history} />
              </Card>
            </Col>
            <Col xs={24} md={16}>
              <Card size="small" title={`${t('metrics')} · v${last?.version ?? '—'}`}>
                {last &&
                  (
                    [
                      ['validity', last.quality.validity],
                      ['completeness', last.quality.completeness],
                      ['keyUniqueness', last.quality.keyUniqueness],
                      ['timeliness', q.timeliness],
                    ] as const
                  ).map(([k, v]) => (
                    <Flex key={k} gap={12} align="center">
                      <span style={{ width: 90, flex: 'none' }}>{t(k)}</span>
                      <Progress percent={Math.round(v * 1000) / 10} format={() => pct(v)} status="normal" />
                    </Flex>
                  ))}
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('versions')} style={{ marginBottom: 16 }}>
            <Table
              rowKey="version"
              size="small"
              data-testid="dataset-versions"
              columns={loadColumns}
              dataSource={history}
              pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
              scroll={{ x: 1100 }}
            />
          </Card>
          <Card
            size="small"
            title={t('rows')}
            extra={
              <Flex gap={8} align="center">
                <Typography.Text type="secondary">{t('asOf')}</Typography.Text>
                <Select
                  size="small"
                  style={{ width: 120 }}
                  data-testid="dataset-asof"
                  value={asOf ?? 0}
                  onChange={(v) => setAsOf(v === 0 ? undefined : v)}
                  options={[
                    { value: 0, label: t('latest') },
                    ...history
                      .filter((l) => l.status !== 'failed')
                      .map((l) => ({ value: l.version, label: `v${l.version}` })),
                  ]}
                />
              </Flex>
            }
          >
            {rows.error && <ErrorAlert error={rows.error} onRetry={() => rows.refetch()} />}
            <Table
              rowKey={(r) => r.key.join('|')}
              size="small"
              data-testid="dataset-rows"
              columns={rowColumns}
              dataSource={items}
              loading={rows.isFetching && !rows.isFetchingNextPage}
              pagination={false}
              scroll={{ x: Math.max(600, columns.length * 160) }}
            />
            <LoadMore
              count={items.length}
              hasMore={!!rows.hasNextPage}
              loading={rows.isFetchingNextPage}
              onLoadMore={() => rows.fetchNextPage()}
            />
          </Card>
        </>
      )}
      <DatasetUpload code={code} open={uploading} onClose={() => setUploading(false)} />
    </div>
  );
}
