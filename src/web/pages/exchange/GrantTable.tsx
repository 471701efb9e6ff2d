// One table of grants, for the consumer (mine: credentials, issue, export, revoke), the provider (revoke) or the
// data office's 已授权 ledger (granted: every department's grants with their credentials; revoke a credential
// or the whole grant). Each revoke is confirmed and takes effect on the grant's or credential's next call.
import { DownloadOutlined, KeyOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { formatDate } from '../../components/format';
import { type ExchangeGrant, type IssuedCredential, exchangeApi, useDepartmentNames, useResourceNames } from './api';
import { ExportGrantModal } from './ExportGrantModal';
import { GrantCredentials } from './GrantCredentials';
import { useExchangeText } from './labels';
type Side = 'mine' | 'provider' | 'granted';

const EMPTY = { mine: 'emptyGrants', provider: 'emptyProvided', granted: 'emptyOfficeGrants' } as const;

function grantState(g: ExchangeGrant): 'active' | 'revoked' | 'expired' {
  if (g.revokedAt) return 'revoked';
  return new Date(g.expiresAt).getTime() <= Date.now() ? 'expired' : 'active';
}

export function GrantTable({ side, onIssued }: { side: Side; onIssued?: (c: IssuedCredential) => void }) {
  const { t } = useExchangeText();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['exchange', 'requests', side], queryFn: () => exchangeApi.requests(side) });
  const items = list.data?.items ?? [];
  const grants = items.flatMap((r) => (r.grant ? [r.grant] : []));
  const consumerOf = new Map(items.map((r) => [r.id, r.consumerDepartmentId]));
  const names = useResourceNames(grants.map((g) => g.resourceCode));
  const departments = useDepartmentNames();
  const [exporting, setExporting] = useState<ExchangeGrant | null>(null);

  const issue = useMutation({
    mutationFn: (id: number) => exchangeApi.issueCredential(id),
    onSuccess: (c) => {
      queryClient.invalidateQueries({ queryKey: ['exchange', 'requests', side] });
      onIssued?.(c);
    },
    onError: (error) => message.error(errorMessage(error)),
  });
  const revoke = useMutation({
    mutationFn: (id: number) => exchangeApi.revokeGrant(id),
    onSuccess: () => {
      message.success(t('done'));
      queryClient.invalidateQueries({ queryKey: ['exchange'] });
    },
    onError: (error) => message.error(errorMessage(error)),
  });

  const columns: TableColumnsType<ExchangeGrant> = [
    { title: '#', dataIndex: 'id', width: 60 },
    {
      title: t('resource'),
      dataIndex: 'resourceCode',
      width: 200,
      render: (c: string) => <Link to={`/catalog/resources/${c}`}>{names.get(c) ?? c}</Link>,
    },
    side === 'granted'
      ? {
          title: t('consumer'),
          key: 'consumer',
          width: 190,
          render: (_, g) => {
            const d = consumerOf.get(g.requestId);
            return (
              <Flex vertical>
                <span>{d === undefined ? '' : (departments.get(d) ?? `#${d}`)}</span>
                <Typography.Text type="secondary">{g.consumerSystem}</Typography.Text>
              </Flex>
            );
          },
        }
      : { title: t('consumerSystem'), dataIndex: 'consumerSystem', width: 180 },
    {
      title: t('fields'),
      key: 'fields',
      render: (_, g) => (
        <Flex gap={4} wrap>
          {g.fields.map((f) => (
            <Tag key={f}>{f}</Tag>
          ))}
          {g.rowFilter &&
            Object.entries(g.rowFilter).map(([k, v]) => (
              <Tag key={`f-${k}`} color="purple">
                {k} = {v}
              </Tag>
            ))}
          <Tag color={g.clearValues ? 'red' : 'blue'}>{g.clearValues ? t('clear') : t('masked')}</Tag>
        </Flex>
      ),
    },
    ...(side !== 'provider'
      ? [
          {
            title: t('credentials'),
            key: 'credentials',
            width: 290,
            render: (_: unknown, g: ExchangeGrant) => (
              <GrantCredentials grant={g} active={grantState(g) === 'active'} />
            ),
          },
        ]
      : []),
    { title: t('expiresAt'), dataIndex: 'expiresAt', width: 110, render: (v: string) => formatDate(v) },
    {
      title: t('grantState'),
      key: 'state',
      width: 90,
      render: (_, g) => {
        const s = grantState(g);
        return (
          <Tag color={s === 'active' ? 'success' : 'default'} data-testid={`grant-state-${g.id}`}>
            {t(s)}
          </Tag>
        );
      },
    },
    {
      title: '',
      key: 'actions',
      width: side === 'mine' ? 230 : 110,
      // The office's ledger is wide (department, credentials): keep 撤销授权 in view.
      fixed: side === 'granted' ? 'right' : undefined,
      render: (_, g) =>
        grantState(g) === 'active' && (
          <Flex vertical gap={4}>
            <Flex gap={6} wrap>
              {side === 'mine' && (
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  data-testid={`export-${g.id}`}
                  onClick={() => setExporting(g)}
                >
                  {t('exportData')}
                </Button>
              )}
              {side === 'mine' && (
                <Button
                  size="small"
                  type="primary"
                  icon={<KeyOutlined />}
                  data-testid={`issue-${g.id}`}
                  loading={issue.isPending && issue.variables === g.id}
                  onClick={() => issue.mutate(g.id)}
                >
                  {t('issue')}
                </Button>
              )}
              <Button
                size="small"
                danger
                icon={<StopOutlined />}
                data-testid={`revoke-${g.id}`}
                onClick={() =>
                  modal.confirm({
                    title: t('revokeConfirm', { name: names.get(g.resourceCode) ?? g.resourceCode }),
                    content: t('revokeHint'),
                    okText: t('revoke'),
                    okButtonProps: { danger: true, 'data-testid': 'revoke-ok' },
                    onOk: () => revoke.mutateAsync(g.id),
                  })
                }
              >
                {t('revoke')}
              </Button>
            </Flex>
          </Flex>
        ),
    },
  ];

  if (list.error) return <ErrorAlert error={list.error} onRetry={() => list.refetch()} />;
  return (
    <>
      <ExportGrantModal
        grant={exporting}
        name={exporting ? (names.get(exporting.resourceCode) ?? exporting.resourceCode) : ''}
        onClose={() => setExporting(null)}
      />
      <Table
        rowKey="id"
        size="middle"
        data-testid={`grants-${side}`}
        columns={columns}
        dataSource={grants}
        loading={list.isLoading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: side === 'mine' ? 1360 : side === 'granted' ? 1240 : 1000 }}
        locale={{ emptyText: <Empty description={t(EMPTY[side])} /> }}
      />
    </>
  );
}
