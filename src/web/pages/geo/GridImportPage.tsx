import { CheckCircleOutlined, CloudUploadOutlined, FileSearchOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Grid,
  Radio,
  Result,
  Row,
  Statistic,
  Steps,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { CRS_LIST, type Crs, geoApi, type ImportReport } from '../../api/geo';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { useT } from '../../i18n/I18nProvider';
import { ImportMap, type ImportTarget } from './ImportMap';
import { ImportReportTables } from './ImportReportTables';
import './geo.css';

export interface LoadedFile {
  /** Distinguishes one choice of file from the next, even of the same name. */
  stamp: number;
  name: string;
  size: number;
  collection: { type: 'FeatureCollection'; features: unknown[] };
}

/** Findings in red; removals in orange, as a reminder that an import replaces the whole edition. */
const SUMMARY_COLOURS: Record<string, string | undefined> = {
  problems: '#cf1322',
  overlaps: '#cf1322',
  gaps: '#cf1322',
  removed: '#d46b08',
};

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The report of a refused apply comes back inside the error (400, details.report). */
function reportIn(error: unknown): ImportReport | null {
  if (!(error instanceof ApiError)) return null;
  const report = error.details?.report as ImportReport | undefined;
  return report && Array.isArray(report.problems) ? report : null;
}

export default function GridImportPage() {
  const t = useT();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mobile = !Grid.useBreakpoint().lg;

  const [file, setFile] = useState<LoadedFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [crs, setCrs] = useState<Crs>('wgs84');
  const [report, setReport] = useState<{ report: ImportReport; stamp: number; crs: Crs } | null>(null);
  const [applied, setApplied] = useState<number | null>(null);
  const [target, setTarget] = useState<ImportTarget | null>(null);

  const stale = !!report && (report.stamp !== file?.stamp || report.crs !== crs);
  const current = report && !stale ? report.report : null;

  const choose = async (f: File) => {
    setFile(null);
    setReport(null);
    setApplied(null);
    setTarget(null);
    setFileError(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await f.text());
    } catch (e) {
      setFileError(t('geo.import.notJson', { message: errorMessage(e) }));
      return;
    }
    const fc = parsed as { type?: unknown; features?: unknown };
    if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
      setFileError(t('geo.import.notCollection'));
      return;
    }
    setFile({ stamp: Date.now(), name: f.name, size: f.size, collection: parsed as LoadedFile['collection'] });
  };

  const dryRun = useMutation({
    mutationFn: (f: LoadedFile) => geoApi.importGrids(f.collection, crs, true),
    onMutate: () => setTarget(null),
    onSuccess: (r, f) => setReport({ report: r, stamp: f.stamp, crs }),
    onError: (error, f) => {
      const r = reportIn(error);
      if (r) setReport({ report: r, stamp: f.stamp, crs });
    },
  });

  const apply = useMutation({
    mutationFn: (f: LoadedFile) => geoApi.importGrids(f.collection, crs, false),
    onSuccess: (r) => {
      setApplied(r.version ?? null);
      queryClient.invalidateQueries({ queryKey: ['geo'] });
    },
    onError: (error, f) => {
      const r = reportIn(error);
      if (r) setReport({ report: r, stamp: f.stamp, crs });
      message.error(errorMessage(error));
    },
  });

  const confirm = () => {
    if (!file || !current) return;
    modal.confirm({
      title: t('geo.import.confirmTitle', { count: current.featureCount }),
      content: t('geo.import.confirmContent'),
      okText: t('geo.import.confirm'),
      onOk: () => apply.mutateAsync(file).catch(() => undefined),
    });
  };

  const problemCount = current
    ? (current.errorCount ?? current.problems.length + current.overlaps.length + current.gaps.length)
    : 0;
  const step = applied !== null ? 2 : current ? 1 : 0;

  if (applied !== null) {
    return (
      <>
        <PageTitle title={t('geo.import.title')} />
        <Card>
          <Result
            status="success"
            title={<span data-testid="import-applied">{t('geo.import.applied', { version: applied })}</span>}
            subTitle={t('geo.import.appliedHint')}
            extra={[
              <Button type="primary" key="map" onClick={() => navigate('/geo/map')}>
                {t('geo.import.openMap')}
              </Button>,
              <Button
                key="again"
                onClick={() => {
                  setApplied(null);
                  setFile(null);
                  setReport(null);
                }}
              >
                {t('geo.import.another')}
              </Button>,
            ]}
          />
        </Card>
      </>
    );
  }

  return (
    <>
      <PageTitle title={t('geo.import.title')} intro={t('geo.import.intro')} />
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
              <div data-testid="import-upload">
                <Upload.Dragger
                  accept=".geojson,.json,application/geo+json,application/json"
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
                  <p className="ant-upload-text">{t('geo.import.drop')}</p>
                  <p className="ant-upload-hint" style={{ padding: '0 8px' }}>
                    {t('geo.import.dropHint')}
                  </p>
                </Upload.Dragger>
              </div>
              {fileError && <Alert type="error" showIcon title={fileError} data-testid="import-file-error" />}
              {file && (
                <Typography.Text data-testid="import-file">
                  {t('geo.import.fileInfo', {
                    name: file.name,
                    size: formatSize(file.size),
                    count: file.collection.features.length,
                  })}
                </Typography.Text>
              )}
              <div>
                <Typography.Text strong>{t('geo.import.crs')}</Typography.Text>
                <Radio.Group
                  value={crs}
                  onChange={(e) => setCrs(e.target.value)}
                  style={{ display: 'flex', flexDirection: 'column', gap: 6, marginTop: 8 }}
                  data-testid="import-crs"
                  options={CRS_LIST.map((c) => ({ value: c, label: t(`geo.crs.${c}`) }))}
                />
              </div>
              <Flex gap={8} wrap>
                <Button
                  icon={<FileSearchOutlined />}
                  size={mobile ? 'large' : 'middle'}
                  type={current ? 'default' : 'primary'}
                  disabled={!file}
                  loading={dryRun.isPending}
                  onClick={() => file && dryRun.mutate(file)}
                  data-testid="import-dry-run"
                >
                  {t('geo.import.dryRun')}
                </Button>
                <Tooltip title={current?.ok ? undefined : t('geo.import.confirmDisabled')}>
                  <Button
                    type="primary"
                    icon={<CloudUploadOutlined />}
                    size={mobile ? 'large' : 'middle'}
                    disabled={!current?.ok}
                    loading={apply.isPending}
                    onClick={confirm}
                    data-testid="import-confirm"
                  >
                    {t('geo.import.confirm')}
                  </Button>
                </Tooltip>
              </Flex>
              {stale && <Alert type="warning" showIcon title={t('geo.import.stale')} />}
              {dryRun.error && !reportIn(dryRun.error) && <ErrorAlert error={dryRun.error} />}
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card styles={{ body: { padding: 8 } }}>
            <ImportMap file={file} crs={crs} report={current} target={target} />
          </Card>
        </Col>
        {current && (
          <Col span={24}>
            <Card data-testid="import-report">
              <Alert
                type={current.ok ? 'success' : 'error'}
                showIcon
                icon={current.ok ? <CheckCircleOutlined /> : undefined}
                title={
                  current.ok
                    ? t('geo.import.ok', { count: current.featureCount })
                    : t('geo.import.failed', { count: problemCount })
                }
                style={{ marginBottom: 16 }}
                data-testid="import-verdict"
              />
              <Flex wrap gap={mobile ? 16 : 32} style={{ marginBottom: 16 }}>
                {(
                  [
                    ['features', current.featureCount],
                    ['problems', current.problems.length],
                    ['overlaps', current.overlaps.length],
                    ['gaps', current.gaps.length],
                    ['added', current.diff?.added?.length ?? 0],
                    ['changed', current.diff?.changed?.length ?? 0],
                    ['removed', current.diff?.removed?.length ?? 0],
                  ] as const
                ).map(([key, value]) => (
                  <Statistic
                    key={key}
                    title={t(`geo.import.sum.${key}`)}
                    value={value}
                    data-testid={`import-sum-${key}`}
                    styles={{ content: { color: value > 0 ? SUMMARY_COLOURS[key] : undefined } }}
                  />
                ))}
              </Flex>
              <ImportReportTables report={current} file={file} crs={crs} onPick={setTarget} />
            </Card>
          </Col>
        )}
      </Row>
    </>
  );
}
