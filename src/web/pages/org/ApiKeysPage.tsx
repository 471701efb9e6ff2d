import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { orgApi } from '../../api/org';
import { queryKeys, useDepartments, usePermissions } from '../../api/queries';
import type { ApiKey } from '../../api/types';
import { useAuth } from '../../app/auth';
import { PERM } from '../../app/permissions';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { departmentLabel } from '../../components/departmentTree';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { cityDate, cityDayEnd, formatDate, formatTime } from '../../components/format';
import { PageTitle } from '../../components/PageTitle';
import { useI18n } from '../../i18n/I18nProvider';

type KeyStatus = 'active' | 'revoked' | 'expired';

function statusOf(key: ApiKey): KeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now()) return 'expired';
  return 'active';
}

const STATUS_COLOURS: Record<KeyStatus, string> = { active: 'green', revoked: 'default', expired: 'orange' };

interface CreateValues {
  name: string;
  scopes: string[];
  expiresAt?: Dayjs;
  departmentId?: number;
}

function CreateKeyModal({ onClose, onCreated }: { onClose: () => void; onCreated: (key: string) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<CreateValues>();
  const queryClient = useQueryClient();
  const permissions = usePermissions();
  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      orgApi.createApiKey({
        name: v.name.trim(),
        scopes: v.scopes,
        expiresAt: v.expiresAt ? cityDayEnd(v.expiresAt.format('YYYY-MM-DD')) : undefined, // the city's day
        departmentId: v.departmentId ?? undefined,
      }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
      onCreated(result.key);
    },
  });
  return (
    <Modal
      open
      title={t('apikey.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'apikey-form-submit' } as Record<string, string>}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {create.error && <Alert type="error" showIcon title={errorMessage(create.error)} style={{ marginBottom: 16 }} />}
      {permissions.error && <ErrorAlert error={permissions.error} onRetry={() => permissions.refetch()} />}
      <Form<CreateValues> form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item
          name="name"
          label={t('apikey.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('apikey.name') }) }]}
        >
          <Input maxLength={100} placeholder={t('apikey.namePlaceholder')} data-testid="apikey-form-name" />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('apikey.scopes')}
          rules={[{ required: true, message: t('common.required', { field: t('apikey.scopes') }) }]}
        >
          <Select
            mode="multiple"
            loading={permissions.isLoading}
            options={(permissions.data ?? []).map((p) => ({ value: p, label: p }))}
            data-testid="apikey-form-scopes"
          />
        </Form.Item>
        <Form.Item name="expiresAt" label={t('apikey.expiresAt')}>
          <DatePicker
            style={{ width: '100%' }}
            placeholder={t('apikey.noExpiry')}
            disabledDate={(d) => d.format('YYYY-MM-DD') < cityDate()}
            data-testid="apikey-form-expires"
          />
        </Form.Item>
        <Form.Item name="departmentId" label={t('apikey.department')}>
          <DepartmentSelect allowClear data-testid="apikey-form-department" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function NewKeyModal({ secret, onClose }: { secret: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      message.success(t('common.copied'));
    } catch {
      // Clipboard access needs a secure context; the key is selectable text as a fallback.
      message.warning(secret);
    }
  };
  return (
    <Modal
      open
      title={
        <span>
          <KeyOutlined /> {t('apikey.keyTitle')}
        </span>
      }
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={copy} data-testid="apikey-copy">
            {t('common.copy')}
          </Button>
          <Button type="primary" onClick={onClose} data-testid="apikey-close">
            {t('common.close')}
          </Button>
        </Flex>
      }
    >
      <Alert type="warning" showIcon title={t('apikey.keyWarning')} style={{ marginBottom: 16 }} />
      <Input.TextArea
        readOnly
        value={secret}
        autoSize
        className="oc-mono"
        data-testid="apikey-secret"
        onFocus={(e) => e.target.select()}
      />
    </Modal>
  );
}

export default function ApiKeysPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const keys = useQuery({ queryKey: queryKeys.apiKeys, queryFn: async () => (await orgApi.apiKeys()).items });
  const departments = useDepartments(can(PERM.departmentRead));
  const departmentNames = useMemo(
    () => new Map((departments.data ?? []).map((d) => [d.id, departmentLabel(d, locale)])),
    [departments.data, locale],
  );

  const revoke = useMutation({
    mutationFn: (id: number) => orgApi.revokeApiKey(id),
    onSuccess: () => {
      message.success(t('apikey.revoked'));
      queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
    },
    onError: (error) => message.error(errorMessage(error)),
  });

  const columns: TableColumnsType<ApiKey> = [
    { title: t('apikey.name'), dataIndex: 'name', width: 200 },
    {
      title: t('apikey.prefix'),
      dataIndex: 'prefix',
      width: 130,
      render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
    },
    {
      title: t('apikey.scopes'),
      dataIndex: 'scopes',
      width: 260,
      render: (scopes: string[]) => (
        <Flex wrap gap={4}>
          {scopes.map((s) => (
            <Tag key={s} className="oc-mono" style={{ marginInlineEnd: 0 }}>
              {s}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 90,
      render: (_, k) => <Tag color={STATUS_COLOURS[statusOf(k)]}>{t(`apikey.status.${statusOf(k)}`)}</Tag>,
    },
    {
      title: t('apikey.department'),
      dataIndex: 'departmentId',
      width: 160,
      render: (id: number | null) => (id ? (departmentNames.get(id) ?? id) : '—'),
    },
    {
      title: t('apikey.expiresAt'),
      dataIndex: 'expiresAt',
      width: 120,
      render: (v: string | null) => (v ? formatDate(v) : t('apikey.noExpiry')),
    },
    {
      title: t('apikey.lastUsed'),
      dataIndex: 'lastUsedAt',
      width: 170,
      render: (v: string | null) => (v ? formatTime(v) : t('common.never')),
    },
    { title: t('apikey.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatTime(v) },
    { title: t('apikey.createdBy'), dataIndex: 'createdBy', width: 120, render: (v: string | null) => v ?? '—' },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, k) =>
        statusOf(k) === 'active' ? (
          <Popconfirm
            title={t('apikey.revoke')}
            description={<div style={{ maxWidth: 280 }}>{t('apikey.revokeConfirm', { name: k.name })}</div>}
            okText={t('apikey.revoke')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke.mutateAsync(k.id)}
          >
            <Button type="link" danger size="small" data-testid={`apikey-revoke-${k.id}`}>
              {t('apikey.revoke')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <>
      <PageTitle
        title={t('apikey.title')}
        intro={t('apikey.intro')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="apikey-create">
            {t('apikey.create')}
          </Button>
        }
      />
      {keys.error && <ErrorAlert error={keys.error} onRetry={() => keys.refetch()} />}
      <Card>
        <Table<ApiKey>
          rowKey="id"
          data-testid="apikeys-table"
          columns={columns}
          dataSource={keys.data ?? []}
          loading={keys.isLoading}
          pagination={false}
          scroll={{ x: 1300 }}
          size="middle"
          locale={{ emptyText: <Empty description={t('apikey.empty')} /> }}
        />
      </Card>
      {creating && (
        <CreateKeyModal
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setSecret(key);
          }}
        />
      )}
      {secret && <NewKeyModal secret={secret} onClose={() => setSecret(null)} />}
    </>
  );
}
