import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { type AuditFilter, auditApi } from '../../api/audit';
import { queryKeys } from '../../api/queries';
import type { AuditEntry, AuditResult } from '../../api/types';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { formatTime, fromCityWallTime } from '../../components/format';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';
import { useI18n } from '../../i18n/I18nProvider';

interface FilterValues {
  actor?: string;
  action?: string;
  target?: string;
  result?: AuditResult;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** The summary is a small record of what changed; show it as "key: value" pairs on one line. */
function summaryText(summary: AuditEntry['summary']): string {
  if (summary === null || summary === undefined) return '';
  if (typeof summary === 'string') return summary;
  return Object.entries(summary)
    .map(
      ([key, value]) =>
        `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`,
    )
    .join('; ');
}

const RESULT_COLOURS: Record<AuditResult, string> = { ok: 'green', denied: 'orange', failed: 'red' };

function toFilter(v: FilterValues): AuditFilter {
  return {
    actor: v.actor?.trim() || undefined,
    action: v.action?.trim() || undefined,
    target: v.target?.trim() || undefined,
    result: v.result,
    // The picker's wall times are city time, whatever the device's zone.
    from: v.range?.[0] ? fromCityWallTime(v.range[0].format('YYYY-MM-DDTHH:mm:00')) : undefined,
    to: v.range?.[1] ? fromCityWallTime(v.range[1].format('YYYY-MM-DDTHH:mm:00')) : undefined,
  };
}

export default function AuditPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<AuditFilter>({});

  const entries = useInfiniteQuery({
    queryKey: [...queryKeys.audit, filter],
    queryFn: ({ pageParam }) => auditApi.list(filter, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = entries.data?.pages.flatMap((p) => p.items) ?? [];

  const exportFile = useMutation({
    mutationFn: (format: 'csv' | 'xlsx') => auditApi.export(filter, format, locale),
    onError: (error) => message.error(errorMessage(error)),
  });

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 160, render: (v: string) => formatTime(v) },
    {
      title: t('audit.actor'),
      key: 'actor',
      width: 120,
      render: (_, e) => (
        <div>
          <div>{e.actorName ?? '—'}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.actorKind}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 180,
      render: (v: string) => <span className="oc-mono">{v}</span>,
    },
    {
      title: t('audit.target'),
      key: 'target',
      width: 130,
      render: (_, e) =>
        e.targetType ? (
          <span className="oc-mono">
            {e.targetType}
            {e.targetId ? `:${e.targetId}` : ''}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('audit.summary'),
      dataIndex: 'summary',
      width: 230,
      ellipsis: { showTitle: false },
      render: (v: AuditEntry['summary']) => {
        const text = summaryText(v);
        return text ? (
          <Tooltip title={text} placement="topLeft">
            <span className="oc-mono">{text}</span>
          </Tooltip>
        ) : (
          '—'
        );
      },
    },
    {
      title: t('audit.result'),
      dataIndex: 'result',
      width: 70,
      render: (r: AuditResult) => <Tag color={RESULT_COLOURS[r]}>{t(`audit.result.${r}`)}</Tag>,
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 120, render: (v) => <span className="oc-mono">{v || '—'}</span> },
    { title: t('audit.chainSeq'), dataIndex: 'chainSeq', width: 80, align: 'right', render: (v) => v ?? '—' },
  ];

  return (
    <>
      <PageTitle
        title={t('audit.title')}
        intro={t('audit.intro')}
        extra={
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              loading={exportFile.isPending && exportFile.variables === 'csv'}
              onClick={() => exportFile.mutate('csv')}
              data-testid="audit-export-csv"
            >
              {t('audit.exportCsv')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              loading={exportFile.isPending && exportFile.variables === 'xlsx'}
              onClick={() => exportFile.mutate('xlsx')}
              data-testid="audit-export-xlsx"
            >
              {t('audit.exportXlsx')}
            </Button>
          </Space>
        }
      />
      <Card>
        <Form<FilterValues> form={form} layout="vertical" onFinish={(v) => setFilter(toFilter(v))}>
          <Row gutter={[12, 0]} align="bottom">
            <Col xs={24} sm={12} lg={4}>
              <Form.Item name="actor" label={t('audit.actor')}>
                <Input allowClear placeholder={t('audit.actorPlaceholder')} data-testid="audit-actor" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={4}>
              <Form.Item name="action" label={t('audit.action')}>
                <Input allowClear placeholder={t('audit.actionPlaceholder')} data-testid="audit-action" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={4}>
              <Form.Item name="target" label={t('audit.target')}>
                <Input allowClear placeholder={t('audit.targetPlaceholder')} data-testid="audit-target" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={3}>
              <Form.Item name="result" label={t('audit.result')}>
                <Select
                  allowClear
                  placeholder={t('common.all')}
                  options={(['ok', 'denied', 'failed'] as const).map((r) => ({
                    value: r,
                    label: t(`audit.result.${r}`),
                  }))}
                  data-testid="audit-result"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={5}>
              <Form.Item name="range" label={t('audit.timeRange')}>
                <DatePicker.RangePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            <Col xs={24} lg={4}>
              <Form.Item>
                <Space>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
                    {t('common.search')}
                  </Button>
                  <Button
                    onClick={() => {
                      form.resetFields();
                      setFilter({});
                    }}
                  >
                    {t('common.reset')}
                  </Button>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
        {entries.error && <ErrorAlert error={entries.error} onRetry={() => entries.refetch()} />}
        <Table<AuditEntry>
          rowKey="id"
          data-testid="audit-table"
          columns={columns}
          dataSource={rows}
          loading={entries.isLoading}
          pagination={false}
          scroll={{ x: 1090 }}
          size="small"
          locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
        />
        <LoadMore
          count={rows.length}
          hasMore={!!entries.hasNextPage}
          loading={entries.isFetchingNextPage}
          onLoadMore={() => entries.fetchNextPage()}
        />
      </Card>
    </>
  );
}
