// The city's calendar day. Assignment dates (valid_from / valid_to) are local dates in the city; the database
// server may run in UTC, where "today" starts eight hours late.
// TODO(platform): a city time-zone setting in config.ts; until then the demo city's zone is fixed here.
const CITY_TIME_ZONE = 'Asia/Shanghai';
const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: CITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in the city, as YYYY-MM-DD. */
export function cityToday(now: Date = new Date()): string {
  return dayFormat.format(now);
}
