// Pure working-time arithmetic over a loaded calendar snapshot: no I/O, so deadlines and SLA lights are cheap.
// Times are instants (Date); days are city-local 'YYYY-MM-DD'. The city is Asia/Shanghai, which has had a fixed
// UTC+08:00 offset (no DST) since 1991, so local time is UTC + 8 h.
// TODO(platform): a city time-zone setting in config.ts (see geo/city-time.ts).
import type { DayKind, WorkWindow } from './tables.ts';

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

export interface CalendarSnapshot {
  /** Every stored day → its kind. */
  days: ReadonlyMap<string, DayKind>;
  /** Years with a loaded calendar. */
  years: ReadonlySet<number>;
  /** Working-hours windows as [startMinute, endMinute) of the local day, sorted, not overlapping. */
  windows: readonly (readonly [number, number])[];
}

/** What a computation noticed: it used the Mon–Fri fallback for these uncovered years. */
export interface Uncovered {
  years: Set<number>;
}

export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const windowsToMinutes = (ws: readonly WorkWindow[]) =>
  ws.map((w) => [minutesOf(w.start), minutesOf(w.end)] as const).sort((a, b) => a[0] - b[0]);

/** City-local day of an instant. */
export function localDay(t: Date): string {
  return new Date(t.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a local day starts (00:00 in the city). */
export function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
}

export function nextDay(day: string, n = 1): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The kind a day has without a loaded calendar: Mon–Fri work, Sat–Sun weekend. */
export function defaultKind(day: string): DayKind {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6 ? 'weekend' : 'workday';
}

export function isWorkingKind(kind: DayKind): boolean {
  return kind === 'workday' || kind === 'makeup_workday';
}

/** Whether a local day is a working day; an uncovered year falls back to Mon–Fri and is noted in `seen`. */
export function isWorkingDayIn(cal: CalendarSnapshot, day: string, seen?: Uncovered): boolean {
  const year = Number(day.slice(0, 4));
  if (!cal.years.has(year)) {
    seen?.years.add(year);
    return isWorkingKind(defaultKind(day));
  }
  return isWorkingKind(cal.days.get(day) ?? defaultKind(day));
}

/** The local day of the nth working day after `from`'s day (n = 0: `from`'s own day). */
export function nthWorkingDay(cal: CalendarSnapshot, from: Date, n: number, seen?: Uncovered): string {
  let day = localDay(from);
  let left = n;
  while (left > 0) {
    day = nextDay(day);
    if (isWorkingDayIn(cal, day, seen)) left--;
  }
  return day;
}

/** Safety bound: no computation walks more than ten years. */
const MAX_DAYS = 3660;

/** The instant `ms` of working time after `from`, counted on the working-hours windows of working days. */
export function addWorkingMs(cal: CalendarSnapshot, from: Date, ms: number, seen?: Uncovered): Date {
  let day = localDay(from);
  let left = ms;
  let cursor = from.getTime();
  for (let i = 0; i < MAX_DAYS; i++) {
    if (isWorkingDayIn(cal, day, seen)) {
      const base = dayStart(day).getTime();
      for (const [s, e] of cal.windows) {
        const ws = Math.max(base + s * 60_000, cursor);
        const we = base + e * 60_000;
        if (we <= ws) continue;
        if (left <= we - ws) return new Date(ws + left);
        left -= we - ws;
      }
    }
    day = nextDay(day);
    cursor = dayStart(day).getTime();
  }
  throw new RangeError('working time beyond ten years');
}

/** Working time (ms) between two instants; negative when b is before a. */
export function workingMsBetween(cal: CalendarSnapshot, a: Date, b: Date, seen?: Uncovered): number {
  if (b < a) return -workingMsBetween(cal, b, a, seen);
  let total = 0;
  let day = localDay(a);
  const last = localDay(b);
  for (let i = 0; i <= MAX_DAYS * 10; i++) {
    if (isWorkingDayIn(cal, day, seen)) {
      const base = dayStart(day).getTime();
      for (const [s, e] of cal.windows) {
        const ws = Math.max(base + s * 60_000, a.getTime());
        const we = Math.min(base + e * 60_000, b.getTime());
        if (we > ws) total += we - ws;
      }
    }
    if (day >= last) return total;
    day = nextDay(day);
  }
  throw new RangeError('interval too long');
}
