// Export of the current list filter to CSV (UTF-8 with BOM, so Excel opens Chinese correctly) or XLSX (exceljs
// streaming writer), headers in the caller's language (zh-CN first). Personal data is masked exactly as in the list
// (case-view.ts) — an export never carries a full phone or ID number. Every text cell a spreadsheet would run as a
// formula (= + - @ tab CR) is neutralised (catalog/systems-file.ts neutraliseCell). The export is audited (filter
// and row count) in its own transaction before the first byte is sent; the rows are then read in keyset pages and
// streamed, so a large export never sits in memory.
import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSomewhere } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import { neutraliseCell } from '../catalog/systems-file.ts';
import { caseScopeWhere } from './case-scope.ts';
import { type CaseFilter, filterConditions, listSelect, presentRows } from './case-query.ts';
import { CHANNEL_ZH, type CaseListItem, type CaseListRow, NATURE_ZH, SLA_ZH, STATUS_ZH } from './case-view.ts';

export const MAX_EXPORT_ROWS = 100_000;
const PAGE = 1000;

export type CaseExportFormat = 'csv' | 'xlsx';

interface Column {
  header: Record<Locale, string>;
  width: number;
  value(c: CaseListItem, locale: Locale): string | number;
}

const zh = (table: Record<string, string>, v: string, locale: Locale) => (locale === 'en' ? v : (table[v] ?? v));

const COLUMNS: Column[] = [
  { header: { 'zh-CN': '工单编号', en: 'Case number' }, width: 18, value: (c) => c.caseNo },
  { header: { 'zh-CN': '标题', en: 'Title' }, width: 30, value: (c) => c.title },
  { header: { 'zh-CN': '状态', en: 'Status' }, width: 10, value: (c, l) => zh(STATUS_ZH, c.status, l) },
  { header: { 'zh-CN': '渠道', en: 'Channel' }, width: 10, value: (c, l) => zh(CHANNEL_ZH, c.channel, l) },
  { header: { 'zh-CN': '诉求类型', en: 'Nature' }, width: 8, value: (c, l) => zh(NATURE_ZH, c.nature, l) },
  {
    header: { 'zh-CN': '紧急程度', en: 'Urgency' },
    width: 8,
    value: (c, l) => (l === 'en' ? c.urgency : c.urgency === 'urgent' ? '紧急' : '一般'),
  },
  { header: { 'zh-CN': '业务分类', en: 'Category' }, width: 16, value: (c) => c.categoryName ?? '' },
  { header: { 'zh-CN': '地址', en: 'Address' }, width: 30, value: (c) => c.address ?? '' },
  { header: { 'zh-CN': '区划代码', en: 'Area code' }, width: 14, value: (c) => c.areaCode ?? '' },
  { header: { 'zh-CN': '网格', en: 'Grid' }, width: 16, value: (c) => c.gridCode ?? '' },
  { header: { 'zh-CN': '主办单位', en: 'Main department' }, width: 20, value: (c) => c.mainDepartmentName ?? '' },
  { header: { 'zh-CN': '诉求人', en: 'Reporter' }, width: 10, value: (c) => c.reporter.name ?? '' },
  { header: { 'zh-CN': '联系电话', en: 'Phone' }, width: 14, value: (c) => c.reporter.phone ?? '' },
  { header: { 'zh-CN': '时限状态', en: 'SLA' }, width: 8, value: (c, l) => (l === 'en' ? c.sla : SLA_ZH[c.sla]) },
  { header: { 'zh-CN': '阶段到期时间(UTC)', en: 'Stage due (UTC)' }, width: 24, value: (c) => c.stageDueAt ?? '' },
  { header: { 'zh-CN': '登记时间(UTC)', en: 'Created (UTC)' }, width: 24, value: (c) => c.createdAt },
];

export function exportContentType(format: CaseExportFormat): string {
  return format === 'csv'
    ? 'text/csv; charset=utf-8'
    : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
}

/** Checks the permission and the size, audits the export. Runs in the route's transaction. */
export async function prepareExport(
  tx: Tx,
  actor: Actor,
  f: CaseFilter,
  format: CaseExportFormat,
): Promise<{ rows: number }> {
  if (!canSomewhere(actor, 'case.export')) throw new ForbiddenError('case.export');
  let q = tx.selectFrom('cases as c').select(sql<string>`count(*)`.as('n'));
  for (const w of [...filterConditions(actor, f), caseScopeWhere(actor, 'case.export', 'c')]) q = q.where(w);
  const rows = Number((await q.executeTakeFirstOrThrow()).n);
  if (rows > MAX_EXPORT_ROWS) throw new AppError('CASE_EXPORT_TOO_LARGE', 400, { limit: MAX_EXPORT_ROWS, rows });
  await recordAudit(
    tx,
    actor,
    'case.export',
    { type: 'case', id: null },
    { format, filter: { ...f, phone: f.phone ? '***' : undefined }, rows },
  );
  return { rows };
}

async function* pages(db: Db, actor: Actor, f: CaseFilter): AsyncGenerator<CaseListItem[]> {
  const where = [...filterConditions(actor, f), caseScopeWhere(actor, 'case.export', 'c')];
  let after: { at: Date; id: number } | null = null;
  for (;;) {
    let q = listSelect(db);
    for (const w of where) q = q.where(w);
    if (after) q = q.where(sql<SqlBool>`(c.created_at, c.id) < (${after.at}::timestamptz, ${after.id})`);
    const rows = (await q
      .orderBy('c.created_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(PAGE)
      .execute()) as CaseListRow[];
    if (rows.length === 0) return;
    yield await presentRows(db, actor, rows);
    const last = rows[rows.length - 1];
    after = { at: new Date(last.created_at), id: Number(last.id) };
    if (rows.length < PAGE) return;
  }
}

const cells = (c: CaseListItem, locale: Locale) => COLUMNS.map((col) => neutraliseCell(col.value(c, locale)));

/** The file as a stream: rows are read page by page while it is sent. */
export function streamExport(db: Db, actor: Actor, f: CaseFilter, format: CaseExportFormat, locale: Locale): Readable {
  const out = new PassThrough();
  const fail = (err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err)));
  if (format === 'csv') {
    const csv = stringify({ bom: true, header: true, columns: COLUMNS.map((c) => c.header[locale]) });
    csv.pipe(out);
    (async () => {
      for await (const page of pages(db, actor, f)) {
        for (const c of page) {
          if (!csv.write(cells(c, locale))) await new Promise((r) => csv.once('drain', r));
        }
      }
      csv.end();
    })().catch(fail);
    return out;
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = wb.addWorksheet(locale === 'en' ? 'Cases' : '工单', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c, i) => ({ header: c.header[locale], key: `c${i}`, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  (async () => {
    for await (const page of pages(db, actor, f)) {
      for (const c of page) sheet.addRow(cells(c, locale)).commit();
    }
    sheet.commit();
    await wb.commit();
  })().catch(fail);
  return out;
}
