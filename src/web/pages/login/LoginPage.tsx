import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { authApi } from '../../api/auth';
import type { LoginResult, Me } from '../../api/types';
import { isCitizenOnly, needsMfaSetup, useAuth } from '../../app/auth';
import { BrandMark } from '../../components/BrandMark';
import { errorMessage } from '../../components/ErrorAlert';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { TotpEnrollment } from '../../components/TotpEnrollment';
import { useT } from '../../i18n/I18nProvider';

/** The pages a citizen uses (CitizenLayout): 我要反映, 查询进度, 我的诉求. */
const CITIZEN_PAGES = /^\/(report|track|my-cases)(\/|\?|$)/;

/**
 * Where sign-in leads: back to the page that sent the user here, else home. A citizen (whose only role is
 * citizen) has no staff home: they land on 我的诉求, or on the citizen page they came from.
 */
export function landingPath(me: Me, from: string | undefined): string {
  if (isCitizenOnly(me)) return from && CITIZEN_PAGES.test(from) ? from : '/my-cases';
  return from ?? '/';
}

interface Credentials {
  username: string;
  password: string;
}

function PasswordStep({ onResult }: { onResult: (result: LoginResult) => void }) {
  const t = useT();
  const login = useMutation({
    mutationFn: (values: Credentials) => authApi.login(values.username.trim(), values.password),
    onSuccess: onResult,
  });
  return (
    <Form<Credentials> layout="vertical" size="large" onFinish={(v) => login.mutate(v)} requiredMark={false}>
      {login.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(login.error)}
          data-testid="login-error"
          style={{ marginBottom: 16 }}
        />
      )}
      <Form.Item
        name="username"
        label={t('login.username')}
        rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('login.username') }) }]}
      >
        <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('login.password')}
        rules={[{ required: true, message: t('common.required', { field: t('login.password') }) }]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
        {t('login.submit')}
      </Button>
    </Form>
  );
}

function TotpStep({
  mfaToken,
  onResult,
  onBack,
}: {
  mfaToken: string;
  onResult: (result: LoginResult) => void;
  onBack: () => void;
}) {
  const t = useT();
  const [recovery, setRecovery] = useState(false);
  const verify = useMutation({
    mutationFn: (code: string) => authApi.loginTotp(mfaToken, code.trim()),
    onSuccess: onResult,
  });
  return (
    <Form<{ code: string }>
      layout="vertical"
      size="large"
      requiredMark={false}
      onFinish={(v) => verify.mutate(v.code)}
      key={recovery ? 'recovery' : 'totp'}
      data-testid="login-totp-form"
    >
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        <SafetyCertificateOutlined /> {t('login.totpTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {recovery ? t('login.recoveryHint') : t('login.totpHint')}
      </Typography.Paragraph>
      {verify.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(verify.error)}
          data-testid="login-error"
          style={{ marginBottom: 16 }}
        />
      )}
      {recovery ? (
        <Form.Item
          name="code"
          label={t('login.recoveryCode')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('login.recoveryCode') }) },
          ]}
        >
          <Input autoComplete="off" autoFocus data-testid="login-recovery" placeholder="xxxx-xxxx-xxxx" />
        </Form.Item>
      ) : (
        <Form.Item
          name="code"
          label={t('login.totpCode')}
          rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.codeFormat') }]}
        >
          <Input.OTP length={6} autoFocus data-testid="login-totp" />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" block loading={verify.isPending} data-testid="login-totp-submit">
        {t('login.verify')}
      </Button>
      <Flex justify="space-between" style={{ marginTop: 12 }}>
        <Button type="link" style={{ padding: 0 }} onClick={onBack}>
          {t('login.back')}
        </Button>
        <Button type="link" style={{ padding: 0 }} onClick={() => setRecovery(!recovery)} data-testid="toggle-recovery">
          {recovery ? t('login.useTotp') : t('login.useRecovery')}
        </Button>
      </Flex>
    </Form>
  );
}

export function LoginPage() {
  const t = useT();
  const { state, signedIn, refresh, logout } = useAuth();
  const location = useLocation();
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const from = (location.state as { from?: string } | null)?.from;

  const onResult = (result: LoginResult) => {
    if (result.status === 'mfa_required') setMfaToken(result.mfaToken);
    else {
      setMfaToken(null);
      signedIn(result.user, result.csrfToken);
    }
  };

  const enrolling = state.status === 'signedIn' && needsMfaSetup(state.me);
  if (state.status === 'signedIn' && !enrolling) return <Navigate to={landingPath(state.me, from)} replace />;

  let body: React.ReactNode;
  if (enrolling) {
    body = (
      <>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('mfa.setupTitle')}
        </Typography.Title>
        <TotpEnrollment intro={t('mfa.setupRequired')} onDone={() => void refresh()} />
        <Button type="link" style={{ padding: 0, marginTop: 12 }} onClick={() => void logout()} data-testid="logout">
          {t('header.logout')}
        </Button>
      </>
    );
  } else if (mfaToken) {
    body = <TotpStep mfaToken={mfaToken} onResult={onResult} onBack={() => setMfaToken(null)} />;
  } else {
    body = (
      <>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.welcome')}</Typography.Paragraph>
        <PasswordStep onResult={onResult} />
      </>
    );
  }

  return (
    <div className="oc-login">
      <div className="oc-login-lang">
        <LanguageSwitch dark />
      </div>
      <div className="oc-login-inner" style={enrolling ? { maxWidth: 560 } : undefined}>
        <Flex align="center" gap={12} className="oc-login-brand">
          <BrandMark size={44} />
          <div>
            <div className="oc-login-title">{t('app.title')}</div>
            <div className="oc-login-subtitle">{t('app.subtitle')}</div>
          </div>
        </Flex>
        <Card className="oc-login-card" variant="borderless">
          {body}
        </Card>
        <Typography.Paragraph className="oc-login-notice">{t('login.notice')}</Typography.Paragraph>
      </div>
    </div>
  );
}
