// What a citizen sees of a case: status and timeline in plain words (zh-CN / en), public events only, the
// department that handles it but never a staff member's name, no one else's personal data, the expected
// completion, and what they may do now (rate, ask to reopen).
import type { Tx } from '../../platform/db/tx.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import { addWorkingDays } from '../calendar/service.ts';
import { departmentNames } from '../org/department-members.ts';
import { getCaseSettings } from './settings.ts';
import type { CaseStatus } from './workflow.ts';

type Words = Record<Locale, string>;

const STATUS_WORDS: Record<CaseStatus, Words> = {
  received: { 'zh-CN': '已提交，等待受理', en: 'Submitted, waiting to be accepted' },
  rejected: { 'zh-CN': '不予受理', en: 'Not accepted' },
  accepted: { 'zh-CN': '已受理', en: 'Accepted' },
  registered: { 'zh-CN': '已受理，正在分派', en: 'Accepted, being assigned' },
  dispatched: { 'zh-CN': '已转交承办部门', en: 'Passed to the responsible department' },
  in_progress: { 'zh-CN': '承办部门正在办理', en: 'Being handled by the department' },
  handled: { 'zh-CN': '已处理，正在核实', en: 'Handled, being checked' },
  verified: { 'zh-CN': '已核实，即将办结', en: 'Checked, about to be closed' },
  closed: { 'zh-CN': '已办结，请您评价', en: 'Closed — please rate the result' },
  revisited: { 'zh-CN': '已办结并评价', en: 'Closed and rated' },
  parked: { 'zh-CN': '暂缓办理', en: 'On hold' },
  merged: { 'zh-CN': '已与同一问题的工单合并办理', en: 'Handled together with another case on the same matter' },
};

const ACTION_WORDS: Record<string, Words> = {
  create: { 'zh-CN': '诉求已提交', en: 'Request submitted' },
  accept: { 'zh-CN': '已受理', en: 'Accepted' },
  reject: { 'zh-CN': '不予受理', en: 'Not accepted' },
  answerDirectly: { 'zh-CN': '已直接答复并办结', en: 'Answered and closed' },
  merge: { 'zh-CN': '与同一问题的工单合并办理', en: 'Merged with a case on the same matter' },
  register: { 'zh-CN': '已立案', en: 'Registered' },
  dispatch: { 'zh-CN': '已派遣至承办部门', en: 'Passed to the responsible department' },
  sign: { 'zh-CN': '承办部门已签收', en: 'The department took it on' },
  submitResult: { 'zh-CN': '承办部门已反馈办理结果', en: 'The department reported the result' },
  verify: { 'zh-CN': '已现场核查', en: 'Checked on site' },
  close: { 'zh-CN': '已办结', en: 'Closed' },
  park: { 'zh-CN': '暂缓办理', en: 'Put on hold' },
  unpark: { 'zh-CN': '恢复办理', en: 'Resumed' },
  revisit: { 'zh-CN': '已评价', en: 'Rated' },
  reopen: { 'zh-CN': '已重新办理', en: 'Reopened' },
  masterTransitioned: { 'zh-CN': '合并办理的工单有新进展', en: 'The case handled together with yours moved on' },
};

export const SATISFACTION_WORDS: Record<string, Words> = {
  satisfied: { 'zh-CN': '满意', en: 'Satisfied' },
  basically: { 'zh-CN': '基本满意', en: 'Basically satisfied' },
  unsatisfied: { 'zh-CN': '不满意', en: 'Unsatisfied' },
};

export const statusWords = (status: string, locale: Locale): string =>
  STATUS_WORDS[status as CaseStatus]?.[locale] ?? status;

export interface CitizenTimelineEntry {
  at: string;
  action: string;
  text: string;
  status: string | null;
  statusText: string | null;
  department: string | null;
  note: string | null;
}

export interface CitizenCaseView {
  caseNo: string;
  title: string;
  category: string | null;
  status: string;
  statusText: string;
  /** 并案: the case this one is handled with (its status is the one shown). */
  mergedInto: string | null;
  department: string | null;
  createdAt: string;
  expectedBy: string | null;
  closedAt: string | null;
  result: string | null;
  rating: { satisfaction: string; satisfactionText: string; solved: boolean | null } | null;
  canRate: boolean;
  canReopen: boolean;
  timeline: CitizenTimelineEntry[];
}

export interface CitizenCaseRow {
  id: number;
  case_no: string;
  title: string;
  category_id: number | null;
  status: string;
  master_case_id: number | null;
  main_department_id: number | null;
  handle_due_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  result_text: string | null;
  satisfaction: string | null;
  solved: boolean | null;
  reopen_count: number;
}

export const CITIZEN_CASE_COLUMNS = [
  'id',
  'case_no',
  'title',
  'category_id',
  'status',
  'master_case_id',
  'main_department_id',
  'handle_due_at',
  'closed_at',
  'created_at',
  'result_text',
  'satisfaction',
  'solved',
  'reopen_count',
] as const;

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** 重办 is offered when the policy would accept it (transitions.ts checks again when it is asked). */
async function reopenOffered(tx: Tx, c: CitizenCaseRow): Promise<boolean> {
  if (c.status !== 'closed' && c.status !== 'revisited') return false;
  if (c.satisfaction !== 'unsatisfied' && c.solved !== false) return false;
  const s = await getCaseSettings(tx);
  if (c.reopen_count >= s.reopen_max) return false;
  if (!c.closed_at) return true;
  const until = await addWorkingDays(tx, new Date(c.closed_at), s.reopen_within_working_days);
  return new Date() <= until.due;
}

export async function presentCitizenCase(tx: Tx, c: CitizenCaseRow, locale: Locale): Promise<CitizenCaseView> {
  const [events, category, master] = await Promise.all([
    tx
      .selectFrom('case_events')
      .select(['at', 'action', 'to_status', 'department_id', 'note'])
      .where('case_id', '=', c.id)
      .where('public', '=', true)
      .orderBy('id')
      .execute(),
    c.category_id === null
      ? Promise.resolve(undefined)
      : tx.selectFrom('case_categories').select(['name', 'name_en']).where('id', '=', c.category_id).executeTakeFirst(),
    c.status === 'merged' && c.master_case_id !== null
      ? tx
          .selectFrom('cases')
          .select(['case_no', 'status', 'main_department_id', 'handle_due_at', 'closed_at', 'result_text'])
          .where('id', '=', Number(c.master_case_id))
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const shown = master ?? c;
  const deptIds = [shown.main_department_id, ...events.map((e) => e.department_id)].filter(
    (d): d is number => d !== null,
  );
  const names = await departmentNames(tx, deptIds);
  const deptName = (id: number | null) => {
    const d = id === null ? undefined : names.get(id);
    return d ? (locale === 'en' && d.nameEn ? d.nameEn : d.name) : null;
  };
  const rating =
    c.satisfaction !== null
      ? {
          satisfaction: c.satisfaction,
          satisfactionText: SATISFACTION_WORDS[c.satisfaction]?.[locale] ?? c.satisfaction,
          solved: c.solved,
        }
      : null;
  return {
    caseNo: c.case_no,
    title: c.title,
    category: category ? (locale === 'en' && category.name_en ? category.name_en : category.name) : null,
    status: shown.status,
    statusText: statusWords(shown.status, locale),
    mergedInto: master?.case_no ?? null,
    department: deptName(shown.main_department_id),
    createdAt: iso(c.created_at) as string,
    expectedBy: ['closed', 'revisited', 'rejected'].includes(shown.status) ? null : iso(shown.handle_due_at),
    closedAt: iso(shown.closed_at),
    result: ['closed', 'revisited'].includes(shown.status) ? shown.result_text : null,
    rating,
    canRate: c.status === 'closed',
    canReopen: await reopenOffered(tx, c),
    timeline: events.map((e) => ({
      at: iso(e.at) as string,
      action: e.action,
      text: ACTION_WORDS[e.action]?.[locale] ?? statusWords(e.to_status ?? '', locale),
      status: e.to_status,
      statusText: e.to_status ? statusWords(e.to_status, locale) : null,
      department: deptName(e.department_id),
      note: e.note,
    })),
  };
}
