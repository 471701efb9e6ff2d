// Audit rows as a downloadable file: CSV (UTF-8 with BOM, so Excel opens Chinese correctly) or xlsx.
import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Locale } from '../../platform/i18n/messages.ts';
import type { AuditRow } from './repo.ts';

export type ExportFormat = 'csv' | 'xlsx';

interface Column {
  key: string;
  header: { 'zh-CN': string; en: string };
  width: number;
  value(r: AuditRow): string | number | null;
}

// actor_id and hash are included so that an unfiltered export can be re-verified outside the system.
const COLUMNS: Column[] = [
  { key: 'id', header: { 'zh-CN': '记录编号', en: 'ID' }, width: 10, value: (r) => r.id },
  {
    key: 'at',
    header: { 'zh-CN': '时间(UTC)', en: 'Time (UTC)' },
    width: 26,
    value: (r) => new Date(r.at).toISOString(),
  },
  { key: 'actorKind', header: { 'zh-CN': '操作者类型', en: 'Actor kind' }, width: 10, value: (r) => r.actor_kind },
  { key: 'actorId', header: { 'zh-CN': '操作者编号', en: 'Actor ID' }, width: 10, value: (r) => r.actor_id },
  { key: 'actorName', header: { 'zh-CN': '操作者', en: 'Actor' }, width: 16, value: (r) => r.actor_name },
  { key: 'action', header: { 'zh-CN': '操作', en: 'Action' }, width: 22, value: (r) => r.action },
  { key: 'targetType', header: { 'zh-CN': '对象类型', en: 'Target type' }, width: 12, value: (r) => r.target_type },
  { key: 'targetId', header: { 'zh-CN': '对象编号', en: 'Target ID' }, width: 14, value: (r) => r.target_id },
  { key: 'summary', header: { 'zh-CN': '摘要', en: 'Summary' }, width: 50, value: (r) => JSON.stringify(r.summary) },
  { key: 'result', header: { 'zh-CN': '结果', en: 'Result' }, width: 8, value: (r) => r.result },
  { key: 'ip', header: { 'zh-CN': 'IP 地址', en: 'IP address' }, width: 16, value: (r) => r.ip },
  { key: 'requestId', header: { 'zh-CN': '请求编号', en: 'Request ID' }, width: 38, value: (r) => r.request_id },
  { key: 'chainSeq', header: { 'zh-CN': '链序号', en: 'Chain seq' }, width: 10, value: (r) => r.chain_seq },
  { key: 'hash', header: { 'zh-CN': '哈希值', en: 'Hash' }, width: 66, value: (r) => r.hash },
];

export function exportContentType(format: ExportFormat): string {
  return format === 'csv'
    ? 'text/csv; charset=utf-8'
    : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
}

/** A spreadsheet would run a cell starting with = + - @ as a formula (CSV injection): quote it as text. */
function defuse(v: string | number | null): string | number | null {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export async function renderAuditFile(rows: AuditRow[], format: ExportFormat, locale: Locale): Promise<Buffer> {
  if (format === 'csv') {
    const text = stringify(
      rows.map((r) => COLUMNS.map((c) => defuse(c.value(r)))),
      { bom: true, header: true, columns: COLUMNS.map((c) => c.header[locale]) },
    );
    return Buffer.from(text, 'utf8');
  }
  return renderXlsx(rows, locale);
}

async function renderXlsx(rows: AuditRow[], locale: Locale): Promise<Buffer> {
  // The streaming writer keeps a 100,000-row export from building the whole workbook model in memory.
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = wb.addWorksheet(locale === 'en' ? 'Audit log' : '审计日志', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = COLUMNS.map((c) => ({ header: c.header[locale], key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(COLUMNS.map((c) => c.value(r))).commit();
  sheet.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
