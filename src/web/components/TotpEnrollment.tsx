import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, QRCode, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { authApi } from '../api/auth';
import { useT } from '../i18n/I18nProvider';
import { ErrorAlert, errorMessage } from './ErrorAlert';

/**
 * Enrols an authenticator: asks the server for a secret, shows it (QR code and text), confirms with a code,
 * then shows the recovery codes exactly once before `onDone`.
 */
export function TotpEnrollment({ onDone, intro }: { onDone: () => void; intro?: string }) {
  const t = useT();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const setup = useQuery({
    queryKey: ['auth', 'totp', 'setup'],
    queryFn: authApi.totpSetup,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
  const enable = useMutation({
    mutationFn: (code: string) => authApi.totpEnable(code),
    onSuccess: (result) => setRecoveryCodes(result.recoveryCodes),
  });

  if (recoveryCodes) {
    return (
      <Flex vertical gap={16} data-testid="totp-recovery">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('mfa.recoveryTitle')}
        </Typography.Title>
        <Alert type="warning" showIcon title={t('mfa.recoveryWarning')} />
        <Card size="small">
          <div className="oc-recovery-codes" data-testid="recovery-codes">
            {recoveryCodes.map((code) => (
              <Typography.Text key={code} code copyable={false}>
                {code}
              </Typography.Text>
            ))}
          </div>
          <Typography.Paragraph copyable={{ text: recoveryCodes.join('\n') }} style={{ margin: '12px 0 0' }}>
            {t('common.copy')}
          </Typography.Paragraph>
        </Card>
        <Button type="primary" data-testid="recovery-continue" onClick={onDone}>
          {t('mfa.recoverySaved')}
        </Button>
      </Flex>
    );
  }

  if (setup.isLoading) {
    return (
      <Flex justify="center" gap={8} style={{ padding: 24 }}>
        <Spin />
        <Typography.Text type="secondary">{t('mfa.preparing')}</Typography.Text>
      </Flex>
    );
  }
  if (setup.error) return <ErrorAlert error={setup.error} onRetry={() => setup.refetch()} />;
  const { secret, otpauthUrl } = setup.data!;

  return (
    <Flex vertical gap={16} data-testid="totp-setup">
      {intro && <Alert type="info" showIcon icon={<SafetyCertificateOutlined />} title={intro} />}
      <Typography.Text>{t('mfa.step1')}</Typography.Text>
      <Flex gap={16} wrap align="center">
        <QRCode value={otpauthUrl} size={160} bordered />
        <Space vertical size={4} style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text type="secondary">{t('mfa.secret')}</Typography.Text>
          <Typography.Text code copyable data-testid="totp-secret" style={{ wordBreak: 'break-all' }}>
            {secret}
          </Typography.Text>
          <Typography.Text type="secondary">{t('mfa.otpauthUrl')}</Typography.Text>
          <Typography.Text copyable style={{ wordBreak: 'break-all', fontSize: 12 }} data-testid="totp-url">
            {otpauthUrl}
          </Typography.Text>
        </Space>
      </Flex>
      <Form layout="vertical" onFinish={(values: { code: string }) => enable.mutate(values.code)} requiredMark={false}>
        <Form.Item
          label={t('mfa.step2')}
          name="code"
          rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.codeFormat') }]}
        >
          <Input.OTP length={6} data-testid="totp-enable-code" />
        </Form.Item>
        {enable.error && (
          <Alert type="error" showIcon title={errorMessage(enable.error)} style={{ marginBottom: 16 }} />
        )}
        <Button type="primary" htmlType="submit" loading={enable.isPending} data-testid="totp-enable-submit">
          {t('mfa.enable')}
        </Button>
      </Form>
    </Flex>
  );
}
