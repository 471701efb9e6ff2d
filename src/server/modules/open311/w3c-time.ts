// GeoReport v2 datetimes: "a common subset of ISO 8601 as per the w3 note", timezone information required.
// OneCity answers in city time (Asia/Shanghai, a fixed UTC+08:00 since 1991 — no DST), e.g.
// 2026-11-29T21:05:00+08:00, and reads any offset or Z.
const CITY_OFFSET_MINUTES = 8 * 60;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function toW3cCityTime(d: Date): string {
  const t = new Date(d.getTime() + CITY_OFFSET_MINUTES * 60_000);
  return (
    `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` +
    `T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}+08:00`
  );
}

// W3C-DTF: YYYY-MM-DD (taken as city midnight) or YYYY-MM-DDThh:mm[:ss[.s]]TZD with TZD = Z or ±hh:mm.
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant a W3C datetime names, or null when it is not one (or has no timezone). */
export function parseW3cTime(s: string): Date | null {
  const d = DATE_ONLY.exec(s);
  if (d) return checked(+d[1], +d[2], +d[3], 0, 0, 0, 0, CITY_OFFSET_MINUTES);
  const m = DATE_TIME.exec(s);
  if (!m) return null;
  const offset =
    m[8] === 'Z' ? 0 : (m[8][0] === '-' ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
  if (Math.abs(offset) > 14 * 60) return null;
  const ms = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  return checked(+m[1], +m[2], +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, ms, offset);
}

function checked(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMin: number) {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(local);
  // Rejects 2026-02-30 and the like, which Date.UTC would roll over into March.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return new Date(local - offsetMin * 60_000);
}
