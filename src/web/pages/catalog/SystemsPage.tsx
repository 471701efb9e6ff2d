import { DownloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Flex, Input, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { type CatalogSystem, catalogApi } from '../../api/catalog';
import { downloadFile } from '../../api/download';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';
import { useCatalogText } from './labels';

export default function SystemsPage() {
  const { t, label, locale } = useCatalogText();
  const { message } = App.useApp();
  const [q, setQ] = useState<string | undefined>();
  const [exporting, setExporting] = useState(false);
  const list = useInfiniteQuery({
    queryKey: ['catalog', 'systems', q],
    queryFn: ({ pageParam }) => catalogApi.systems(q, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const exportCsv = async () => {
    setExporting(true);
    try {
      await downloadFile('/catalog/systems/export', { q }, 'systems.csv', locale);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<CatalogSystem> = [
    { title: t('systemName'), dataIndex: 'name', width: 200 },
    { title: t('owner'), dataIndex: 'ownerName', width: 160, render: (v: string | null) => v ?? '—' },
    { title: t('purpose'), dataIndex: 'purpose', ellipsis: true },
    { title: t('network'), dataIndex: 'network', width: 110, render: (v: string) => label('network', v) },
    {
      title: t('status'),
      dataIndex: 'status',
      width: 110,
      render: (v: string) => <Tag color={v === 'running' ? 'green' : 'default'}>{label('systemStatus', v)}</Tag>,
    },
    {
      title: t('resources'),
      dataIndex: 'resources',
      width: 260,
      render: (rs: CatalogSystem['resources']) => (
        <Flex gap={4} wrap>
          {rs.map((r) => (
            <Link key={r.code} to={`/catalog/resources/${r.code}`}>
              <Tag>{r.name}</Tag>
            </Link>
          ))}
        </Flex>
      ),
    },
  ];

  return (
    <div data-testid="catalog-systems-page">
      <PageTitle
        title={t('systemsTitle')}
        intro={t('systemsIntro')}
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportCsv} data-testid="systems-export">
            {t('exportCsv')}
          </Button>
        }
      />
      <Input.Search
        allowClear
        enterButton
        placeholder={t('systemSearch')}
        style={{ maxWidth: 420, marginBottom: 12 }}
        onSearch={(value) => setQ(value.trim() || undefined)}
      />
      {list.error && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table
        rowKey="id"
        data-testid="systems-table"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={list.isFetching && !list.isFetchingNextPage}
        pagination={false}
        scroll={{ x: 1000 }}
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
