// 授权与凭证: grants the caller's department holds (issue an ox_ credential, shown once; revoke one credential or
// the whole grant; export the granted data with a purpose) and grants on its own resources (revoke). The data
// office's 已授权 tab on the requests page shows every department's grants with their credentials (GrantTable
// side="granted") to revoke either. Revoking takes effect on the next call.
import { Alert, App, Button, Card, Flex, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../app/auth';
import { PageTitle } from '../../components/PageTitle';
import { formatDate } from '../../components/format';
import type { IssuedCredential } from './api';
import { GrantTable } from './GrantTable';
import { useExchangeText } from './labels';

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
