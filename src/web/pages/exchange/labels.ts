// Texts of the sharing pages (共享申请, 授权与凭证, 调用日志), both languages.
import { useI18n } from '../../i18n/I18nProvider';

type Pair = readonly [zh: string, en: string];

const TEXTS = {
  requestsTitle: ['共享申请', 'Access requests'],
  requestsIntro: [
    '申请使用其他部门的数据，审批本部门资源的申请；所有时限按工作日计算，逾期标红。',
    'Ask for other departments’ data and answer requests for yours; deadlines count working days, overdue in red.',
  ],
  boxMine: ['我的申请', 'My requests'],
  boxProvider: ['待我审批', 'To decide'],
  boxOffice: ['数据主管部门审核', 'Data office check'],
  emptyMine: [
    '还没有共享申请。在资源目录中打开一个已发布的资源，点击“申请共享”。',
    'No requests yet. Open a published resource in the catalog and choose “Request access”.',
  ],
  emptyProvider: ['没有需要本部门审批的申请。', 'No request is waiting for your department.'],
  emptyOffice: ['没有待审核的申请。', 'No request is waiting for the data office.'],
  goCatalog: ['去资源目录', 'Open the catalog'],
  resource: ['资源', 'Resource'],
  consumer: ['申请部门', 'Requesting department'],
  consumerSystem: ['使用系统', 'Consuming system'],
  purpose: ['用途', 'Purpose'],
  legalBasis: ['依据', 'Legal basis'],
  fields: ['申请字段', 'Fields'],
  period: ['期限', 'Period'],
  days: ['{n} 天', '{n} days'],
  status: ['状态', 'Status'],
  due: ['办理时限', 'Due'],
  overdue: ['已逾期', 'Overdue'],
  createdAt: ['申请时间', 'Requested'],
  createdBy: ['申请人', 'By'],
  reasons: ['意见', 'Notes'],
  officeReason: ['审核意见', 'Office note'],
  decisionReason: ['提供方意见', 'Provider note'],
  approve: ['同意', 'Approve'],
  refuse: ['拒绝', 'Refuse'],
  decideTitle: ['答复申请 #{id}', 'Answer request #{id}'],
  checkTitle: ['审核申请 #{id}', 'Check request #{id}'],
  reason: ['理由', 'Reason'],
  reasonRequired: ['拒绝须填写理由', 'A refusal needs a reason'],
  clearValues: ['提供明文（不脱敏）', 'Clear values (no masking)'],
  rowFilter: ['行过滤（可选）', 'Row filter (optional)'],
  rowFilterField: ['字段', 'Field'],
  rowFilterValue: ['等于', 'Equals'],
  submitted: ['申请已提交，等待数据主管部门审核', 'Submitted; the data office checks it next'],
  done: ['操作成功', 'Done'],
  status_pending_office: ['待数据办审核', 'Data office check'],
  status_pending_provider: ['待提供方审批', 'Provider decision'],
  status_granted: ['已授权', 'Granted'],
  status_refused: ['已拒绝', 'Refused'],
  status_escalated: ['已督办', 'Escalated'],
  share_unconditional: ['无条件共享', 'Unconditional'],
  share_conditional: ['有条件共享', 'Conditional'],
  requestAccess: ['申请共享', 'Request access'],
  requestTitle: ['申请共享：{name}', 'Request access: {name}'],
  requestIntro: [
    '按最小必要原则勾选字段；数据主管部门审核后，{kind}。',
    'Choose only the fields you need; after the data office check, {kind}.',
  ],
  kindUnconditional: ['无条件共享资源直接授权', 'an unconditional resource is granted'],
  kindConditional: ['有条件共享资源由提供部门审批', 'the provider decides on a conditional one'],
  fieldsRequired: ['至少选择一个字段', 'Choose at least one field'],
  purposeRequired: ['请填写用途（事项或案件）', 'Enter the purpose (matter or case)'],
  basisRequired: ['请填写依据（法规或文件）', 'Enter the legal basis'],
  systemRequired: ['请填写使用数据的系统', 'Enter the consuming system'],
  periodDays: ['使用期限（天）', 'Period (days)'],
  personal: ['个人信息', 'personal'],
  sensitive: ['敏感', 'sensitive'],
  submit: ['提交申请', 'Submit'],
  cancel: ['取消', 'Cancel'],
  grantsTitle: ['授权与凭证', 'Grants and credentials'],
  grantsIntro: [
    '获得的授权可签发交换凭证（X-Exchange-Key）供本部门系统调用；撤销立即生效。',
    'Issue exchange credentials (X-Exchange-Key) for your systems from a grant; revoking takes effect at once.',
  ],
  grantsMine: ['本部门获得的授权', 'Grants to my department'],
  grantsProvided: ['本部门提供的授权', 'Grants on my resources'],
  emptyGrants: ['还没有授权。共享申请获批后会出现在这里。', 'No grants yet. Approved requests appear here.'],
  emptyProvided: ['本部门资源尚未授权给其他部门。', 'No grants on your department’s resources yet.'],
  expiresAt: ['有效期至', 'Expires'],
  grantState: ['授权状态', 'State'],
  active: ['有效', 'Active'],
  revoked: ['已撤销', 'Revoked'],
  expired: ['已过期', 'Expired'],
  masked: ['脱敏', 'Masked'],
  clear: ['明文', 'Clear'],
  issue: ['签发凭证', 'Issue credential'],
  revoke: ['撤销授权', 'Revoke'],
  revokeConfirm: ['撤销对“{name}”的授权？', 'Revoke the grant on “{name}”?'],
  revokeHint: [
    '该授权下的全部凭证立即失效，调用方下一次调用即被拒绝。',
    'All credentials of the grant stop working at once; the next call is refused.',
  ],
  credentialTitle: ['交换凭证已签发', 'Credential issued'],
  credentialWarning: [
    '凭证只显示这一次，请立即复制并妥善保存到使用系统的配置中；遗失后只能重新签发。',
    'The credential is shown only once. Copy it into the consuming system now; if lost, issue a new one.',
  ],
  credentialUse: ['调用时放在请求头 X-Exchange-Key 中：', 'Send it in the X-Exchange-Key header:'],
  copied: ['已复制', 'Copied'],
  iSaved: ['我已保存', 'I have saved it'],
  credentialsIssued: ['本次已签发：{p}…', 'Issued now: {p}…'],
  logTitle: ['调用日志', 'Access log'],
  logIntro: [
    '提供方可查看谁调用了本部门的数据，使用方可查看本部门的调用；日志哈希链防篡改。',
    'Providers see who used their data, consumers their own calls; the log is hash-chained.',
  ],
  emptyLog: [
    '还没有调用记录。使用方用交换凭证调用数据接口后，这里会记录每一次调用。',
    'No calls yet. Every call made with an exchange credential is recorded here.',
  ],
  at: ['时间', 'Time'],
  user: ['用户', 'User'],
  rowCount: ['行数', 'Rows'],
  endpoint: ['接口', 'Endpoint'],
  result: ['结果', 'Result'],
  seenAs: ['视角', 'As'],
  asProvider: ['提供方', 'Provider'],
  asConsumer: ['使用方', 'Consumer'],
  sealed: ['已封链', 'Sealed'],
  filterResource: ['按资源代码筛选', 'Resource code'],
  filterSystem: ['按系统或用户筛选', 'System or user'],
  filterSide: ['视角', 'Side'],
  all: ['全部', 'All'],
  endpoint_data: ['数据查询', 'Rows'],
  endpoint_changes: ['增量变更', 'Changes'],
  endpoint_export: ['批量导出', 'Export'],
  refresh: ['刷新', 'Refresh'],
} as const satisfies Record<string, Pair>;

export type ExchangeTextKey = keyof typeof TEXTS;

export function useExchangeText() {
  const { locale } = useI18n();
  const i = locale === 'en' ? 1 : 0;
  const t = (key: ExchangeTextKey, vars?: Record<string, string | number>) => {
    let s: string = (TEXTS[key] ?? [key, key])[i];
    for (const [k, v] of Object.entries(vars ?? {})) s = s.replace(`{${k}}`, String(v));
    return s;
  };
  /** A coded value's label, or the value itself when it has none (e.g. a status added later by the server). */
  const label = (prefix: string, value: string) => {
    const k = `${prefix}_${value}` as ExchangeTextKey;
    return k in TEXTS ? t(k) : value;
  };
  return { t, label, locale };
}
