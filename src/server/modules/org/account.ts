// 我的账号: what the logged-in user sees and changes about themselves — profile, password, TOTP.
import type { Config } from '../../config.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { checkPassword, hashPassword, verifyPassword } from '../../platform/auth/password.ts';
import { permissionsOf, isRole } from '../../platform/auth/roles.ts';
import { newRecoveryCode, normaliseRecoveryCode, tokenDigest } from '../../platform/auth/tokens.ts';
import { acceptTotp, newTotpSecret, otpauthUrl } from '../../platform/auth/totp.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, unauthenticated } from '../../platform/errors.ts';
import { divisionName } from '../geo/service.ts';
import * as repo from './repo.ts';
import * as sessions from './session-repo.ts';

export interface Me {
  id: number;
  username: string;
  displayName: string;
  departmentId: number | null;
  departmentName: string | null;
  mfaEnabled: boolean;
  mfaRequired: boolean;
  permissions: string[];
  grants: {
    role: string;
    departmentId: number | null;
    departmentName: string | null;
    areaCode: string | null;
    areaName: string | null;
  }[];
}

async function currentUser(tx: Tx, actor: Actor, forUpdate = false) {
  if (actor.kind !== 'user') throw unauthenticated();
  const u = await repo.getUser(tx, actor.id, forUpdate);
  if (!u) throw unauthenticated();
  return u;
}

export async function getMe(tx: Tx, actor: Actor): Promise<Me> {
  const u = await currentUser(tx, actor);
  const grants = await repo.grantsOfUsers(tx, [u.id]);
  const policies = await repo.listRolePolicies(tx);
  const required = new Set(policies.filter((p) => p.mfa_required).map((p) => p.role));
  const dept = u.department_id ? await repo.getDepartment(tx, u.department_id) : undefined;
  const permissions = new Set<string>();
  for (const g of actor.grants) for (const p of g.permissions) permissions.add(p);
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    departmentId: u.department_id,
    departmentName: dept?.name ?? null,
    mfaEnabled: u.totp_enabled_at !== null,
    mfaRequired: grants.some((g) => required.has(g.role)),
    permissions: [...permissions].sort(),
    grants: await Promise.all(
      grants
        .filter((g) => isRole(g.role) && permissionsOf(g.role))
        .map(async (g) => ({
          role: g.role,
          departmentId: g.department_id,
          departmentName: g.department_name,
          areaCode: g.area_code,
          areaName: g.area_code ? ((await divisionName(tx, g.area_code)) ?? null) : null,
        })),
    ),
  };
}

export async function changeOwnPassword(
  tx: Tx,
  config: Config,
  actor: Actor,
  sessionId: string | null,
  input: { currentPassword: string; newPassword: string },
) {
  const u = await currentUser(tx, actor, true);
  if (!(await verifyPassword(u.password_hash, input.currentPassword))) {
    throw new AppError('PASSWORD_WRONG', 400, { field: 'currentPassword' });
  }
  const problem = checkPassword(input.newPassword, config.password, u.username);
  if (problem)
    throw new AppError('PASSWORD_POLICY', 400, {
      field: 'newPassword',
      problem,
      minLength: config.password.minLength,
      minClasses: config.password.minClasses,
    });
  await repo.updateUser(tx, u.id, { password_hash: await hashPassword(input.newPassword) });
  // Other sessions end; the one that changed the password stays.
  await sessions.revokeUserSessions(tx, u.id, sessionId);
  await recordAudit(tx, actor, 'auth.password.change', { type: 'user', id: u.id }, {});
}

/** Step 1 of TOTP enrolment: a new secret, not active until a code from it is proven. */
export async function setupTotp(tx: Tx, actor: Actor) {
  const u = await currentUser(tx, actor, true);
  if (u.totp_enabled_at) throw new AppError('MFA_ALREADY_ENABLED', 409);
  const secret = newTotpSecret();
  await repo.updateUser(tx, u.id, { totp_secret: secret });
  await recordAudit(tx, actor, 'auth.totp.setup', { type: 'user', id: u.id }, {});
  return { secret, otpauthUrl: otpauthUrl(secret, u.username) };
}

export async function enableTotp(tx: Tx, actor: Actor, sessionId: string | null, code: string) {
  const u = await currentUser(tx, actor, true);
  if (u.totp_enabled_at) throw new AppError('MFA_ALREADY_ENABLED', 409);
  if (!u.totp_secret) throw new AppError('MFA_NOT_SET_UP', 409);
  const step = acceptTotp(u.totp_secret, u.totp_last_step, code);
  if (step === null) throw new AppError('MFA_CODE_INVALID', 400, { field: 'code' });
  await repo.updateUser(tx, u.id, { totp_enabled_at: new Date(), totp_last_step: step });
  const codes = Array.from({ length: 10 }, newRecoveryCode);
  await repo.replaceRecoveryCodes(
    tx,
    u.id,
    codes.map((c) => tokenDigest(normaliseRecoveryCode(c))),
  );
  // A session that was limited to enrolment becomes a full one.
  if (sessionId) await sessions.setSessionStage(tx, sessionId, 'active');
  await recordAudit(tx, actor, 'auth.totp.enable', { type: 'user', id: u.id }, {});
  return { recoveryCodes: codes };
}

export async function disableTotp(tx: Tx, actor: Actor, code: string) {
  const u = await currentUser(tx, actor, true);
  if (!u.totp_enabled_at || !u.totp_secret) throw new AppError('MFA_NOT_ENABLED', 409);
  if (acceptTotp(u.totp_secret, u.totp_last_step, code) === null)
    throw new AppError('MFA_CODE_INVALID', 400, { field: 'code' });
  const grants = await repo.grantsOfUsers(tx, [u.id]);
  const policies = await repo.listRolePolicies(tx);
  const required = new Set(policies.filter((p) => p.mfa_required).map((p) => p.role));
  if (grants.some((g) => required.has(g.role))) throw new AppError('MFA_REQUIRED_BY_ROLE', 409);
  await repo.updateUser(tx, u.id, { totp_enabled_at: null, totp_secret: null, totp_last_step: null });
  await repo.replaceRecoveryCodes(tx, u.id, []);
  await recordAudit(tx, actor, 'auth.totp.disable', { type: 'user', id: u.id }, {});
}
