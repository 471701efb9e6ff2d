import { CheckCircleOutlined, CloudUploadOutlined, FileSearchOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Grid,
  Result,
  Row,
  Statistic,
  Steps,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { type DivisionImportProblem, type DivisionImportResult, geoApi } from '../../api/geo';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { cityDate } from '../../components/format';
import { PageTitle } from '../../components/PageTitle';
import { useT } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/zh-CN';
import './geo.css';

const DATE = 'YYYY-MM-DD';
const MAX_BYTES = 20 * 1024 * 1024;
const PAGE = { pageSize: 20, hideOnSinglePage: true, showSizeChanger: false };

interface ChosenFile {
  /** Distinguishes one choice of file from the next, even of the same name. */
  stamp: number;
  file: File;
}

type Diff = DivisionImportResult['diff'];

/** Problems in red; retirements in orange, as a reminder that codes missing from the list are retired. */
const SUMMARY_COLOURS: Record<string, string | undefined> = { problems: '#cf1322', retired: '#d46b08' };

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The report of a refused apply comes back inside the error (400, details.report). */
function reportIn(error: unknown): DivisionImportResult | null {
  if (!(error instanceof ApiError)) return null;
  const report = error.details?.report as DivisionImportResult | undefined;
  return report && Array.isArray(report.problems) ? report : null;
}

const mono = (code: string | null) => <span className="oc-mono">{code ?? '—'}</span>;

export default function DivisionImportPage() {
  const t = useT();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mobile = !Grid.useBreakpoint().lg;

  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [validFrom, setValidFrom] = useState<Dayjs>(() => dayjs(cityDate()));
  const [report, setReport] = useState<{ report: DivisionImportResult; stamp: number; validFrom: string } | null>(null);
  const [applied, setApplied] = useState<DivisionImportResult | null>(null);

  const day = validFrom.format(DATE);
  const stale = !!report && (report.stamp !== chosen?.stamp || report.validFrom !== day);
  const current = report && !stale ? report.report : null;

  const choose = (f: File) => {
    setReport(null);
    setApplied(null);
    setFileError(null);
    setChosen(null);
    if (!/\.(csv|xlsx)$/i.test(f.name)) {
      setFileError(t('geo.divImport.wrongType'));
      return;
    }
    if (f.size > MAX_BYTES) {
      setFileError(t('geo.divImport.tooLarge', { size: formatSize(f.size) }));
      return;
    }
    setChosen({ stamp: Date.now(), file: f });
  };

  const dryRun = useMutation({
    mutationFn: (c: ChosenFile) => geoApi.importDivisions(c.file, day, true),
    onSuccess: (r, c) => setReport({ report: r, stamp: c.stamp, validFrom: day }),
  });

  const apply = useMutation({
    mutationFn: (c: ChosenFile) => geoApi.importDivisions(c.file, day, false),
    onSuccess: (r) => {
      setApplied(r);
      queryClient.invalidateQueries({ queryKey: ['geo'] });
    },
    onError: (error, c) => {
      const r = reportIn(error);
      if (r) setReport({ report: { ...r, dryRun: true, applied: false }, stamp: c.stamp, validFrom: day });
      message.error(errorMessage(error));
    },
  });

  const confirm = () => {
    if (!chosen || !current) return;
    const { counts } = current;
    modal.confirm({
      title: t('geo.divImport.confirmTitle'),
      content: t('geo.divImport.confirmContent', {
        added: counts.added,
        renamed: counts.renamed,
        retired: counts.retired,
        reparented: counts.reparented,
        date: day,
      }),
      okText: t('geo.divImport.confirm'),
      onOk: () => apply.mutateAsync(chosen).catch(() => undefined),
    });
  };

  if (applied) {
    return (
      <>
        <PageTitle title={t('geo.divImport.title')} />
        <Card>
          <Result
            status="success"
            title={<span data-testid="division-import-applied">{t('geo.divImport.applied')}</span>}
            subTitle={t('geo.divImport.appliedHint', { ...applied.counts, date: applied.validFrom })}
            extra={[
              <Button type="primary" key="map" onClick={() => navigate('/geo/map')}>
                {t('geo.divImport.openMap')}
              </Button>,
              <Button
                key="again"
                onClick={() => {
                  setApplied(null);
                  setChosen(null);
                  setReport(null);
                }}
              >
                {t('geo.divImport.another')}
              </Button>,
            ]}
          />
        </Card>
      </>
    );
  }

  const step = current ? 1 : 0;
  return (
    <>
      <PageTitle title={t('geo.divImport.title')} intro={t('geo.divImport.intro')} />
      <Steps
        size="small"
        current={step}
        status={current && !current.ok ? 'error' : 'process'}
        style={{ marginBottom: 16 }}
        items={[
          { title: t('geo.import.step.file') },
          { title: t('geo.import.step.check') },
          { title: t('geo.import.step.apply') },
        ]}
        responsive={false}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card>
            <Flex vertical gap={16}>
              <div data-testid="division-import-upload">
                <Upload.Dragger
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  multiple={false}
                  showUploadList={false}
                  beforeUpload={(f) => {
                    choose(f);
                    return false;
                  }}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('geo.divImport.drop')}</p>
                  <p className="ant-upload-hint" style={{ padding: '0 8px' }}>
                    {t('geo.divImport.dropHint')}
                  </p>
                </Upload.Dragger>
              </div>
              {fileError && <Alert type="error" showIcon title={fileError} data-testid="division-import-file-error" />}
              {chosen && (
                <Typography.Text data-testid="division-import-file">
                  {t('geo.divImport.fileInfo', { name: chosen.file.name, size: formatSize(chosen.file.size) })}
                </Typography.Text>
              )}
              <div>
                <Typography.Text strong>{t('geo.divImport.validFrom')}</Typography.Text>
                <DatePicker
                  value={validFrom}
                  onChange={(d) => d && setValidFrom(d)}
                  allowClear={false}
                  style={{ width: '100%', marginTop: 8 }}
                  data-testid="division-import-valid-from"
                />
                <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12 }}>
                  {t('geo.divImport.validFromHelp')}
                </Typography.Paragraph>
              </div>
              <Flex gap={8} wrap>
                <Button
                  icon={<FileSearchOutlined />}
                  size={mobile ? 'large' : 'middle'}
                  type={current ? 'default' : 'primary'}
                  disabled={!chosen}
                  loading={dryRun.isPending}
                  onClick={() => chosen && dryRun.mutate(chosen)}
                  data-testid="division-import-dry-run"
                >
                  {t('geo.import.dryRun')}
                </Button>
                <Tooltip title={current?.ok ? undefined : t('geo.import.confirmDisabled')}>
                  <Button
                    type="primary"
                    icon={<CloudUploadOutlined />}
                    size={mobile ? 'large' : 'middle'}
                    disabled={!current?.ok || apply.isPending}
                    loading={apply.isPending}
                    onClick={confirm}
                    data-testid="division-import-confirm"
                  >
                    {t('geo.divImport.confirm')}
                  </Button>
                </Tooltip>
              </Flex>
              {stale && <Alert type="warning" showIcon title={t('geo.divImport.stale')} />}
              {dryRun.error && <ErrorAlert error={dryRun.error} />}
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          {current ? (
            <DivisionReport key={`${report?.stamp}-${current.validFrom}`} report={current} mobile={mobile} />
          ) : (
            <Card>
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('geo.divImport.noReport')} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}

function DivisionReport({ report, mobile }: { report: DivisionImportResult; mobile: boolean }) {
  const t = useT();
  const { diff } = report;
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('geo.import.none')} />;
  const level = (l: string) => t(`geo.level.${l}` as MessageKey);

  const problemColumns: TableColumnsType<DivisionImportProblem> = [
    { title: t('geo.divImport.col.row'), dataIndex: 'row', width: 70, render: (r: number | null) => r ?? '—' },
    { title: t('geo.divImport.col.cell'), dataIndex: 'cell', width: 70, render: (c: string | null) => c ?? '—' },
    { title: t('geo.divImport.col.code'), dataIndex: 'code', width: 140, render: (c?: string) => mono(c ?? null) },
    {
      title: t('geo.import.col.kind'),
      dataIndex: 'kind',
      width: 150,
      render: (k: string) => (
        <Tag color="red" data-kind={k}>
          {kindLabel(t, k)}
        </Tag>
      ),
    },
    { title: t('geo.import.col.message'), dataIndex: 'message' },
  ];
  const addedColumns: TableColumnsType<Diff['added'][number]> = [
    { title: t('geo.divImport.col.code'), dataIndex: 'code', width: 140, render: mono },
    { title: t('geo.divImport.col.name'), dataIndex: 'name' },
    { title: t('geo.divImport.col.level'), dataIndex: 'level', width: 110, render: level },
    { title: t('geo.divImport.col.parent'), dataIndex: 'parentCode', width: 140, render: mono },
  ];
  const renamedColumns: TableColumnsType<Diff['renamed'][number]> = [
    { title: t('geo.divImport.col.code'), dataIndex: 'code', width: 140, render: mono },
    { title: t('geo.divImport.col.from'), dataIndex: 'from' },
    { title: t('geo.divImport.col.to'), dataIndex: 'to' },
  ];
  const retiredColumns: TableColumnsType<Diff['retired'][number]> = [
    { title: t('geo.divImport.col.code'), dataIndex: 'code', width: 140, render: mono },
    { title: t('geo.divImport.col.name'), dataIndex: 'name' },
    { title: t('geo.divImport.col.level'), dataIndex: 'level', width: 110, render: level },
  ];
  const reparentedColumns: TableColumnsType<Diff['reparented'][number]> = [
    { title: t('geo.divImport.col.code'), dataIndex: 'code', width: 140, render: mono },
    { title: t('geo.divImport.col.name'), dataIndex: 'name' },
    { title: t('geo.divImport.col.fromParent'), dataIndex: 'from', width: 140, render: mono },
    { title: t('geo.divImport.col.toParent'), dataIndex: 'to', width: 140, render: mono },
  ];
  const table = <T extends object>(testId: string, columns: TableColumnsType<T>, rows: T[], key: (r: T) => string) =>
    rows.length === 0 ? (
      empty
    ) : (
      <Table<T>
        size="small"
        data-testid={testId}
        columns={columns}
        dataSource={rows}
        rowKey={key}
        pagination={PAGE}
        scroll={{ x: 'max-content' }}
      />
    );

  const tabs = [
    {
      key: 'problems',
      label: t('geo.divImport.tab.problems', { count: report.problems.length }),
      children: table(
        'division-import-problems',
        problemColumns,
        report.problems,
        (p) => `${p.row}-${p.column}-${p.kind}-${p.code}`,
      ),
    },
    {
      key: 'added',
      label: t('geo.divImport.tab.added', { count: diff.added.length }),
      children: table('division-import-added', addedColumns, diff.added, (r) => r.code),
    },
    {
      key: 'renamed',
      label: t('geo.divImport.tab.renamed', { count: diff.renamed.length }),
      children: table('division-import-renamed', renamedColumns, diff.renamed, (r) => r.code),
    },
    {
      key: 'retired',
      label: t('geo.divImport.tab.retired', { count: diff.retired.length }),
      children: table('division-import-retired', retiredColumns, diff.retired, (r) => r.code),
    },
    {
      key: 'reparented',
      label: t('geo.divImport.tab.reparented', { count: diff.reparented.length }),
      children: table('division-import-reparented', reparentedColumns, diff.reparented, (r) => r.code),
    },
  ];

  return (
    <Card data-testid="division-import-report">
      <Alert
        type={report.ok ? 'success' : 'error'}
        showIcon
        icon={report.ok ? <CheckCircleOutlined /> : undefined}
        title={
          report.ok
            ? t('geo.divImport.ok', { count: report.rowCount })
            : t('geo.divImport.failed', { count: report.errorCount })
        }
        style={{ marginBottom: 16 }}
        data-testid="division-import-verdict"
      />
      {report.ignoredColumns.length > 0 && (
        <Alert
          type="info"
          showIcon
          title={t('geo.divImport.ignoredColumns', { columns: report.ignoredColumns.join('、') })}
          style={{ marginBottom: 16 }}
        />
      )}
      <Flex wrap gap={mobile ? 16 : 32} style={{ marginBottom: 16 }}>
        {(
          [
            ['rows', report.rowCount],
            ['problems', report.problems.length],
            ['added', diff.added.length],
            ['renamed', diff.renamed.length],
            ['retired', diff.retired.length],
            ['reparented', diff.reparented.length],
            ['unchanged', diff.unchanged],
          ] as const
        ).map(([key, value]) => (
          <Statistic
            key={key}
            title={t(`geo.divImport.sum.${key}`)}
            value={value}
            data-testid={`division-import-sum-${key}`}
            styles={{ content: { color: value > 0 ? SUMMARY_COLOURS[key] : undefined } }}
          />
        ))}
      </Flex>
      <Tabs defaultActiveKey={report.ok ? 'added' : 'problems'} items={tabs} />
    </Card>
  );
}

function kindLabel(t: ReturnType<typeof useT>, kind: string): string {
  const key = `geo.divImport.kind.${kind}` as MessageKey;
  const text = t(key);
  return text === key ? kind : text;
}
