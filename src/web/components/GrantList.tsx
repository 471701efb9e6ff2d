import { List, Typography } from 'antd';
import type { Grant } from '../api/types';
import { useT } from '../i18n/I18nProvider';
import { RoleTag } from './RoleTags';

/** Each grant as "role — scope", the scope spelled out (department and sub-units, area, or unrestricted). */
export function GrantList({ grants }: { grants: Grant[] }) {
  const t = useT();
  if (grants.length === 0) return <Typography.Text type="secondary">{t('home.noGrants')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={grants}
      data-testid="grant-list"
      renderItem={(grant) => {
        const scopes: string[] = [];
        if (grant.departmentId) scopes.push(t('home.scopeDept', { name: grant.departmentName ?? grant.departmentId }));
        if (grant.areaCode) scopes.push(t('home.scopeArea', { name: grant.areaName ?? grant.areaCode }));
        return (
          <List.Item style={{ paddingInline: 0 }}>
            <RoleTag role={grant.role} />
            <Typography.Text type="secondary">{scopes.length ? scopes.join('；') : t('home.scopeAll')}</Typography.Text>
          </List.Item>
        );
      }}
    />
  );
}
