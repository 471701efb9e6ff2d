// 共享规则: the sharing time limits (working days) and the masking rules as data. Everyone with an exchange
// permission reads them; the data office edits them (the server refuses anyone else with its own message).
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Card, Empty, Flex, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { formatTime } from '../../components/format';
import { useExchangeText } from './labels';
import { type MaskingRule, type MaskingRuleInput, rulesApi } from './rules-api';

function Limits() {
  const { t } = useExchangeText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const settings = useQuery({ queryKey: ['exchange', 'settings'], queryFn: rulesApi.settings });
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);
  const save = useMutation({
    mutationFn: (v: {
      officeCheckWorkingDays: number;
      providerReplyWorkingDays: number;
      providerReplyOfflineWorkingDays: number;
      exportConcurrency: number;
    }) => rulesApi.saveSettings({ ...v, version: settings.data!.version }),
    onSuccess: (s) => {
      queryClient.setQueryData(['exchange', 'settings'], s);
      message.success(t('done'));
    },
    onError: (error) => message.error(errorMessage(error)),
  });
  if (settings.error) return <ErrorAlert error={settings.error} onRetry={() => settings.refetch()} />;
  const s = settings.data;
  return (
    <Card size="small" title={t('limits')} style={{ marginBottom: 16 }} loading={settings.isLoading}>
      <Form form={form} layout="inline" onFinish={(v) => save.mutate(v)} data-testid="sharing-limits">
        {(['officeCheckWorkingDays', 'providerReplyWorkingDays', 'providerReplyOfflineWorkingDays'] as const).map(
          (k) => (
            <Form.Item key={k} name={k} label={t(k)} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
              <InputNumber min={1} max={60} style={{ width: 80 }} />
            </Form.Item>
          ),
        )}
        <Form.Item
          name="exportConcurrency"
          label={t('exportConcurrency')}
          rules={[{ required: true }]}
          style={{ marginBottom: 8 }}
        >
          <InputNumber min={1} max={20} style={{ width: 80 }} data-testid="export-concurrency" />
        </Form.Item>
        <Form.Item style={{ marginBottom: 8 }}>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="limits-save">
            {t('save')}
          </Button>
        </Form.Item>
      </Form>
      {s?.updatedBy && (
        <Typography.Text type="secondary">
          {t('lastChanged', { who: s.updatedBy, at: formatTime(s.updatedAt) })}
        </Typography.Text>
      )}
    </Card>
  );
}

function RuleModal({
  rule,
  kinds,
  methods,
  onClose,
}: {
  rule: MaskingRule | 'new' | null;
  kinds: string[];
  methods: string[];
  onClose: () => void;
}) {
  const { t, label } = useExchangeText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<MaskingRuleInput>();
  const targetKind = Form.useWatch('targetKind', form);
  const method = Form.useWatch('method', form);
  const save = useMutation({
    mutationFn: (v: MaskingRuleInput) =>
      rule === 'new'
        ? rulesApi.createRule(v)
        : rulesApi.updateRule((rule as MaskingRule).id, {
            method: v.method,
            keepFirst: v.keepFirst,
            keepLast: v.keepLast,
            note: v.note,
            version: (rule as MaskingRule).version,
          }),
    onSuccess: () => {
      message.success(t('done'));
      queryClient.invalidateQueries({ queryKey: ['exchange', 'masking-rules'] });
      onClose();
    },
  });
  if (!rule) return null;
  const initial =
    rule === 'new'
      ? { targetKind: 'pi_kind' as const, method: 'keep', keepFirst: 1, keepLast: 0 }
      : { ...rule, note: rule.note ?? undefined };
  return (
    <Modal
      open
      title={rule === 'new' ? t('addRule') : t('editRule')}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="targetKind" label={t('targetKind')}>
          <Select
            disabled={rule !== 'new'}
            options={['pi_kind', 'element'].map((k) => ({ value: k, label: label('targetKind', k) }))}
          />
        </Form.Item>
        <Form.Item name="target" label={t('target')} rules={[{ required: true }]}>
          {targetKind === 'element' ? (
            <Input disabled={rule !== 'new'} placeholder="DE0001" maxLength={20} />
          ) : (
            <Select disabled={rule !== 'new'} options={kinds.map((k) => ({ value: k, label: label('kind', k) }))} />
          )}
        </Form.Item>
        <Form.Item name="method" label={t('method')} rules={[{ required: true }]}>
          <Select options={methods.map((m) => ({ value: m, label: label('method', m) }))} />
        </Form.Item>
        {method === 'keep' && (
          <Flex gap={12}>
            <Form.Item name="keepFirst" label={t('keepFirst')}>
              <InputNumber min={0} max={30} />
            </Form.Item>
            <Form.Item name="keepLast" label={t('keepLast')}>
              <InputNumber min={0} max={30} />
            </Form.Item>
          </Flex>
        )}
        <Form.Item name="note" label={t('note')}>
          <Input maxLength={500} />
        </Form.Item>
        {save.error && <ErrorAlert error={save.error} />}
      </Form>
    </Modal>
  );
}

export default function RulesPage() {
  const { t, label } = useExchangeText();
  const [editing, setEditing] = useState<MaskingRule | 'new' | null>(null);
  const rules = useQuery({ queryKey: ['exchange', 'masking-rules'], queryFn: rulesApi.maskingRules });
  const columns: TableColumnsType<MaskingRule> = [
    {
      title: t('target'),
      key: 'target',
      render: (_, r) => (
        <Flex gap={6} align="center">
          <Tag>{label('targetKind', r.targetKind)}</Tag>
          {r.targetKind === 'element' ? <Typography.Text code>{r.target}</Typography.Text> : label('kind', r.target)}
        </Flex>
      ),
    },
    {
      title: t('method'),
      key: 'method',
      width: 200,
      render: (_, r) =>
        r.method === 'keep'
          ? `${label('method', r.method)}（${r.keepFirst} / ${r.keepLast}）`
          : label('method', r.method),
    },
    { title: t('note'), dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: t('updated'),
      key: 'updated',
      width: 200,
      render: (_, r) => `${r.updatedBy} ${formatTime(r.updatedAt).slice(0, 16)}`,
    },
    {
      title: '',
      key: 'actions',
      width: 80,
      render: (_, r) => (
        <Button size="small" onClick={() => setEditing(r)}>
          {t('edit')}
        </Button>
      ),
    },
  ];
  return (
    <div data-testid="exchange-rules-page">
      <PageTitle title={t('rulesTitle')} intro={t('rulesIntro')} />
      <Limits />
      <Card
        size="small"
        title={t('maskingRules')}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="rule-add">
            {t('addRule')}
          </Button>
        }
      >
        {rules.error && <ErrorAlert error={rules.error} onRetry={() => rules.refetch()} />}
        <Table
          rowKey="id"
          size="small"
          data-testid="masking-rules"
          columns={columns}
          dataSource={rules.data?.items ?? []}
          loading={rules.isLoading}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{ emptyText: <Empty description={t('emptyRules')} /> }}
        />
      </Card>
      <RuleModal
        rule={editing}
        kinds={rules.data?.kinds ?? []}
        methods={rules.data?.methods ?? []}
        onClose={() => setEditing(null)}
      />
    </div>
  );
}
