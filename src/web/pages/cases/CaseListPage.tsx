// 工单列表 — every case in the caller's scope with the full filter bar, totals by status, keyset "load more" and the
// current filter exported to Excel or CSV (the server masks personal data per role). The filter is the URL's query
// string (filterUrl.ts): each change is a history entry, so reload, back/forward and a copied link show the same list.
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Space, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type CaseFilter, casesApi } from '../../api/cases';
import { downloadFile } from '../../api/download';
import { useAuth } from '../../app/auth';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';
import { CaseFilters } from './CaseFilters';
import { CaseTable } from './CaseTable';
import { filterFromParams, filterToParams } from './filterUrl';
import { STATUS_COLOR, useCaseText } from './labels';
import { useCaseList } from './useCaseList';

export default function CaseListPage() {
  const { t, label, locale } = useCaseText();
  const { message } = App.useApp();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const setFilter = useCallback((f: CaseFilter) => setParams(filterToParams(f)), [setParams]);
  const [exporting, setExporting] = useState<string | null>(null);
  const { query, items, counts } = useCaseList(filter);

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    try {
      await downloadFile(casesApi.exportPath(filter, format), {}, `cases.${format}`, locale);
      message.success(t('exported'));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setExporting(null);
    }
  };

  return (
    <div className="oc-page">
      <PageTitle
        title={t('listTitle')}
        intro={t('listIntro')}
        extra={
          can('case.export') ? (
            <Space>
              <Button
                icon={<DownloadOutlined />}
                loading={exporting === 'xlsx'}
                onClick={() => exportAs('xlsx')}
                data-testid="export-xlsx"
              >
                {t('exportXlsx')}
              </Button>
              <Button
                icon={<DownloadOutlined />}
                loading={exporting === 'csv'}
                onClick={() => exportAs('csv')}
                data-testid="export-csv"
              >
                {t('exportCsv')}
              </Button>
            </Space>
          ) : null
        }
      />
      <Card size="small" styles={{ body: { padding: 10 } }}>
        <CaseFilters value={filter} onChange={setFilter} />
        <Flex gap={6} wrap align="center" style={{ margin: '10px 0 6px' }} data-testid="case-counts">
          {counts && (
            <>
              <Typography.Text strong data-testid="case-total">
                {t('total', { n: counts.total })}
              </Typography.Text>
              {Object.entries(counts.byStatus)
                .sort((a, b) => b[1] - a[1])
                .map(([s, n]) => (
                  <Tag
                    key={s}
                    color={STATUS_COLOR[s]}
                    style={{ cursor: 'pointer' }}
                    onClick={() => setFilter({ ...filter, status: [s] })}
                  >
                    {label('status', s)} {n}
                  </Tag>
                ))}
            </>
          )}
        </Flex>
        {query.error ? (
          <ErrorAlert error={query.error} onRetry={() => query.refetch()} />
        ) : (
          <CaseTable
            data-testid="case-table"
            items={items}
            loading={query.isPending}
            columns={['sla', 'caseNo', 'title', 'category', 'status', 'channel', 'department', 'due', 'createdAt']}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
          />
        )}
        <LoadMore
          count={items.length}
          hasMore={!!query.hasNextPage}
          loading={query.isFetchingNextPage}
          onLoadMore={() => query.fetchNextPage()}
        />
      </Card>
    </div>
  );
}
