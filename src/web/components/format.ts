// Times are shown in city time (Asia/Shanghai, +08:00), whatever the device's time zone: a deadline read by a
// handler on a laptop set to another zone, or quoted to a caller, must be the time the city's record says
// (docs/decisions.md "The web shows city time"). One fixed, sortable form, as Chinese office documents write it.
// Chromium bundles ICU, so Intl knows the zone offline.
export const CITY_TIME_ZONE = 'Asia/Shanghai';
/** The city has kept +08:00 all year since 1991: a wall time entered in city time maps to this offset. */
const CITY_OFFSET = '+08:00';

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: CITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface CityParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function cityParts(d: Date): CityParts {
  const p: Record<string, string> = {};
  for (const { type, value } of parts.formatToParts(d)) p[type] = value;
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

/**
 * Full form `YYYY-MM-DD HH:mm:ss`; `minute` drops the seconds, `compact` also the century (`YY-MM-DD HH:mm`, for
 * dense tables), `short` the year (`MM-DD HH:mm`), `date` the time.
 */
export type TimeStyle = 'full' | 'minute' | 'compact' | 'short' | 'date';

/** An instant (ISO string or Date) in city time; '' for none, the input itself when it is not a time. */
export function formatCityTime(at: string | Date | null | undefined, style: TimeStyle = 'full'): string {
  if (!at) return '';
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return typeof at === 'string' ? at : '';
  const { year, month, day, hour, minute, second } = cityParts(d);
  switch (style) {
    case 'date':
      return `${year}-${month}-${day}`;
    case 'short':
      return `${month}-${day} ${hour}:${minute}`;
    case 'compact':
      return `${year.slice(2)}-${month}-${day} ${hour}:${minute}`;
    case 'minute':
      return `${year}-${month}-${day} ${hour}:${minute}`;
    default:
      return `${year}-${month}-${day} ${hour}:${minute}:${second}`;
  }
}

export function formatTime(iso: string | null | undefined): string {
  return formatCityTime(iso, 'full');
}

export function formatDate(iso: string | null | undefined): string {
  return formatCityTime(iso, 'date');
}

/** The city's calendar day (`YYYY-MM-DD`) at an instant, by default now. */
export function cityDate(at: Date = new Date()): string {
  return formatCityTime(at, 'date');
}

/** The instant a city day (`YYYY-MM-DD`) starts, as ISO with the city's offset. */
export function cityDayStart(date: string): string {
  return `${date}T00:00:00${CITY_OFFSET}`;
}

/** The last millisecond of a city day (`YYYY-MM-DD`), as ISO with the city's offset. */
export function cityDayEnd(date: string): string {
  return `${date}T23:59:59.999${CITY_OFFSET}`;
}

/**
 * Date/time inputs (antd pickers, `datetime-local`) edit a wall time with no zone. These two read and write that
 * wall time as city time: `YYYY-MM-DDTHH:mm:ss` ⇄ an instant.
 */
export function cityWallTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const { year, month, day, hour, minute, second } = cityParts(d);
  return `${year}-${month}-${day}T${hour}:${minute}:${second}`;
}

/** A city wall time (`YYYY-MM-DDTHH:mm[:ss]`) as the ISO instant, with the city's offset. */
export function fromCityWallTime(wall: string): string {
  const withSeconds = /T\d{2}:\d{2}$/.test(wall) ? `${wall}:00` : wall;
  return `${withSeconds}${CITY_OFFSET}`;
}
