// What each transition of the case loop does to the case (the checks common to all are in transitions.ts):
// 受理, 不予受理, 直接办结, 并案, 立案, 派遣, 签收, 处置反馈, 核查 (返工), 结案, 挂账, 回访, 重办.
import type { Updateable } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, badRequest, conflict } from '../../platform/errors.ts';
import { addWorkingDays } from '../calendar/service.ts';
import { departmentRefs } from '../org/departments.ts';
import { checkPhotos, type PhotoInput, storePhotos } from './attachments.ts';
import { allowsCase } from './case-scope.ts';
import type { ClockCase } from './clock.ts';
import type { CaseSettings } from './settings.ts';
import type { CasesTables } from './tables.ts';
import * as repo from './workflow-repo.ts';
import type { CaseStatus, TransitionName } from './workflow.ts';

export interface ActionContext {
  tx: Tx;
  actor: Actor;
  c: repo.CaseRow;
  parties: readonly repo.PartyRow[];
  input: Record<string, unknown>;
  /** input.reason, trimmed; null when empty. */
  reason: string | null;
  at: Date;
  settings: CaseSettings;
  /** The actor signs for a co-handling (协办) party, not the main one. */
  coSigner: boolean;
}

/** What an action did; transitions.ts commits it (case row, event, clock, audit, outbox). */
export interface Outcome {
  to?: CaseStatus;
  patch?: Updateable<CasesTables['cases']>;
  /** Timeline entry: note (default: the reason), public flag (default: PUBLIC_ACTIONS), data, department. */
  note?: string | null;
  public?: boolean;
  data?: Record<string, unknown>;
  audit?: Record<string, unknown>;
  departmentId?: number | null;
  outbox?: 'case.transitioned' | 'case.request' | 'case.urged' | 'case.supervised' | 'case.merged';
  outboxData?: Record<string, unknown>;
  clock?: Pick<ClockCase, 'restartHandling'>;
  afterEvent?: (eventId: number) => Promise<void>;
}

type Handler = (x: ActionContext) => Promise<Outcome>;

export function text(x: ActionContext, field: string, max = 4000): string {
  const v = x.input[field];
  const t = typeof v === 'string' ? v.trim() : '';
  if (!t) throw badRequest('CASE_FIELD_REQUIRED', { field });
  if (t.length > max) throw badRequest('CASE_FIELD_TOO_LONG', { field, max });
  return t;
}

function optionalText(x: ActionContext, field: string, max = 4000): string | null {
  const v = x.input[field];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return null;
  return text(x, field, max);
}

function mainParty(x: ActionContext): repo.PartyRow | undefined {
  return x.parties.find((p) => p.active && p.role === 'main');
}

const LEVELS = new Set(['city', 'district', 'street']);

/** 派遣: main department (default: the routed one) + co-handling departments, as case parties. */
async function dispatch(x: ActionContext): Promise<Outcome> {
  const rawMain = x.input.mainDepartmentId ?? x.c.main_department_id;
  if (rawMain === null || rawMain === undefined) {
    throw badRequest('CASE_DISPATCH_DEPARTMENT_REQUIRED', { field: 'mainDepartmentId' });
  }
  const mainId = Number(rawMain);
  const coRaw = x.input.coDepartmentIds ?? [];
  if (!Array.isArray(coRaw)) throw badRequest('CASE_FIELD_REQUIRED', { field: 'coDepartmentIds' });
  const coIds = [...new Set(coRaw.map(Number))].filter((id) => id !== mainId);
  const level = x.input.level ?? null;
  if (level !== null && !LEVELS.has(String(level))) throw badRequest('CASE_FIELD_REQUIRED', { field: 'level' });
  const ids = [mainId, ...coIds].filter((id) => Number.isSafeInteger(id));
  const depts = await departmentRefs(x.tx, ids);
  for (const [field, id] of [
    ['mainDepartmentId', mainId],
    ...coIds.map((id) => ['coDepartmentIds', id] as const),
  ] as const) {
    if (!Number.isSafeInteger(id) || !depts.has(id)) {
      throw badRequest('CASE_DEPARTMENT_UNKNOWN', { field, departmentId: id });
    }
  }
  const main = depts.get(mainId)!;
  await repo.deactivateParties(x.tx, x.c.id, ['main'], [mainId]);
  await repo.deactivateParties(x.tx, x.c.id, ['co'], coIds);
  await repo.upsertParty(x.tx, { caseId: x.c.id, departmentId: mainId, departmentPath: main.path, role: 'main' });
  for (const id of coIds) {
    await repo.upsertParty(x.tx, { caseId: x.c.id, departmentId: id, departmentPath: depts.get(id)!.path, role: 'co' });
  }
  const data = {
    mainDepartmentId: mainId,
    mainDepartmentName: main.name,
    coDepartmentIds: coIds,
    coDepartmentNames: coIds.map((id) => depts.get(id)!.name),
    level,
  };
  return {
    to: 'dispatched',
    patch: {
      main_department_id: mainId,
      dispatched_at: x.at,
      dispatch_level: level as 'city' | 'district' | 'street' | null,
    },
    departmentId: mainId,
    note: optionalText(x, 'note') ?? main.name,
    data,
    outboxData: data,
  };
}

/** 签收: the main department moves the case to 处置中; a co-handling department signs its own part. */
async function sign(x: ActionContext): Promise<Outcome> {
  const roles = x.coSigner ? (['co'] as const) : (['main'] as const);
  const party = x.parties.find(
    (p) =>
      p.active &&
      p.role === roles[0] &&
      allowsCase(x.actor, 'case.handle', { areaCode: x.c.area_code, partyPaths: [p.department_path] }),
  );
  if (!party) throw conflict('INVALID_TRANSITION', { status: x.c.status, action: 'sign', allowed: [] });
  if (party.signed_at) throw conflict('CASE_ALREADY_SIGNED', { departmentId: party.department_id });
  await repo.signParty(x.tx, x.c.id, party.department_id, party.role, x.at);
  const data = { departmentId: party.department_id, role: party.role };
  return x.coSigner
    ? { departmentId: party.department_id, data, public: false }
    : { to: 'in_progress', departmentId: party.department_id, data };
}

/** 处置反馈: result text and photos (stage 'result'). */
async function submitResult(x: ActionContext): Promise<Outcome> {
  const result = text(x, 'result');
  const photos = checkPhotos(x.input.photos as PhotoInput[] | undefined);
  return {
    to: 'handled',
    patch: { handled_at: x.at, result_text: result },
    note: result,
    departmentId: mainParty(x)?.department_id ?? null,
    data: { photos: photos.length },
    afterEvent: async (eventId) => {
      await storePhotos(x.tx, x.c.id, eventId, 'result', photos, x.actor.name);
    },
  };
}

/** 核查 on site: fixed → verified; not fixed → back to 处置 (返工) with a fresh handling time. */
async function verify(x: ActionContext): Promise<Outcome> {
  if (typeof x.input.fixed !== 'boolean') throw badRequest('CASE_FIELD_REQUIRED', { field: 'fixed' });
  const photos = checkPhotos(x.input.photos as PhotoInput[] | undefined);
  const afterEvent = async (eventId: number) => {
    await storePhotos(x.tx, x.c.id, eventId, 'verify', photos, x.actor.name);
  };
  if (x.input.fixed) {
    return { to: 'verified', patch: { verified_at: x.at }, data: { fixed: true, photos: photos.length }, afterEvent };
  }
  if (!x.reason) throw badRequest('CASE_REASON_REQUIRED', { field: 'reason', action: 'verify' });
  const rework = x.c.rework_count + 1;
  return {
    to: 'in_progress',
    patch: { rework_count: rework, handled_at: null },
    data: { fixed: false, rework, photos: photos.length },
    clock: { restartHandling: true },
    afterEvent,
  };
}

const SATISFACTION = new Set(['satisfied', 'basically', 'unsatisfied']);
const REVISIT_METHODS = new Set(['phone', 'sms', 'web', 'app', 'visit']);

/** 回访: satisfaction and whether the matter is solved — by an agent on the phone or by the citizen. */
async function revisit(x: ActionContext): Promise<Outcome> {
  const satisfaction = x.input.satisfaction;
  if (typeof satisfaction !== 'string' || !SATISFACTION.has(satisfaction)) {
    throw badRequest('CASE_FIELD_REQUIRED', { field: 'satisfaction' });
  }
  if (typeof x.input.solved !== 'boolean') throw badRequest('CASE_FIELD_REQUIRED', { field: 'solved' });
  const byReporter = x.actor.kind === 'user' && x.actor.id === x.c.reporter_user_id;
  const method = x.input.method ?? (byReporter ? 'web' : 'phone');
  if (typeof method !== 'string' || !REVISIT_METHODS.has(method)) {
    throw badRequest('CASE_FIELD_REQUIRED', { field: 'method' });
  }
  const data = { satisfaction, solved: x.input.solved, method, byReporter };
  return {
    to: 'revisited',
    patch: { satisfaction: satisfaction as 'satisfied', solved: x.input.solved, revisited_at: x.at },
    note: optionalText(x, 'note', 1000) ?? x.reason,
    data,
    outboxData: data,
  };
}

/** 重办 per policy: unsatisfied or unsolved, within the window after closing, at most reopen_max times. */
async function reopen(x: ActionContext): Promise<Outcome> {
  const s = x.settings;
  const refuse = (problem: string, more: Record<string, unknown> = {}) =>
    new AppError('CASE_REOPEN_NOT_ALLOWED', 409, { problem, ...more });
  if (x.c.satisfaction !== 'unsatisfied' && x.c.solved !== false) throw refuse('satisfied_and_solved');
  if (x.c.reopen_count >= s.reopen_max) throw refuse('reopen_max', { max: s.reopen_max });
  if (x.c.closed_at) {
    const until = await addWorkingDays(x.tx, x.c.closed_at, s.reopen_within_working_days);
    if (x.at > until.due) throw refuse('too_late', { until: until.due.toISOString() });
  }
  const main = x.parties.find((p) => p.role === 'main' && p.department_id === x.c.main_department_id);
  if (!main) throw refuse('no_main_department');
  await repo.upsertParty(x.tx, {
    caseId: x.c.id,
    departmentId: main.department_id,
    departmentPath: main.department_path,
    role: 'main',
  });
  const count = x.c.reopen_count + 1;
  return {
    to: 'dispatched',
    patch: {
      reopen_count: count,
      dispatched_at: x.at,
      handled_at: null,
      verified_at: null,
      closed_at: null,
      revisited_at: null,
      satisfaction: null,
      solved: null,
    },
    departmentId: main.department_id,
    data: { reopenCount: count, mainDepartmentId: main.department_id, previousSatisfaction: x.c.satisfaction },
  };
}

/** 并案: this case follows a master case from now on (the master must be open and another case). */
async function merge(x: ActionContext): Promise<Outcome> {
  const masterId = Number(x.input.masterCaseId);
  const invalid = (problem: string) => new AppError('CASE_MERGE_INVALID', 400, { field: 'masterCaseId', problem });
  if (!Number.isSafeInteger(masterId) || masterId <= 0) throw invalid('is required');
  if (masterId === x.c.id) throw invalid('a case cannot be merged into itself');
  const master = await repo.getCase(x.tx, masterId);
  const masterParties = master ? await repo.listParties(x.tx, masterId) : [];
  const visible =
    master &&
    allowsCase(x.actor, 'case.read', {
      areaCode: master.area_code,
      partyPaths: masterParties.filter((p) => p.active).map((p) => p.department_path),
    });
  if (!master || !visible) throw invalid('the master case does not exist');
  if (['merged', 'rejected', 'revisited'].includes(master.status)) throw invalid(`the master case is ${master.status}`);
  const data = { masterCaseId: master.id, masterCaseNo: master.case_no };
  return { to: 'merged', patch: { master_case_id: master.id }, data, outbox: 'case.merged', outboxData: data };
}

export const TRANSITION_HANDLERS: Record<TransitionName, Handler> = {
  accept: async (x) => ({ to: 'accepted', patch: { accepted_at: x.at } }),
  reject: async (x) => ({ to: 'rejected', patch: { accepted_at: x.c.accepted_at ?? x.at } }),
  answerDirectly: async (x) => {
    const answer = text(x, 'answer');
    const knowledgeId = x.input.knowledgeId ?? null;
    return {
      to: 'closed',
      patch: { direct_answer: true, result_text: answer, accepted_at: x.c.accepted_at ?? x.at, closed_at: x.at },
      note: answer,
      data: { knowledgeId },
    };
  },
  merge,
  register: async () => ({ to: 'registered' }),
  dispatch,
  sign,
  submitResult,
  verify,
  close: async (x) => ({ to: 'closed', patch: { closed_at: x.at } }),
  park: async () => ({ to: 'parked' }),
  unpark: async () => ({ to: 'registered' }),
  revisit,
  reopen,
};
