import { Tag } from 'antd';
import type { Grant, RoleName } from '../api/types';
import { useT } from '../i18n/I18nProvider';

const ROLE_COLOURS: Partial<Record<RoleName, string>> = {
  admin: 'red',
  leader: 'gold',
  data_steward: 'cyan',
  dispatcher: 'blue',
  hotline_agent: 'geekblue',
  handler: 'purple',
  grid_worker: 'green',
  inspector: 'volcano',
  reviewer: 'magenta',
};

export function uniqueRoles(grants: Grant[]): RoleName[] {
  return [...new Set(grants.map((g) => g.role))];
}

export function RoleTag({ role }: { role: RoleName }) {
  const t = useT();
  return (
    <Tag color={ROLE_COLOURS[role]} style={{ marginInlineEnd: 4 }}>
      {t(`role.${role}`)}
    </Tag>
  );
}

export function RoleTags({ grants }: { grants: Grant[] }) {
  return (
    <>
      {uniqueRoles(grants).map((role) => (
        <RoleTag key={role} role={role} />
      ))}
    </>
  );
}
