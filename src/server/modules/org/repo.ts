// SQL for the org module's own tables: departments, users, grants, role policies. Functions that list take
// the caller's scope condition (built by scopeWhere) as an argument, so an unscoped list looks wrong at a glance.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';

export type DepartmentRow = {
  id: number;
  code: string;
  name: string;
  name_en: string | null;
  parent_id: number | null;
  path: string;
  kind: 'city' | 'bureau' | 'section' | 'centre' | 'district';
  area_code: string | null;
  sort: number;
  version: number;
};

const departmentColumns = [
  'id',
  'code',
  'name',
  'name_en',
  'parent_id',
  'path',
  'kind',
  'area_code',
  'sort',
  'version',
] as const;

/** The whole tree: parents before children, siblings in their sort order. */
export function listDepartments(tx: Tx) {
  return tx
    .selectFrom('departments as d')
    .select(departmentColumns.map((c) => `d.${c}` as const))
    .orderBy(sql`length(d.path) - length(replace(d.path, '/', ''))`)
    .orderBy('d.sort')
    .orderBy('d.id')
    .execute() as Promise<DepartmentRow[]>;
}

export function getDepartment(tx: Tx, id: number, forUpdate = false) {
  let q = tx.selectFrom('departments').select(departmentColumns).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst() as Promise<DepartmentRow | undefined>;
}

export function getDepartmentByCode(tx: Tx, code: string) {
  return tx.selectFrom('departments').select(departmentColumns).where('code', '=', code).executeTakeFirst() as Promise<
    DepartmentRow | undefined
  >;
}

export async function insertDepartment(
  tx: Tx,
  d: {
    code: string;
    name: string;
    name_en: string | null;
    parent: DepartmentRow | null;
    kind: DepartmentRow['kind'];
    area_code: string | null;
    sort?: number;
  },
): Promise<DepartmentRow> {
  // The path needs the new id: take it from the sequence first, then insert once.
  const { id } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('departments', 'id'))::int as id`
    .execute(tx)
    .then((r) => r.rows[0]);
  const path = `${d.parent ? d.parent.path : '/'}${id}/`;
  return tx
    .insertInto('departments')
    .values({
      id,
      code: d.code,
      name: d.name,
      name_en: d.name_en,
      parent_id: d.parent?.id ?? null,
      path,
      kind: d.kind,
      area_code: d.area_code,
      sort: d.sort ?? 0,
    })
    .returning(departmentColumns)
    .executeTakeFirstOrThrow() as Promise<DepartmentRow>;
}

export function updateDepartment(
  tx: Tx,
  id: number,
  expectedVersion: number,
  patch: Partial<Pick<DepartmentRow, 'name' | 'name_en' | 'kind' | 'area_code'>>,
) {
  return tx
    .updateTable('departments')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning(departmentColumns)
    .executeTakeFirst() as Promise<DepartmentRow | undefined>;
}

export function departmentsByIds(tx: Tx, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([] as DepartmentRow[]);
  return tx.selectFrom('departments').select(departmentColumns).where('id', 'in', ids).execute() as Promise<
    DepartmentRow[]
  >;
}

// ── users ────────────────────────────────────────────────────────────────────────────────────────────

export type UserRow = {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  department_id: number | null;
  phone: string | null;
  email: string | null;
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  version: number;
  created_at: Date;
};

const userColumns = [
  'id',
  'username',
  'display_name',
  'password_hash',
  'department_id',
  'phone',
  'email',
  'disabled',
  'failed_logins',
  'locked_until',
  'totp_secret',
  'totp_enabled_at',
  'totp_last_step',
  'version',
  'created_at',
] as const;

export function getUser(tx: Tx, id: number, forUpdate = false) {
  let q = tx.selectFrom('users').select(userColumns).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst() as Promise<UserRow | undefined>;
}

export function getUserByUsername(tx: Tx, username: string, forUpdate = false) {
  let q = tx.selectFrom('users').select(userColumns).where(sql`lower(username)`, '=', username.toLowerCase());
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst() as Promise<UserRow | undefined>;
}

export function insertUser(
  tx: Tx,
  u: {
    username: string;
    display_name: string;
    password_hash: string;
    department_id: number | null;
    phone: string | null;
    email: string | null;
  },
) {
  return tx.insertInto('users').values(u).returning(userColumns).executeTakeFirstOrThrow() as Promise<UserRow>;
}

export type UserPatch = Partial<{
  display_name: string;
  department_id: number | null;
  phone: string | null;
  email: string | null;
  disabled: boolean;
  password_hash: string;
  failed_logins: number;
  locked_until: Date | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
}>;

/** Updates a user; with expectedVersion the update only happens if nobody changed the row meanwhile. */
export function updateUser(tx: Tx, id: number, patch: UserPatch, expectedVersion?: number) {
  let q = tx
    .updateTable('users')
    .set({ ...patch, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id);
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
  return q.returning(userColumns).executeTakeFirst() as Promise<UserRow | undefined>;
}

/** The TOTP step just used, so the same code cannot log in twice. No version bump (as below). */
export function recordTotpStep(tx: Tx, id: number, step: number) {
  return tx.updateTable('users').set({ totp_last_step: step }).where('id', '=', id).execute();
}

/** Login bookkeeping must not bump the optimistic version an admin's edit form holds. */
export function recordLoginOutcome(tx: Tx, id: number, failedLogins: number, lockedUntil: Date | null) {
  return tx
    .updateTable('users')
    .set({ failed_logins: failedLogins, locked_until: lockedUntil })
    .where('id', '=', id)
    .execute();
}

export interface UserListFilter {
  q?: string;
  departmentId?: number;
  role?: string;
  afterId?: number;
  limit: number;
}

export function listUsers(
  tx: Tx,
  scope: (deptPath: Expression<string | null>) => Expression<SqlBool>,
  f: UserListFilter,
) {
  let q = tx
    .selectFrom('users as u')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .select(userColumns.map((c) => `u.${c}` as const))
    .select(['d.name as department_name'])
    .where((eb) => scope(eb.ref('d.path')));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('u.username', 'ilike', like), eb('u.display_name', 'ilike', like)]));
  }
  if (f.departmentId !== undefined) q = q.where('u.department_id', '=', f.departmentId);
  if (f.role) {
    const role = f.role;
    q = q.where((eb) =>
      eb.exists(
        eb.selectFrom('user_grants as g').select('g.id').whereRef('g.user_id', '=', 'u.id').where('g.role', '=', role),
      ),
    );
  }
  if (f.afterId !== undefined) q = q.where('u.id', '>', f.afterId);
  return q.orderBy('u.id').limit(f.limit).execute() as Promise<(UserRow & { department_name: string | null })[]>;
}

// ── grants and role policies ────────────────────────────────────────────────────────────────────────

export type GrantRow = {
  user_id: number;
  role: string;
  department_id: number | null;
  area_code: string | null;
  department_path: string | null;
  department_name: string | null;
};

export function grantsOfUsers(tx: Tx, userIds: number[]) {
  if (userIds.length === 0) return Promise.resolve([] as GrantRow[]);
  return tx
    .selectFrom('user_grants as g')
    .leftJoin('departments as d', 'd.id', 'g.department_id')
    .select([
      'g.user_id',
      'g.role',
      'g.department_id',
      'g.area_code',
      'd.path as department_path',
      'd.name as department_name',
    ])
    .where('g.user_id', 'in', userIds)
    .orderBy('g.id')
    .execute() as Promise<GrantRow[]>;
}

export async function replaceGrants(
  tx: Tx,
  userId: number,
  grants: { role: string; department_id: number | null; area_code: string | null }[],
) {
  await tx.deleteFrom('user_grants').where('user_id', '=', userId).execute();
  if (grants.length)
    await tx
      .insertInto('user_grants')
      .values(grants.map((g) => ({ ...g, user_id: userId })))
      .execute();
}

export function listRolePolicies(tx: Tx) {
  return tx.selectFrom('role_policies').select(['role', 'mfa_required']).execute();
}

export function upsertRolePolicy(tx: Tx, role: string, mfaRequired: boolean) {
  return tx
    .insertInto('role_policies')
    .values({ role, mfa_required: mfaRequired })
    .onConflict((oc) => oc.column('role').doUpdateSet({ mfa_required: mfaRequired, updated_at: sql`now()` }))
    .execute();
}

export async function hasDepartments(tx: Tx): Promise<boolean> {
  return (await tx.selectFrom('departments').select('id').limit(1).execute()).length > 0;
}

export function countUsers(tx: Tx) {
  return tx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

// ── recovery codes ──────────────────────────────────────────────────────────────────────────────────

export async function replaceRecoveryCodes(tx: Tx, userId: number, hashes: string[]) {
  await tx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (hashes.length)
    await tx
      .insertInto('recovery_codes')
      .values(hashes.map((code_hash) => ({ user_id: userId, code_hash })))
      .execute();
}

/** Marks one unused recovery code as used; false when there was none matching. */
export async function consumeRecoveryCode(tx: Tx, userId: number, hash: string): Promise<boolean> {
  const r = await tx
    .updateTable('recovery_codes')
    .set({ used_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
