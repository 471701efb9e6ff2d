// The case loop as data (DOMAIN.md §1): which action moves a case from which state to which, and which
// permission it needs. Pure — no I/O — so the state machine can be read, tested and shown to the UI in one place.
// transitions.ts applies it: permission + scope check, optimistic version, one transaction with audit + event.

/** States of a case (工单状态). */
export const CASE_STATUSES = [
  'received', // 待受理: filed by a citizen, an app (Open311) or a grid worker; an agent accepts or rejects it
  'rejected', // 不予受理 (with reason) — terminal
  'accepted', // 已受理, 待立案
  'registered', // 已立案, 待派遣 (also the dispatcher queue for unroutable cases and approved 退单)
  'dispatched', // 已派遣, 待签收
  'in_progress', // 已签收, 处置中
  'handled', // 处置反馈已提交, 待核查
  'verified', // 核查通过, 待结案
  'closed', // 已结案, 待回访
  'revisited', // 已回访 — terminal unless 重办
  'parked', // 挂账: unsolvable for now; excluded from 立案数
  'merged', // 并案: follows its master case
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const TERMINAL: ReadonlySet<CaseStatus> = new Set(['rejected', 'revisited', 'merged']);

/** The clock does not run in these states (no stage deadline). */
export const CLOCK_STOPPED: ReadonlySet<CaseStatus> = new Set(['rejected', 'revisited', 'parked', 'merged']);

/** Permissions the cases module defines (module.ts) — one per kind of work, as the 监管分离 roles split it. */
export const CASE_PERMISSIONS = [
  'case.create', // 受理/上报: file a case (agents, grid workers, API keys of apps)
  'case.report', // a citizen files, follows and rates their own cases (not scoped: own cases only)
  'case.read', // see cases in scope
  'case.accept', // 受理 / 不予受理 / 直接办结 / 并案 at intake
  'case.register', // 立案 (值班长)
  'case.dispatch', // 派遣, re-dispatch, review 退单
  'case.handle', // 签收, 处置反馈, ask 延期 / 退单 / 挂起
  'case.verify', // 核查 on site (grid worker / 监督员)
  'case.close', // 结案, 挂账
  'case.revisit', // 回访
  'case.supervise', // 催办 / 督办, decide 延期 / 挂起, 重办
  'case.reveal', // see a reporter's phone / ID in full (audited)
  'case.export', // export a filtered list
  'case.configure', // categories, routing rules, settings, knowledge base
] as const;
export type CasePermission = (typeof CASE_PERMISSIONS)[number];

/** Actions that change a case's state. Side actions that only add a request or a note are in SIDE_ACTIONS. */
export interface Transition {
  from: readonly CaseStatus[];
  /** null = the target depends on input (e.g. verify: fixed → verified, not fixed → in_progress 返工). */
  to: CaseStatus | null;
  permission: CasePermission;
  /** A reason/note is required. */
  needsReason?: boolean;
}

export const TRANSITIONS = {
  accept: { from: ['received'], to: 'accepted', permission: 'case.accept' },
  reject: { from: ['received', 'accepted'], to: 'rejected', permission: 'case.accept', needsReason: true },
  // 直接办结: closed on the call with the standard answer (input.answer, required).
  answerDirectly: { from: ['received', 'accepted'], to: 'closed', permission: 'case.accept' },
  merge: { from: ['received', 'accepted', 'registered'], to: 'merged', permission: 'case.accept' },
  register: { from: ['accepted'], to: 'registered', permission: 'case.register' },
  dispatch: { from: ['registered'], to: 'dispatched', permission: 'case.dispatch' },
  sign: { from: ['dispatched'], to: 'in_progress', permission: 'case.handle' },
  // 处置反馈: input.result (required) + photos.
  submitResult: { from: ['in_progress'], to: 'handled', permission: 'case.handle' },
  // fixed → verified; not fixed → in_progress (返工, reason required).
  verify: { from: ['handled'], to: null, permission: 'case.verify' },
  close: { from: ['verified', 'handled'], to: 'closed', permission: 'case.close' },
  park: {
    from: ['registered', 'dispatched', 'in_progress'],
    to: 'parked',
    permission: 'case.close',
    needsReason: true,
  },
  unpark: { from: ['parked'], to: 'registered', permission: 'case.close' },
  revisit: { from: ['closed'], to: 'revisited', permission: 'case.revisit' },
  reopen: { from: ['closed', 'revisited'], to: 'dispatched', permission: 'case.supervise', needsReason: true },
} as const satisfies Record<string, Transition>;
export type TransitionName = keyof typeof TRANSITIONS;

/** Requests and notes that do not move the state by themselves (their decisions may). */
export const SIDE_ACTIONS = {
  requestReturn: { from: ['dispatched', 'in_progress'], permission: 'case.handle' }, // 退单 (time-limited)
  decideReturn: { from: ['dispatched', 'in_progress'], permission: 'case.dispatch' }, // approved → registered
  requestExtension: { from: ['dispatched', 'in_progress'], permission: 'case.handle' }, // 延期, before the deadline
  decideExtension: { from: ['dispatched', 'in_progress'], permission: 'case.supervise' },
  requestSuspension: { from: ['dispatched', 'in_progress'], permission: 'case.handle' }, // 挂起: pauses the clock
  decideSuspension: { from: ['dispatched', 'in_progress'], permission: 'case.supervise' },
  resume: { from: ['dispatched', 'in_progress'], permission: 'case.handle' },
  urge: { from: ['registered', 'dispatched', 'in_progress', 'handled'], permission: 'case.supervise' }, // 催办
  supervise: { from: ['registered', 'dispatched', 'in_progress', 'handled'], permission: 'case.supervise' }, // 督办
  addNote: { from: CASE_STATUSES, permission: 'case.read' },
} as const;
export type SideActionName = keyof typeof SIDE_ACTIONS;
export type CaseActionName = TransitionName | SideActionName;

export const CASE_ACTION_NAMES = [...Object.keys(TRANSITIONS), ...Object.keys(SIDE_ACTIONS)] as CaseActionName[];

export function isCaseAction(name: string): name is CaseActionName {
  return Object.hasOwn(TRANSITIONS, name) || Object.hasOwn(SIDE_ACTIONS, name);
}

export function actionSpec(name: CaseActionName): {
  from: readonly CaseStatus[];
  permission: CasePermission;
  needsReason?: boolean;
} {
  return (TRANSITIONS as Record<string, Transition>)[name] ?? SIDE_ACTIONS[name as SideActionName];
}

/** Further permissions that also allow an action. case.report = the reporter, on their own case only (回访 and
 * 重办 asked by the citizen); case.supervise may end a suspension the department forgot to end. */
export const EXTRA_PERMISSIONS: Partial<Record<CaseActionName, readonly CasePermission[]>> = {
  revisit: ['case.report'],
  reopen: ['case.report'],
  resume: ['case.supervise'],
};

/** Department work: case.handle on these is checked against the main (主办) party only — a co-handling
 * department may only sign its own part. */
export const MAIN_PARTY_ACTIONS: ReadonlySet<CaseActionName> = new Set([
  'submitResult',
  'requestReturn',
  'requestExtension',
  'requestSuspension',
  'resume',
]);

/** Actions whose timeline entry the citizen sees (internal notes, requests and urging stay internal). */
export const PUBLIC_ACTIONS: ReadonlySet<CaseActionName> = new Set([
  'accept',
  'reject',
  'answerDirectly',
  'merge',
  'register',
  'dispatch',
  'sign',
  'submitResult',
  'verify',
  'close',
  'park',
  'unpark',
  'revisit',
  'reopen',
]);

/** The transitions possible from a status (what a 409 INVALID_TRANSITION lists, before permissions). */
export function transitionsFrom(status: CaseStatus): TransitionName[] {
  return (Object.keys(TRANSITIONS) as TransitionName[]).filter((t) =>
    (TRANSITIONS[t].from as readonly CaseStatus[]).includes(status),
  );
}
