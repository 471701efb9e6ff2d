// Texts of the resource page's 数据集 tab (versions, quality, rows, upload with its validation report), both languages.
import { useI18n } from '../../i18n/I18nProvider';

type Pair = readonly [zh: string, en: string];

const TEXTS = {
  tabItems: ['信息项', 'Items'],
  tabDataset: ['数据集', 'Dataset'],
  upload: ['上传数据', 'Upload data'],
  uploadTitle: ['上传数据集', 'Upload the dataset'],
  uploadHint: [
    '支持 CSV（UTF-8 或 GBK）、XLSX、JSON；表头须为本资源的信息项名称，按主键新增或更新。',
    'CSV (UTF-8 or GBK), XLSX or JSON; the header must be this resource’s item names; rows are upserted by key.',
  ],
  chooseFile: ['点击或拖入文件', 'Click or drop a file'],
  mode: ['装载方式', 'Mode'],
  allOrNothing: ['全部或全不（有错误则不装载）', 'All or nothing (any error: nothing loaded)'],
  acceptValid: ['装载有效行，退回错误行', 'Load valid rows, return the rejected ones'],
  replace: ['整体替换（文件中没有的行将删除）', 'Replace (rows missing from the file are deleted)'],
  startUpload: ['开始装载', 'Load'],
  loaded: ['已装载版本 v{v}：新增 {i}，更新 {u}，删除 {d}', 'Loaded v{v}: {i} inserted, {u} updated, {d} deleted'],
  refused: ['校验未通过，未装载任何数据（共 {n} 处错误）', 'Validation failed, nothing was loaded ({n} errors)'],
  acceptedWithRejects: [
    '已装载有效行，{n} 行被退回，可下载退回行修改后重新上传',
    'Valid rows loaded; {n} rows rejected — download them, fix and upload again',
  ],
  reportTitle: ['校验报告', 'Validation report'],
  rowCount: ['数据行', 'Rows'],
  errorCount: ['错误', 'Errors'],
  rejected: ['退回行', 'Rejected'],
  encoding: ['编码', 'Encoding'],
  row: ['行号', 'Row'],
  column: ['列', 'Column'],
  value: ['值', 'Value'],
  problem: ['问题', 'Problem'],
  downloadRejected: ['下载退回行', 'Download rejected rows'],
  rejectedTruncated: ['退回行较多，文件只含前一部分', 'Many rows were rejected: the file holds only the first ones'],
  moreErrors: ['仅列出前 {n} 处错误', 'Only the first {n} errors are listed'],
  versions: ['装载版本', 'Loads'],
  version: ['版本', 'Version'],
  loadStatus: ['状态', 'Status'],
  inserted: ['新增', 'Inserted'],
  updated: ['更新', 'Updated'],
  deleted: ['删除', 'Deleted'],
  who: ['操作人', 'By'],
  when: ['时间', 'At'],
  score: ['质量得分', 'Quality score'],
  scoreHistory: ['质量得分走势', 'Score history'],
  metrics: ['质量指标（最近一次装载）', 'Quality measures (latest load)'],
  completeness: ['完整性', 'Completeness'],
  validity: ['有效性', 'Validity'],
  keyUniqueness: ['主键唯一性', 'Key uniqueness'],
  timeliness: ['及时性', 'Timeliness'],
  daysSince: ['距上次装载 {n} 天', '{n} days since the last load'],
  rows: ['数据预览', 'Rows'],
  key: ['主键', 'Key'],
  asOf: ['查看版本', 'As of version'],
  latest: ['最新', 'Latest'],
  rollback: ['回滚', 'Roll back'],
  rollbackConfirm: ['回滚版本 v{v}？', 'Roll back v{v}?'],
  rollbackHint: [
    '该次装载写入的行将撤销，被它更新或删除的行恢复为之前的版本。',
    'Rows this load wrote are undone; rows it updated or deleted become current again.',
  ],
  rolledBack: ['已回滚 v{v}', 'v{v} rolled back'],
  noDataset: ['尚未装载数据。', 'No data has been loaded yet.'],
  noDatasetLoader: ['点击“上传数据”装载第一个版本。', 'Use “Upload data” to load the first version.'],
  noDatasetReader: ['由提供部门的数据管理员上传后可在此查看。', 'The providing department’s steward loads it.'],
  notTable: ['只有已发布的库表类资源可以装载数据集。', 'Only published table resources have a dataset.'],
  status_applied: ['已生效', 'Applied'],
  status_rolled_back: ['已回滚', 'Rolled back'],
  rolledBackAs: ['已回滚（回滚后为 v{n}）', 'Rolled back (now v{n})'],
  status_failed: ['未通过', 'Failed'],
  mode_all_or_nothing: ['全部或全不', 'All or nothing'],
  mode_accept_valid: ['装载有效行', 'Accept valid'],
  close: ['关闭', 'Close'],
} as const satisfies Record<string, Pair>;

export type DatasetTextKey = keyof typeof TEXTS;

export function useDatasetText() {
  const { locale } = useI18n();
  const i = locale === 'en' ? 1 : 0;
  const t = (key: DatasetTextKey, vars?: Record<string, string | number>) => {
    let s: string = TEXTS[key][i];
    for (const [k, v] of Object.entries(vars ?? {})) s = s.replace(`{${k}}`, String(v));
    return s;
  };
  return { t, locale };
}

export const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;
