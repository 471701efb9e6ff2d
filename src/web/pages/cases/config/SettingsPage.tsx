import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Select, Space, Spin, Typography } from 'antd';
import { useEffect } from 'react';
import { type CaseSettings, type TimeLimit, configApi } from '../../../api/cases-config';
import { ErrorAlert, errorMessage } from '../../../components/ErrorAlert';
import { formatTime } from '../../../components/format';
import { PageTitle } from '../../../components/PageTitle';
import { useConfigText } from './texts';

const NATURES = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise', 'other'] as const;
const STAGES = ['accept', 'register', 'dispatch', 'sign', 'verify', 'close', 'revisit'] as const;
const NUMBERS = [
  ['yellow_share', 'yellowShare', 0.05, 1, 0.05],
  ['escalate_after_working_days', 'escalateDays', 1, 365, 1],
  ['duplicate_radius_m', 'duplicateRadius', 1, 100000, 10],
  ['duplicate_window_days', 'duplicateWindow', 1, 3650, 1],
  ['duplicate_min_similarity', 'duplicateSimilarity', 0.01, 1, 0.01],
  ['return_limit_hours', 'returnHours', 1, 1000, 1],
  ['reopen_within_working_days', 'reopenDays', 1, 365, 1],
  ['reopen_max', 'reopenMax', 0, 100, 1],
] as const;

type Key = (typeof NUMBERS)[number][1];

function LimitInput({
  value,
  onChange,
  testId,
}: {
  value?: TimeLimit;
  onChange?: (v: TimeLimit) => void;
  testId?: string;
}) {
  const { t } = useConfigText();
  const v = value ?? { amount: 1, unit: 'working_days' };
  return (
    <Space.Compact>
      <InputNumber
        min={0.5}
        max={9999}
        value={v.amount}
        onChange={(a) => onChange?.({ ...v, amount: Number(a ?? 0) })}
        style={{ width: 90 }}
        data-testid={testId}
      />
      <Select
        value={v.unit}
        onChange={(unit) => onChange?.({ ...v, unit })}
        style={{ width: 100 }}
        options={(['working_hours', 'working_days'] as const).map((u) => ({ value: u, label: t(`unit_${u}`) }))}
      />
    </Space.Compact>
  );
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** 工单设置: the loop's limits and policies; only what changed is sent (the rest keeps following the default). */
export default function SettingsPage() {
  const { t } = useConfigText();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<CaseSettings>();
  const view = useQuery({ queryKey: ['cases-config', 'settings'], queryFn: configApi.settings });
  useEffect(() => {
    if (view.data) form.setFieldsValue(view.data.values);
  }, [view.data, form]);
  const save = useMutation({
    mutationFn: (v: CaseSettings) => {
      const current = view.data!.values;
      const changes: Record<string, unknown> = {};
      for (const [k, value] of Object.entries(v)) if (!same(value, current[k])) changes[k] = value;
      if (!Object.keys(changes).length) return Promise.resolve(null);
      return configApi.updateSettings(changes);
    },
    onSuccess: (r) => {
      if (!r) return message.info(t('nothingChanged'));
      client.setQueryData(['cases-config', 'settings'], r);
      message.success(t('saved'));
    },
  });
  if (view.isLoading) return <Spin />;
  if (view.error) return <ErrorAlert error={view.error} onRetry={() => view.refetch()} />;
  const d = view.data!.defaults;
  const hint = (v: unknown) =>
    t('defaultIs', {
      v: typeof v === 'object' && v ? `${(v as TimeLimit).amount} ${t(`unit_${(v as TimeLimit).unit}`)}` : String(v),
    });

  return (
    <>
      <PageTitle title={t('settingsTitle')} intro={t('settingsIntro')} />
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="settings-form">
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title={t('natureLimits')} size="small">
              {NATURES.map((n) => (
                <Form.Item
                  key={n}
                  name={['nature_time_limits', n]}
                  label={t(`nature_${n}`)}
                  extra={hint(d.nature_time_limits[n])}
                  style={{ marginBottom: 8 }}
                >
                  <LimitInput testId={`settings-nature-${n}`} />
                </Form.Item>
              ))}
              <Form.Item name="urgent_time_limit" label={t('urgentLimit')} extra={hint(d.urgent_time_limit)}>
                <LimitInput />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('stageLimits')} size="small" style={{ marginBottom: 16 }}>
              <Row gutter={8}>
                {STAGES.map((s) => (
                  <Col key={s} xs={24} sm={12}>
                    <Form.Item
                      name={['stage_limits', s]}
                      label={t(`stage_${s}`)}
                      extra={hint(d.stage_limits[s])}
                      style={{ marginBottom: 8 }}
                    >
                      <LimitInput />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </Card>
            <Card title={`${t('clock')} · ${t('duplicates')} · ${t('policy')}`} size="small">
              <Row gutter={8}>
                {NUMBERS.map(([key, label, min, max, step]) => (
                  <Col key={key} xs={24} sm={12}>
                    <Form.Item name={key} label={t(label as Key)} extra={hint(d[key])} style={{ marginBottom: 8 }}>
                      <InputNumber
                        min={min}
                        max={max}
                        step={step}
                        style={{ width: '100%' }}
                        data-testid={`settings-${key}`}
                      />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </Card>
          </Col>
        </Row>
        {view.data!.changed.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            {view.data!.changed.map((c) => (
              <div key={c.key}>
                {c.key}: {t('changedBy', { by: c.updatedBy ?? '—', at: formatTime(c.updatedAt) })}
              </div>
            ))}
          </Typography.Paragraph>
        )}
        {save.error && <Alert type="error" showIcon title={errorMessage(save.error)} style={{ marginTop: 12 }} />}
        <Button
          type="primary"
          htmlType="submit"
          loading={save.isPending}
          style={{ marginTop: 16 }}
          data-testid="settings-save"
        >
          {t('save')}
        </Button>
      </Form>
    </>
  );
}
