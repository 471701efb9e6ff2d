import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Row, Typography } from 'antd';
import { Link } from 'react-router';
import { useAuth, useMe } from '../../app/auth';
import { visibleEntries } from '../../app/navigation';
import { GrantList } from '../../components/GrantList';
import { RoleTags } from '../../components/RoleTags';
import { useT } from '../../i18n/I18nProvider';

export default function HomePage() {
  const t = useT();
  const me = useMe();
  const { can } = useAuth();
  const shortcuts = visibleEntries(can).filter((e) => e.key !== 'home');

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card data-testid="welcome-card">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('home.welcome', { name: me.displayName })}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'dept', label: t('home.department'), children: me.departmentName ?? '—' },
              {
                key: 'roles',
                label: t('home.roles'),
                children: me.grants.length ? <RoleTags grants={me.grants} /> : t('common.none'),
              },
              {
                key: 'mfa',
                label: t('home.mfa'),
                children: (
                  <span>
                    <SafetyCertificateOutlined style={{ color: me.mfaEnabled ? '#389e0d' : '#8a94a6' }} />{' '}
                    {me.mfaEnabled ? t('home.mfaOn') : t('home.mfaOff')}
                  </span>
                ),
              },
            ]}
          />
          {!me.mfaEnabled && (
            <Alert
              type="info"
              showIcon
              style={{ marginTop: 12 }}
              title={<Link to="/account">{t('home.mfaSuggest')}</Link>}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card title={t('home.scopes')} extra={t('home.permissionCount', { count: me.permissions.length })}>
          <GrantList grants={me.grants} />
        </Card>
      </Col>
      <Col span={24}>
        <Card title={t('home.quickLinks')}>
          <Row gutter={[12, 12]}>
            {shortcuts.map((entry) => (
              <Col xs={12} sm={8} lg={6} xxl={4} key={entry.key}>
                <Link to={entry.path}>
                  <Card size="small" hoverable style={{ textAlign: 'center' }}>
                    <div style={{ fontSize: 22, color: '#1e5bb8' }}>{entry.icon}</div>
                    <div style={{ marginTop: 4 }}>{t(entry.label)}</div>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </Card>
      </Col>
    </Row>
  );
}
