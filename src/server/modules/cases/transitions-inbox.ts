// Requests of the case loop as staff read them: a case's requests (退单 / 延期 / 挂起 / 重办, with decisions) and
// the centre's inbox of those awaiting a decision — 退单 for whoever may dispatch, 延期 / 挂起 for whoever may
// supervise, each within the caller's scope (case-scope.ts).
import type { Actor } from '../../platform/auth/actor.ts';
import { canSomewhere } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import { caseScopeWhere } from './case-scope.ts';
import type { CaseRequestKind } from './tables.ts';
import { canSeeCase, caseNotFound } from './transitions.ts';
import * as repo from './workflow-repo.ts';

export interface CaseRequestView {
  id: number;
  caseId: number;
  kind: CaseRequestKind;
  status: 'pending' | 'approved' | 'refused' | 'withdrawn';
  reason: string;
  requestedDueAt: string | null;
  requestedByName: string;
  departmentId: number | null;
  decidedByName: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
  createdAt: string;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function present(r: repo.RequestRow): CaseRequestView {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    requestedDueAt: iso(r.requested_due_at),
    requestedByName: r.requested_by_name,
    departmentId: r.department_id,
    decidedByName: r.decided_by_name,
    decisionReason: r.decision_reason,
    decidedAt: iso(r.decided_at),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function listRequestsOfCase(tx: Tx, actor: Actor, caseId: number): Promise<{ items: CaseRequestView[] }> {
  if (!canSomewhere(actor, 'case.read')) throw new ForbiddenError('case.read');
  const c = Number.isSafeInteger(caseId) && caseId > 0 ? await repo.getCase(tx, caseId) : undefined;
  if (!c || !canSeeCase(actor, c, await repo.listParties(tx, caseId))) throw caseNotFound(caseId);
  return { items: (await repo.listCaseRequests(tx, caseId)).map(present) };
}

export interface InboxItem extends CaseRequestView {
  caseNo: string;
  caseTitle: string;
  caseStatus: string;
  handleDueAt: string | null;
}

export async function pendingRequestsInbox(
  tx: Tx,
  actor: Actor,
  q: { kind?: CaseRequestKind; afterId?: number; limit?: number },
): Promise<{ items: InboxItem[]; nextAfterId: number | null }> {
  if (!canSomewhere(actor, 'case.dispatch') && !canSomewhere(actor, 'case.supervise')) {
    throw new ForbiddenError('case.dispatch');
  }
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 500);
  const rows = await repo.pendingInbox(
    tx,
    { returns: caseScopeWhere(actor, 'case.dispatch', 'c'), decisions: caseScopeWhere(actor, 'case.supervise', 'c') },
    { kind: q.kind, afterId: q.afterId, limit },
  );
  return {
    items: rows.map((r) => ({
      ...present(r),
      caseNo: r.case_no,
      caseTitle: r.case_title,
      caseStatus: r.case_status,
      handleDueAt: iso(r.handle_due_at),
    })),
    nextAfterId: rows.length === limit ? rows[rows.length - 1].id : null,
  };
}
