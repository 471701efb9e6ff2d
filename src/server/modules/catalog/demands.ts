// 需求清单: a department posts the data it needs; the catalog suggests published resources that may meet it;
// the data office closes each demand as matched (naming the resources) or closed (with a note). Open demands
// are visible to every catalog reader, so unmet needs are in plain sight.
import type { Actor } from '../../platform/auth/actor.ts';
import { allows, can } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, VersionConflictError, conflict, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { type CatalogAccess, catalogAccess } from './catalog-access.ts';
import * as repo from './demand-repo.ts';
import { resolveDepartment } from './department-directory.ts';
import { decodeCursor, encodeCursor, isSafeInt } from './page-cursor.ts';
import { resourcesByCodes, suggestResources } from './resource-repo.ts';
import { optionalText, requiredText } from './text-input.ts';

export interface DemandView {
  id: number;
  requestingDepartmentId: number;
  requestingDepartmentName: string | null;
  title: string;
  description: string;
  wantedFields: string[];
  status: repo.DemandRow['status'];
  matchedCodes: string[];
  closeNote: string | null;
  closedBy: string | null;
  closedAt: string | null;
  createdBy: string;
  createdAt: string;
  version: number;
  allowedActions: string[];
}

function present(a: CatalogAccess, d: repo.DemandRow): DemandView {
  return {
    id: d.id,
    requestingDepartmentId: d.requesting_department_id,
    requestingDepartmentName: a.dir.byId.get(d.requesting_department_id)?.name ?? null,
    title: d.title,
    description: d.description,
    wantedFields: d.wanted_fields,
    status: d.status,
    matchedCodes: d.matched_codes,
    closeNote: d.close_note,
    closedBy: d.closed_by,
    closedAt: d.closed_at ? d.closed_at.toISOString() : null,
    createdBy: d.created_by,
    createdAt: d.created_at.toISOString(),
    version: d.version,
    allowedActions: d.status === 'open' && allows(a.actor, 'catalog.demand.manage', a.office) ? ['close'] : [],
  };
}

export interface CreateDemandInput {
  title: string;
  description?: string;
  wantedFields?: string[];
  /** By default the caller's own department (their first grant that may post demands). */
  requestingDepartmentId?: number | null;
}

export async function createDemand(tx: Tx, actor: Actor, input: CreateDemandInput): Promise<DemandView> {
  const a = await catalogAccess(tx, actor, 'catalog.demand.create');
  const dept = resolveDepartment(
    a.dir,
    actor,
    'catalog.demand.create',
    input.requestingDepartmentId,
    'requestingDepartmentId',
  );
  can(actor, 'catalog.demand.create', { departmentPath: dept.path });
  const fields = [...new Set((input.wantedFields ?? []).map((f) => f.trim()).filter(Boolean))];
  const d = await repo.insertDemand(tx, {
    requesting_department_id: dept.id,
    requesting_path: dept.path,
    title: requiredText(input.title, 'title'),
    description: optionalText(input.description) ?? '',
    wanted_fields: fields,
    created_by: actor.name,
  });
  await recordAudit(tx, actor, 'catalog.demand.create', { type: 'demand', id: d.id }, { department: dept.code });
  await emit(tx, { type: 'catalog.demand.created', demandId: d.id, departmentId: dept.id });
  return present(a, d);
}

export interface DemandQuery {
  status?: repo.DemandRow['status'];
  departmentId?: number;
  q?: string;
  limit?: number;
  cursor?: string;
}

export async function listDemands(
  tx: Tx,
  actor: Actor,
  query: DemandQuery,
): Promise<{ items: DemandView[]; nextCursor: string | null }> {
  const a = await catalogAccess(tx, actor, 'catalog.read');
  const limit = query.limit ?? 50;
  const rows = await repo.listDemands(tx, {
    status: query.status,
    departmentId: query.departmentId,
    q: query.q?.trim() || undefined,
    beforeId: query.cursor === undefined ? undefined : decodeCursor(query.cursor, isSafeInt),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((d) => present(a, d)),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.id) : null,
  };
}

export interface Suggestion {
  code: string;
  name: string;
  providerDepartmentId: number;
  providerName: string | null;
  shareType: string;
  score: number;
  matchedFields: string[];
}

/** Below this a "suggestion" is noise: trigram overlap of unrelated Chinese texts stays under it. */
const MIN_SCORE = 0.1;

export async function suggestForDemand(
  tx: Tx,
  actor: Actor,
  id: number,
  limit = 10,
): Promise<{ demandId: number; items: Suggestion[] }> {
  const a = await catalogAccess(tx, actor, 'catalog.read');
  const d = await repo.getDemand(tx, id);
  if (!d) throw notFound('DEMAND', { id });
  const rows = await suggestResources(
    tx,
    { title: d.title, text: `${d.title} ${d.description}`, fields: d.wanted_fields },
    MIN_SCORE,
    limit,
  );
  return {
    demandId: d.id,
    items: rows.map((r) => ({
      code: r.code,
      name: r.name,
      providerDepartmentId: r.provider_department_id,
      providerName: a.dir.byId.get(r.provider_department_id)?.name ?? null,
      shareType: r.share_type,
      score: r.score,
      matchedFields: r.matched_fields,
    })),
  };
}

export interface CloseDemandInput {
  version: number;
  /** Published resources that meet the demand: the demand becomes `matched`; none given, it is `closed`. */
  matchedResourceCodes?: string[];
  note?: string | null;
}

export async function closeDemand(tx: Tx, actor: Actor, id: number, input: CloseDemandInput): Promise<DemandView> {
  const a = await catalogAccess(tx, actor, 'catalog.demand.manage');
  can(actor, 'catalog.demand.manage', a.office);
  const current = await repo.getDemand(tx, id, true);
  if (!current) throw notFound('DEMAND', { id });
  if (current.version !== input.version) throw new VersionConflictError(current.version);
  if (current.status !== 'open') throw conflict('DEMAND_NOT_OPEN', { status: current.status });
  const requested = input.matchedResourceCodes ?? [];
  const published = new Set(
    (await resourcesByCodes(tx, requested)).filter((r) => r.status === 'published').map((r) => r.code),
  );
  requested.forEach((code, i) => {
    if (!published.has(code))
      throw new AppError('DEMAND_RESOURCE_UNKNOWN', 400, { field: `matchedResourceCodes[${i}]`, code });
  });
  const codes = [...new Set(requested)];
  const note = optionalText(input.note);
  if (codes.length === 0 && !note)
    throw new AppError('VALIDATION_FAILED', 400, { field: 'note', problem: 'is required when no resource matches' });
  const status = codes.length > 0 ? 'matched' : 'closed';
  const saved = await repo.closeDemand(tx, id, input.version, {
    status,
    matched_codes: codes,
    close_note: note,
    closed_by: actor.name,
  });
  if (!saved) throw new VersionConflictError(current.version);
  await recordAudit(tx, actor, 'catalog.demand.close', { type: 'demand', id }, { status, matched: codes });
  await emit(tx, { type: `catalog.demand.${status}`, demandId: id, departmentId: saved.requesting_department_id });
  return present(a, saved);
}
