// 政务信息资源目录: registering a resource (draft), editing the draft, and taking it through review to
// publication and deprecation. Every step is one transaction with its audit record and outbox event.
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError, VersionConflictError, notFound } from '../../platform/errors.ts';
import { chinaDate } from '../../platform/identifiers/date.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { type CatalogAccess, canSeeResource, catalogAccess } from './catalog-access.ts';
import { resolveDepartment } from './department-directory.ts';
import { type ResourceContent, checkComplete, checkContent, contentOf } from './resource-content.ts';
import { ACTION_PERMISSIONS, type ResourceAction, transition } from './resource-lifecycle.ts';
import * as repo from './resource-repo.ts';
import { type ResourceView, mayAct, presentResource } from './resource-view.ts';

export interface CreateResourceInput extends ResourceContent {
  /** 类/项/目/细目: 1 digit 类 (1 基础, 2 主题, 3 部门) + 2 项 + 3 目 [+ 3 细目]. */
  classification: string;
  kind: repo.ResourceRow['kind'];
  /** The providing department; by default the caller's own (their first grant that may edit resources). */
  providerDepartmentId?: number | null;
}

export type UpdateResourceInput = Partial<ResourceContent> & { version: number };

const KIND_DIGIT: Record<repo.ResourceRow['kind'], string> = { base: '1', theme: '2', department: '3' };

export async function createResource(tx: Tx, actor: Actor, input: CreateResourceInput): Promise<ResourceView> {
  const a = await catalogAccess(tx, actor, 'catalog.resource.edit');
  const provider = resolveDepartment(
    a.dir,
    actor,
    'catalog.resource.edit',
    input.providerDepartmentId,
    'providerDepartmentId',
  );
  can(actor, 'catalog.resource.edit', { departmentPath: provider.path });
  if (input.classification[0] !== KIND_DIGIT[input.kind])
    throw new AppError('RESOURCE_CLASSIFICATION_KIND', 400, {
      field: 'classification',
      kind: input.kind,
      expected: KIND_DIGIT[input.kind],
    });
  const { columns, items } = await checkContent(tx, a, input);
  const code = await repo.nextResourceCode(tx, input.classification);
  const r = await repo.insertResource(tx, code, {
    ...columns,
    classification: input.classification,
    kind: input.kind,
    provider_department_id: provider.id,
    provider_path: provider.path,
    status: 'draft',
    status_note: null,
    reviewed_by: null,
    created_by: actor.name,
  });
  await repo.replaceItems(tx, r.id, items);
  await recordAudit(
    tx,
    actor,
    'catalog.resource.create',
    { type: 'resource', id: code },
    { name: r.name, provider: provider.code },
  );
  await emit(tx, { type: 'catalog.resource.created', code, providerDepartmentId: provider.id });
  return presentResource(tx, a, r);
}

/** A resource the caller may see, locked for the change; 404 when it does not exist or is someone else's draft. */
async function visibleForUpdate(tx: Tx, a: CatalogAccess, code: string) {
  const r = await repo.getResource(tx, code, true);
  // The office saw it while submitted and a colleague returned it meanwhile: it changed, it did not vanish.
  if (r && !canSeeResource(a, r) && a.canReview && r.submitted_at !== null) throw new VersionConflictError(r.version);
  if (!r || !canSeeResource(a, r)) throw notFound('RESOURCE', { code });
  return r;
}

function checkMayAct(a: CatalogAccess, r: repo.ResourceRow, action: ResourceAction) {
  if (!mayAct(a, r, action)) throw new ForbiddenError(ACTION_PERMISSIONS[action][0]);
}

export async function getResource(tx: Tx, actor: Actor, code: string): Promise<ResourceView> {
  const a = await catalogAccess(tx, actor, 'catalog.read');
  const r = await repo.getResource(tx, code);
  if (!r || !canSeeResource(a, r)) throw notFound('RESOURCE', { code });
  return presentResource(tx, a, r);
}

/** Edits a draft; `items`, when given, replace the whole list. */
export async function updateResource(
  tx: Tx,
  actor: Actor,
  code: string,
  input: UpdateResourceInput,
): Promise<ResourceView> {
  const a = await catalogAccess(tx, actor, 'catalog.resource.edit');
  const current = await visibleForUpdate(tx, a, code);
  checkMayAct(a, current, 'update');
  if (current.version !== input.version) throw new VersionConflictError(current.version);
  transition(current.status, 'update');
  const items = await repo.itemsOf(tx, [current.id]);
  const { version: _, ...patch } = input;
  const merged = { ...contentOf(current, items), ...patch };
  const checked = await checkContent(tx, a, merged, code);
  const saved = await repo.updateResource(tx, current.id, input.version, checked.columns);
  if (!saved) throw new VersionConflictError(current.version);
  if (input.items !== undefined) await repo.replaceItems(tx, current.id, checked.items);
  await recordAudit(
    tx,
    actor,
    'catalog.resource.update',
    { type: 'resource', id: code },
    { fields: Object.keys(patch), version: saved.version },
  );
  await emit(tx, { type: 'catalog.resource.updated', code });
  return presentResource(tx, a, saved);
}

export interface TransitionInput {
  version: number;
  /** Required to return (退回) and to deprecate; an optional comment on approval. */
  reason?: string;
}

const EVENT: Record<Exclude<ResourceAction, 'update'>, string> = {
  submit: 'catalog.resource.submitted',
  approve: 'catalog.resource.published',
  return: 'catalog.resource.returned',
  deprecate: 'catalog.resource.deprecated',
};

async function act(
  tx: Tx,
  actor: Actor,
  code: string,
  action: Exclude<ResourceAction, 'update'>,
  input: TransitionInput,
): Promise<ResourceView> {
  const a = await catalogAccess(tx, actor, ...ACTION_PERMISSIONS[action]);
  const current = await visibleForUpdate(tx, a, code);
  checkMayAct(a, current, action);
  if (current.version !== input.version) throw new VersionConflictError(current.version);
  const next = transition(current.status, action);
  const reason = input.reason?.trim() || null;
  if ((action === 'return' || action === 'deprecate') && !reason)
    throw new AppError('VALIDATION_FAILED', 400, { field: 'reason', problem: 'must not be blank' });
  const patch: Partial<repo.ResourceFields> = { status: next, status_note: reason };
  if (action === 'submit') {
    // The rules again, as elements and related resources may have changed since the draft was saved.
    const items = await repo.itemsOf(tx, [current.id]);
    await checkContent(tx, a, contentOf(current, items), code);
    checkComplete(current, items);
    patch.submitted_at = new Date();
  }
  if (action === 'approve' || action === 'return') {
    patch.reviewed_by = actor.name;
    patch.reviewed_at = new Date();
  }
  if (action === 'approve') patch.publish_date = chinaDate();
  const saved = await repo.updateResource(tx, current.id, input.version, patch);
  if (!saved) throw new VersionConflictError(current.version);
  await recordAudit(
    tx,
    actor,
    `catalog.resource.${action}`,
    { type: 'resource', id: code },
    { from: current.status, to: next, ...(reason ? { reason } : {}) },
  );
  await emit(tx, { type: EVENT[action], code, providerDepartmentId: saved.provider_department_id });
  return presentResource(tx, a, saved);
}

/** 提交审核: the provider sends a complete draft to the data office. */
export const submitResource = (tx: Tx, actor: Actor, code: string, input: TransitionInput) =>
  act(tx, actor, code, 'submit', input);
/** 审核通过: the data office publishes it (publish date = today, China time). */
export const approveResource = (tx: Tx, actor: Actor, code: string, input: TransitionInput) =>
  act(tx, actor, code, 'approve', input);
/** 退回: the data office sends it back to draft with the reason to fix. */
export const returnResource = (tx: Tx, actor: Actor, code: string, input: TransitionInput) =>
  act(tx, actor, code, 'return', input);
/** 废止: no longer offered; the code stays taken. */
export const deprecateResource = (tx: Tx, actor: Actor, code: string, input: TransitionInput) =>
  act(tx, actor, code, 'deprecate', input);
