import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Card, Flex, Switch, Table, Tag, Typography } from 'antd';
import { orgApi } from '../../api/org';
import { queryKeys } from '../../api/queries';
import type { RoleItem } from '../../api/types';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { RoleTag } from '../../components/RoleTags';
import { useT } from '../../i18n/I18nProvider';

export default function RolesPage() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useQuery({ queryKey: queryKeys.roles, queryFn: async () => (await orgApi.roles()).items });

  const update = useMutation({
    mutationFn: (item: { role: string; mfaRequired: boolean }) => orgApi.updateRole(item.role, item.mfaRequired),
    onSuccess: (saved) => {
      queryClient.setQueryData<RoleItem[]>(queryKeys.roles, (items) =>
        items?.map((r) => (r.role === saved.role ? saved : r)),
      );
      message.success(t('roles.updated', { role: t(`role.${saved.role}`) }));
    },
    onError: (error) => message.error(errorMessage(error)),
  });

  const columns: TableColumnsType<RoleItem> = [
    {
      title: t('roles.role'),
      dataIndex: 'role',
      width: 200,
      render: (role: RoleItem['role']) => (
        <div>
          <RoleTag role={role} />
          <div>
            <Typography.Text type="secondary" className="oc-mono">
              {role}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('roles.permissions'),
      dataIndex: 'permissions',
      render: (permissions: string[]) =>
        permissions.length ? (
          <Flex wrap gap={4}>
            {permissions.map((p) => (
              <Tag key={p} className="oc-mono" style={{ marginInlineEnd: 0 }}>
                {p}
              </Tag>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
    {
      title: t('roles.mfaRequired'),
      dataIndex: 'mfaRequired',
      width: 170,
      render: (mfaRequired: boolean, item) => (
        <Switch
          checked={mfaRequired}
          loading={update.isPending && update.variables?.role === item.role}
          onChange={(checked) => update.mutate({ role: item.role, mfaRequired: checked })}
          data-testid={`role-mfa-${item.role}`}
          aria-label={`${t('roles.mfaRequired')}: ${t(`role.${item.role}`)}`}
        />
      ),
    },
  ];

  return (
    <>
      <PageTitle title={t('roles.title')} intro={t('roles.intro')} />
      {roles.error && <ErrorAlert error={roles.error} onRetry={() => roles.refetch()} />}
      <Card>
        <Table<RoleItem>
          rowKey="role"
          data-testid="roles-table"
          columns={columns}
          dataSource={roles.data ?? []}
          loading={roles.isLoading}
          pagination={false}
          scroll={{ x: 760 }}
          size="middle"
        />
      </Card>
    </>
  );
}
