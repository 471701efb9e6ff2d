import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Alert, App, Button, Card, Descriptions, Flex, Input, Modal, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { type ResourceItem, type Transition, catalogApi } from '../../api/catalog';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { useAuth } from '../../app/auth';
import { RequestForm } from '../exchange/RequestForm';
import { useDatasetText } from './DatasetLabels';
import { DatasetTab } from './DatasetTab';
import { OPEN_COLORS, SHARE_COLORS, STATUS_COLORS, useCatalogText } from './labels';

const STEPS: Transition[] = ['submit', 'approve', 'return', 'deprecate'];
const NEEDS_REASON: Transition[] = ['return', 'deprecate'];

export default function ResourcePage() {
  const { code = '' } = useParams();
  const { t, label } = useCatalogText();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Transition | null>(null);
  const [reason, setReason] = useState('');
  const [requesting, setRequesting] = useState(false);
  const { can, me } = useAuth();
  const ds = useDatasetText();

  const resource = useQuery({ queryKey: ['catalog', 'resource', code], queryFn: () => catalogApi.resource(code) });
  const r = resource.data;

  const step = useMutation({
    mutationFn: ({ action, why }: { action: Transition; why?: string }) =>
      catalogApi.transition(code, action, r!.version, why),
    onSuccess: (updated) => {
      queryClient.setQueryData(['catalog', 'resource', code], updated);
      queryClient.invalidateQueries({ queryKey: ['catalog', 'resources'] });
      message.success(t('done'));
      setAsking(null);
      setReason('');
    },
    onError: (error) => message.error(errorMessage(error)),
  });

  const start = (action: Transition) => {
    if (NEEDS_REASON.includes(action)) {
      setAsking(action);
      return;
    }
    modal.confirm({
      title: t('confirmAction', { action: t(action), name: r?.name ?? code }),
      okText: t(action),
      okButtonProps: { 'data-testid': 'confirm-ok' },
      onOk: () => step.mutateAsync({ action }),
    });
  };

  if (resource.error) return <ErrorAlert error={resource.error} onRetry={() => resource.refetch()} />;
  if (!r) return <Spin style={{ display: 'block', margin: 48 }} />;

  const columns: TableColumnsType<ResourceItem> = [
    {
      title: t('itemName'),
      dataIndex: 'name',
      render: (v: string, it) => (
        <Flex gap={6} align="center">
          {v}
          {it.isKey && <Tag color="blue">{t('isKey')}</Tag>}
        </Flex>
      ),
    },
    {
      title: t('element'),
      key: 'element',
      render: (_, it) => (
        <Flex gap={6} align="center" wrap>
          <Typography.Text code>{it.element.identifier}</Typography.Text>
          <Tag>v{it.element.version}</Tag>
          <span>{it.element.nameZh ?? ''}</span>
          {it.element.latestVersion > it.element.version && (
            <Tag color="orange">{t('newerVersion', { v: it.element.latestVersion })}</Tag>
          )}
        </Flex>
      ),
    },
    { title: t('dataType'), dataIndex: ['element', 'dataType'], width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: t('personalInfo'),
      dataIndex: 'personalInfo',
      width: 130,
      render: (v: string) =>
        v === 'none' ? (
          <Typography.Text type="secondary">{label('personalInfo', v)}</Typography.Text>
        ) : (
          <Tag color={v === 'sensitive' ? 'red' : 'orange'}>{label('personalInfo', v)}</Tag>
        ),
    },
    { title: t('example'), dataIndex: 'example', width: 160, render: (v: string | null) => v ?? '—' },
  ];

  const actions = STEPS.filter((s) => r.allowedActions.includes(s));
  const published = r.status === 'published';
  // A department does not request its own data.
  const mayRequest =
    published && r.shareType !== 'none' && can('exchange.request') && me?.departmentId !== r.providerDepartmentId;
  const showDataset = r.format === 'table' && published && can('catalog.dataset.read');

  return (
    <div data-testid="catalog-resource-page">
      <Link to="/catalog/resources">
        <ArrowLeftOutlined /> {t('back')}
      </Link>
      <PageTitle
        title={r.name}
        intro={r.code}
        extra={[
          ...(mayRequest
            ? [
                <Button key="request" type="primary" data-testid="resource-request" onClick={() => setRequesting(true)}>
                  {ds.locale === 'en' ? 'Request access' : '申请共享'}
                </Button>,
              ]
            : []),
          ...actions.map((a) => (
            <Button
              key={a}
              type={a === 'submit' || a === 'approve' ? 'primary' : 'default'}
              danger={a === 'deprecate'}
              data-testid={`resource-${a}`}
              loading={step.isPending && step.variables?.action === a}
              onClick={() => start(a)}
            >
              {t(a)}
            </Button>
          )),
        ]}
      />
      <Flex gap={8} style={{ marginBottom: 12 }} wrap>
        <Tag color={STATUS_COLORS[r.status]} data-testid="resource-status">
          {label('status', r.status)}
        </Tag>
        <Tag color={SHARE_COLORS[r.shareType]}>{label('shareType', r.shareType)}</Tag>
        <Tag color={OPEN_COLORS[r.openness]}>{label('openness', r.openness)}</Tag>
        <Tag>{label('grade', r.grade)}</Tag>
      </Flex>
      {r.statusNote && (
        <Alert
          type="warning"
          showIcon
          data-testid="status-note"
          title={`${t('statusNote')}：${r.statusNote}`}
          style={{ marginBottom: 12 }}
        />
      )}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          styles={{ label: { whiteSpace: 'nowrap' } }}
          data-testid="resource-meta"
        >
          <Descriptions.Item label={t('code')}>{r.code}</Descriptions.Item>
          <Descriptions.Item label={t('classification')}>{r.classification}</Descriptions.Item>
          <Descriptions.Item label={t('kind')}>{label('kind', r.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('provider')}>{r.providerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('format')}>{label('format', r.format)}</Descriptions.Item>
          <Descriptions.Item label={t('updateCycle')}>{label('updateCycle', r.updateCycle)}</Descriptions.Item>
          <Descriptions.Item label={t('shareType')}>{label('shareType', r.shareType)}</Descriptions.Item>
          <Descriptions.Item label={t('shareMethod')}>{label('shareMethod', r.shareMethod)}</Descriptions.Item>
          <Descriptions.Item label={t('openness')}>{label('openness', r.openness)}</Descriptions.Item>
          {r.shareConditions && <Descriptions.Item label={t('shareConditions')}>{r.shareConditions}</Descriptions.Item>}
          {r.shareBasis && <Descriptions.Item label={t('shareBasis')}>{r.shareBasis}</Descriptions.Item>}
          <Descriptions.Item label={t('grade')}>{label('grade', r.grade)}</Descriptions.Item>
          <Descriptions.Item label={t('publishDate')}>{r.publishDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('createdBy')}>{r.createdBy}</Descriptions.Item>
          {r.reviewedBy && <Descriptions.Item label={t('reviewedBy')}>{r.reviewedBy}</Descriptions.Item>}
          {r.relatedCodes.length > 0 && (
            <Descriptions.Item label={t('relatedCodes')}>
              <Flex gap={6} wrap>
                {r.relatedCodes.map((c) => (
                  <Link key={c} to={`/catalog/resources/${c}`}>
                    {c}
                  </Link>
                ))}
              </Flex>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('summary')} span="filled">
            {r.summary}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Tabs
        data-testid="resource-tabs"
        items={[
          {
            key: 'items',
            label: `${t('items')}（${r.items.length}）`,
            children: (
              <Card size="small">
                <Table
                  rowKey="name"
                  size="small"
                  data-testid="resource-items"
                  columns={columns}
                  dataSource={r.items}
                  pagination={false}
                  scroll={{ x: 700 }}
                />
              </Card>
            ),
          },
          ...(showDataset
            ? [
                {
                  key: 'dataset',
                  label: <span data-testid="tab-dataset">{ds.t('tabDataset')}</span>,
                  children: <DatasetTab code={r.code} />,
                },
              ]
            : []),
        ]}
      />
      {mayRequest && <RequestForm resource={r} open={requesting} onClose={() => setRequesting(false)} />}
      <Modal
        open={asking !== null}
        title={asking ? t('confirmAction', { action: t(asking), name: r.name }) : ''}
        okText={asking ? t(asking) : ''}
        okButtonProps={{ danger: asking === 'deprecate', disabled: !reason.trim(), 'data-testid': 'reason-ok' }}
        confirmLoading={step.isPending}
        onCancel={() => setAsking(null)}
        onOk={() => asking && step.mutate({ action: asking, why: reason.trim() })}
        destroyOnHidden
      >
        <Typography.Text>{t('reason')}</Typography.Text>
        <Input.TextArea
          data-testid="reason-input"
          rows={3}
          maxLength={2000}
          value={reason}
          placeholder={t('reasonRequired')}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </div>
  );
}
