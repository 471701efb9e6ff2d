import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Button, Card, Checkbox, Col, Empty, Flex, Input, Row, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { type FacetName, type ResourceFilter, type ResourceSummary, catalogApi } from '../../api/catalog';
import { useAuth } from '../../app/auth';
import { PERM } from '../../app/permissions';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';
import { OPEN_COLORS, SHARE_COLORS, STATUS_COLORS, type TextKey, useCatalogText } from './labels';

/** Facet name in the reply → filter parameter in the query, with its heading. */
const FACETS: { facet: FacetName; param: keyof ResourceFilter; title: TextKey }[] = [
  { facet: 'department', param: 'departmentId', title: 'department' },
  { facet: 'shareType', param: 'shareType', title: 'shareType' },
  { facet: 'openness', param: 'openness', title: 'openness' },
  { facet: 'format', param: 'format', title: 'format' },
  { facet: 'grade', param: 'grade', title: 'grade' },
  { facet: 'status', param: 'status', title: 'status' },
];

export default function ResourcesPage() {
  const { t, label } = useCatalogText();
  const { can } = useAuth();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<ResourceFilter>({});
  const [q, setQ] = useState('');

  const result = useInfiniteQuery({
    queryKey: ['catalog', 'resources', filter],
    queryFn: ({ pageParam }) => catalogApi.resources(filter, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const first = result.data?.pages[0];
  const rows = result.data?.pages.flatMap((p) => p.items) ?? [];

  const toggle = (param: keyof ResourceFilter, value: string, on: boolean) =>
    setFilter((f) => {
      const current = (f[param] as string[] | undefined) ?? [];
      const next = on ? [...current, value] : current.filter((v) => v !== value);
      return { ...f, [param]: next.length ? next : undefined };
    });

  const columns: TableColumnsType<ResourceSummary> = [
    {
      title: t('code'),
      dataIndex: 'code',
      width: 150,
      render: (code: string) => (
        <Link to={`/catalog/resources/${code}`} data-testid="resource-link">
          <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
            {code}
          </Typography.Text>
        </Link>
      ),
    },
    {
      title: t('name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <div>
          <Link to={`/catalog/resources/${r.code}`}>{name}</Link>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 1 }} style={{ margin: 0, fontSize: 12 }}>
            {r.summary}
          </Typography.Paragraph>
        </div>
      ),
    },
    { title: t('provider'), dataIndex: 'providerName', width: 140, render: (v: string | null) => v ?? '—' },
    {
      title: t('shareType'),
      dataIndex: 'shareType',
      width: 110,
      render: (v: string) => <Tag color={SHARE_COLORS[v]}>{label('shareType', v)}</Tag>,
    },
    {
      title: t('openness'),
      dataIndex: 'openness',
      width: 104,
      render: (v: string) => <Tag color={OPEN_COLORS[v]}>{label('openness', v)}</Tag>,
    },
    {
      title: t('status'),
      dataIndex: 'status',
      width: 84,
      render: (v: string) => <Tag color={STATUS_COLORS[v]}>{label('status', v)}</Tag>,
    },
  ];

  return (
    <div data-testid="catalog-resources-page">
      <PageTitle
        title={t('resourcesTitle')}
        intro={t('resourcesIntro')}
        extra={
          can(PERM.catalogResourceEdit) && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="resource-register"
              onClick={() => navigate('/catalog/resources/new')}
            >
              {t('register')}
            </Button>
          )
        }
      />
      <Row gutter={16}>
        <Col xs={24} md={7} lg={6}>
          <Card size="small" data-testid="facets" styles={{ body: { padding: 12 } }}>
            {FACETS.map(({ facet, param, title }) => {
              const values = first?.facets[facet] ?? [];
              const selected = (filter[param] as string[] | undefined) ?? [];
              if (values.length === 0 && selected.length === 0) return null;
              return (
                <div key={facet} style={{ marginBottom: 12 }} data-testid={`facet-${facet}`}>
                  <Typography.Text strong>{t(title)}</Typography.Text>
                  <Flex vertical gap={2} style={{ marginTop: 4 }}>
                    {values.map((v) => (
                      <Flex key={v.value} justify="space-between" align="center" gap={8}>
                        <Checkbox
                          checked={selected.includes(v.value)}
                          onChange={(e) => toggle(param, v.value, e.target.checked)}
                          data-testid={`facet-${facet}-${v.value}`}
                        >
                          {v.label}
                        </Checkbox>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {v.count}
                        </Typography.Text>
                      </Flex>
                    ))}
                  </Flex>
                </div>
              );
            })}
          </Card>
        </Col>
        <Col xs={24} md={17} lg={18}>
          <Flex gap={8} style={{ marginBottom: 12 }} wrap align="center">
            <Input.Search
              allowClear
              data-testid="resource-search"
              placeholder={t('searchPlaceholder')}
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(value) => setFilter((f) => ({ ...f, q: value.trim() || undefined }))}
              style={{ maxWidth: 420 }}
              enterButton
            />
            <Typography.Text type="secondary" data-testid="resource-total">
              {first ? t('total', { n: first.total }) : ''}
            </Typography.Text>
          </Flex>
          {result.error && <ErrorAlert error={result.error} onRetry={() => result.refetch()} />}
          <Table
            rowKey="code"
            size="middle"
            data-testid="resource-table"
            columns={columns}
            dataSource={rows}
            loading={result.isFetching && !result.isFetchingNextPage}
            pagination={false}
            tableLayout="fixed"
            scroll={{ x: 780 }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          />
          <LoadMore
            count={rows.length}
            hasMore={!!result.hasNextPage}
            loading={result.isFetchingNextPage}
            onLoadMore={() => result.fetchNextPage()}
          />
        </Col>
      </Row>
    </div>
  );
}
