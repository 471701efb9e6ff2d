// Side actions of the case loop: requests a department makes and the centre decides — 退单 (return), 延期
// (extension), 挂起 (suspension) — one open per kind; and 催办 / 督办 / internal notes. They keep the status,
// except an approved 退单 (back to 'registered', the dispatcher's queue).
import { badRequest, conflict } from '../../platform/errors.ts';
import { workingTimeBetween } from '../calendar/service.ts';
import { moveDeadlines, pauseClock, resumeClock } from './clock.ts';
import type { CaseRequestKind } from './tables.ts';
import { type ActionContext, type Outcome, text } from './transitions-actions.ts';
import * as repo from './workflow-repo.ts';
import type { SideActionName } from './workflow.ts';

type Handler = (x: ActionContext) => Promise<Outcome>;

function mainDepartmentId(x: ActionContext): number | null {
  return x.parties.find((p) => p.active && p.role === 'main')?.department_id ?? null;
}

function requestOutcome(req: repo.RequestRow, decision: 'pending' | 'approved' | 'refused', extra = {}): Outcome {
  const data = {
    requestId: req.id,
    kind: req.kind,
    decision,
    ...(req.requested_due_at ? { requestedDueAt: req.requested_due_at.toISOString() } : {}),
    ...extra,
  };
  return { data, outbox: 'case.request', outboxData: data, departmentId: req.department_id, public: false };
}

async function openRequest(x: ActionContext, kind: CaseRequestKind, requestedDueAt: Date | null) {
  if (!x.reason) throw badRequest('CASE_REASON_REQUIRED', { field: 'reason' });
  if (await repo.pendingRequest(x.tx, x.c.id, kind)) throw conflict('CASE_REQUEST_PENDING', { kind });
  const req = await repo.insertRequest(x.tx, {
    caseId: x.c.id,
    kind,
    reason: x.reason,
    requestedDueAt,
    requestedBy: x.actor.kind === 'user' ? x.actor.id : null,
    requestedByName: x.actor.name,
    departmentId: mainDepartmentId(x),
    at: x.at,
  });
  return requestOutcome(req, 'pending');
}

/** Reads {approve: boolean, reason} and closes the pending request of `kind`. Refusal needs a reason. */
async function decide(x: ActionContext, kind: CaseRequestKind) {
  if (typeof x.input.approve !== 'boolean') throw badRequest('CASE_FIELD_REQUIRED', { field: 'approve' });
  const approve = x.input.approve;
  if (!approve && !x.reason) throw badRequest('CASE_REASON_REQUIRED', { field: 'reason' });
  const req = await repo.pendingRequest(x.tx, x.c.id, kind);
  if (!req) throw conflict('CASE_NO_PENDING_REQUEST', { kind });
  await repo.decideRequest(x.tx, req.id, {
    status: approve ? 'approved' : 'refused',
    by: x.actor.name,
    reason: x.reason,
    at: x.at,
  });
  return { req, approve };
}

function parseDue(x: ActionContext, field: string): Date {
  const v = x.input[field];
  const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(t)) throw badRequest('CASE_FIELD_REQUIRED', { field });
  return new Date(t);
}

export const REQUEST_HANDLERS: Record<SideActionName, Handler> = {
  /** 退单: only within return_limit_hours working hours of dispatch. */
  requestReturn: async (x) => {
    const since = x.c.dispatched_at ?? x.at;
    const elapsed = await workingTimeBetween(x.tx, since, x.at);
    if (elapsed.hours > x.settings.return_limit_hours) {
      throw conflict('CASE_RETURN_TOO_LATE', { limitHours: x.settings.return_limit_hours });
    }
    return openRequest(x, 'return', null);
  },
  /** Approved 退单: back to the dispatcher's queue; the department no longer takes part. */
  decideReturn: async (x) => {
    const { req, approve } = await decide(x, 'return');
    const o = requestOutcome(req, approve ? 'approved' : 'refused');
    if (!approve) return o;
    await repo.deactivateParties(x.tx, x.c.id, ['main', 'co']);
    return { ...o, to: 'registered', patch: { main_department_id: null, dispatched_at: null } };
  },
  /** 延期: asked before the handling deadline, for a later one. */
  requestExtension: async (x) => {
    const due = x.c.handle_due_at;
    if (!due || x.at >= due) {
      throw conflict('CASE_EXTENSION_TOO_LATE', { dueAt: due ? due.toISOString() : null });
    }
    const requested = parseDue(x, 'requestedDueAt');
    if (requested <= due)
      throw badRequest('CASE_EXTENSION_DUE_INVALID', { field: 'requestedDueAt', dueAt: due.toISOString() });
    return openRequest(x, 'extension', requested);
  },
  decideExtension: async (x) => {
    const { req, approve } = await decide(x, 'extension');
    if (approve && req.requested_due_at) {
      const handleDue = req.requested_due_at;
      const stageDue = x.c.status === 'in_progress' ? handleDue : x.c.stage_due_at;
      await moveDeadlines(x.tx, x.c.id, { stageDueAt: stageDue, handleDueAt: handleDue }, x.at);
    }
    return requestOutcome(req, approve ? 'approved' : 'refused', {
      previousDueAt: x.c.handle_due_at?.toISOString() ?? null,
    });
  },
  /** 挂起: asked by the department, approved by the centre; the clock stops while it holds. */
  requestSuspension: async (x) => openRequest(x, 'suspension', null),
  decideSuspension: async (x) => {
    const { req, approve } = await decide(x, 'suspension');
    if (approve) await pauseClock(x.tx, x.c.id, x.at);
    return requestOutcome(req, approve ? 'approved' : 'refused');
  },
  /** The suspension ends: deadlines move on by the paused working time. */
  resume: async (x) => {
    if (!x.c.paused_since) throw conflict('CASE_NOT_PAUSED', {});
    const { pausedHours } = await resumeClock(x.tx, x.c.id, x.at);
    const data = { pausedSince: x.c.paused_since.toISOString(), pausedHours };
    return {
      data,
      outbox: 'case.request',
      outboxData: { kind: 'suspension', decision: 'resumed', ...data },
      public: false,
    };
  },
  /** 催办 by hand. */
  urge: async (x) => {
    const note = x.input.note === undefined ? x.reason : text(x, 'note', 1000);
    return { note, public: false, outbox: 'case.urged', outboxData: { manual: true, note }, data: { manual: true } };
  },
  /** 督办 by hand. */
  supervise: async (x) => {
    const note = x.input.note === undefined ? x.reason : text(x, 'note', 1000);
    return {
      note,
      public: false,
      outbox: 'case.supervised',
      outboxData: { manual: true, note },
      data: { manual: true },
    };
  },
  /** Internal note: on the staff timeline only. */
  addNote: async (x) => {
    const note = text(x, 'note', 2000);
    return { note, public: false, outbox: 'case.transitioned', data: { note: true } };
  },
};
