// Who works where, for other modules that must reach people (notify: the handlers of a case's department, the
// dispatchers of the centre). Ids only — names come from user-summaries.ts, contact details from nowhere.
import { sql } from 'kysely';
import { permissionsOf, ROLES } from '../../platform/auth/roles.ts';
import type { Tx } from '../../platform/db/tx.ts';

/** Active users holding `permission` through a grant scoped to one of `departmentIds` or a unit below it.
 * City-wide grants (no department, e.g. admin) do not count: they reach everything and would be told of every
 * case. Area-only grants (grid workers) do not count either. */
export async function usersWithPermissionInDepartments(
  tx: Tx,
  permission: string,
  departmentIds: readonly number[],
): Promise<number[]> {
  const roles = ROLES.filter((r) => permissionsOf(r).has(permission));
  const ids = [...new Set(departmentIds)].filter((d) => Number.isSafeInteger(d));
  if (roles.length === 0 || ids.length === 0) return [];
  const { rows } = await sql<{ id: number }>`
    select distinct u.id from user_grants g
      join users u on u.id = g.user_id and not u.disabled
      join departments gd on gd.id = g.department_id
      join departments root on root.id in (${sql.join(ids)})
     where g.role in (${sql.join(roles)}) and gd.path like root.path || '%'
     order by u.id`.execute(tx);
  return rows.map((r) => Number(r.id));
}

/** The id of a department by its code (e.g. the 12345 centre C12345), or null. */
export async function departmentIdByCode(tx: Tx, code: string): Promise<number | null> {
  const row = await tx.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirst();
  return row?.id ?? null;
}

/** Department names by id (the public face of a department: what a citizen may see on their case). */
export async function departmentNames(
  tx: Tx,
  ids: readonly number[],
): Promise<Map<number, { name: string; nameEn: string | null }>> {
  const unique = [...new Set(ids)].filter((d) => Number.isSafeInteger(d));
  if (unique.length === 0) return new Map();
  const rows = await tx.selectFrom('departments').select(['id', 'name', 'name_en']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, nameEn: r.name_en }]));
}
