// 调用日志: every exchange call on the caller's resources (provider) and its own calls (consumer), newest first,
// with the consuming system, pass-through user and purpose, fields and row count.
import { ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Button, Empty, Flex, Input, Segmented, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';
import { formatTime } from '../../components/format';
import { type AccessLogItem, exchangeApi, useResourceNames } from './api';
import { useExchangeText } from './labels';

export default function AccessLogPage() {
  const { t, label } = useExchangeText();
  const [resource, setResource] = useState<string | undefined>();
  const [side, setSide] = useState<'all' | 'provider' | 'consumer'>('all');
  const [text, setText] = useState('');
  const log = useInfiniteQuery({
    queryKey: ['exchange', 'access-log', resource],
    queryFn: ({ pageParam }) => exchangeApi.accessLog(resource, pageParam),
    initialPageParam: null as string | number | null,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const all = log.data?.pages.flatMap((p) => p.items) ?? [];
  const names = useResourceNames(all.map((r) => r.resourceCode));
  const needle = text.trim().toLowerCase();
  const items = all.filter(
    (r) =>
      (side === 'all' || r.seenAs === side) &&
      (!needle ||
        r.consumerSystem.toLowerCase().includes(needle) ||
        (r.userId ?? '').toLowerCase().includes(needle) ||
        (r.purpose ?? '').toLowerCase().includes(needle)),
  );

  const columns: TableColumnsType<AccessLogItem> = [
    { title: t('at'), dataIndex: 'at', width: 150, render: (v: string) => formatTime(v) },
    { title: t('consumerSystem'), dataIndex: 'consumerSystem', width: 150 },
    { title: t('user'), dataIndex: 'userId', width: 90, render: (v: string | null) => v ?? '—' },
    { title: t('purpose'), dataIndex: 'purpose', width: 150, ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: t('resource'),
      dataIndex: 'resourceCode',
      width: 170,
      render: (c: string) => <Link to={`/catalog/resources/${c}`}>{names.get(c) ?? c}</Link>,
    },
    {
      title: t('fields'),
      dataIndex: 'fields',
      width: 180,
      render: (f: string[]) => (f.length ? f.join('、') : '—'),
    },
    { title: t('rowCount'), dataIndex: 'rowCount', width: 60, align: 'right' },
    { title: t('endpoint'), dataIndex: 'endpoint', width: 90, render: (v: string) => label('endpoint', v) },
    {
      title: t('result'),
      dataIndex: 'status',
      width: 70,
      render: (s: number) => <Tag color={s < 300 ? 'success' : 'error'}>{s}</Tag>,
    },
    {
      title: t('seenAs'),
      dataIndex: 'seenAs',
      width: 80,
      render: (s: string) => (s === 'provider' ? t('asProvider') : t('asConsumer')),
    },
    {
      title: '',
      key: 'sealed',
      width: 40,
      render: (_, r) =>
        r.sealed && (
          <Tooltip title={`${t('sealed')} · ${r.requestHash.slice(0, 16)}…`}>
            <SafetyCertificateOutlined style={{ color: '#389e0d' }} />
          </Tooltip>
        ),
    },
  ];

  return (
    <div data-testid="exchange-log-page">
      <PageTitle
        title={t('logTitle')}
        intro={t('logIntro')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => log.refetch()} data-testid="log-refresh">
            {t('refresh')}
          </Button>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('filterResource')}
          style={{ width: 220 }}
          data-testid="log-resource"
          onSearch={(v) => setResource(v.trim() || undefined)}
        />
        <Input
          allowClear
          placeholder={t('filterSystem')}
          style={{ width: 220 }}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <Segmented
          value={side}
          onChange={(v) => setSide(v as typeof side)}
          options={[
            { value: 'all', label: t('all') },
            { value: 'provider', label: t('asProvider') },
            { value: 'consumer', label: t('asConsumer') },
          ]}
        />
      </Flex>
      {log.error && <ErrorAlert error={log.error} onRetry={() => log.refetch()} />}
      <Table
        rowKey="id"
        size="middle"
        data-testid="access-log"
        columns={columns}
        dataSource={items}
        loading={log.isFetching && !log.isFetchingNextPage}
        pagination={false}
        scroll={{ x: 1220 }}
        locale={{ emptyText: <Empty description={t('emptyLog')} /> }}
      />
      <LoadMore
        count={all.length}
        hasMore={!!log.hasNextPage}
        loading={log.isFetchingNextPage}
        onLoadMore={() => log.fetchNextPage()}
      />
    </div>
  );
}
