import type { Catalogue } from '../../platform/i18n/messages.ts';

export const messages: Catalogue = {
  CALENDAR_DAY_INVALID: { 'zh-CN': '日期无效：{day}', en: 'Invalid date: {day}' },
  CALENDAR_DAY_DUPLICATE: { 'zh-CN': '日期重复：{day}', en: 'Duplicate date: {day}' },
  CALENDAR_RANGE: { 'zh-CN': '超出允许范围（{field}）', en: 'Out of the allowed range ({field})' },
  CALENDAR_YEAR_NOT_COVERED: {
    'zh-CN': '{year} 年的工作日历尚未导入，请先导入该年度放假安排',
    en: 'The working calendar for {year} is not loaded; import that year first',
  },
  CALENDAR_IMPORT_EMPTY: { 'zh-CN': '导入内容为空', en: 'Nothing to import' },
  CALENDAR_IMPORT_INVALID: {
    'zh-CN': '导入数据有误，未导入任何日期',
    en: 'The import has errors; nothing was imported',
  },
  CALENDAR_HOURS_INVALID: {
    'zh-CN': '工作时段无效：{window}',
    en: 'Invalid working-hours window: {window}',
  },
  CALENDAR_HOURS_OVERLAP: { 'zh-CN': '工作时段重叠：{a} 与 {b}', en: 'Working-hours windows overlap: {a} and {b}' },
  CALENDAR_DEADLINE_ONE_OF: {
    'zh-CN': '请指定工作日数或工作小时数（二选一）',
    en: 'Give either workingDays or workingHours (exactly one)',
  },
};
