// Upload a file into the resource's dataset and show the validation report: counts, every error with its row
// and column, and the rejected rows as a CSV download (accept-valid mode).
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Alert, App, Button, Checkbox, Flex, Modal, Radio, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../components/ErrorAlert';
import { type LoadMode, type LoadReport, type RowError, type UploadOutcome, datasetApi } from './DatasetApi';
import { useDatasetText } from './DatasetLabels';

function downloadText(text: string, name: string) {
  const blob = new Blob([`\uFEFF${text}`], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function LoadReportView({ outcome, code }: { outcome: UploadOutcome; code: string }) {
  const { t } = useDatasetText();
  const r: LoadReport = outcome.report;
  const columns: TableColumnsType<RowError> = [
    { title: t('row'), dataIndex: 'row', width: 70 },
    { title: t('column'), dataIndex: 'column', width: 150, render: (v: string | null) => v ?? '—' },
    {
      title: t('value'),
      dataIndex: 'value',
      width: 170,
      render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : '—'),
    },
    { title: t('problem'), dataIndex: 'message' },
  ];
  return (
    <div data-testid="load-report">
      <Alert
        style={{ marginBottom: 12 }}
        showIcon
        data-testid="load-report-summary"
        type={!outcome.applied ? 'error' : r.rejected > 0 ? 'warning' : 'success'}
        title={
          !outcome.applied
            ? t('refused', { n: r.errorCount })
            : r.rejected > 0
              ? t('acceptedWithRejects', { n: r.rejected })
              : t('loaded', { v: r.version, i: r.inserted, u: r.updated, d: r.deleted })
        }
        description={
          outcome.applied && r.rejected > 0
            ? t('loaded', { v: r.version, i: r.inserted, u: r.updated, d: r.deleted })
            : undefined
        }
      />
      <Flex gap={24} wrap style={{ marginBottom: 12 }}>
        <Statistic title={t('rowCount')} value={r.rowCount} />
        <Statistic
          title={t('errorCount')}
          value={r.errorCount}
          styles={{ content: { color: r.errorCount ? '#cf1322' : undefined } }}
        />
        <Statistic title={t('rejected')} value={r.rejected} />
        <Statistic title={t('score')} value={r.quality.score} />
        {r.encoding && <Statistic title={t('encoding')} value={r.encoding.toUpperCase()} />}
      </Flex>
      {r.rejectedCsv && (
        <Button
          icon={<DownloadOutlined />}
          style={{ marginBottom: 12 }}
          data-testid="download-rejected"
          onClick={() => downloadText(r.rejectedCsv ?? '', `${code}-v${r.version}-rejected.csv`)}
        >
          {t('downloadRejected')}
        </Button>
      )}
      {r.rejectedCsvTruncated && (
        <Typography.Text type="warning" style={{ marginLeft: 8 }}>
          {t('rejectedTruncated')}
        </Typography.Text>
      )}
      {r.errors.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('reportTitle')}
          </Typography.Title>
          <Table
            rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
            size="small"
            data-testid="load-errors"
            columns={columns}
            dataSource={r.errors}
            pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true }}
            scroll={{ x: 560 }}
          />
          {r.errors.length < r.errorCount && (
            <Typography.Text type="secondary">{t('moreErrors', { n: r.errors.length })}</Typography.Text>
          )}
        </>
      )}
    </div>
  );
}

export function DatasetUpload({ code, open, onClose }: { code: string; open: boolean; onClose: () => void }) {
  const { t, locale } = useDatasetText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<LoadMode>('all_or_nothing');
  const [replace, setReplace] = useState(false);
  const [outcome, setOutcome] = useState<UploadOutcome | null>(null);

  const load = useMutation({
    mutationFn: () => datasetApi.upload(code, file!, mode, replace, locale),
    onSuccess: (result) => {
      setOutcome(result);
      queryClient.invalidateQueries({ queryKey: ['dataset', code] });
    },
    onError: (error) => message.error(errorMessage(error)),
  });

  const close = () => {
    setFile(null);
    setOutcome(null);
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t('uploadTitle')}
      width={820}
      onCancel={close}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={close} data-testid="upload-close">
            {t('close')}
          </Button>
          <Button
            type="primary"
            disabled={!file}
            loading={load.isPending}
            data-testid="upload-start"
            onClick={() => {
              setOutcome(null);
              load.mutate();
            }}
          >
            {t('startUpload')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('uploadHint')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,.xlsx,.json,text/csv,application/json"
        multiple={false}
        maxCount={1}
        data-testid="upload-file"
        beforeUpload={(f) => {
          setFile(f);
          setOutcome(null);
          return false;
        }}
        onRemove={() => setFile(null)}
        fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('chooseFile')}</p>
      </Upload.Dragger>
      <Flex vertical gap={8} style={{ margin: '12px 0' }}>
        <Typography.Text strong>{t('mode')}</Typography.Text>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} data-testid="upload-mode">
          <Flex vertical gap={4}>
            <Radio value="all_or_nothing">{t('allOrNothing')}</Radio>
            <Radio value="accept_valid" data-testid="upload-mode-accept">
              {t('acceptValid')}
            </Radio>
          </Flex>
        </Radio.Group>
        <Checkbox checked={replace} onChange={(e) => setReplace(e.target.checked)}>
          {t('replace')}
        </Checkbox>
      </Flex>
      {outcome && <LoadReportView outcome={outcome} code={code} />}
    </Modal>
  );
}
