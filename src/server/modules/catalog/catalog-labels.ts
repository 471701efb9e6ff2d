// Display labels of the catalog's coded values, in both languages: facets, exports and the web app show these.
import type { Locale } from '../../platform/i18n/messages.ts';

type Labels = Record<string, { 'zh-CN': string; en: string }>;

export const LABELS: Record<string, Labels> = {
  kind: {
    base: { 'zh-CN': '基础信息资源', en: 'Base resource' },
    theme: { 'zh-CN': '主题信息资源', en: 'Theme resource' },
    department: { 'zh-CN': '部门信息资源', en: 'Department resource' },
  },
  shareType: {
    unconditional: { 'zh-CN': '无条件共享', en: 'Shared unconditionally' },
    conditional: { 'zh-CN': '有条件共享', en: 'Shared on conditions' },
    none: { 'zh-CN': '不予共享', en: 'Not shared' },
  },
  openness: {
    open: { 'zh-CN': '无条件开放', en: 'Open' },
    conditional: { 'zh-CN': '有条件开放', en: 'Open on conditions' },
    closed: { 'zh-CN': '不予开放', en: 'Not open' },
  },
  format: {
    table: { 'zh-CN': '库表', en: 'Table' },
    file: { 'zh-CN': '文件', en: 'File' },
    api: { 'zh-CN': '接口', en: 'API' },
  },
  grade: {
    general: { 'zh-CN': '一般数据', en: 'General data' },
    important: { 'zh-CN': '重要数据', en: 'Important data' },
    core: { 'zh-CN': '核心数据', en: 'Core data' },
  },
  status: {
    draft: { 'zh-CN': '草稿', en: 'Draft' },
    submitted: { 'zh-CN': '待审核', en: 'Submitted' },
    published: { 'zh-CN': '已发布', en: 'Published' },
    deprecated: { 'zh-CN': '已废止', en: 'Deprecated' },
  },
  network: {
    gov_extranet: { 'zh-CN': '政务外网', en: 'Government extranet' },
    private: { 'zh-CN': '专网', en: 'Private network' },
    internet: { 'zh-CN': '互联网', en: 'Internet' },
  },
  systemStatus: {
    planned: { 'zh-CN': '规划建设中', en: 'Planned' },
    running: { 'zh-CN': '运行中', en: 'Running' },
    retired: { 'zh-CN': '已停用', en: 'Retired' },
  },
};

export function labelOf(group: keyof typeof LABELS, value: string, locale: Locale): string {
  return LABELS[group]?.[value]?.[locale] ?? value;
}
