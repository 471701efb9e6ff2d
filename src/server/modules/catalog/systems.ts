// 信息系统登记 (摸清家底): every department information system — owner, purpose, users, hosting, network, status
// and the data resources it holds. Readable city-wide by catalog readers; edited by stewards of the owner.
import type { Actor } from '../../platform/auth/actor.ts';
import { allows, can } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, VersionConflictError, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { type CatalogAccess, canSeeResource, catalogAccess } from './catalog-access.ts';
import { resolveDepartment } from './department-directory.ts';
import { decodeCursor, encodeCursor, isSafeInt } from './page-cursor.ts';
import { resourcesByCodes, resourcesByIds } from './resource-repo.ts';
import * as repo from './system-repo.ts';
import { requiredText } from './text-input.ts';

export interface SystemInput {
  name: string;
  ownerDepartmentId?: number | null;
  purpose: string;
  users: string;
  hosting: string;
  network: repo.SystemRow['network'];
  status: repo.SystemRow['status'];
  resourceCodes?: string[];
}

export interface SystemView {
  id: number;
  name: string;
  ownerDepartmentId: number;
  ownerCode: string | null;
  ownerName: string | null;
  purpose: string;
  users: string;
  hosting: string;
  network: repo.SystemRow['network'];
  status: repo.SystemRow['status'];
  resources: { code: string; name: string }[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  allowedActions: string[];
}

/** Systems with the resources they hold; resources the caller may not see (others' drafts) are left out. */
async function presentSystems(tx: Tx, a: CatalogAccess, rows: repo.SystemRow[]): Promise<SystemView[]> {
  const links = await repo.resourceLinksOf(
    tx,
    rows.map((s) => s.id),
  );
  const resources = new Map(
    (
      await resourcesByIds(
        tx,
        links.map((l) => l.resource_id),
      )
    ).map((r) => [r.id, r]),
  );
  return rows.map((s) => {
    const owner = a.dir.byId.get(s.owner_department_id);
    const held = links
      .filter((l) => l.system_id === s.id)
      .map((l) => resources.get(l.resource_id))
      .filter((r) => r !== undefined && canSeeResource(a, r))
      .map((r) => ({ code: r!.code, name: r!.name }))
      .sort((x, y) => x.code.localeCompare(y.code));
    return {
      id: s.id,
      name: s.name,
      ownerDepartmentId: s.owner_department_id,
      ownerCode: owner?.code ?? null,
      ownerName: owner?.name ?? null,
      purpose: s.purpose,
      users: s.users,
      hosting: s.hosting,
      network: s.network,
      status: s.status,
      resources: held,
      createdBy: s.created_by,
      createdAt: s.created_at.toISOString(),
      updatedAt: s.updated_at.toISOString(),
      version: s.version,
      allowedActions: allows(a.actor, 'catalog.system.manage', { departmentPath: s.owner_path })
        ? ['update', 'delete']
        : [],
    };
  });
}

async function resolveResources(tx: Tx, a: CatalogAccess, codes: string[]): Promise<number[]> {
  const found = new Map((await resourcesByCodes(tx, codes)).map((r) => [r.code, r]));
  return codes.map((code, i) => {
    const r = found.get(code);
    if (!r || !canSeeResource(a, r))
      throw new AppError('SYSTEM_RESOURCE_UNKNOWN', 400, { field: `resourceCodes[${i}]`, code });
    return r.id;
  });
}

function textColumns(input: Partial<SystemInput>) {
  const out: Partial<Pick<repo.SystemFields, 'name' | 'purpose' | 'users' | 'hosting'>> = {};
  for (const k of ['name', 'purpose', 'users', 'hosting'] as const)
    if (input[k] !== undefined) out[k] = requiredText(input[k], k);
  return out;
}

export async function createSystem(tx: Tx, actor: Actor, input: SystemInput): Promise<SystemView> {
  const a = await catalogAccess(tx, actor, 'catalog.system.manage');
  const owner = resolveDepartment(a.dir, actor, 'catalog.system.manage', input.ownerDepartmentId, 'ownerDepartmentId');
  can(actor, 'catalog.system.manage', { departmentPath: owner.path });
  const resourceIds = await resolveResources(tx, a, input.resourceCodes ?? []);
  const s = await repo.insertSystem(tx, {
    ...(textColumns(input) as Pick<repo.SystemFields, 'name' | 'purpose' | 'users' | 'hosting'>),
    owner_department_id: owner.id,
    owner_path: owner.path,
    network: input.network,
    status: input.status,
    created_by: actor.name,
  });
  await repo.replaceSystemResources(tx, s.id, resourceIds);
  await recordAudit(
    tx,
    actor,
    'catalog.system.create',
    { type: 'system', id: s.id },
    { name: s.name, owner: owner.code },
  );
  await emit(tx, { type: 'catalog.system.created', systemId: s.id });
  return (await presentSystems(tx, a, [s]))[0];
}

async function systemForChange(tx: Tx, a: CatalogAccess, id: number, version: number) {
  const current = await repo.getSystem(tx, id, true);
  if (!current) throw notFound('SYSTEM', { id });
  can(a.actor, 'catalog.system.manage', { departmentPath: current.owner_path });
  if (current.version !== version) throw new VersionConflictError(current.version);
  return current;
}

/** Edits a system; `resourceCodes`, when given, replace the list. The owner does not change. */
export async function updateSystem(
  tx: Tx,
  actor: Actor,
  id: number,
  input: Partial<Omit<SystemInput, 'ownerDepartmentId'>> & { version: number },
): Promise<SystemView> {
  const a = await catalogAccess(tx, actor, 'catalog.system.manage');
  const current = await systemForChange(tx, a, id, input.version);
  const patch: Partial<repo.SystemFields> = textColumns(input);
  if (input.network !== undefined) patch.network = input.network;
  if (input.status !== undefined) patch.status = input.status;
  const resourceIds =
    input.resourceCodes === undefined ? undefined : await resolveResources(tx, a, input.resourceCodes);
  const saved = await repo.updateSystem(tx, id, input.version, patch);
  if (!saved) throw new VersionConflictError(current.version);
  if (resourceIds) await repo.replaceSystemResources(tx, id, resourceIds);
  const fields = [...Object.keys(patch), ...(resourceIds ? ['resourceCodes'] : [])];
  await recordAudit(tx, actor, 'catalog.system.update', { type: 'system', id }, { fields });
  await emit(tx, { type: 'catalog.system.updated', systemId: id });
  return (await presentSystems(tx, a, [saved]))[0];
}

/** Removes a system registered by mistake (a system that stopped is `retired`, not deleted). */
export async function deleteSystem(tx: Tx, actor: Actor, id: number, version: number): Promise<void> {
  const a = await catalogAccess(tx, actor, 'catalog.system.manage');
  const current = await systemForChange(tx, a, id, version);
  if (!(await repo.deleteSystem(tx, id, version))) throw new VersionConflictError(current.version);
  await recordAudit(tx, actor, 'catalog.system.delete', { type: 'system', id }, { name: current.name });
  await emit(tx, { type: 'catalog.system.deleted', systemId: id });
}

export async function getSystem(tx: Tx, actor: Actor, id: number): Promise<SystemView> {
  const a = await catalogAccess(tx, actor, 'catalog.read');
  const s = await repo.getSystem(tx, id);
  if (!s) throw notFound('SYSTEM', { id });
  return (await presentSystems(tx, a, [s]))[0];
}

export interface SystemQuery {
  q?: string;
  departmentId?: number;
  network?: repo.SystemRow['network'];
  status?: repo.SystemRow['status'];
  limit?: number;
  cursor?: string;
}

export async function listSystems(
  tx: Tx,
  actor: Actor,
  query: SystemQuery,
): Promise<{ items: SystemView[]; nextCursor: string | null }> {
  const a = await catalogAccess(tx, actor, 'catalog.read');
  const limit = query.limit ?? 50;
  const rows = await repo.listSystems(tx, {
    q: query.q?.trim() || undefined,
    departmentId: query.departmentId,
    network: query.network,
    status: query.status,
    afterId: query.cursor === undefined ? undefined : decodeCursor(query.cursor, isSafeInt),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    items: await presentSystems(tx, a, page),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.id) : null,
  };
}

export const SYSTEM_EXPORT_LIMIT = 10_000;

/** Every system matching the filters, for the export file; the export itself is audited. */
export async function systemsForExport(
  tx: Tx,
  actor: Actor,
  query: Omit<SystemQuery, 'limit' | 'cursor'>,
): Promise<SystemView[]> {
  const a = await catalogAccess(tx, actor, 'catalog.read');
  const rows = await repo.listSystems(tx, {
    q: query.q?.trim() || undefined,
    departmentId: query.departmentId,
    network: query.network,
    status: query.status,
    limit: SYSTEM_EXPORT_LIMIT + 1,
  });
  if (rows.length > SYSTEM_EXPORT_LIMIT)
    throw new AppError('CATALOG_EXPORT_TOO_LARGE', 400, { limit: SYSTEM_EXPORT_LIMIT });
  await recordAudit(
    tx,
    actor,
    'catalog.system.export',
    { type: 'system', id: null },
    { rows: rows.length, filters: query },
  );
  return presentSystems(tx, a, rows);
}
