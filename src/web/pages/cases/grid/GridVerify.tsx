import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Image, Input, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { type GridAttachment, gridApi } from '../../../api/cases-public';
import { ErrorAlert, errorMessage } from '../../../components/ErrorAlert';
import { PhotoPicker } from '../citizen/PhotoPicker';
import { type PreparedPhoto, toUpload } from '../citizen/photos';
import { useGridText } from './texts';

function Photos({ items, testId }: { items: GridAttachment[]; testId: string }) {
  const { t } = useGridText();
  if (!items.length) return <Typography.Text type="secondary">{t('noPhotos')}</Typography.Text>;
  return (
    <Image.PreviewGroup>
      <Space wrap data-testid={testId}>
        {items.map((a) => (
          <Image
            key={a.id}
            src={a.url}
            width={96}
            height={96}
            style={{ objectFit: 'cover', borderRadius: 8 }}
            alt={a.filename}
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/** 核查 one case on site: the handler's result and photos, the worker's own photo, 已整改 / 未整改 (reason). */
export function GridVerify({
  id,
  onDone,
  onBack,
}: {
  id: number;
  onDone: (fixed: boolean) => void;
  onBack: () => void;
}) {
  const { t } = useGridText();
  const detail = useQuery({ queryKey: ['grid', 'case', id], queryFn: () => gridApi.detail(id) });
  const [photos, setPhotos] = useState<PreparedPhoto[]>([]);
  const [notFixed, setNotFixed] = useState(false);
  const [reason, setReason] = useState('');
  const verify = useMutation({
    mutationFn: (fixed: boolean) =>
      gridApi.verify(id, {
        expectedVersion: detail.data!.version,
        fixed,
        ...(fixed ? {} : { reason: reason.trim() }),
        ...(photos.length ? { photos: photos.map(toUpload) } : {}),
      }),
    onSuccess: (_r, fixed) => onDone(fixed),
  });

  if (detail.isLoading) return <Spin />;
  if (detail.error) return <ErrorAlert error={detail.error} onRetry={() => detail.refetch()} />;
  const c = detail.data!;
  const result = [...c.timeline].reverse().find((e) => e.action === 'submitResult');
  return (
    <div data-testid="grid-verify">
      <Button type="link" onClick={onBack} style={{ paddingInline: 0 }}>
        ‹ {t('back')}
      </Button>
      <section className="oc-citizen-section">
        <Typography.Text type="secondary">{c.caseNo}</Typography.Text>
        <Typography.Title level={5} style={{ margin: '2px 0 6px' }}>
          {c.title}
        </Typography.Title>
        <Typography.Paragraph style={{ marginBottom: 4 }}>{c.description}</Typography.Paragraph>
        {c.location.address && (
          <Typography.Text type="secondary">
            {t('address')}：{c.location.address}
          </Typography.Text>
        )}
        <span className="oc-citizen-label" style={{ marginTop: 10 }}>
          {t('reportPhotos')}
        </span>
        <Photos items={c.attachments.filter((a) => a.stage === 'intake')} testId="grid-intake-photos" />
      </section>
      <section className="oc-citizen-section">
        <span className="oc-citizen-label">{t('handlerResult')}</span>
        <Typography.Paragraph data-testid="grid-result-text">{result?.note ?? '—'}</Typography.Paragraph>
        <Photos items={c.attachments.filter((a) => a.stage === 'result')} testId="grid-result-photos" />
      </section>
      <section className="oc-citizen-section">
        <span className="oc-citizen-label">{t('myPhotos')}</span>
        <PhotoPicker value={photos} onChange={setPhotos} testId="grid-verify-photo" large />
      </section>
      {verify.error && <Alert type="error" showIcon title={errorMessage(verify.error)} style={{ marginBottom: 8 }} />}
      {notFixed ? (
        <section className="oc-citizen-section">
          <Input.TextArea
            rows={3}
            maxLength={1000}
            placeholder={t('reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid="grid-reason"
            autoFocus
          />
          <Space.Compact block style={{ marginTop: 10 }}>
            <Button size="large" onClick={() => setNotFixed(false)} style={{ flex: 1 }}>
              {t('back')}
            </Button>
            <Button
              danger
              type="primary"
              size="large"
              style={{ flex: 2 }}
              disabled={!reason.trim()}
              loading={verify.isPending}
              onClick={() => verify.mutate(false)}
              data-testid="grid-confirm-not-fixed"
            >
              {t('confirmNotFixed')}
            </Button>
          </Space.Compact>
        </section>
      ) : (
        <div className="oc-citizen-submit" style={{ display: 'flex', gap: 10 }}>
          <Button
            danger
            size="large"
            className="oc-grid-bigbtn"
            style={{ flex: 1 }}
            onClick={() => setNotFixed(true)}
            data-testid="grid-not-fixed"
          >
            {t('notFixed')}
          </Button>
          <Button
            type="primary"
            size="large"
            className="oc-grid-bigbtn"
            style={{ flex: 1, background: '#389e0d' }}
            loading={verify.isPending}
            onClick={() => verify.mutate(true)}
            data-testid="grid-fixed"
          >
            {t('fixed')}
          </Button>
        </div>
      )}
    </div>
  );
}

export function EmptyTasks() {
  const { t } = useGridText();
  return <Empty description={t('tasksEmpty')} />;
}
