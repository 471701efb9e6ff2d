import type { TableColumnsType } from 'antd';
import { Empty, Flex, Table, Tabs, Tag, Typography } from 'antd';
import type { Crs, DiffEntry, ImportGap, ImportOverlap, ImportProblem, ImportReport } from '../../api/geo';
import { formatArea } from '../../components/MapStyle';
import { useT } from '../../i18n/I18nProvider';
import type { LoadedFile } from './GridImportPage';
import { type ImportTarget, problemFeatureIndexes, problemShape } from './importGeometry';
import { problemKindLabel } from './labels';

const PAGE = { pageSize: 20, hideOnSinglePage: true, showSizeChanger: false };
const diffCode = (e: DiffEntry) => (typeof e === 'string' ? e : e.code);

/** The dry-run report as tables; clicking a row shows its geometry on the map. */
export function ImportReportTables({
  report,
  file,
  crs,
  onPick,
}: {
  report: ImportReport;
  file: LoadedFile | null;
  /** The file's coordinate system: features taken from the file are converted as the map converts them. */
  crs: Crs;
  onPick: (target: ImportTarget) => void;
}) {
  const t = useT();
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('geo.import.none')} />;
  const clickable = (key: string, shape: () => unknown) => ({
    onClick: () => onPick({ key, shape: shape() }),
    className: 'oc-import-row-clickable',
  });

  const problemColumns: TableColumnsType<ImportProblem> = [
    {
      title: t('geo.import.col.feature'),
      key: 'feature',
      width: 100,
      render: (_, p) => {
        const indexes = problemFeatureIndexes(p);
        return indexes.length ? indexes.map((i) => t('geo.import.featureN', { n: i + 1 })).join('、') : '—';
      },
    },
    {
      title: t('geo.import.col.code'),
      key: 'code',
      width: 170,
      render: (_, p) => <span className="oc-mono">{p.code || p.codes?.join(', ') || '—'}</span>,
    },
    {
      title: t('geo.import.col.kind'),
      dataIndex: 'kind',
      width: 190,
      render: (k: string, p) => (
        <Tag color={p.severity === 'warning' ? 'orange' : 'red'} data-kind={k}>
          {problemKindLabel(t, k)}
        </Tag>
      ),
    },
    { title: t('geo.import.col.message'), dataIndex: 'message' },
  ];
  const overlapColumns: TableColumnsType<ImportOverlap> = [
    { title: t('geo.import.col.a'), dataIndex: 'a', render: (c: string) => <span className="oc-mono">{c}</span> },
    { title: t('geo.import.col.b'), dataIndex: 'b', render: (c: string) => <span className="oc-mono">{c}</span> },
    { title: t('geo.import.col.area'), dataIndex: 'areaM2', width: 140, render: (a: number) => formatArea(a) },
  ];
  const gapColumns: TableColumnsType<ImportGap> = [
    {
      title: t('geo.import.col.community'),
      dataIndex: 'communityCode',
      render: (c: string) => <span className="oc-mono">{c}</span>,
    },
    { title: t('geo.import.col.area'), dataIndex: 'areaM2', width: 140, render: (a: number) => formatArea(a) },
  ];

  const diff = report.diff ?? { added: [], changed: [], removed: [] };
  const diffList = (entries: DiffEntry[] | undefined, colour: string, label: string) => (
    <div>
      <Typography.Text strong>
        {label} ({entries?.length ?? 0})
      </Typography.Text>
      <div style={{ marginTop: 6 }}>
        {entries?.length
          ? entries.slice(0, 300).map((e) => (
              <Tag key={diffCode(e)} color={colour} className="oc-mono" style={{ marginBottom: 4 }}>
                {diffCode(e)}
                {typeof e === 'object' && e.name ? ` ${e.name}` : ''}
              </Tag>
            ))
          : '—'}
        {(entries?.length ?? 0) > 300 && <Typography.Text type="secondary">…</Typography.Text>}
      </div>
    </div>
  );

  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('geo.import.rowHint')}
      </Typography.Paragraph>
      <Tabs
        defaultActiveKey="problems"
        items={[
          {
            key: 'problems',
            label: t('geo.import.tab.problems', { count: report.problems.length }),
            children: (
              <Table<ImportProblem>
                data-testid="import-problems"
                rowKey={(_, i) => String(i)}
                size="small"
                columns={problemColumns}
                dataSource={report.problems}
                pagination={PAGE}
                scroll={{ x: 720 }}
                locale={{ emptyText: empty }}
                onRow={(p, i) =>
                  ({
                    ...clickable(`p${i}`, () => problemShape(p, file, crs)),
                    'data-testid': `problem-row-${p.kind}`,
                  }) as React.HTMLAttributes<HTMLElement>
                }
              />
            ),
          },
          {
            key: 'overlaps',
            label: t('geo.import.tab.overlaps', { count: report.overlaps.length }),
            children: (
              <Table<ImportOverlap>
                data-testid="import-overlaps"
                rowKey={(o, i) => `${o.a}-${o.b}-${i}`}
                size="small"
                columns={overlapColumns}
                dataSource={report.overlaps}
                pagination={PAGE}
                locale={{ emptyText: empty }}
                onRow={(o, i) => clickable(`o${i}`, () => o.geometry)}
              />
            ),
          },
          {
            key: 'gaps',
            label: t('geo.import.tab.gaps', { count: report.gaps.length }),
            children: (
              <Table<ImportGap>
                data-testid="import-gaps"
                rowKey={(g, i) => `${g.communityCode}-${i}`}
                size="small"
                columns={gapColumns}
                dataSource={report.gaps}
                pagination={PAGE}
                locale={{ emptyText: empty }}
                onRow={(g, i) => clickable(`g${i}`, () => g.geometry)}
              />
            ),
          },
          {
            key: 'diff',
            label: t('geo.import.tab.diff'),
            children: (
              <Flex vertical gap={12} data-testid="import-diff">
                {diffList(diff.added, 'green', t('geo.import.sum.added'))}
                {diffList(diff.changed, 'blue', t('geo.import.sum.changed'))}
                {diffList(diff.removed, 'red', t('geo.import.sum.removed'))}
              </Flex>
            ),
          },
        ]}
      />
    </>
  );
}
