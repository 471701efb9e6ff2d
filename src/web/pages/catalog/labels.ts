// Display labels of the catalog's coded values (mirrors the server's catalog-labels.ts) and the pages' texts,
// in both languages.
import { useI18n } from '../../i18n/I18nProvider';

type Pair = readonly [zh: string, en: string];

export const LABELS: Record<string, Record<string, Pair>> = {
  kind: {
    base: ['基础信息资源', 'Base resource'],
    theme: ['主题信息资源', 'Theme resource'],
    department: ['部门信息资源', 'Department resource'],
  },
  shareType: {
    unconditional: ['无条件共享', 'Shared unconditionally'],
    conditional: ['有条件共享', 'Shared on conditions'],
    none: ['不予共享', 'Not shared'],
  },
  openness: {
    open: ['无条件开放', 'Open'],
    conditional: ['有条件开放', 'Open on conditions'],
    closed: ['不予开放', 'Not open'],
  },
  format: { table: ['库表', 'Table'], file: ['文件', 'File'], api: ['接口', 'API'] },
  grade: {
    general: ['一般数据', 'General data'],
    important: ['重要数据', 'Important data'],
    core: ['核心数据', 'Core data'],
  },
  status: {
    draft: ['草稿', 'Draft'],
    submitted: ['待审核', 'Submitted'],
    published: ['已发布', 'Published'],
    deprecated: ['已废止', 'Deprecated'],
  },
  updateCycle: {
    realtime: ['实时', 'Real time'],
    daily: ['每日', 'Daily'],
    weekly: ['每周', 'Weekly'],
    monthly: ['每月', 'Monthly'],
    quarterly: ['每季度', 'Quarterly'],
    yearly: ['每年', 'Yearly'],
  },
  shareMethod: { api: ['接口', 'API'], table: ['库表', 'Table'], file: ['文件', 'File'] },
  personalInfo: {
    none: ['否', 'No'],
    personal: ['个人信息', 'Personal'],
    sensitive: ['敏感个人信息', 'Sensitive personal'],
  },
  network: {
    gov_extranet: ['政务外网', 'Government extranet'],
    private: ['专网', 'Private network'],
    internet: ['互联网', 'Internet'],
  },
  systemStatus: { planned: ['规划建设中', 'Planned'], running: ['运行中', 'Running'], retired: ['已停用', 'Retired'] },
  elementStatus: { draft: ['草稿', 'Draft'], standard: ['标准', 'Standard'], retired: ['已废止', 'Retired'] },
  demandStatus: { open: ['待满足', 'Open'], matched: ['已匹配', 'Matched'], closed: ['已关闭', 'Closed'] },
};

export const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  published: 'success',
  deprecated: 'error',
};
export const SHARE_COLORS: Record<string, string> = { unconditional: 'green', conditional: 'gold', none: 'red' };
export const OPEN_COLORS: Record<string, string> = { open: 'green', conditional: 'gold', closed: 'default' };

const TEXTS = {
  resourcesTitle: ['资源目录', 'Resource catalog'],
  resourcesIntro: [
    '检索全市政务信息资源，按部门、共享类型、开放属性等筛选。',
    'Search the city’s information resources and narrow them by facets.',
  ],
  searchPlaceholder: ['按名称或摘要检索，如“人口”', 'Search name or summary'],
  register: ['登记资源', 'Register resource'],
  total: ['共 {n} 个资源', '{n} resources'],
  code: ['资源代码', 'Code'],
  name: ['资源名称', 'Name'],
  provider: ['提供方', 'Provider'],
  shareType: ['共享类型', 'Share type'],
  openness: ['开放属性', 'Openness'],
  format: ['资源格式', 'Format'],
  grade: ['数据分级', 'Grade'],
  status: ['状态', 'Status'],
  kind: ['资源分类', 'Kind'],
  department: ['提供部门', 'Department'],
  classification: ['分类代码', 'Classification'],
  summary: ['资源摘要', 'Summary'],
  updateCycle: ['更新周期', 'Update cycle'],
  shareConditions: ['共享条件', 'Share conditions'],
  shareBasis: ['不予共享依据', 'Basis for not sharing'],
  shareMethod: ['共享方式', 'Share method'],
  publishDate: ['发布日期', 'Published on'],
  relatedCodes: ['关联资源', 'Related resources'],
  statusNote: ['审核意见', 'Review note'],
  createdBy: ['登记人', 'Registered by'],
  reviewedBy: ['审核人', 'Reviewed by'],
  items: ['信息项', 'Items'],
  itemName: ['信息项名称', 'Item name'],
  element: ['数据元', 'Data element'],
  dataType: ['数据类型', 'Data type'],
  isKey: ['主键', 'Key'],
  personalInfo: ['个人信息', 'Personal info'],
  example: ['示例值', 'Example'],
  submit: ['提交审核', 'Submit for review'],
  approve: ['审核通过并发布', 'Approve and publish'],
  return: ['退回', 'Return'],
  deprecate: ['废止', 'Deprecate'],
  reason: ['理由', 'Reason'],
  reasonRequired: ['请填写理由', 'Enter a reason'],
  confirmAction: ['确认{action}“{name}”？', '{action} “{name}”?'],
  done: ['操作成功', 'Done'],
  back: ['返回目录', 'Back to catalog'],
  newerVersion: ['有新版本 v{v}', 'v{v} available'],
  wizardTitle: ['登记信息资源', 'Register a resource'],
  wizardIntro: [
    '填写基本信息、绑定数据元的信息项与共享开放属性，保存为草稿后可提交审核。',
    'Describe the resource, bind its items to data elements, set sharing, and save a draft.',
  ],
  stepBasic: ['基本信息', 'Basics'],
  stepItems: ['信息项', 'Items'],
  stepSharing: ['共享与开放', 'Sharing'],
  stepReview: ['确认并保存', 'Review'],
  next: ['下一步', 'Next'],
  prev: ['上一步', 'Back'],
  createDraft: ['保存草稿', 'Save draft'],
  addItem: ['添加信息项', 'Add item'],
  remove: ['删除', 'Remove'],
  pickElement: ['搜索并选择数据元', 'Search and pick a data element'],
  itemsRequired: ['至少需要一个信息项', 'Add at least one item'],
  created: ['已保存草稿 {code}', 'Draft {code} saved'],
  elementsTitle: ['数据元', 'Data elements'],
  elementsIntro: ['全市统一的数据元字典：标识符、版本、定义与值域。', 'The city’s data element dictionary.'],
  identifier: ['标识符', 'Identifier'],
  version: ['版本', 'Version'],
  definition: ['定义', 'Definition'],
  valueDomain: ['值域', 'Value domain'],
  versions: ['版本历史', 'Versions'],
  impact: ['影响分析（绑定旧版本的资源）', 'Impact (resources on older versions)'],
  noImpact: ['没有资源绑定旧版本', 'No resource is bound to an older version'],
  systemsTitle: ['系统登记', 'Systems registry'],
  systemsIntro: ['各部门登记的政务信息系统及其承载的信息资源。', 'Information systems registered by departments.'],
  exportCsv: ['导出 CSV', 'Export CSV'],
  owner: ['建设部门', 'Owner'],
  network: ['部署网络', 'Network'],
  purpose: ['用途', 'Purpose'],
  resources: ['承载资源', 'Resources'],
  demandsTitle: ['需求清单', 'Demand list'],
  demandsIntro: [
    '各部门提出的数据需求，以及可能满足需求的已发布资源。',
    'Data demands and the published resources that may meet them.',
  ],
  demandTitle: ['需求', 'Demand'],
  requester: ['需求部门', 'Requested by'],
  wantedFields: ['所需字段', 'Wanted fields'],
  suggestions: ['推荐资源', 'Suggestions'],
  noSuggestions: ['暂无可满足该需求的已发布资源', 'No published resource seems to meet it'],
  elementName: ['中文名称', 'Name'],
  systemName: ['系统名称', 'System'],
  elementSearch: ['按标识符或名称检索', 'Search identifier or name'],
  systemSearch: ['按系统名称检索', 'Search system name'],
  raisedOn: ['提出日期', 'Raised on'],
} as const satisfies Record<string, Pair>;

export type TextKey = keyof typeof TEXTS;

export function useCatalogText() {
  const { locale } = useI18n();
  const i = locale === 'en' ? 1 : 0;
  const t = (key: TextKey, vars?: Record<string, string | number>) => {
    let s: string = TEXTS[key][i];
    for (const [k, v] of Object.entries(vars ?? {})) s = s.replace(`{${k}}`, String(v));
    return s;
  };
  const label = (group: string, value: string | null | undefined) =>
    value ? (LABELS[group]?.[value]?.[i] ?? value) : '—';
  return { t, label, locale };
}
