// 授权与凭证: grants the caller's department holds (issue an ox_ credential, shown once; revoke one credential or
// the whole grant; export the granted data with a purpose) and grants on its own resources (revoke). Revoking
// takes effect on the next call.
import { DownloadOutlined, KeyOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { Alert, App, Button, Card, Empty, Flex, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../app/auth';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { formatDate } from '../../components/format';
import { type ExchangeGrant, type IssuedCredential, exchangeApi, useResourceNames } from './api';
import { ExportGrantModal } from './ExportGrantModal';
import { GrantCredentials } from './GrantCredentials';
import { useExchangeText } from './labels';

type Side = 'mine' | 'provider';

function grantState(g: ExchangeGrant): 'active' | 'revoked' | 'expired' {
  if (g.revokedAt) return 'revoked';
  return new Date(g.expiresAt).getTime() <= Date.now() ? 'expired' : 'active';
}

function GrantTable({ side, onIssued }: { side: Side; onIssued: (c: IssuedCredential) => void }) {
  const { t } = useExchangeText();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['exchange', 'requests', side], queryFn: () => exchangeApi.requests(side) });
  const grants = (list.data?.items ?? []).flatMap((r) => (r.grant ? [r.grant] : []));
  const names = useResourceNames(grants.map((g) => g.resourceCode));
  const [exporting, setExporting] = useState<ExchangeGrant | null>(null);

  const issue = useMutation({
    mutationFn: (id: number) => exchangeApi.issueCredential(id),
    onSuccess: (c) => {
      queryClient.invalidateQueries({ queryKey: ['exchange', 'requests', side] });
      onIssued(c);
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
    { title: t('consumerSystem'), dataIndex: 'consumerSystem', width: 180 },
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
    ...(side === 'mine'
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
        scroll={{ x: side === 'mine' ? 1360 : 1000 }}
        locale={{ emptyText: <Empty description={side === 'mine' ? t('emptyGrants') : t('emptyProvided')} /> }}
      />
    </>
  );
}

export default function GrantsPage() {
  const { t } = useExchangeText();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [credential, setCredential] = useState<IssuedCredential | null>(null);
  return (
    <div data-testid="exchange-grants-page">
      <PageTitle title={t('grantsTitle')} intro={t('grantsIntro')} />
      {can('exchange.request') && (
        <Card size="small" title={t('grantsMine')} style={{ marginBottom: 16 }}>
          <GrantTable side="mine" onIssued={setCredential} />
        </Card>
      )}
      {can('exchange.decide') && (
        <Card size="small" title={t('grantsProvided')}>
          <GrantTable side="provider" onIssued={setCredential} />
        </Card>
      )}
      <Modal
        open={credential !== null}
        title={t('credentialTitle')}
        closable={false}
        maskClosable={false}
        footer={
          <Button type="primary" data-testid="credential-close" onClick={() => setCredential(null)}>
            {t('iSaved')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('credentialWarning')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph>{t('credentialUse')}</Typography.Paragraph>
        <Flex gap={8}>
          <Input
            readOnly
            value={credential?.key ?? ''}
            data-testid="credential-secret"
            style={{ fontFamily: 'monospace' }}
          />
          <Typography.Text
            copyable={{ text: credential?.key ?? '', onCopy: () => message.success(t('copied')) }}
            data-testid="credential-copy"
          />
        </Flex>
        {credential && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('expiresAt')}：{formatDate(credential.expiresAt)}
          </Typography.Paragraph>
        )}
      </Modal>
    </div>
  );
}
