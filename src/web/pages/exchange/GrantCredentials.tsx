// The credentials of one of the department's grants: prefix, who issued it and when, and 撤销 for each live one
// (confirmed; only that credential stops working — the grant and its other credentials keep going).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Tag, Typography } from 'antd';
import { errorMessage } from '../../components/ErrorAlert';
import { formatDate } from '../../components/format';
import { type ExchangeGrant, exchangeApi } from './api';
import { useExchangeText } from './labels';

export function GrantCredentials({ grant, active }: { grant: ExchangeGrant; active: boolean }) {
  const { t } = useExchangeText();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: (id: number) => exchangeApi.revokeCredential(id),
    onSuccess: () => {
      message.success(t('credentialRevoked'));
      queryClient.invalidateQueries({ queryKey: ['exchange'] });
    },
    onError: (error) => message.error(errorMessage(error)),
  });
  const credentials = grant.credentials ?? [];
  if (credentials.length === 0)
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('noCredentials')}
      </Typography.Text>
    );
  return (
    <Flex vertical gap={4} data-testid={`credentials-${grant.id}`}>
      {credentials.map((c) => {
        const live = active && c.revokedAt === null;
        return (
          <Flex key={c.id} gap={6} align="center" wrap data-testid={`credential-${c.id}`}>
            <Typography.Text code style={{ fontSize: 12 }}>
              {c.prefix}…
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.createdBy} {formatDate(c.createdAt)}
            </Typography.Text>
            {c.revokedAt !== null ? (
              <Tag data-testid={`credential-state-${c.id}`}>{t('revoked')}</Tag>
            ) : live ? (
              <Button
                size="small"
                type="link"
                danger
                style={{ padding: 0, height: 'auto' }}
                data-testid={`revoke-credential-${c.id}`}
                onClick={() =>
                  modal.confirm({
                    title: t('revokeCredentialConfirm', { p: c.prefix }),
                    content: t('revokeCredentialHint'),
                    okText: t('revokeCredential'),
                    okButtonProps: { danger: true, 'data-testid': 'revoke-credential-ok' },
                    onOk: () => revoke.mutateAsync(c.id),
                  })
                }
              >
                {t('revokeCredential')}
              </Button>
            ) : null}
          </Flex>
        );
      })}
    </Flex>
  );
}
