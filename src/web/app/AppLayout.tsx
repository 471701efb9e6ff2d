import {
  DownOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  PoweroffOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { MenuProps } from 'antd';
import { App, Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { BrandMark } from '../components/BrandMark';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { RoleTags } from '../components/RoleTags';
import { NotificationBell } from '../pages/notify/NotificationBell';
import { useT } from '../i18n/I18nProvider';
import { isCitizenOnly, useAuth, useMe } from './auth';
import { activeEntry, type NavEntry, visibleEntries } from './navigation';

const { Header, Sider, Content } = Layout;

function NavMenu({ entries, onNavigate }: { entries: NavEntry[]; onNavigate?: () => void }) {
  const t = useT();
  const { pathname } = useLocation();
  const item = (entry: NavEntry) => ({
    key: entry.key,
    icon: entry.icon,
    label: (
      <Link to={entry.path} data-testid={entry.testId} onClick={onNavigate}>
        {t(entry.label)}
      </Link>
    ),
  });
  const items: NonNullable<MenuProps['items']> = [];
  const groups = new Map<string, NavEntry[]>();
  for (const entry of entries) {
    if (!entry.group) continue;
    groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry]);
  }
  const emitted = new Set<string>();
  for (const entry of entries) {
    if (!entry.group) {
      items.push(item(entry));
      continue;
    }
    if (emitted.has(entry.group)) continue;
    emitted.add(entry.group);
    items.push({
      type: 'group',
      key: entry.group,
      label: t(entry.group as Parameters<typeof t>[0]),
      children: (groups.get(entry.group) ?? []).map(item),
    });
  }
  const active = activeEntry(pathname);
  return (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={active ? [active.key] : []}
      items={items}
      style={{ borderInlineEnd: 'none' }}
    />
  );
}

function Brand({ collapsed }: { collapsed: boolean }) {
  const t = useT();
  return (
    <Link to="/" className="oc-brand" aria-label={t('app.title')}>
      <BrandMark size={30} />
      {!collapsed && <span className="oc-brand-text">{t('app.title')}</span>}
    </Link>
  );
}

function UserMenu({ compact }: { compact: boolean }) {
  const t = useT();
  const me = useMe();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();

  const items: MenuProps['items'] = [
    {
      key: 'account',
      icon: <UserOutlined />,
      label: <span data-testid="menu-account">{t('nav.account')}</span>,
    },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('header.logout')}</span> },
    {
      key: 'logout-all',
      icon: <PoweroffOutlined />,
      danger: true,
      label: <span data-testid="logout-all">{t('header.logoutAll')}</span>,
    },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'account') navigate('/account');
    if (key === 'logout') logout(false).then(() => message.success(t('header.loggedOut')));
    if (key === 'logout-all') {
      modal.confirm({
        title: t('header.logoutAll'),
        content: t('header.logoutAllConfirm'),
        okButtonProps: { danger: true },
        onOk: () => logout(true),
      });
    }
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button type="text" data-testid="user-menu" className="oc-user-button">
        <Space size={8}>
          <Avatar size="small" style={{ background: '#1e5bb8' }}>
            {me.displayName.slice(0, 1)}
          </Avatar>
          {!compact && (
            <span className="oc-user-name" data-testid="user-name">
              {me.displayName}
            </span>
          )}
          <DownOutlined style={{ fontSize: 10 }} />
        </Space>
      </Button>
    </Dropdown>
  );
}

export function AppLayout() {
  const t = useT();
  const me = useMe();
  const { can } = useAuth();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.lg;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const entries = visibleEntries(can);
  const { pathname } = useLocation();

  // A signed-in citizen has no staff home: `/` leads to 我的诉求, as signing in does (LoginPage landingPath).
  if (pathname === '/' && isCitizenOnly(me)) return <Navigate to="/my-cases" replace />;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Sider width={224} collapsedWidth={64} collapsible collapsed={collapsed} trigger={null} data-testid="sider">
          {/* The dark column spans the whole page; the navigation inside it stays in view while scrolling. */}
          <div className="oc-sider-inner">
            <Brand collapsed={collapsed} />
            <NavMenu entries={entries} />
          </div>
        </Sider>
      )}
      {mobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          closable={false}
          styles={{ body: { padding: 0, background: '#0f2744' } }}
        >
          <Brand collapsed={false} />
          <NavMenu entries={entries} onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
      <Layout>
        <Header className="oc-header">
          <Space size={4}>
            {mobile ? (
              <>
                <Button
                  type="text"
                  icon={<MenuOutlined />}
                  aria-label={t('nav.openMenu')}
                  data-testid="nav-toggle"
                  onClick={() => setDrawerOpen(true)}
                />
                <Typography.Text strong>{t('app.shortTitle')}</Typography.Text>
              </>
            ) : (
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={() => setCollapsed(!collapsed)}
                aria-label={t('nav.openMenu')}
              />
            )}
          </Space>
          <Space size={mobile ? 0 : 12} align="center">
            {!mobile && (
              <span className="oc-header-roles" data-testid="user-roles">
                <RoleTags grants={me.grants} />
              </span>
            )}
            <NotificationBell />
            <LanguageSwitch />
            <UserMenu compact={mobile} />
          </Space>
        </Header>
        <Content className={mobile ? 'oc-content oc-content-mobile' : 'oc-content'}>
          <Suspense
            fallback={
              <div className="oc-center">
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
        <Layout.Footer className="oc-footer">{t('app.footer')}</Layout.Footer>
      </Layout>
    </Layout>
  );
}
