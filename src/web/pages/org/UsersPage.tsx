import { EditOutlined, MoreOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { MenuProps, TableColumnsType } from 'antd';
import {
  App,
  Button,
  Card,
  Col,
  Dropdown,
  Empty,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { type UserFilter, orgApi } from '../../api/org';
import { queryKeys } from '../../api/queries';
import { ROLE_NAMES, type User } from '../../api/types';
import { useAuth } from '../../app/auth';
import { PERM } from '../../app/permissions';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';
import { RoleTags } from '../../components/RoleTags';
import { useT } from '../../i18n/I18nProvider';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserFormModal } from './UserFormModal';

const isLocked = (u: User) => !!u.lockedUntil && new Date(u.lockedUntil).getTime() > Date.now();
const mayManage = (u: User) => u.allowedActions.includes(PERM.userManage);
const mayReveal = (u: User) => u.allowedActions.includes(PERM.userRevealContact) && !!(u.phone || u.email);

export default function UsersPage() {
  const t = useT();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<UserFilter>({});
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  const users = useInfiniteQuery({
    queryKey: [...queryKeys.users, filter],
    queryFn: ({ pageParam }) => orgApi.users(filter, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];

  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.users });
  const onMutationError = (error: unknown) => message.error(errorMessage(error));

  const setDisabled = useMutation({
    mutationFn: (u: User) => orgApi.updateUser(u.id, { disabled: !u.disabled, version: u.version }),
    onSuccess: (u) => {
      message.success(u.disabled ? t('user.disabledOk') : t('user.enabledOk'));
      refresh();
    },
    onError: onMutationError,
  });
  const unlock = useMutation({
    mutationFn: (u: User) => orgApi.unlockUser(u.id),
    onSuccess: () => {
      message.success(t('user.unlockOk'));
      refresh();
    },
    onError: onMutationError,
  });

  const reveal = useMutation({
    mutationFn: (u: User) => orgApi.revealContact(u.id),
    onSuccess: (contact, u) =>
      modal.info({
        title: t('user.revealTitle', { name: u.displayName }),
        content: (
          <div data-testid="revealed-contact">
            <p>
              {t('user.phone')}: {contact.phone || '—'}
            </p>
            <p>
              {t('user.email')}: {contact.email || '—'}
            </p>
            <Typography.Text type="secondary">{t('user.revealAudited')}</Typography.Text>
          </div>
        ),
      }),
    onError: onMutationError,
  });

  const moreActions = (u: User): MenuProps => ({
    items: [
      { key: 'toggle', label: u.disabled ? t('user.enable') : t('user.disable'), danger: !u.disabled },
      { key: 'reset', label: t('user.resetPassword') },
      ...(isLocked(u) ? [{ key: 'unlock', label: t('user.unlock') }] : []),
      ...(mayReveal(u) ? [{ key: 'reveal', label: t('user.revealContact') }] : []),
    ],
    onClick: ({ key }) => {
      if (key === 'toggle') {
        if (u.disabled) setDisabled.mutate(u);
        else
          modal.confirm({
            title: t('user.disable'),
            content: t('user.disableConfirm', { name: u.displayName }),
            okButtonProps: { danger: true },
            onOk: () => setDisabled.mutateAsync(u),
          });
      }
      if (key === 'reset') setResetting(u);
      if (key === 'unlock') unlock.mutate(u);
      if (key === 'reveal') reveal.mutate(u);
    },
  });

  const columns: TableColumnsType<User> = [
    {
      title: t('user.displayName'),
      key: 'name',
      width: 180,
      render: (_, u) => (
        <div>
          <div>{u.displayName}</div>
          <Typography.Text type="secondary" className="oc-mono">
            {u.username}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('user.department'), dataIndex: 'departmentName', width: 180, render: (v) => v ?? '—' },
    { title: t('user.grants'), key: 'roles', width: 220, render: (_, u) => <RoleTags grants={u.grants} /> },
    { title: t('user.phone'), dataIndex: 'phone', width: 140, render: (v) => v || '—' },
    { title: t('user.email'), dataIndex: 'email', width: 200, ellipsis: true, render: (v) => v || '—' },
    {
      title: t('common.status'),
      key: 'status',
      width: 150,
      render: (_, u) => (
        <Space size={4} wrap>
          {u.disabled ? (
            <Tag color="default">{t('user.status.disabled')}</Tag>
          ) : isLocked(u) ? (
            <Tag color="orange">{t('user.status.locked')}</Tag>
          ) : (
            <Tag color="green">{t('user.status.active')}</Tag>
          )}
          {u.mfaEnabled && (
            <Tooltip title={t('user.mfa')}>
              <SafetyCertificateOutlined style={{ color: '#389e0d' }} />
            </Tooltip>
          )}
        </Space>
      ),
    },
  ];
  if (rows.some(mayManage)) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      fixed: 'right',
      render: (_, u) =>
        mayManage(u) ? (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(u)}>
              {t('common.edit')}
            </Button>
            <Dropdown menu={moreActions(u)} trigger={['click']}>
              <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('user.more')} />
            </Dropdown>
          </Space>
        ) : null,
    });
  }

  return (
    <>
      <PageTitle
        title={t('user.title')}
        extra={
          can(PERM.userManage) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="user-create">
              {t('user.create')}
            </Button>
          )
        }
      />
      <Card>
        <Row gutter={[12, 12]} className="oc-filter-bar">
          <Col xs={24} md={8}>
            <Input.Search
              allowClear
              placeholder={t('user.search')}
              onSearch={(q) => setFilter((f) => ({ ...f, q: q.trim() || undefined }))}
              data-testid="user-search"
            />
          </Col>
          <Col xs={12} md={8}>
            <DepartmentSelect
              allowClear
              placeholder={t('user.filterDept')}
              value={filter.departmentId}
              onChange={(departmentId) => setFilter((f) => ({ ...f, departmentId }))}
              data-testid="user-filter-dept"
            />
          </Col>
          <Col xs={12} md={8}>
            <Select
              allowClear
              style={{ width: '100%' }}
              placeholder={t('user.filterRole')}
              value={filter.role}
              onChange={(role) => setFilter((f) => ({ ...f, role }))}
              options={ROLE_NAMES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
              data-testid="user-filter-role"
            />
          </Col>
        </Row>
        {users.error && <ErrorAlert error={users.error} onRetry={() => users.refetch()} />}
        <Table<User>
          rowKey="id"
          data-testid="users-table"
          columns={columns}
          dataSource={rows}
          loading={users.isLoading}
          pagination={false}
          scroll={{ x: 1100 }}
          size="middle"
          onRow={(u) => ({ 'data-testid': `user-row-${u.username}` }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: <Empty description={t('user.empty')} /> }}
        />
        <LoadMore
          count={rows.length}
          hasMore={!!users.hasNextPage}
          loading={users.isFetchingNextPage}
          onLoadMore={() => users.fetchNextPage()}
        />
      </Card>
      {editing && (
        <UserFormModal
          user={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            message.success(editing === 'new' ? t('user.created') : t('user.updated'));
            setEditing(null);
          }}
        />
      )}
      {resetting && (
        <ResetPasswordModal
          user={resetting}
          onClose={() => setResetting(null)}
          onDone={() => {
            message.success(t('user.resetOk'));
            setResetting(null);
          }}
        />
      )}
    </>
  );
}
