// 用户: accounts, their scoped role grants, and what an administrator may do to them.
import type { Config } from '../../config.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { allowedActions, can, canSomewhere, scopeWhere } from '../../platform/auth/can.ts';
import { checkPassword, hashPassword } from '../../platform/auth/password.ts';
import { isRole } from '../../platform/auth/roles.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError, VersionConflictError, conflict, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { maskEmail, maskPhone } from '../../platform/privacy/mask.ts';
import { divisionExists, divisionName } from '../geo/service.ts';
import * as repo from './repo.ts';
import * as sessions from './session-repo.ts';

export interface GrantInput {
  role: string;
  departmentId?: number | null;
  areaCode?: string | null;
}

export interface GrantView {
  role: string;
  departmentId: number | null;
  departmentName: string | null;
  areaCode: string | null;
  areaName: string | null;
}

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  departmentId: number | null;
  departmentName: string | null;
  phone: string | null;
  email: string | null;
  disabled: boolean;
  mfaEnabled: boolean;
  lockedUntil: string | null;
  grants: GrantView[];
  version: number;
  allowedActions: string[];
}

const USER_ACTIONS = ['org.user.manage', 'org.user.revealContact'] as const;
export const USERNAME_PATTERN = '^[A-Za-z][A-Za-z0-9_.-]{2,31}$';

async function grantViews(tx: Tx, rows: repo.GrantRow[]): Promise<GrantView[]> {
  return Promise.all(
    rows.map(async (g) => ({
      role: g.role,
      departmentId: g.department_id,
      departmentName: g.department_name,
      areaCode: g.area_code,
      areaName: g.area_code ? ((await divisionName(tx, g.area_code)) ?? null) : null,
    })),
  );
}

async function present(
  tx: Tx,
  actor: Actor,
  u: repo.UserRow,
  departmentPath: string | null,
  departmentName: string | null,
  grants: repo.GrantRow[],
): Promise<UserView> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    departmentId: u.department_id,
    departmentName,
    // Contact details are personal information: masked here; revealContact shows them and is audited.
    phone: maskPhone(u.phone),
    email: maskEmail(u.email),
    disabled: u.disabled,
    mfaEnabled: u.totp_enabled_at !== null,
    lockedUntil: u.locked_until && u.locked_until > new Date() ? u.locked_until.toISOString() : null,
    grants: await grantViews(tx, grants),
    version: u.version,
    allowedActions: allowedActions(actor, USER_ACTIONS, { departmentPath }),
  };
}

async function departmentOf(tx: Tx, id: number | null) {
  if (id === null) return null;
  const d = await repo.getDepartment(tx, id);
  if (!d) throw new AppError('DEPARTMENT_NOT_FOUND', 400, { field: 'departmentId', id });
  return d;
}

export async function getUserView(tx: Tx, actor: Actor, id: number): Promise<UserView> {
  const u = await repo.getUser(tx, id);
  if (!u) throw notFound('USER', { id });
  const dept = await departmentOf(tx, u.department_id);
  can(actor, 'org.user.read', { departmentPath: dept?.path ?? null });
  return present(tx, actor, u, dept?.path ?? null, dept?.name ?? null, await repo.grantsOfUsers(tx, [u.id]));
}

export interface UserListQuery {
  q?: string;
  departmentId?: number;
  role?: string;
  limit?: number;
  cursor?: string;
}

export async function listUsers(
  tx: Tx,
  actor: Actor,
  query: UserListQuery,
): Promise<{ items: UserView[]; nextCursor: string | null }> {
  if (!canSomewhere(actor, 'org.user.read')) throw new ForbiddenError('org.user.read');
  const limit = query.limit ?? 50;
  let afterId: number | undefined;
  if (query.cursor !== undefined) {
    afterId = Number(Buffer.from(query.cursor, 'base64url').toString());
    if (!Number.isSafeInteger(afterId) || afterId < 0)
      throw new AppError('VALIDATION_FAILED', 400, { field: 'querystring.cursor', problem: 'is invalid' });
  }
  const rows = await repo.listUsers(tx, (path) => scopeWhere(actor, 'org.user.read', { departmentPath: path }), {
    q: query.q?.trim() || undefined,
    departmentId: query.departmentId,
    role: query.role,
    afterId,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const grants = await repo.grantsOfUsers(
    tx,
    page.map((u) => u.id),
  );
  const depts = await repo.departmentsByIds(tx, [
    ...new Set(page.map((u) => u.department_id).filter((x): x is number => x !== null)),
  ]);
  const pathOf = new Map(depts.map((d) => [d.id, d.path]));
  const items = await Promise.all(
    page.map((u) =>
      present(
        tx,
        actor,
        u,
        u.department_id ? (pathOf.get(u.department_id) ?? null) : null,
        u.department_name,
        grants.filter((g) => g.user_id === u.id),
      ),
    ),
  );
  const next = rows.length > limit ? Buffer.from(String(page.at(-1)!.id)).toString('base64url') : null;
  return { items, nextCursor: next };
}

/** Validates grants and checks the actor may hand each of them out: nobody grants beyond their own reach. */
async function resolveGrants(tx: Tx, actor: Actor, grants: GrantInput[]) {
  const out: { role: string; department_id: number | null; area_code: string | null }[] = [];
  for (const [i, g] of grants.entries()) {
    if (!isRole(g.role)) throw new AppError('ROLE_UNKNOWN', 400, { field: `grants[${i}].role`, role: g.role });
    const dept = g.departmentId ? await repo.getDepartment(tx, g.departmentId) : null;
    if (g.departmentId && !dept)
      throw new AppError('DEPARTMENT_NOT_FOUND', 400, { field: `grants[${i}].departmentId` });
    if (g.areaCode && !(await divisionExists(tx, g.areaCode))) {
      throw new AppError('AREA_UNKNOWN', 400, { field: `grants[${i}].areaCode`, areaCode: g.areaCode });
    }
    can(actor, 'org.user.manage', { departmentPath: dept?.path ?? null, areaCode: g.areaCode ?? null });
    out.push({ role: g.role, department_id: dept?.id ?? null, area_code: g.areaCode || null });
  }
  const keys = new Set(out.map((g) => `${g.role}|${g.department_id}|${g.area_code}`));
  if (keys.size !== out.length) throw new AppError('GRANT_DUPLICATE', 400, { field: 'grants' });
  return out;
}

function passwordProblem(config: Config, password: string, username: string, field: string) {
  const problem = checkPassword(password, config.password, username);
  if (problem) {
    throw new AppError('PASSWORD_POLICY', 400, {
      field,
      problem,
      minLength: config.password.minLength,
      minClasses: config.password.minClasses,
    });
  }
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  departmentId: number | null;
  phone?: string | null;
  email?: string | null;
  grants: GrantInput[];
}

export async function createUser(tx: Tx, config: Config, actor: Actor, input: CreateUserInput): Promise<UserView> {
  const dept = await departmentOf(tx, input.departmentId);
  can(actor, 'org.user.manage', { departmentPath: dept?.path ?? null });
  if (!new RegExp(USERNAME_PATTERN).test(input.username))
    throw new AppError('VALIDATION_FAILED', 400, { field: 'username', problem: 'pattern' });
  passwordProblem(config, input.password, input.username, 'password');
  if (await repo.getUserByUsername(tx, input.username)) throw conflict('USERNAME_TAKEN', { username: input.username });
  const grants = await resolveGrants(tx, actor, input.grants);
  const u = await repo.insertUser(tx, {
    username: input.username,
    display_name: input.displayName.trim(),
    password_hash: await hashPassword(input.password),
    department_id: dept?.id ?? null,
    phone: input.phone?.trim() || null,
    email: input.email?.trim() || null,
  });
  await repo.replaceGrants(tx, u.id, grants);
  await recordAudit(
    tx,
    actor,
    'org.user.create',
    { type: 'user', id: u.id },
    { username: u.username, departmentId: u.department_id, grants },
  );
  await emit(tx, { type: 'org.user.created', userId: u.id });
  return present(tx, actor, u, dept?.path ?? null, dept?.name ?? null, await repo.grantsOfUsers(tx, [u.id]));
}

export interface UpdateUserInput {
  displayName?: string;
  departmentId?: number | null;
  phone?: string | null;
  email?: string | null;
  disabled?: boolean;
  grants?: GrantInput[];
  version: number;
}

/** Loads a user for an administrative change and checks the actor manages the user's department. */
async function userForChange(tx: Tx, actor: Actor, id: number) {
  const current = await repo.getUser(tx, id, true);
  if (!current) throw notFound('USER', { id });
  const dept = await departmentOf(tx, current.department_id);
  can(actor, 'org.user.manage', { departmentPath: dept?.path ?? null });
  return { current, dept };
}

export async function updateUser(tx: Tx, actor: Actor, id: number, input: UpdateUserInput): Promise<UserView> {
  const { current } = await userForChange(tx, actor, id);
  if (current.version !== input.version) throw new VersionConflictError(current.version);
  let dept = await departmentOf(tx, current.department_id);
  if (input.departmentId !== undefined && input.departmentId !== current.department_id) {
    dept = await departmentOf(tx, input.departmentId);
    can(actor, 'org.user.manage', { departmentPath: dept?.path ?? null });
  }
  if (input.disabled === true && actor.kind === 'user' && actor.id === id)
    throw new AppError('CANNOT_DISABLE_SELF', 400, { field: 'disabled' });
  const patch: repo.UserPatch = {};
  if (input.displayName !== undefined) patch.display_name = input.displayName.trim();
  if (input.departmentId !== undefined) patch.department_id = input.departmentId;
  if (input.phone !== undefined) patch.phone = input.phone?.trim() || null;
  if (input.email !== undefined) patch.email = input.email?.trim() || null;
  if (input.disabled !== undefined) patch.disabled = input.disabled;
  const saved = await repo.updateUser(tx, id, patch, input.version);
  if (!saved) throw new VersionConflictError(current.version);
  const summary: Record<string, unknown> = {};
  for (const k of Object.keys(patch) as (keyof repo.UserPatch)[]) {
    // Contact details are personal information: the audit notes that they changed, not their values.
    summary[k] = k === 'phone' || k === 'email' ? 'changed' : { from: current[k as keyof repo.UserRow], to: patch[k] };
  }
  if (input.grants !== undefined) {
    const before = await repo.grantsOfUsers(tx, [id]);
    for (const g of before) can(actor, 'org.user.manage', { departmentPath: g.department_path, areaCode: g.area_code });
    const grants = await resolveGrants(tx, actor, input.grants);
    await repo.replaceGrants(tx, id, grants);
    summary.grants = {
      from: before.map((g) => ({ role: g.role, department_id: g.department_id, area_code: g.area_code })),
      to: grants,
    };
  }
  if (input.disabled === true && !current.disabled) await sessions.revokeUserSessions(tx, id);
  await recordAudit(
    tx,
    actor,
    input.disabled === true && !current.disabled ? 'org.user.disable' : 'org.user.update',
    { type: 'user', id },
    summary,
  );
  await emit(tx, { type: 'org.user.updated', userId: id });
  return present(tx, actor, saved, dept?.path ?? null, dept?.name ?? null, await repo.grantsOfUsers(tx, [id]));
}

export async function resetPassword(tx: Tx, config: Config, actor: Actor, id: number, password: string): Promise<void> {
  const { current } = await userForChange(tx, actor, id);
  passwordProblem(config, password, current.username, 'password');
  await repo.updateUser(tx, id, { password_hash: await hashPassword(password), failed_logins: 0, locked_until: null });
  await sessions.revokeUserSessions(tx, id);
  await recordAudit(tx, actor, 'org.user.reset_password', { type: 'user', id }, {});
}

export async function unlockUser(tx: Tx, actor: Actor, id: number): Promise<void> {
  await userForChange(tx, actor, id);
  await repo.recordLoginOutcome(tx, id, 0, null);
  await recordAudit(tx, actor, 'org.user.unlock', { type: 'user', id }, {});
}

/** 查看联系方式: the unmasked phone and e-mail, for roles that need them; every reveal is audited. */
export async function revealContact(
  tx: Tx,
  actor: Actor,
  id: number,
): Promise<{ phone: string | null; email: string | null }> {
  const u = await repo.getUser(tx, id);
  if (!u) throw notFound('USER', { id });
  const dept = await departmentOf(tx, u.department_id);
  can(actor, 'org.user.revealContact', { departmentPath: dept?.path ?? null });
  await recordAudit(tx, actor, 'org.user.reveal_contact', { type: 'user', id }, { fields: ['phone', 'email'] });
  return { phone: u.phone, email: u.email };
}
