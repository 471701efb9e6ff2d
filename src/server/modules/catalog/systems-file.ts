// The systems registry as a CSV download: UTF-8 with a BOM (so Excel opens Chinese correctly), headers in the
// caller's language, and every text cell that a spreadsheet would run as a formula neutralised.
import { stringify } from 'csv-stringify/sync';
import type { Locale } from '../../platform/i18n/messages.ts';
import { labelOf } from './catalog-labels.ts';
import type { SystemView } from './systems.ts';

interface Column {
  header: { 'zh-CN': string; en: string };
  value(s: SystemView, locale: Locale): string | number;
}

const COLUMNS: Column[] = [
  { header: { 'zh-CN': '编号', en: 'ID' }, value: (s) => s.id },
  { header: { 'zh-CN': '系统名称', en: 'Name' }, value: (s) => s.name },
  { header: { 'zh-CN': '所属部门', en: 'Owner' }, value: (s) => s.ownerName ?? String(s.ownerDepartmentId) },
  { header: { 'zh-CN': '建设目的', en: 'Purpose' }, value: (s) => s.purpose },
  { header: { 'zh-CN': '使用对象', en: 'Users' }, value: (s) => s.users },
  { header: { 'zh-CN': '部署方式', en: 'Hosting' }, value: (s) => s.hosting },
  { header: { 'zh-CN': '网络', en: 'Network' }, value: (s, l) => labelOf('network', s.network, l) },
  { header: { 'zh-CN': '状态', en: 'Status' }, value: (s, l) => labelOf('systemStatus', s.status, l) },
  {
    header: { 'zh-CN': '数据资源', en: 'Data resources' },
    value: (s) => s.resources.map((r) => `${r.code} ${r.name}`).join('; '),
  },
  { header: { 'zh-CN': '更新时间(UTC)', en: 'Updated (UTC)' }, value: (s) => s.updatedAt },
];

/** CSV injection: a cell starting with = + - @ (or a tab / carriage return) is prefixed with ' to stay text. */
export function neutraliseCell(v: string | number): string | number {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export function renderSystemsCsv(systems: SystemView[], locale: Locale): Buffer {
  const text = stringify(
    systems.map((s) => COLUMNS.map((c) => neutraliseCell(c.value(s, locale)))),
    { bom: true, header: true, columns: COLUMNS.map((c) => c.header[locale]) },
  );
  return Buffer.from(text, 'utf8');
}
