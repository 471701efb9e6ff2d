// Departments as the catalog sees them: read through the org module's service, never its tables. The org chart
// is a directory, not a secret (org shows the whole tree to whoever reads departments), so the catalog reads it
// as the system; what the caller may do to a department's resources is still decided by can() on its path.
import { type Actor, SYSTEM_ACTOR, type ScopedResource } from '../../platform/auth/actor.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { listDepartments } from '../org/departments.ts';

export interface DirectoryEntry {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  path: string;
}

export interface DepartmentDirectory {
  byId: ReadonlyMap<number, DirectoryEntry>;
  byCode: ReadonlyMap<string, DirectoryEntry>;
}

export async function loadDirectory(tx: Tx): Promise<DepartmentDirectory> {
  const all = await listDepartments(tx, SYSTEM_ACTOR);
  const entries = all.map((d) => ({ id: d.id, code: d.code, name: d.name, nameEn: d.nameEn, path: d.path }));
  return { byId: new Map(entries.map((d) => [d.id, d])), byCode: new Map(entries.map((d) => [d.code, d])) };
}

/**
 * The data office (数据主管部门: 大数据管理局) reviews resources for publication, keeps the data element standard
 * and answers demands. Those permissions are checked against the office's own department: a grant reaches them
 * when its scope includes that department (a city-wide admin, or a steward scoped to DSJJ), and a steward
 * scoped to any other department does not. Without a DSJJ department only city-wide grants reach them.
 */
export const DATA_OFFICE_CODE = 'DSJJ';

export function dataOfficeScope(dir: DepartmentDirectory): ScopedResource {
  return { departmentPath: dir.byCode.get(DATA_OFFICE_CODE)?.path ?? null };
}

/** The department a caller acts for when a request names none: that of their first grant carrying `action`. */
export function defaultDepartmentId(actor: Actor, action: string): number | null {
  return actor.grants.find((g) => g.permissions.has(action) && g.departmentId !== null)?.departmentId ?? null;
}

/** The department a request names (or the caller's own); 400 naming `field` when there is none or it is unknown. */
export function resolveDepartment(
  dir: DepartmentDirectory,
  actor: Actor,
  action: string,
  requested: number | null | undefined,
  field: string,
): DirectoryEntry {
  const id = requested ?? defaultDepartmentId(actor, action);
  if (id === null) throw new AppError('CATALOG_DEPARTMENT_REQUIRED', 400, { field });
  const d = dir.byId.get(id);
  if (!d) throw new AppError('DEPARTMENT_NOT_FOUND', 400, { field, id });
  return d;
}
