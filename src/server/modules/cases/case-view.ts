// How a case is shown to staff: list rows and the reporter block with personal data masked. Names, phones and ID
// numbers are always masked in lists, details and exports (platform/privacy/mask.ts); the full values come only
// from the reveal endpoint (case.reveal), which is audited. A confidential (保密) case hides its reporter from
// anyone who does not hold case.reveal on it; an anonymous one shows 匿名 as the name.
import type { Actor } from '../../platform/auth/actor.ts';
import { maskIdNumber, maskName, maskPhone } from '../../platform/privacy/mask.ts';
import { allowsCase, type CaseScope } from './case-scope.ts';
import { type SlaState, slaState } from './clock.ts';
import type { CaseSettings } from './settings.ts';

export interface ReporterView {
  name: string | null;
  phone: string | null;
  idNumber: string | null;
  kind: 'person' | 'enterprise';
  anonymous: boolean;
  confidential: boolean;
  /** Always true here: the full values need POST /cases/:id/reveal. */
  masked: true;
  /** Confidential case and the caller may not reveal it: nothing about the reporter is shown. */
  hidden: boolean;
}

export interface ReporterRow {
  reporter_name: string | null;
  reporter_phone: string | null;
  reporter_id_no: string | null;
  reporter_kind: 'person' | 'enterprise';
  anonymous: boolean;
  confidential: boolean;
}

export function presentReporter(actor: Actor, r: ReporterRow, scope: CaseScope): ReporterView {
  const hidden = r.confidential && !allowsCase(actor, 'case.reveal', scope);
  return {
    name: hidden ? null : r.anonymous ? '匿名' : maskName(r.reporter_name),
    phone: hidden ? null : maskPhone(r.reporter_phone),
    idNumber: hidden ? null : maskIdNumber(r.reporter_id_no),
    kind: r.reporter_kind,
    anonymous: r.anonymous,
    confidential: r.confidential,
    masked: true,
    hidden,
  };
}

/** The columns a list row needs (cases + category name). */
export interface CaseListRow extends ReporterRow {
  id: number | string;
  case_no: string;
  title: string;
  status: string;
  channel: string;
  nature: string;
  urgency: string;
  category_id: number | null;
  category_name: string | null;
  address: string | null;
  area_code: string | null;
  district_code: string | null;
  street_code: string | null;
  grid_code: string | null;
  lat: number | null;
  lng: number | null;
  main_department_id: number | null;
  master_case_id: number | string | null;
  stage_due_at: Date | null;
  stage_yellow_at: Date | null;
  stage_entered_at: Date | null;
  paused_since: Date | null;
  handle_due_at: Date | null;
  created_at: Date;
  party_paths: string[] | null;
}

export interface CaseListItem {
  id: number;
  caseNo: string;
  title: string;
  status: string;
  channel: string;
  nature: string;
  urgency: string;
  categoryId: number | null;
  categoryName: string | null;
  address: string | null;
  areaCode: string | null;
  districtCode: string | null;
  streetCode: string | null;
  gridCode: string | null;
  lat: number | null;
  lng: number | null;
  mainDepartmentId: number | null;
  mainDepartmentName: string | null;
  masterCaseId: number | null;
  stageDueAt: string | null;
  handleDueAt: string | null;
  sla: SlaState;
  createdAt: string;
  reporter: ReporterView;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function presentListItem(
  actor: Actor,
  r: CaseListRow,
  departmentNames: Map<number, string>,
  settings: Pick<CaseSettings, 'yellow_share'>,
  now: Date,
): CaseListItem {
  return {
    id: Number(r.id),
    caseNo: r.case_no,
    title: r.title,
    status: r.status,
    channel: r.channel,
    nature: r.nature,
    urgency: r.urgency,
    categoryId: r.category_id,
    categoryName: r.category_name,
    address: r.address,
    areaCode: r.area_code,
    districtCode: r.district_code,
    streetCode: r.street_code,
    gridCode: r.grid_code,
    lat: r.lat,
    lng: r.lng,
    mainDepartmentId: r.main_department_id,
    mainDepartmentName: r.main_department_id ? (departmentNames.get(r.main_department_id) ?? null) : null,
    masterCaseId: r.master_case_id === null ? null : Number(r.master_case_id),
    stageDueAt: iso(r.stage_due_at),
    handleDueAt: iso(r.handle_due_at),
    sla: slaState(r, now, settings),
    createdAt: new Date(r.created_at).toISOString(),
    reporter: presentReporter(actor, r, { areaCode: r.area_code, partyPaths: r.party_paths ?? [] }),
  };
}

/** zh-CN labels for exports and reasons. */
export const STATUS_ZH: Record<string, string> = {
  received: '待受理',
  rejected: '不予受理',
  accepted: '已受理',
  registered: '已立案',
  dispatched: '已派遣',
  in_progress: '处置中',
  handled: '待核查',
  verified: '待结案',
  closed: '已结案',
  revisited: '已回访',
  parked: '挂账',
  merged: '已并案',
};
export const CHANNEL_ZH: Record<string, string> = {
  phone: '电话',
  web: '网站',
  app: 'APP/小程序',
  letter: '信件',
  leader: '领导交办',
  department: '部门转入',
  grid: '网格员上报',
  open311: 'Open311',
  sensor: '传感器/视频',
};
export const NATURE_ZH: Record<string, string> = {
  consult: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
  praise: '表扬',
  other: '其他',
};
export const SLA_ZH: Record<SlaState, string> = {
  green: '正常',
  yellow: '临期',
  red: '超期',
  paused: '暂停',
  none: '—',
};
