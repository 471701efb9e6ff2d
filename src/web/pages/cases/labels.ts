// Texts of the staff case pages (受理台, 工单列表, 派遣台, 我的待办, 工单详情), both languages, and the coded values
// (status, nature, channel, SLA light, actions) as the people who work in them say it.
import { useI18n } from '../../i18n/I18nProvider';

type Pair = readonly [zh: string, en: string];

const TEXTS = {
  // pages
  intakeTitle: ['受理台', 'Agent console'],
  intakeIntro: [
    '整通来电用键盘完成：Alt+P/K/A/D 跳到号码、分类、地点、诉求内容；诉求类型按数字 1–7；Ctrl+Enter 提交。',
    'The whole call from the keyboard: Alt+P/K/A/D jump to number, category, place, description; digits 1–7 pick the nature; Ctrl+Enter files.',
  ],
  listTitle: ['工单列表', 'Cases'],
  listIntro: ['本人权限范围内的全部工单；筛选条件可直接导出。', 'Every case in your scope; export the current filter.'],
  dispatchTitle: ['派遣台', 'Dispatch'],
  dispatchIntro: [
    '待立案、待派遣的工单与地图；勾选后批量派遣。右侧为待审核的退单、延期、挂起申请。',
    'Cases waiting to be registered and dispatched, with their map; select to dispatch in bulk. Requests to decide on the right.',
  ],
  inboxTitle: ['我的待办', 'My inbox'],
  inboxIntro: [
    '本部门待签收、处置中的工单，按时限排序。',
    'Cases of your department to sign for and handle, by deadline.',
  ],
  // intake form
  callerPhone: ['来电号码', 'Caller number'],
  callerHistory: ['来电历史', 'Caller history'],
  callerHistoryEmpty: ['该号码没有历史工单', 'No earlier cases from this number'],
  callerHistoryHint: ['输入号码后显示该来电人的历史工单', 'Type the number to see the caller’s earlier cases'],
  callerTotal: ['共 {n} 件', '{n} in all'],
  nature: ['诉求类型', 'Nature'],
  category: ['业务分类', 'Category'],
  categorySearch: ['输入关键词或拼音首字母，如 jg', 'Keyword or pinyin initials, e.g. jg'],
  timeLimit: ['办理时限', 'Time limit'],
  normal: ['一般', 'Normal'],
  urgent: ['紧急', 'Urgent'],
  urgency: ['紧急程度', 'Urgency'],
  componentId: ['部件编号', 'Component ID'],
  location: ['发生地点', 'Location'],
  addressSearch: ['搜索地址、社区、网格', 'Search an address, community or grid'],
  mapPinHint: ['或在地图上点击定位', 'or click on the map'],
  address: ['地址', 'Address'],
  located: ['已定位', 'Located'],
  outside: ['该点不在本市网格内', 'The point is outside the city grid'],
  grid: ['网格', 'Grid'],
  community: ['社区', 'Community'],
  street: ['街道', 'Street'],
  district: ['区县', 'District'],
  description: ['诉求内容', 'Description'],
  descriptionHint: ['来电人反映的问题（Ctrl+Enter 提交）', 'What the caller reports (Ctrl+Enter to file)'],
  title: ['标题', 'Title'],
  reporterName: ['来电人姓名', 'Caller name'],
  anonymous: ['匿名', 'Anonymous'],
  confidential: ['保密', 'Confidential'],
  submit: ['提交受理', 'File the case'],
  clear: ['清空', 'Clear'],
  filed: ['已受理，工单号', 'Filed: case number'],
  nextCall: ['下一通来电', 'Next call'],
  openCase: ['查看工单', 'Open the case'],
  intakePhotos: ['照片（来电人发来的现场图，最多 9 张）', 'Photos (sent by the caller, up to 9)'],
  photosFiled: ['随件照片 {n} 张', '{n} photo(s) filed with the case'],
  duplicates: ['疑似重复件', 'Possible duplicates'],
  duplicatesHint: [
    '选好分类、定位并填写诉求后自动查重',
    'Checked automatically once category, location and description are in',
  ],
  duplicatesNone: ['附近没有相似的在办工单', 'No similar open case nearby'],
  mergeInto: ['并入此件', 'Merge into this'],
  mergeConfirm: [
    '先受理本次来电，再并入 {no}？来电人将随主件获知办理结果。',
    'File this call and merge it into {no}? The caller will be told the master’s outcome.',
  ],
  merged: ['已并入 {no}', 'Merged into {no}'],
  knowledge: ['知识库', 'Knowledge base'],
  knowledgeHint: ['按分类或关键词检索标准答复', 'Standard answers by category or keywords'],
  knowledgeNone: ['没有匹配的标准答复', 'No matching standard answer'],
  expand: ['展开', 'More'],
  answerDirectly: ['直接办结', 'Answer and close'],
  answerConfirm: ['以此答复直接办结本次咨询？', 'Close this consultation on the call with this answer?'],
  answered: ['已直接办结', 'Answered and closed'],
  distance: ['{m} 米', '{m} m'],
  similarity: ['相似度 {p}%', 'Similarity {p}%'],
  shortcut: ['快捷键', 'Shortcut'],
  required: ['必填', 'Required'],
  pickCategory: ['请选择业务分类', 'Choose a category'],
  needDescription: ['请填写诉求内容', 'Describe the request'],
  // list
  keyword: ['工单号、标题或内容', 'Case number, title or words'],
  dateRange: ['受理时间', 'Filed between'],
  dateFrom: ['受理开始日期', 'Filed from'],
  dateTo: ['受理结束日期', 'Filed until'],
  sla: ['时限', 'SLA'],
  department: ['承办部门', 'Department'],
  area: ['区域', 'Area'],
  channel: ['渠道', 'Channel'],
  status: ['状态', 'Status'],
  caseNo: ['工单号', 'Case number'],
  createdAt: ['受理时间', 'Filed'],
  due: ['时限', 'Due'],
  reporter: ['来电人', 'Reporter'],
  total: ['共 {n} 件', '{n} cases'],
  exportCsv: ['导出 CSV', 'Export CSV'],
  exportXlsx: ['导出 Excel', 'Export Excel'],
  exported: ['已开始下载', 'Download started'],
  empty: ['没有符合条件的工单', 'No case matches'],
  search: ['查询', 'Search'],
  reset: ['重置', 'Reset'],
  // dispatch
  queue: ['待派遣', 'To dispatch'],
  queueEmpty: ['没有待派遣的工单', 'Nothing waiting to be dispatched'],
  suggested: ['建议部门', 'Suggested'],
  why: ['派单依据', 'Why this department'],
  noRule: ['未匹配派单规则，请人工选择部门', 'No routing rule matched: choose a department'],
  noRuleShort: ['待人工派单', 'Choose by hand'],
  mainDepartment: ['主办部门', 'Main department'],
  coDepartments: ['协办部门', 'Co-handling'],
  useSuggested: ['默认按建议部门', 'Default: the suggested department'],
  dispatchSelected: ['派遣所选 ({n})', 'Dispatch selected ({n})'],
  dispatchDone: ['已派遣 {n} 件', '{n} dispatched'],
  dispatchFailed: ['{n} 件未能派遣', '{n} could not be dispatched'],
  pending: ['待审核申请', 'Requests to decide'],
  pendingEmpty: ['没有待审核的申请', 'No request waiting'],
  approve: ['同意', 'Approve'],
  refuse: ['不同意', 'Refuse'],
  refuseReason: ['不同意的理由', 'Why refused'],
  requestedDue: ['申请延至', 'Requested until'],
  map: ['地图', 'Map'],
  // inbox
  inboxEmpty: ['没有待办工单', 'Nothing to do'],
  sign: ['签收', 'Sign'],
  signed: ['已签收', 'Signed'],
  handle: ['处置反馈', 'Submit result'],
  // detail
  timeline: ['办理过程', 'Timeline'],
  internal: ['内部', 'Internal'],
  parties: ['办理部门', 'Departments'],
  routingReason: ['派单依据', 'Routing'],
  related: ['关联工单', 'Related cases'],
  master: ['主件', 'Master'],
  mergedCases: ['并入的工单', 'Merged into this'],
  sameReporter: ['同一来电人', 'Same caller'],
  photos: ['照片', 'Photos'],
  noPhotos: ['没有照片', 'No photos'],
  reveal: ['查看完整号码', 'Show in full'],
  revealed: ['已显示完整信息（已记录审计）', 'Shown in full (audited)'],
  deadline: ['当前环节时限', 'Stage deadline'],
  handleDeadline: ['处置时限', 'Handling deadline'],
  remaining: ['剩余 {t}', '{t} left'],
  overdueBy: ['已超时 {t}', 'Overdue by {t}'],
  paused: ['已挂起', 'Paused'],
  conflict: ['工单已被他人更新，已重新加载', 'The case was changed by someone else: reloaded'],
  actionDone: ['已完成：{a}', 'Done: {a}'],
  reason: ['理由', 'Reason'],
  note: ['备注', 'Note'],
  result: ['处置结果', 'Result'],
  answer: ['答复内容', 'Answer'],
  fixed: ['已整改', 'Fixed'],
  notFixed: ['未整改（返工）', 'Not fixed (rework)'],
  satisfaction: ['满意度', 'Satisfaction'],
  solved: ['问题已解决', 'Solved'],
  level: ['派单级次', 'Level'],
  attributes: ['附加信息', 'Attributes'],
  basic: ['基本信息', 'Case'],
  none: ['无', 'None'],
  back: ['返回列表', 'Back to the list'],
  by: ['操作人', 'By'],
  yes: ['是', 'Yes'],
  no: ['否', 'No'],
  attachPhotos: ['添加照片', 'Add photos'],
  actionsCol: ['操作', 'Actions'],
  requests: ['申请记录', 'Requests'],
  req_pending: ['待审核', 'Pending'],
  req_approved: ['已同意', 'Approved'],
  req_refused: ['未同意', 'Refused'],
  req_withdrawn: ['已撤回', 'Withdrawn'],
  stage_intake: ['受理', 'Intake'],
  stage_result: ['处置', 'Result'],
  stage_verify: ['核查', 'Check'],
  routedTo: ['派往', 'Routed to'],
  // status
  status_received: ['待受理', 'Received'],
  status_rejected: ['不予受理', 'Rejected'],
  status_accepted: ['已受理', 'Accepted'],
  status_registered: ['已立案', 'Registered'],
  status_dispatched: ['已派遣', 'Dispatched'],
  status_in_progress: ['处置中', 'In progress'],
  status_handled: ['待核查', 'Handled'],
  status_verified: ['待结案', 'Verified'],
  status_closed: ['已结案', 'Closed'],
  status_revisited: ['已回访', 'Revisited'],
  status_parked: ['挂账', 'Parked'],
  status_merged: ['已并案', 'Merged'],
  // nature
  nature_consult: ['咨询', 'Enquiry'],
  nature_help: ['求助', 'Help'],
  nature_complaint: ['投诉', 'Complaint'],
  nature_report: ['举报', 'Report'],
  nature_suggestion: ['建议', 'Suggestion'],
  nature_praise: ['表扬', 'Praise'],
  nature_other: ['其他', 'Other'],
  // channel
  channel_phone: ['电话', 'Phone'],
  channel_web: ['网站', 'Web'],
  channel_app: ['APP/小程序', 'App'],
  channel_letter: ['信件', 'Letter'],
  channel_leader: ['领导交办', 'Leader'],
  channel_department: ['部门转入', 'Department'],
  channel_grid: ['网格员上报', 'Grid worker'],
  channel_sensor: ['传感器/视频', 'Sensor'],
  channel_open311: ['Open311', 'Open311'],
  // sla
  sla_green: ['正常', 'On time'],
  sla_yellow: ['临期', 'Due soon'],
  sla_red: ['超期', 'Overdue'],
  sla_paused: ['暂停', 'Paused'],
  sla_none: ['无时限', 'No deadline'],
  // urgency
  urgency_normal: ['一般', 'Normal'],
  urgency_urgent: ['紧急', 'Urgent'],
  // actions
  action_create: ['受理登记', 'Filed'],
  action_accept: ['受理', 'Accept'],
  action_reject: ['不予受理', 'Reject'],
  action_answerDirectly: ['直接办结', 'Answer and close'],
  action_merge: ['并案', 'Merge'],
  action_register: ['立案', 'Register'],
  action_dispatch: ['派遣', 'Dispatch'],
  action_sign: ['签收', 'Sign'],
  action_submitResult: ['处置反馈', 'Submit result'],
  action_verify: ['核查', 'Verify'],
  action_close: ['结案', 'Close'],
  action_park: ['挂账', 'Park'],
  action_unpark: ['取消挂账', 'Unpark'],
  action_revisit: ['回访', 'Revisit'],
  action_reopen: ['重办', 'Reopen'],
  action_requestReturn: ['申请退单', 'Ask to return'],
  action_decideReturn: ['退单审核', 'Decide return'],
  action_requestExtension: ['申请延期', 'Ask for extension'],
  action_decideExtension: ['延期审批', 'Decide extension'],
  action_requestSuspension: ['申请挂起', 'Ask to suspend'],
  action_decideSuspension: ['挂起审批', 'Decide suspension'],
  action_resume: ['恢复', 'Resume'],
  action_urge: ['催办', 'Urge'],
  action_supervise: ['督办', 'Supervise'],
  action_addNote: ['内部备注', 'Internal note'],
  action_reveal: ['查看完整信息', 'Reveal'],
  // requests
  kind_return: ['退单', 'Return'],
  kind_extension: ['延期', 'Extension'],
  kind_suspension: ['挂起', 'Suspension'],
  kind_reopen: ['重办', 'Reopen'],
  sat_satisfied: ['满意', 'Satisfied'],
  sat_basically: ['基本满意', 'Basically satisfied'],
  sat_unsatisfied: ['不满意', 'Unsatisfied'],
  role_centre: ['受理中心', 'Centre'],
  role_main: ['主办', 'Main'],
  role_co: ['协办', 'Co-handling'],
  level_city: ['市级', 'City'],
  level_district: ['区级', 'District'],
  level_street: ['街道级', 'Street'],
} as const satisfies Record<string, Pair>;

export type CaseTextKey = keyof typeof TEXTS;

export function useCaseText() {
  const { locale } = useI18n();
  const i = locale === 'en' ? 1 : 0;
  const t = (key: CaseTextKey, vars?: Record<string, string | number>) => {
    let s: string = (TEXTS[key] ?? [key, key])[i];
    for (const [k, v] of Object.entries(vars ?? {})) s = s.replace(`{${k}}`, String(v));
    return s;
  };
  /** A coded value's label, or the value itself when it has none (e.g. a status added later by the server). */
  const label = (prefix: string, value: string | null | undefined) => {
    if (!value) return '';
    const k = `${prefix}_${value}` as CaseTextKey;
    return k in TEXTS ? t(k) : value;
  };
  return { t, label, locale };
}

export const STATUS_COLOR: Record<string, string> = {
  received: 'default',
  rejected: 'default',
  accepted: 'cyan',
  registered: 'geekblue',
  dispatched: 'blue',
  in_progress: 'processing',
  handled: 'purple',
  verified: 'purple',
  closed: 'success',
  revisited: 'success',
  parked: 'warning',
  merged: 'default',
};

export const SLA_COLOR: Record<string, string> = {
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
  paused: '#8c8c8c',
  none: '#d9d9d9',
};

/** "3天4小时" / "3d 4h" — a span of time, coarse as a desk needs it. */
export function humanSpan(ms: number, locale: string): string {
  const abs = Math.abs(ms);
  const m = Math.floor(abs / 60_000);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  const zh = locale !== 'en';
  if (d > 0) return zh ? `${d}天${h}小时` : `${d}d ${h}h`;
  if (h > 0) return zh ? `${h}小时${min}分` : `${h}h ${min}m`;
  return zh ? `${min}分钟` : `${min}m`;
}
