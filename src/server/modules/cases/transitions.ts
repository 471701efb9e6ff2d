// The case loop applied (owned by the workflow engineer).
//
// CONTRACT used by citizen*.ts, intake.ts (merge) and open311: apply one workflow action to a case in the
// caller's transaction — permission + scope check, optimistic version (expectedVersion → 409 CASE_VERSION_CONFLICT),
// invalid transition → 409 INVALID_TRANSITION with details.allowed, audit record, case_events row, outbox event
// {type:'case.transitioned', caseId, caseNo, action, from, to, departmentIds, actorId}.
//
// Order of the checks (each refusal changes nothing): the actor holds the action's permission somewhere (403) →
// the case exists and the actor sees it (404 CASE_NOT_FOUND, so a case outside one's scope is not revealed) →
// the actor may act on this case (403) → version (409) → state (409 INVALID_TRANSITION) → input (400) → rules.
// A citizen (case.report) sees only their own cases and may only 回访 / ask 重办 on them.
import type { Actor } from '../../platform/auth/actor.ts';
import { allows, canSomewhere } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, badRequest, conflict, ForbiddenError } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { allowsCase, type CaseScope } from './case-scope.ts';
import { enterStage } from './clock.ts';
import { getCaseSettings } from './settings.ts';
import type { CaseRequestKind } from './tables.ts';
import { type ActionContext, type Outcome, TRANSITION_HANDLERS } from './transitions-actions.ts';
import { REQUEST_HANDLERS } from './transitions-requests.ts';
import * as repo from './workflow-repo.ts';
import {
  type CaseActionName,
  type CaseStatus,
  CASE_ACTION_NAMES,
  EXTRA_PERMISSIONS,
  MAIN_PARTY_ACTIONS,
  PUBLIC_ACTIONS,
  type SideActionName,
  type TransitionName,
  actionSpec,
  isCaseAction,
} from './workflow.ts';

export interface ActionInput {
  expectedVersion?: number;
  reason?: string;
  /** Action-specific fields (e.g. dispatch: mainDepartmentId, coDepartmentIds; verify: fixed; revisit:
   * satisfaction, solved). */
  [key: string]: unknown;
}

export interface ApplyOptions {
  /** The instant the action happens (default: now). Tests pin it; deadlines are computed from it. */
  now?: Date;
}

export const caseNotFound = (id: number | string) => new AppError('CASE_NOT_FOUND', 404, { id: String(id) });

const scopeOf = (c: repo.CaseRow, parties: readonly repo.PartyRow[]): CaseScope => ({
  areaCode: c.area_code,
  partyPaths: parties.filter((p) => p.active).map((p) => p.department_path),
});

/** The reporter acting on their own case through case.report (a citizen account). */
export function isOwnReport(actor: Actor, c: Pick<repo.CaseRow, 'reporter_user_id'>): boolean {
  return (
    actor.kind === 'user' &&
    c.reporter_user_id !== null &&
    c.reporter_user_id === actor.id &&
    allows(actor, 'case.report')
  );
}

export function canSeeCase(actor: Actor, c: repo.CaseRow, parties: readonly repo.PartyRow[]): boolean {
  return isOwnReport(actor, c) || allowsCase(actor, 'case.read', scopeOf(c, parties));
}

/** The party the actor acts for when doing department work (主办, else a 协办 it reaches), or null. */
export function actingParty(
  actor: Actor,
  c: repo.CaseRow,
  parties: readonly repo.PartyRow[],
  roles: readonly ('main' | 'co')[] = ['main'],
): repo.PartyRow | null {
  for (const role of roles) {
    for (const p of parties) {
      if (!p.active || p.role !== role) continue;
      if (allowsCase(actor, 'case.handle', { areaCode: c.area_code, partyPaths: [p.department_path] })) return p;
    }
  }
  return null;
}

/** Whether the actor may take `action` on this case (permission and scope; not the state). */
export function mayAct(
  actor: Actor,
  action: CaseActionName,
  c: repo.CaseRow,
  parties: readonly repo.PartyRow[],
): boolean {
  const spec = actionSpec(action);
  const perms = [spec.permission, ...(EXTRA_PERMISSIONS[action] ?? [])];
  // Before dispatch there is no department to act for: the state check then answers (409), not a 403.
  const hasMain = parties.some((p) => p.active && p.role === 'main');
  return perms.some((perm) => {
    if (perm === 'case.report') return isOwnReport(actor, c);
    if (perm === 'case.handle' && !hasMain) return allowsCase(actor, perm, scopeOf(c, parties));
    if (perm === 'case.handle' && action === 'sign') return actingParty(actor, c, parties, ['main', 'co']) !== null;
    if (perm === 'case.handle' && MAIN_PARTY_ACTIONS.has(action)) return actingParty(actor, c, parties) !== null;
    return allowsCase(actor, perm, scopeOf(c, parties));
  });
}

/** State-level preconditions beyond `from` (a pending request to decide, a pause to end). */
function stateAllows(
  action: CaseActionName,
  c: repo.CaseRow,
  pending: ReadonlySet<CaseRequestKind>,
  coSigner: boolean,
): boolean {
  const spec = actionSpec(action);
  const fromOk =
    spec.from.includes(c.status) || (action === 'sign' && coSigner && ['dispatched', 'in_progress'].includes(c.status));
  if (!fromOk) return false;
  switch (action) {
    case 'decideReturn':
      return pending.has('return');
    case 'decideExtension':
      return pending.has('extension');
    case 'decideSuspension':
      return pending.has('suspension');
    case 'resume':
      return c.paused_since !== null;
    case 'requestSuspension':
      return c.paused_since === null;
    default:
      return true;
  }
}

/** The actions this actor could take on the case now: what a 409 lists and what a detail's allowedActions shows. */
export function allowedCaseActions(
  actor: Actor,
  c: repo.CaseRow,
  parties: readonly repo.PartyRow[],
  pending: ReadonlySet<CaseRequestKind> = new Set(),
): CaseActionName[] {
  const mainSigner = actingParty(actor, c, parties) !== null;
  const coParty = mainSigner ? null : actingParty(actor, c, parties, ['co']);
  const coSigner = coParty !== null;
  return CASE_ACTION_NAMES.filter(
    (a) =>
      stateAllows(a, c, pending, coSigner) &&
      mayAct(actor, a, c, parties) &&
      // A co-handling department signs once.
      !(a === 'sign' && coParty?.signed_at),
  );
}

export async function pendingKinds(tx: Tx, caseId: number): Promise<Set<CaseRequestKind>> {
  const rows = await repo.listCaseRequests(tx, caseId);
  return new Set(rows.filter((r) => r.status === 'pending').map((r) => r.kind));
}

/** allowedActions for a case detail (INTAKE engineer: call this from the detail view). */
export async function allowedActionsOnCase(tx: Tx, actor: Actor, caseId: number): Promise<CaseActionName[]> {
  const c = await repo.getCase(tx, caseId);
  if (!c) return [];
  const parties = await repo.listParties(tx, caseId);
  return allowedCaseActions(actor, c, parties, await pendingKinds(tx, caseId));
}

export async function applyAction(
  tx: Tx,
  actor: Actor,
  caseId: number,
  action: TransitionName | SideActionName,
  input: ActionInput,
  opts: ApplyOptions = {},
): Promise<{ id: number; status: string; version: number }> {
  if (!isCaseAction(action)) throw badRequest('CASE_ACTION_UNKNOWN', { action });
  const spec = actionSpec(action);
  const perms = [spec.permission, ...(EXTRA_PERMISSIONS[action] ?? [])];
  if (!perms.some((p) => canSomewhere(actor, p))) throw new ForbiddenError(spec.permission);
  if (!Number.isSafeInteger(caseId) || caseId <= 0) throw caseNotFound(caseId);

  const c = await repo.lockCase(tx, caseId);
  if (!c) throw caseNotFound(caseId);
  const parties = await repo.listParties(tx, caseId);
  if (!canSeeCase(actor, c, parties)) throw caseNotFound(caseId);
  if (!mayAct(actor, action, c, parties)) throw new ForbiddenError(spec.permission, { caseId });
  if (input.expectedVersion !== undefined && input.expectedVersion !== c.version) {
    throw conflict('CASE_VERSION_CONFLICT', { currentVersion: c.version, expectedVersion: input.expectedVersion });
  }
  const pending = await pendingKinds(tx, caseId);
  const mainSigner = actingParty(actor, c, parties) !== null;
  const coSigner = !mainSigner && actingParty(actor, c, parties, ['co']) !== null;
  if (!stateAllows(action, c, pending, coSigner)) {
    throw conflict('INVALID_TRANSITION', {
      status: c.status,
      action,
      allowed: allowedCaseActions(actor, c, parties, pending),
    });
  }
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (spec.needsReason && !reason) throw badRequest('CASE_REASON_REQUIRED', { field: 'reason', action });

  const at = opts.now ?? new Date();
  const ctx: ActionContext = {
    tx,
    actor,
    c,
    parties,
    input,
    reason: reason || null,
    at,
    settings: await getCaseSettings(tx),
    coSigner,
  };
  const handler =
    (TRANSITION_HANDLERS as Record<string, (x: ActionContext) => Promise<Outcome>>)[action] ??
    REQUEST_HANDLERS[action as SideActionName];
  const outcome = await handler(ctx);
  return commit(ctx, action, outcome);
}

async function commit(ctx: ActionContext, action: CaseActionName, o: Outcome) {
  const { tx, actor, c, at } = ctx;
  const from = c.status;
  const to: CaseStatus = o.to ?? from;
  // Leaving the stage ends a suspension (挂起 holds for the stage it was asked in): the next stage's clock runs.
  const unpause = to !== from && c.paused_since ? { paused_since: null } : {};
  const version = await repo.updateCase(tx, c.id, c.version, { ...(o.patch ?? {}), ...unpause, status: to }, at);
  const isPublic = o.public ?? PUBLIC_ACTIONS.has(action);
  const eventId = await repo.insertEvent(tx, {
    caseId: c.id,
    at,
    actorId: actor.kind === 'system' ? null : actor.id,
    actorName: actor.name,
    action,
    fromStatus: from,
    toStatus: to,
    departmentId: o.departmentId ?? null,
    public: isPublic,
    note: o.note ?? ctx.reason,
    data: o.data ?? {},
  });
  if (o.afterEvent) await o.afterEvent(eventId);
  // 退单 / 延期 / 挂起 are asked while the department handles the case: once it leaves handling they lapse (and
  // do not block the next department's requests, one open per kind).
  if (to !== from && to !== 'dispatched' && to !== 'in_progress') await repo.withdrawPending(tx, c.id, at);
  if (to !== from) {
    await enterStage(
      tx,
      { id: c.id, status: to, category_id: c.category_id, urgency: c.urgency, nature: c.nature, ...o.clock },
      at,
    );
  }
  await recordAudit(
    tx,
    actor,
    `case.${action}`,
    { type: 'case', id: c.id },
    { caseNo: c.case_no, from, to, version, ...(o.audit ?? o.data ?? {}) },
  );
  const parties = await repo.listParties(tx, c.id);
  const base = {
    caseId: c.id,
    caseNo: c.case_no,
    action,
    from,
    to,
    departmentIds: [...new Set(parties.filter((p) => p.active).map((p) => p.department_id))],
    actorId: actor.kind === 'system' ? null : actor.id,
    /** Whether the citizen's timeline shows it (notifications to citizens only for public ones). */
    public: isPublic,
    ...(c.reporter_user_id !== null ? { reporterUserId: c.reporter_user_id } : {}),
  };
  const type = o.outbox ?? 'case.transitioned';
  await emit(tx, { type, ...base, ...(o.outboxData ?? {}) });
  if (to !== from && type !== 'case.transitioned' && type !== 'case.merged') {
    await emit(tx, { type: 'case.transitioned', ...base });
  }
  if (to !== from && to !== 'merged') await followMaster(ctx, from, to, eventId);
  return { id: c.id, status: to, version };
}

/** 并案: the cases merged into this one record the master's move on their own (public) timeline. */
async function followMaster(ctx: ActionContext, from: CaseStatus, to: CaseStatus, masterEventId: number) {
  const merged = await repo.listMergedIds(ctx.tx, ctx.c.id);
  for (const m of merged) {
    await repo.insertEvent(ctx.tx, {
      caseId: m.id,
      at: ctx.at,
      actorId: null,
      actorName: ctx.actor.name,
      action: 'masterTransitioned',
      fromStatus: from,
      toStatus: to,
      departmentId: null,
      public: true,
      note: null,
      data: { masterCaseId: ctx.c.id, masterCaseNo: ctx.c.case_no, masterEventId },
    });
  }
}

/** The status a citizen sees: a merged case shows its master's (INTAKE / CITIZEN engineers: use this). */
export async function publicStatusOf(
  tx: Tx,
  c: { status: string; master_case_id: number | null },
): Promise<{ status: string; masterCaseId: number | null; masterCaseNo: string | null }> {
  if (c.status !== 'merged' || c.master_case_id === null)
    return { status: c.status, masterCaseId: null, masterCaseNo: null };
  const m = await repo.getCase(tx, c.master_case_id);
  return m
    ? { status: m.status, masterCaseId: m.id, masterCaseNo: m.case_no }
    : { status: c.status, masterCaseId: null, masterCaseNo: null };
}
