import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Descriptions, Drawer, Empty, Input, List, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { type Element, catalogApi } from '../../api/catalog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';
import { STATUS_COLORS, useCatalogText } from './labels';

function domainText(d: Element['valueDomain']): string {
  if (d.kind === 'code_list') return `code list ${d.codeListId}`;
  if (d.kind === 'pattern') return `pattern ${d.pattern}`;
  if (d.kind === 'range') return `[${d.min ?? '−∞'}, ${d.max ?? '+∞'}]`;
  if (d.kind === 'validator') return `validator ${d.validator}`;
  return '—';
}

export default function ElementsPage() {
  const { t, label } = useCatalogText();
  const [q, setQ] = useState<string | undefined>();
  const [open, setOpen] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['catalog', 'elements', q],
    queryFn: ({ pageParam }) => catalogApi.elements(q, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const detail = useQuery({
    queryKey: ['catalog', 'element', open],
    queryFn: () => catalogApi.element(open!),
    enabled: !!open,
  });
  const impact = useQuery({
    queryKey: ['catalog', 'element-impact', open],
    queryFn: () => catalogApi.elementImpact(open!),
    enabled: !!open,
  });

  const columns: TableColumnsType<Element> = [
    {
      title: t('identifier'),
      dataIndex: 'identifier',
      width: 120,
      render: (v: string) => (
        <Typography.Link onClick={() => setOpen(v)} data-testid="element-open">
          {v}
        </Typography.Link>
      ),
    },
    { title: t('elementName'), dataIndex: 'nameZh', width: 180 },
    { title: t('version'), dataIndex: 'version', width: 80, render: (v: number) => `v${v}` },
    { title: t('dataType'), dataIndex: 'dataType', width: 110 },
    { title: t('valueDomain'), dataIndex: 'valueDomain', width: 200, render: domainText },
    { title: t('definition'), dataIndex: 'definition', ellipsis: true },
    {
      title: t('status'),
      dataIndex: 'status',
      width: 90,
      render: (v: string) => <Tag>{label('elementStatus', v)}</Tag>,
    },
  ];
  const e = detail.data?.element;

  return (
    <div data-testid="catalog-elements-page">
      <PageTitle title={t('elementsTitle')} intro={t('elementsIntro')} />
      <Input.Search
        allowClear
        enterButton
        placeholder={t('elementSearch')}
        style={{ maxWidth: 420, marginBottom: 12 }}
        onSearch={(value) => setQ(value.trim() || undefined)}
      />
      {list.error && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table
        rowKey="identifier"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={list.isFetching && !list.isFetchingNextPage}
        pagination={false}
        scroll={{ x: 900 }}
      />
      <LoadMore
        count={rows.length}
        hasMore={!!list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => list.fetchNextPage()}
      />
      <Drawer open={!!open} onClose={() => setOpen(null)} size={560} title={e ? `${e.identifier} ${e.nameZh}` : open}>
        <div data-testid="element-drawer">
          {detail.error && <ErrorAlert error={detail.error} />}
          {!e ? (
            <Spin />
          ) : (
            <>
              <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('version')}>v{e.version}</Descriptions.Item>
                <Descriptions.Item label={t('elementName')}>
                  {e.nameZh}
                  {e.nameEn ? ` / ${e.nameEn}` : ''}
                </Descriptions.Item>
                <Descriptions.Item label={t('definition')}>{e.definition}</Descriptions.Item>
                <Descriptions.Item label={t('dataType')}>
                  {e.dataType}
                  {e.format ? `（${e.format}）` : ''}
                </Descriptions.Item>
                <Descriptions.Item label={t('valueDomain')}>{domainText(e.valueDomain)}</Descriptions.Item>
                <Descriptions.Item label={t('status')}>{label('elementStatus', e.status)}</Descriptions.Item>
              </Descriptions>
              <Typography.Title level={5}>{t('versions')}</Typography.Title>
              <List
                size="small"
                dataSource={detail.data?.versions ?? []}
                renderItem={(v) => (
                  <List.Item>
                    v{v.version} · {label('elementStatus', v.status)} · {v.createdBy} · {v.createdAt.slice(0, 10)}
                  </List.Item>
                )}
              />
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('impact')}
              </Typography.Title>
              {impact.data && impact.data.resources.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noImpact')} />
              ) : (
                <List
                  size="small"
                  loading={impact.isLoading}
                  dataSource={impact.data?.resources ?? []}
                  renderItem={(r) => (
                    <List.Item>
                      <Link to={`/catalog/resources/${r.code}`}>{r.name}</Link>
                      <Tag color={STATUS_COLORS[r.status]}>{label('status', r.status)}</Tag>
                      {r.items.map((it) => `${it.name} v${it.elementVersion}`).join('、')}
                    </List.Item>
                  )}
                />
              )}
            </>
          )}
        </div>
      </Drawer>
    </div>
  );
}
