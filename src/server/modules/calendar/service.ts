// The working-day calendar as the rest of OneCity sees it: addWorkingDays / addWorkingHours / workingTimeBetween /
// isWorkingDay over a per-process snapshot, reloaded when calendar_settings.version changes (every edit bumps it,
// so an edit in any process takes effect at the next computation). Plus the admin services behind the routes.
import type { Actor } from '../../platform/auth/actor.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, badRequest, conflict } from '../../platform/errors.ts';
import {
  addWorkingMs,
  type CalendarSnapshot,
  dayStart,
  defaultKind,
  isWorkingDayIn,
  nextDay,
  nthWorkingDay,
  type Uncovered,
  windowsToMinutes,
  workingMsBetween,
} from './calendar.ts';
import * as repo from './repo.ts';
import type { DayKind, WorkWindow } from './tables.ts';

export type YearAlarm = 'year_not_covered';
export interface DeadlineResult {
  due: Date;
  alarm?: YearAlarm;
  /** The uncovered years the computation fell back to Mon–Fri for. */
  uncoveredYears?: number[];
}

let cache: { version: number; snapshot: CalendarSnapshot } | null = null;

/** The calendar snapshot, cached per process and reloaded when the stored version moves on. */
export async function loadCalendar(tx: Tx): Promise<CalendarSnapshot> {
  const version = await repo.selectVersion(tx);
  if (cache && cache.version === version) return cache.snapshot;
  const [rows, years, settings] = await Promise.all([
    repo.selectAllDays(tx),
    repo.selectYears(tx),
    repo.selectSettings(tx),
  ]);
  const snapshot: CalendarSnapshot = {
    days: new Map(rows.map((r) => [r.day, r.kind])),
    years: new Set(years),
    windows: windowsToMinutes(settings.workHours),
  };
  cache = { version: settings.version, snapshot };
  return snapshot;
}

/** Drops the cached snapshot (edits bump the version anyway; this is for tests and imports). */
export function invalidateCalendar(): void {
  cache = null;
}

/** Records `calendar.year_not_covered` once per year (claimed in calendar_year_alarms, in the caller's
 * transaction, so a rolled-back computation leaves the alarm to be raised again) and returns the alarm. */
async function alarmFor(tx: Tx, seen: Uncovered): Promise<Pick<DeadlineResult, 'alarm' | 'uncoveredYears'>> {
  if (seen.years.size === 0) return {};
  const years = [...seen.years].sort();
  for (const year of years) {
    if (await repo.claimYearAlarm(tx, year)) {
      await recordAudit(
        tx,
        SYSTEM_ACTOR,
        'calendar.year_not_covered',
        { type: 'calendar_year', id: year },
        {
          year,
          fallback: 'mon-fri',
        },
      );
    }
  }
  return { alarm: 'year_not_covered', uncoveredYears: years };
}

/** Whether a city-local day ('YYYY-MM-DD') or the local day of an instant is a working day. */
export async function isWorkingDay(tx: Tx, day: string | Date): Promise<boolean> {
  const d = typeof day === 'string' ? day : new Date(day.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return isWorkingDayIn(await loadCalendar(tx), d);
}

/** Deadline = the end (24:00 city time) of the nth working day after `from`'s local day (n = 0: that day). */
export async function addWorkingDays(tx: Tx, from: Date, n: number): Promise<DeadlineResult> {
  if (!Number.isInteger(n) || n < 0 || n > 2000) throw badRequest('CALENDAR_RANGE', { field: 'workingDays' });
  const seen: Uncovered = { years: new Set() };
  const day = nthWorkingDay(await loadCalendar(tx), from, n, seen);
  return { due: dayStart(nextDay(day)), ...(await alarmFor(tx, seen)) };
}

/** `hours` of working time after `from`, on the working-hours windows of working days. */
export async function addWorkingHours(tx: Tx, from: Date, hours: number): Promise<DeadlineResult> {
  if (!Number.isFinite(hours) || hours < 0 || hours > 20_000)
    throw badRequest('CALENDAR_RANGE', { field: 'workingHours' });
  const seen: Uncovered = { years: new Set() };
  const due = addWorkingMs(await loadCalendar(tx), from, Math.round(hours * 3600_000), seen);
  return { due, ...(await alarmFor(tx, seen)) };
}

/** Working hours elapsed between two instants (negative when b is before a), for SLA lights. */
export async function workingTimeBetween(
  tx: Tx,
  a: Date,
  b: Date,
): Promise<{ hours: number; alarm?: YearAlarm; uncoveredYears?: number[] }> {
  const seen: Uncovered = { years: new Set() };
  const ms = workingMsBetween(await loadCalendar(tx), a, b, seen);
  return { hours: ms / 3600_000, ...(await alarmFor(tx, seen)) };
}

// ---- services behind the routes ----

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
export function validDay(day: string): boolean {
  if (!DAY_RE.test(day)) return false;
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === day;
}
function checkDay(day: string, field: string) {
  if (!validDay(day)) throw badRequest('CALENDAR_DAY_INVALID', { field, day });
}

export interface DayView {
  day: string;
  kind: DayKind;
  name: string | null;
  working: boolean;
  source: repo.DayRow['source'] | 'fallback';
}

/** Days from..to (at most 400); days of uncovered years come back with source 'fallback' (Mon–Fri). */
export async function listDays(tx: Tx, actor: Actor, from: string, to: string) {
  can(actor, 'calendar.read');
  checkDay(from, 'from');
  checkDay(to, 'to');
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (span < 0 || span >= 400) throw badRequest('CALENDAR_RANGE', { field: 'to', max: 400 });
  const cal = await loadCalendar(tx);
  const stored = new Map((await repo.selectDays(tx, from, to)).map((r) => [r.day, r]));
  const items: DayView[] = [];
  const uncovered = new Set<number>();
  for (let d = from; d <= to; d = nextDay(d)) {
    const r = stored.get(d);
    const covered = cal.years.has(Number(d.slice(0, 4)));
    if (!covered) uncovered.add(Number(d.slice(0, 4)));
    const kind = r && covered ? r.kind : defaultKind(d);
    items.push({
      day: d,
      kind,
      name: r && covered ? r.name : null,
      working: kind === 'workday' || kind === 'makeup_workday',
      source: r && covered ? r.source : 'fallback',
    });
  }
  return { items, uncoveredYears: [...uncovered] };
}

export async function setDay(tx: Tx, actor: Actor, day: string, kind: DayKind, name: string | null) {
  can(actor, 'calendar.manage');
  checkDay(day, 'day');
  const year = Number(day.slice(0, 4));
  if (!(await repo.selectYears(tx)).includes(year)) throw conflict('CALENDAR_YEAR_NOT_COVERED', { year });
  const before = (await repo.selectDays(tx, day, day))[0];
  const clean = name?.trim() || null;
  await repo.upsertDays(tx, [{ day, kind, name: clean, source: 'manual', updated_by: actor.name }]);
  await repo.bumpVersion(tx, actor.name);
  await recordAudit(
    tx,
    actor,
    'calendar.day.update',
    { type: 'calendar_day', id: day },
    {
      before: before ? { kind: before.kind, name: before.name } : null,
      after: { kind, name: clean },
    },
  );
  return {
    day,
    kind,
    name: clean,
    working: kind === 'workday' || kind === 'makeup_workday',
    source: 'manual' as const,
  };
}

export interface ImportEntry {
  day: string;
  kind: DayKind;
  name?: string | null;
}

/**
 * Loads whole years from a list of days (typically the State Council's holidays and make-up working days): the
 * listed days as given, every other day of those years Mon–Fri workday / Sat–Sun weekend. All or nothing.
 */
export async function importDays(tx: Tx, actor: Actor, entries: readonly ImportEntry[]) {
  can(actor, 'calendar.manage');
  if (entries.length === 0) throw badRequest('CALENDAR_IMPORT_EMPTY');
  const given = new Map<string, ImportEntry>();
  const errors: { index: number; day: string; code: string }[] = [];
  entries.forEach((e, index) => {
    if (!validDay(e.day)) errors.push({ index, day: e.day, code: 'CALENDAR_DAY_INVALID' });
    else if (given.has(e.day)) errors.push({ index, day: e.day, code: 'CALENDAR_DAY_DUPLICATE' });
    else given.set(e.day, e);
  });
  if (errors.length > 0) throw new AppError('CALENDAR_IMPORT_INVALID', 400, { errors: errors.slice(0, 50) });
  const years = [...new Set([...given.keys()].map((d) => Number(d.slice(0, 4))))].sort();
  const rows: repo.DayInsert[] = [];
  for (const year of years) {
    for (let d = `${year}-01-01`; d.startsWith(String(year)); d = nextDay(d)) {
      const e = given.get(d);
      rows.push({
        day: d,
        kind: e?.kind ?? defaultKind(d),
        name: e?.name?.trim() || null,
        source: 'import',
        updated_by: actor.name,
      });
    }
  }
  await repo.upsertDays(tx, rows);
  await repo.upsertYears(tx, years, 'import');
  await repo.bumpVersion(tx, actor.name);
  await recordAudit(
    tx,
    actor,
    'calendar.import',
    { type: 'calendar_year', id: years.join(',') },
    {
      years,
      listed: given.size,
    },
  );
  return { years, days: rows.length, listed: given.size };
}

export async function getSettings(tx: Tx, actor: Actor) {
  can(actor, 'calendar.read');
  const s = await repo.selectSettings(tx);
  return { workHours: s.workHours, coveredYears: await repo.selectYears(tx) };
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export async function setSettings(tx: Tx, actor: Actor, workHours: WorkWindow[]) {
  can(actor, 'calendar.manage');
  if (workHours.length === 0) throw badRequest('CALENDAR_HOURS_INVALID', { field: 'workHours' });
  for (const w of workHours) {
    if (!HHMM.test(w.start) || !HHMM.test(w.end) || w.start >= w.end) {
      throw badRequest('CALENDAR_HOURS_INVALID', { field: 'workHours', window: `${w.start}-${w.end}` });
    }
  }
  const sorted = [...workHours].sort((a, b) => a.start.localeCompare(b.start));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) {
      throw badRequest('CALENDAR_HOURS_OVERLAP', {
        field: 'workHours',
        a: `${sorted[i - 1].start}-${sorted[i - 1].end}`,
        b: `${sorted[i].start}-${sorted[i].end}`,
      });
    }
  }
  const before = await repo.selectSettings(tx);
  await repo.bumpVersion(tx, actor.name, sorted);
  await recordAudit(
    tx,
    actor,
    'calendar.settings.update',
    { type: 'calendar_settings', id: 1 },
    {
      before: before.workHours,
      after: sorted,
    },
  );
  return { workHours: sorted, coveredYears: await repo.selectYears(tx) };
}

/** GET /deadline: exactly one of workingDays / workingHours. */
export async function deadline(
  tx: Tx,
  actor: Actor,
  from: Date,
  q: { workingDays?: number; workingHours?: number },
): Promise<DeadlineResult> {
  can(actor, 'calendar.read');
  if (Number.isNaN(from.getTime())) throw badRequest('CALENDAR_DAY_INVALID', { field: 'from' });
  if ((q.workingDays === undefined) === (q.workingHours === undefined)) {
    throw badRequest('CALENDAR_DEADLINE_ONE_OF', { field: 'workingDays' });
  }
  return q.workingDays !== undefined
    ? addWorkingDays(tx, from, q.workingDays)
    : addWorkingHours(tx, from, q.workingHours as number);
}
