// Grids as a downloadable file: GeoJSON (outlines and attributes, re-importable as it is), or the attributes as
// CSV (UTF-8 with BOM, so Excel opens Chinese correctly) or xlsx, headers in the caller's language.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { BBox } from '../../platform/geo/types.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import type { GridProperties } from './grids.ts';
import type { GridType } from './tables.ts';

export type ExportFormat = 'geojson' | 'csv' | 'xlsx';

export interface ExportRow {
  properties: GridProperties;
  bbox: BBox;
  geometry: unknown;
}

const TYPE_LABEL: Record<GridType, Record<Locale, string>> = {
  urban: { 'zh-CN': '城市网格', en: 'urban' },
  rural: { 'zh-CN': '农村网格', en: 'rural' },
  special: { 'zh-CN': '专属网格', en: 'special' },
};
const STATUS_LABEL: Record<string, Record<Locale, string>> = {
  active: { 'zh-CN': '在用', en: 'active' },
  retired: { 'zh-CN': '停用', en: 'retired' },
};

interface Column {
  header: Record<Locale, string>;
  width: number;
  value(p: GridProperties, locale: Locale): string | number;
}

const COLUMNS: Column[] = [
  { header: { 'zh-CN': '网格编码', en: 'Grid code' }, width: 18, value: (p) => p.code },
  { header: { 'zh-CN': '网格名称', en: 'Name' }, width: 24, value: (p) => p.name },
  { header: { 'zh-CN': '网格类型', en: 'Type' }, width: 10, value: (p, l) => TYPE_LABEL[p.type][l] },
  { header: { 'zh-CN': '状态', en: 'Status' }, width: 8, value: (p, l) => STATUS_LABEL[p.status]?.[l] ?? p.status },
  { header: { 'zh-CN': '面积（平方米）', en: 'Area (m²)' }, width: 14, value: (p) => p.areaM2 },
  { header: { 'zh-CN': '社区（村）代码', en: 'Community code' }, width: 15, value: (p) => p.communityCode },
  { header: { 'zh-CN': '社区（村）', en: 'Community' }, width: 22, value: (p) => p.communityName },
  { header: { 'zh-CN': '街道（乡镇）代码', en: 'Street code' }, width: 12, value: (p) => p.streetCode },
  { header: { 'zh-CN': '街道（乡镇）', en: 'Street' }, width: 16, value: (p) => p.streetName },
  { header: { 'zh-CN': '区县代码', en: 'District code' }, width: 10, value: (p) => p.districtCode },
  { header: { 'zh-CN': '区县', en: 'District' }, width: 14, value: (p) => p.districtName },
  { header: { 'zh-CN': '版本', en: 'Version' }, width: 6, value: (p) => p.version },
  { header: { 'zh-CN': '在岗网格人员数', en: 'Workers assigned' }, width: 10, value: (p) => p.workerCount },
];

/** A spreadsheet would run a cell starting with = + - @ as a formula (CSV injection): quote it as text. */
function defuse(v: string | number): string | number {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

async function renderXlsx(rows: ExportRow[], locale: Locale): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(locale === 'en' ? 'Grids' : '网格', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c, i) => ({ header: c.header[locale], key: String(i), width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(COLUMNS.map((c) => c.value(r.properties, locale)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function renderGridFile(
  rows: ExportRow[],
  format: ExportFormat,
  locale: Locale,
  version: number | null,
): Promise<{ contentType: string; filename: string; body: Buffer }> {
  const base = `grids-v${version ?? 0}`;
  if (format === 'geojson') {
    const fc = {
      type: 'FeatureCollection',
      version,
      features: rows.map((r) => ({ type: 'Feature', bbox: r.bbox, geometry: r.geometry, properties: r.properties })),
    };
    return { contentType: 'application/geo+json', filename: `${base}.geojson`, body: Buffer.from(JSON.stringify(fc)) };
  }
  if (format === 'csv') {
    const text = stringify(
      rows.map((r) => COLUMNS.map((c) => defuse(c.value(r.properties, locale)))),
      { bom: true, header: true, columns: COLUMNS.map((c) => c.header[locale]) },
    );
    return { contentType: 'text/csv; charset=utf-8', filename: `${base}.csv`, body: Buffer.from(text, 'utf8') };
  }
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename: `${base}.xlsx`,
    body: await renderXlsx(rows, locale),
  };
}
