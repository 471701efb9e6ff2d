// 角色: the fixed roles, the permissions each carries, and the per-role two-factor policy.
import { type Actor, CITY_WIDE } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/can.ts';
import { ROLES, type Role, knownPermissions, permissionsOf } from '../../platform/auth/roles.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import * as repo from './repo.ts';

export interface RoleView {
  role: Role;
  permissions: string[];
  mfaRequired: boolean;
}

export async function listRoles(tx: Tx, actor: Actor): Promise<RoleView[]> {
  can(actor, 'org.role.manage', CITY_WIDE);
  const policies = new Map((await repo.listRolePolicies(tx)).map((p) => [p.role, p.mfa_required]));
  return ROLES.map((role) => ({
    role,
    permissions: [...permissionsOf(role)].sort(),
    mfaRequired: policies.get(role) ?? false,
  }));
}

export async function setRoleMfaRequired(tx: Tx, actor: Actor, role: Role, mfaRequired: boolean): Promise<RoleView> {
  can(actor, 'org.role.manage', CITY_WIDE);
  await repo.upsertRolePolicy(tx, role, mfaRequired);
  await recordAudit(tx, actor, 'org.role.policy', { type: 'role', id: role }, { mfaRequired });
  return { role, permissions: [...permissionsOf(role)].sort(), mfaRequired };
}

export function listPermissions(actor: Actor): string[] {
  can(actor, 'org.apikey.manage', CITY_WIDE);
  return knownPermissions();
}
