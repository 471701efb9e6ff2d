// On every start (not only the demo): when no year is loaded, load every year npm chinese-days covers
// (国务院办公厅放假调休安排, 2004–2026 in the installed version) — every day of each year, in batches.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { ModuleContext } from '../../platform/module.ts';
import { defaultKind, nextDay } from './calendar.ts';
import * as repo from './repo.ts';

interface ChineseDays {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays: Record<string, string>;
}

/** "Spring Festival,春节,4" → 春节. */
const zhName = (v: string | undefined) => (v ? (v.split(',')[1] ?? v) : null);

export function chineseDaysRows(): repo.DayInsert[] {
  const file = createRequire(import.meta.url).resolve('chinese-days/dist/chinese-days.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as ChineseDays;
  const all = [...Object.keys(data.holidays), ...Object.keys(data.workdays)];
  const years = [...new Set(all.map((d) => Number(d.slice(0, 4))))].sort();
  const rows: repo.DayInsert[] = [];
  for (const year of years) {
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = nextDay(d)) {
      const holiday = data.holidays[d];
      const makeup = data.workdays[d];
      rows.push({
        day: d,
        kind: holiday ? 'holiday' : makeup ? 'makeup_workday' : defaultKind(d),
        name: zhName(holiday ?? makeup),
        source: 'chinese-days',
        updated_by: 'system',
      });
    }
  }
  return rows;
}

export async function bootstrapCalendar(ctx: ModuleContext): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    if ((await repo.selectYears(tx)).length > 0) return;
    const rows = chineseDaysRows();
    await repo.upsertDays(tx, rows);
    await repo.upsertYears(tx, [...new Set(rows.map((r) => Number(r.day.slice(0, 4))))], 'chinese-days');
    await repo.bumpVersion(tx, 'system');
  });
}
