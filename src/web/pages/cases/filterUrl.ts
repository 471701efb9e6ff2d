// The case list's filter lives in the address bar, so a reload, back/forward and a copied link all show the same
// list. The query string says what a person would (status=dispatched&status=in_progress&from=2026-11-01): repeated
// keys for the multi-selects, the filed-between days as city dates. What the URL says is checked here, value by
// value; anything unknown (a hand-edited or outdated link) is dropped rather than sent to the server to refuse.
import { CASE_STATUSES, type CaseFilter, CHANNELS, NATURES, type SlaState } from '../../api/cases';
import { cityDate, cityDayEnd, cityDayStart } from '../../components/format';

const SLA_STATES: SlaState[] = ['green', 'yellow', 'red', 'paused', 'none'];
const URGENCIES = ['normal', 'urgent'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const oneOf = <T extends string>(allowed: readonly T[], values: string[]): T[] | undefined => {
  const kept = [...new Set(values)].filter((v): v is T => (allowed as readonly string[]).includes(v));
  return kept.length ? kept : undefined;
};

const positiveInt = (v: string | null): number | undefined => {
  if (!v || !/^\d{1,9}$/.test(v)) return undefined;
  const n = Number(v);
  return n > 0 ? n : undefined;
};

/** A real calendar day: 2026-02-30 would roll over to March, so the day must survive the round trip. */
const validDay = (v: string | null): string | undefined => {
  if (!v || !DAY.test(v)) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v ? v : undefined;
};

/** The filter a list URL asks for. */
export function filterFromParams(params: URLSearchParams): CaseFilter {
  const q = params.get('q')?.trim().slice(0, 100);
  const area = params.get('area');
  const urgency = params.get('urgency');
  const sla = params.get('sla');
  const from = validDay(params.get('from'));
  const to = validDay(params.get('to'));
  const filter: CaseFilter = {
    q: q || undefined,
    status: oneOf(CASE_STATUSES, params.getAll('status')),
    category: positiveInt(params.get('category')),
    department: positiveInt(params.get('department')),
    area: area && /^\d{2,14}$/.test(area) ? area : undefined,
    channel: oneOf(CHANNELS, params.getAll('channel')),
    nature: oneOf(NATURES, params.getAll('nature')),
    urgency: URGENCIES.find((u) => u === urgency),
    sla: SLA_STATES.find((s) => s === sla),
    from: from ? cityDayStart(from) : undefined,
    to: to ? cityDayEnd(to) : undefined,
  };
  for (const key of Object.keys(filter) as (keyof CaseFilter)[]) if (filter[key] === undefined) delete filter[key];
  return filter;
}

/** The query string of a filter, keys in a fixed order so one filter has one URL. */
export function filterToParams(filter: CaseFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  for (const s of filter.status ?? []) params.append('status', s);
  if (filter.category) params.set('category', String(filter.category));
  if (filter.department) params.set('department', String(filter.department));
  if (filter.area) params.set('area', filter.area);
  for (const c of filter.channel ?? []) params.append('channel', c);
  for (const n of filter.nature ?? []) params.append('nature', n);
  if (filter.urgency) params.set('urgency', filter.urgency);
  if (filter.sla) params.set('sla', filter.sla);
  if (filter.from) params.set('from', cityDate(new Date(filter.from)));
  if (filter.to) params.set('to', cityDate(new Date(filter.to)));
  return params;
}
