import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Tag, Typography } from 'antd';
import { useState } from 'react';
import { authApi } from '../../api/auth';
import { useAuth, useMe } from '../../app/auth';
import { errorMessage } from '../../components/ErrorAlert';
import { GrantList } from '../../components/GrantList';
import { PageTitle } from '../../components/PageTitle';
import { TotpEnrollment } from '../../components/TotpEnrollment';
import { useT } from '../../i18n/I18nProvider';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

function ChangePasswordCard() {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const change = useMutation({
    mutationFn: (v: PasswordValues) => authApi.changePassword(v.currentPassword, v.newPassword),
    onSuccess: () => {
      message.success(t('account.passwordChanged'));
      form.resetFields();
    },
  });
  return (
    <Card title={t('account.changePassword')}>
      {change.error && <Alert type="error" showIcon title={errorMessage(change.error)} style={{ marginBottom: 16 }} />}
      <Form<PasswordValues> form={form} layout="vertical" onFinish={(v) => change.mutate(v)} style={{ maxWidth: 420 }}>
        <Form.Item
          name="currentPassword"
          label={t('account.currentPassword')}
          rules={[{ required: true, message: t('common.required', { field: t('account.currentPassword') }) }]}
        >
          <Input.Password autoComplete="current-password" data-testid="account-current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          rules={[{ required: true, message: t('common.required', { field: t('account.newPassword') }) }]}
        >
          <Input.Password autoComplete="new-password" data-testid="account-new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required', { field: t('account.confirmPassword') }) },
            ({ getFieldValue }) => ({
              validator: async (_, value) => {
                if (value && value !== getFieldValue('newPassword')) throw new Error(t('account.passwordMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="account-confirm-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="account-password-submit">
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}

function TwoFactorCard() {
  const t = useT();
  const me = useMe();
  const { refresh } = useAuth();
  const { message } = App.useApp();
  const [enrolling, setEnrolling] = useState(false);
  const disable = useMutation({
    mutationFn: (code: string) => authApi.totpDisable(code),
    onSuccess: async () => {
      message.success(t('mfa.disabled'));
      await refresh();
    },
  });

  let body: React.ReactNode;
  if (enrolling) {
    body = (
      <TotpEnrollment
        onDone={async () => {
          setEnrolling(false);
          message.success(t('mfa.enabled'));
          await refresh();
        }}
      />
    );
  } else if (me.mfaEnabled) {
    body = (
      <>
        <Typography.Paragraph>{t('account.mfaOnStatus')}</Typography.Paragraph>
        {me.mfaRequired && (
          <Alert type="warning" showIcon title={t('account.mfaRequiredNote')} style={{ marginBottom: 16 }} />
        )}
        {disable.error && (
          <Alert type="error" showIcon title={errorMessage(disable.error)} style={{ marginBottom: 16 }} />
        )}
        <Form layout="vertical" onFinish={(v: { code: string }) => disable.mutate(v.code)} requiredMark={false}>
          <Form.Item
            name="code"
            label={t('account.disableMfaHint')}
            rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.codeFormat') }]}
          >
            <Input.OTP length={6} data-testid="totp-disable-code" />
          </Form.Item>
          <Button danger htmlType="submit" loading={disable.isPending} data-testid="totp-disable-submit">
            {t('account.disableMfa')}
          </Button>
        </Form>
      </>
    );
  } else {
    body = (
      <>
        <Typography.Paragraph>{t('account.mfaOffStatus')}</Typography.Paragraph>
        <Button
          type="primary"
          icon={<SafetyCertificateOutlined />}
          onClick={() => setEnrolling(true)}
          data-testid="totp-start"
        >
          {t('mfa.start')}
        </Button>
      </>
    );
  }

  return (
    <Card
      title={t('account.twoFactor')}
      extra={
        <Tag color={me.mfaEnabled ? 'green' : 'default'}>{me.mfaEnabled ? t('home.mfaOn') : t('home.mfaOff')}</Tag>
      }
    >
      {body}
    </Card>
  );
}

export default function AccountPage() {
  const t = useT();
  const me = useMe();
  return (
    <>
      <PageTitle title={t('account.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('account.profile')} style={{ marginBottom: 16 }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'username',
                  label: t('user.username'),
                  children: <span className="oc-mono">{me.username}</span>,
                },
                { key: 'name', label: t('user.displayName'), children: me.displayName },
                { key: 'dept', label: t('user.department'), children: me.departmentName ?? '—' },
              ]}
            />
          </Card>
          <Card title={t('account.grants')}>
            <GrantList grants={me.grants} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
            <ChangePasswordCard />
            <TwoFactorCard />
          </div>
        </Col>
      </Row>
    </>
  );
}
