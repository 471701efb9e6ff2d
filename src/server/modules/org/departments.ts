// 部门: the department tree. A department's subtree is what department-scoped grants reach.
import type { Actor } from '../../platform/auth/actor.ts';
import { allowedActions, can, canSomewhere } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError, VersionConflictError, conflict, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { divisionExists } from '../geo/service.ts';
import * as repo from './repo.ts';

export type DepartmentKind = repo.DepartmentRow['kind'];

export interface Department {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  parentId: number | null;
  path: string;
  kind: DepartmentKind;
  areaCode: string | null;
  version: number;
  allowedActions: string[];
}

const ACTIONS = ['org.department.manage'] as const;

export function presentDepartment(actor: Actor, d: repo.DepartmentRow): Department {
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    nameEn: d.name_en,
    parentId: d.parent_id,
    path: d.path,
    kind: d.kind,
    areaCode: d.area_code,
    version: d.version,
    allowedActions: allowedActions(actor, ACTIONS, { departmentPath: d.path }),
  };
}

/** The org chart is a directory, not a secret: whoever holds org.department.read sees the whole tree (a
 * street-scoped grid worker must be able to pick the 城管局 to hand a case to). Managing stays scoped. */
export async function listDepartments(tx: Tx, actor: Actor): Promise<Department[]> {
  if (!canSomewhere(actor, 'org.department.read')) throw new ForbiddenError('org.department.read');
  const rows = await repo.listDepartments(tx);
  return rows.map((d) => presentDepartment(actor, d));
}

async function checkArea(tx: Tx, areaCode: string | null | undefined) {
  if (areaCode && !(await divisionExists(tx, areaCode))) {
    throw new AppError('AREA_UNKNOWN', 400, { field: 'areaCode', areaCode });
  }
}

export interface CreateDepartmentInput {
  code: string;
  name: string;
  nameEn?: string | null;
  parentId: number;
  kind: DepartmentKind;
  areaCode?: string | null;
}

export async function createDepartment(tx: Tx, actor: Actor, input: CreateDepartmentInput): Promise<Department> {
  const parent = await repo.getDepartment(tx, input.parentId);
  if (!parent) throw new AppError('DEPARTMENT_PARENT_NOT_FOUND', 400, { field: 'parentId' });
  can(actor, 'org.department.manage', { departmentPath: parent.path });
  if (await repo.getDepartmentByCode(tx, input.code)) throw conflict('DEPARTMENT_CODE_TAKEN', { code: input.code });
  await checkArea(tx, input.areaCode);
  const d = await repo.insertDepartment(tx, {
    code: input.code,
    name: input.name.trim(),
    name_en: input.nameEn?.trim() || null,
    parent,
    kind: input.kind,
    area_code: input.areaCode || null,
  });
  await recordAudit(
    tx,
    actor,
    'org.department.create',
    { type: 'department', id: d.id },
    { code: d.code, name: d.name, parentId: parent.id },
  );
  await emit(tx, { type: 'org.department.created', departmentId: d.id });
  return presentDepartment(actor, d);
}

export interface UpdateDepartmentInput {
  name?: string;
  nameEn?: string | null;
  kind?: DepartmentKind;
  areaCode?: string | null;
  version: number;
}

export async function updateDepartment(
  tx: Tx,
  actor: Actor,
  id: number,
  input: UpdateDepartmentInput,
): Promise<Department> {
  const current = await repo.getDepartment(tx, id, true);
  if (!current) throw notFound('DEPARTMENT', { id });
  can(actor, 'org.department.manage', { departmentPath: current.path });
  if (current.version !== input.version) throw new VersionConflictError(current.version);
  await checkArea(tx, input.areaCode);
  const patch: Parameters<typeof repo.updateDepartment>[3] = {};
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.nameEn !== undefined) patch.name_en = input.nameEn?.trim() || null;
  if (input.kind !== undefined) patch.kind = input.kind;
  if (input.areaCode !== undefined) patch.area_code = input.areaCode || null;
  const saved = await repo.updateDepartment(tx, id, input.version, patch);
  if (!saved) throw new VersionConflictError(current.version);
  const changes = Object.fromEntries(
    Object.entries(patch).map(([k, v]) => [k, { from: current[k as keyof repo.DepartmentRow], to: v }]),
  );
  await recordAudit(tx, actor, 'org.department.update', { type: 'department', id }, changes);
  await emit(tx, { type: 'org.department.updated', departmentId: id });
  return presentDepartment(actor, saved);
}

/** What other modules may know about a department without a permission of their own (the caller's action was
 * checked): id, code, name and its materialised path (for scoped parties, e.g. a case's centre). */
export interface DepartmentRef {
  id: number;
  code: string;
  name: string;
  path: string;
}

const refOf = (d: repo.DepartmentRow): DepartmentRef => ({ id: d.id, code: d.code, name: d.name, path: d.path });

export async function departmentRefByCode(tx: Tx, code: string): Promise<DepartmentRef | undefined> {
  const d = await repo.getDepartmentByCode(tx, code);
  return d ? refOf(d) : undefined;
}

export async function departmentRefs(tx: Tx, ids: readonly number[]): Promise<Map<number, DepartmentRef>> {
  const rows = await repo.departmentsByIds(tx, [...new Set(ids)]);
  return new Map(rows.map((d) => [d.id, refOf(d)]));
}
