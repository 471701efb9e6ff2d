// SQL for the calendar's own tables.
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { CalendarSource, DayKind, WorkWindow } from './tables.ts';

export interface DayRow {
  day: string;
  kind: DayKind;
  name: string | null;
  source: CalendarSource;
}

export interface DayInsert extends DayRow {
  updated_by: string;
}

const dayText = sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day');

export function selectAllDays(tx: Tx): Promise<{ day: string; kind: DayKind }[]> {
  return tx.selectFrom('work_calendar').select([dayText, 'kind']).execute();
}

export function selectDays(tx: Tx, from: string, to: string): Promise<DayRow[]> {
  return tx
    .selectFrom('work_calendar')
    .select([dayText, 'kind', 'name', 'source'])
    .where('day', '>=', sql<Date>`${from}::date`)
    .where('day', '<=', sql<Date>`${to}::date`)
    .orderBy('work_calendar.day')
    .execute();
}

export async function selectYears(tx: Tx): Promise<number[]> {
  return (await tx.selectFrom('calendar_years').select('year').orderBy('year').execute()).map((r) => r.year);
}

export async function selectSettings(tx: Tx): Promise<{ workHours: WorkWindow[]; version: number }> {
  const r = await tx
    .selectFrom('calendar_settings')
    .select(['work_hours', 'version'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const wh = typeof r.work_hours === 'string' ? (JSON.parse(r.work_hours) as WorkWindow[]) : r.work_hours;
  return { workHours: wh, version: r.version };
}

export async function selectVersion(tx: Tx): Promise<number> {
  return (await tx.selectFrom('calendar_settings').select('version').where('id', '=', 1).executeTakeFirstOrThrow())
    .version;
}

export async function bumpVersion(tx: Tx, by: string, workHours?: WorkWindow[]): Promise<void> {
  await tx
    .updateTable('calendar_settings')
    .set((eb) => ({
      version: eb('version', '+', 1),
      updated_at: sql<Date>`now()`,
      updated_by: by,
      ...(workHours ? { work_hours: JSON.stringify(workHours) } : {}),
    }))
    .where('id', '=', 1)
    .execute();
}

/** Upserts days in batches (one statement per 1000 rows). */
export async function upsertDays(tx: Tx, rows: readonly DayInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await tx
      .insertInto('work_calendar')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) =>
        oc.column('day').doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          name: eb.ref('excluded.name'),
          source: eb.ref('excluded.source'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
}

export async function upsertYears(tx: Tx, years: readonly number[], source: CalendarSource): Promise<void> {
  if (years.length === 0) return;
  await tx
    .insertInto('calendar_years')
    .values(years.map((year) => ({ year, source })))
    .onConflict((oc) =>
      oc.column('year').doUpdateSet((eb) => ({ source: eb.ref('excluded.source'), loaded_at: sql<Date>`now()` })),
    )
    .execute();
}

/** Claims the once-per-year alarm; true only for the transaction that claimed it first. */
export async function claimYearAlarm(tx: Tx, year: number): Promise<boolean> {
  const r = await tx
    .insertInto('calendar_year_alarms')
    .values({ year })
    .onConflict((oc) => oc.column('year').doNothing())
    .returning('year')
    .executeTakeFirst();
  return r !== undefined;
}
