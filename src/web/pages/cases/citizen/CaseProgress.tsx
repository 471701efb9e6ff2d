import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Input, Radio, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import type { CitizenCase, Rating, Satisfaction } from '../../../api/cases-public';
import { errorMessage } from '../../../components/ErrorAlert';
import { formatCityTime } from '../../../components/format';
import { useCitizenText } from './texts';

const when = (iso: string | null) => (iso ? formatCityTime(iso, 'minute') : '—');

const STATUS_COLOR: Record<string, string> = {
  received: 'default',
  rejected: 'default',
  closed: 'green',
  revisited: 'green',
  parked: 'orange',
};

interface Props {
  data: CitizenCase;
  onRate: (r: Rating) => Promise<CitizenCase>;
  onReopen: (reason: string) => Promise<CitizenCase>;
  onChanged: (c: CitizenCase) => void;
}

function RateForm({ onRate, onChanged }: Pick<Props, 'onRate' | 'onChanged'>) {
  const { t } = useCitizenText();
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [solved, setSolved] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const rate = useMutation({
    mutationFn: () => onRate({ satisfaction: satisfaction!, solved: solved!, ...(comment.trim() ? { comment } : {}) }),
    onSuccess: onChanged,
  });
  return (
    <div className="oc-citizen-section" data-testid="track-rate">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('rateTitle')}
      </Typography.Title>
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        size="large"
        value={satisfaction}
        onChange={(e) => setSatisfaction(e.target.value)}
        style={{ display: 'flex', marginBottom: 12 }}
        data-testid="rate-satisfaction"
        options={(['satisfied', 'basically', 'unsatisfied'] as const).map((v) => ({
          value: v,
          label: t(v),
          style: { flex: 1, textAlign: 'center' },
        }))}
      />
      <Typography.Text strong>{t('solved')}</Typography.Text>
      <Radio.Group
        optionType="button"
        size="large"
        value={solved}
        onChange={(e) => setSolved(e.target.value)}
        style={{ display: 'flex', margin: '8px 0 12px' }}
        data-testid="rate-solved"
        options={[
          { value: true, label: t('solvedYes'), style: { flex: 1, textAlign: 'center' } },
          { value: false, label: t('solvedNo'), style: { flex: 1, textAlign: 'center' } },
        ]}
      />
      <Input.TextArea
        rows={2}
        maxLength={1000}
        placeholder={t('comment')}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
      />
      {rate.error && <Alert type="error" title={errorMessage(rate.error)} style={{ marginTop: 8 }} />}
      <Button
        type="primary"
        size="large"
        block
        style={{ marginTop: 12 }}
        disabled={satisfaction === null || solved === null}
        loading={rate.isPending}
        onClick={() => rate.mutate()}
        data-testid="rate-submit"
      >
        {t('rateSubmit')}
      </Button>
    </div>
  );
}

function ReopenForm({ onReopen, onChanged }: Pick<Props, 'onReopen' | 'onChanged'>) {
  const { t } = useCitizenText();
  const [reason, setReason] = useState('');
  const reopen = useMutation({ mutationFn: () => onReopen(reason.trim()), onSuccess: onChanged });
  return (
    <div className="oc-citizen-section" data-testid="track-reopen">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('reopenTitle')}
      </Typography.Title>
      <Input.TextArea
        rows={2}
        maxLength={1000}
        placeholder={t('reopenReason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      {reopen.error && <Alert type="error" title={errorMessage(reopen.error)} style={{ marginTop: 8 }} />}
      {reopen.isSuccess && <Alert type="success" title={t('reopened')} style={{ marginTop: 8 }} />}
      <Button
        danger
        size="large"
        block
        style={{ marginTop: 12 }}
        disabled={!reason.trim()}
        loading={reopen.isPending}
        onClick={() => reopen.mutate()}
        data-testid="reopen-submit"
      >
        {t('reopenSubmit')}
      </Button>
    </div>
  );
}

/** One case as its reporter sees it: status in plain words, the public timeline, rating and 重办 when offered. */
export function CaseProgress({ data, onRate, onReopen, onChanged }: Props) {
  const { t } = useCitizenText();
  return (
    <div data-testid="track-result">
      <div className="oc-citizen-section">
        <div className="oc-citizen-caseno" style={{ fontSize: 20 }} data-testid="track-case-no">
          {data.caseNo}
        </div>
        <Typography.Paragraph style={{ margin: '4px 0 8px' }}>
          {data.category && <Tag>{data.category}</Tag>}
          {data.title}
        </Typography.Paragraph>
        <Tag
          color={STATUS_COLOR[data.status] ?? 'blue'}
          style={{ fontSize: 15, padding: '4px 10px' }}
          data-testid="track-status"
        >
          {data.statusText}
        </Tag>
        {data.mergedInto && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('mergedInto', { no: data.mergedInto })}
          </Typography.Paragraph>
        )}
        <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('createdAt')}>
            <span data-testid="track-created">{when(data.createdAt)}</span>
          </Descriptions.Item>
          {data.department && <Descriptions.Item label={t('department')}>{data.department}</Descriptions.Item>}
          {data.expectedBy && (
            <Descriptions.Item label={t('expectedBy')}>
              <span data-testid="track-expected">{when(data.expectedBy)}</span>
            </Descriptions.Item>
          )}
          {data.closedAt && <Descriptions.Item label={t('closedAt')}>{when(data.closedAt)}</Descriptions.Item>}
          {data.result && <Descriptions.Item label={t('result')}>{data.result}</Descriptions.Item>}
          {data.rating && (
            <Descriptions.Item label={t('rated')}>
              {t('yourRating', { s: data.rating.satisfactionText })}
              {data.rating.solved !== null && ` · ${data.rating.solved ? t('solvedYes') : t('solvedNo')}`}
            </Descriptions.Item>
          )}
        </Descriptions>
      </div>
      {data.canRate && <RateForm onRate={onRate} onChanged={onChanged} />}
      {data.canReopen && <ReopenForm onReopen={onReopen} onChanged={onChanged} />}
      <div className="oc-citizen-section">
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('timeline')}
        </Typography.Title>
        <Timeline
          data-testid="track-timeline"
          items={[...data.timeline].reverse().map((e, i) => ({
            color: i === 0 ? 'blue' : 'gray',
            content: (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{e.text}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {when(e.at)}
                  {e.department ? ` · ${e.department}` : ''}
                </Typography.Text>
                {e.note && <Typography.Text>{e.note}</Typography.Text>}
              </Space>
            ),
          }))}
        />
      </div>
    </div>
  );
}
