import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Flex, Spin, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { type Demand, catalogApi } from '../../api/catalog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';
import { SHARE_COLORS, useCatalogText } from './labels';

function Suggestions({ id }: { id: number }) {
  const { t, label } = useCatalogText();
  const found = useQuery({
    queryKey: ['catalog', 'demand-suggestions', id],
    queryFn: () => catalogApi.suggestions(id),
  });
  if (found.isLoading) return <Spin size="small" />;
  if (found.error) return <ErrorAlert error={found.error} />;
  return (
    <div>
      <Typography.Text strong>{t('suggestions')}</Typography.Text>
      {found.data?.items.length === 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {t('noSuggestions')}
        </Typography.Paragraph>
      )}
      {(found.data?.items ?? []).map((s) => (
        <Flex key={s.code} gap={8} align="center" style={{ marginTop: 4 }}>
          <Link to={`/catalog/resources/${s.code}`}>{s.name}</Link>
          <Typography.Text type="secondary">{s.providerName}</Typography.Text>
          <Tag color={SHARE_COLORS[s.shareType]}>{label('shareType', s.shareType)}</Tag>
          {s.matchedFields.length > 0 && (
            <Typography.Text type="secondary">{s.matchedFields.join('、')}</Typography.Text>
          )}
        </Flex>
      ))}
    </div>
  );
}

export default function DemandsPage() {
  const { t, label } = useCatalogText();
  const list = useInfiniteQuery({
    queryKey: ['catalog', 'demands'],
    queryFn: ({ pageParam }) => catalogApi.demands(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: TableColumnsType<Demand> = [
    { title: t('demandTitle'), dataIndex: 'title', width: 240 },
    {
      title: t('requester'),
      dataIndex: 'requestingDepartmentName',
      width: 160,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('wantedFields'), dataIndex: 'wantedFields', render: (f: string[]) => f.join('、') || '—' },
    {
      title: t('status'),
      dataIndex: 'status',
      width: 100,
      render: (v: string) => <Tag color={v === 'open' ? 'processing' : 'default'}>{label('demandStatus', v)}</Tag>,
    },
    { title: t('raisedOn'), dataIndex: 'createdAt', width: 120, render: (v: string) => v.slice(0, 10) },
  ];
  return (
    <div data-testid="catalog-demands-page">
      <PageTitle title={t('demandsTitle')} intro={t('demandsIntro')} />
      {list.error && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table
        rowKey="id"
        data-testid="demands-table"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={list.isFetching && !list.isFetchingNextPage}
        pagination={false}
        expandable={{
          expandedRowRender: (d) => (
            <>
              {d.description && <Typography.Paragraph>{d.description}</Typography.Paragraph>}
              <Suggestions id={d.id} />
            </>
          ),
        }}
        scroll={{ x: 800 }}
      />
      <LoadMore
        count={rows.length}
        hasMore={!!list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => list.fetchNextPage()}
      />
    </div>
  );
}
