// Turns stored grants into the Actor that permission checks read.
import type { Actor, Grant } from '../../platform/auth/actor.ts';
import { isRole, permissionsOf } from '../../platform/auth/roles.ts';
import type { GrantRow, UserRow } from './repo.ts';
import type { ApiKeyRow } from './session-repo.ts';

export function grantOf(g: GrantRow): Grant | null {
  if (!isRole(g.role)) return null;
  return {
    role: g.role,
    permissions: permissionsOf(g.role),
    departmentId: g.department_id,
    departmentPath: g.department_path,
    areaCode: g.area_code,
  };
}

export function userActor(
  user: Pick<UserRow, 'id' | 'username'>,
  grants: GrantRow[],
  ip?: string,
  requestId?: string,
): Actor {
  return {
    kind: 'user',
    id: user.id,
    name: user.username,
    grants: grants.map(grantOf).filter((g): g is Grant => g !== null),
    ip,
    requestId,
  };
}

export function apiKeyActor(key: ApiKeyRow, departmentPath: string | null, ip?: string, requestId?: string): Actor {
  return {
    kind: 'apikey',
    id: key.id,
    name: `apikey:${key.name}`,
    apiKeyId: key.id,
    grants: [
      {
        role: 'apikey',
        permissions: new Set(key.scopes),
        departmentId: key.department_id,
        departmentPath,
        areaCode: key.area_code,
      },
    ],
    ip,
    requestId,
  };
}
