// A year of SYNTHETIC case history for the demo city: who called about what, where, through which channel, and
// how each case went through the loop — with the rhythms a real 12345 centre sees (weekday and office-hour
// peaks, summer more than winter, 数字城管 reports from grid workers during patrol hours, complaints taking
// longer than consultations, some departments slower than others, most citizens satisfied, a few reopened).
// Pure: a function of its inputs and a seed, so every demo city is the same and the generator can be tested.
import type { Channel, Nature, Satisfaction, Urgency } from './tables.ts';
import { describe, mobile, personName, pick, type Rng } from './demo-history-text.ts';
import type { CaseStatus } from './workflow.ts';
import { seededRandom } from '../../platform/seeded-random.ts';

export interface HistoryCategory {
  id: number;
  code: string;
  name: string;
  kind: 'component' | 'event' | 'hotline';
  parentName: string;
}

export interface HistoryPlace {
  lng: number;
  lat: number;
  gridCode: string;
  communityCode: string;
  /** Street name for the address text (synthetic). */
  road: string;
}

export interface HistoryEvent {
  action: string;
  at: Date;
  fromStatus: string | null;
  toStatus: string | null;
  public: boolean;
  actorName: string;
  note: string | null;
  data?: Record<string, unknown>;
}

export interface HistoryCase {
  createdAt: Date;
  channel: Channel;
  nature: Nature;
  category: HistoryCategory;
  urgency: Urgency;
  title: string;
  description: string;
  reporterName: string | null;
  reporterPhone: string | null;
  anonymous: boolean;
  place: HistoryPlace;
  address: string;
  status: CaseStatus;
  /** The department the case was dispatched to (null while still at the centre or when it never left). */
  dispatched: boolean;
  satisfaction: Satisfaction | null;
  solved: boolean | null;
  reworkCount: number;
  reopenCount: number;
  directAnswer: boolean;
  acceptedAt: Date | null;
  dispatchedAt: Date | null;
  handledAt: Date | null;
  closedAt: Date | null;
  events: HistoryEvent[];
  /** Index into the generated list of the case this one was merged into. */
  mergedInto: number | null;
}

export interface HistoryInput {
  count: number;
  now: Date;
  seed: number;
  categories: readonly HistoryCategory[];
  /** A random place inside the demo grids (the generator passes its own uniform numbers). */
  placeAt: (u1: number, u2: number) => HistoryPlace | null;
  /** How fast a department works (1 = typical, 1.6 = slow); by the case's category and area. */
  slowness: (c: HistoryCategory, communityCode: string) => number;
}

function weighted<T extends string>(r: Rng, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of table) {
    x -= w;
    if (x < 0) return v;
  }
  return table[table.length - 1]![0];
}

/** Log-normal with the given median (hours) and spread. */
function lognormalHours(r: Rng, medianHours: number, sigma: number): number {
  const u1 = Math.max(r(), 1e-9);
  const u2 = r();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return medianHours * Math.exp(sigma * z);
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

function channelOf(r: Rng, kind: HistoryCategory['kind']): Channel {
  if (kind !== 'hotline' && r() < 0.55) return 'grid';
  return weighted(r, [
    ['phone', 62],
    ['app', 14],
    ['web', 10],
    ['open311', 4],
    ['letter', 2],
    ['leader', 1],
    ['department', 2],
  ] as const);
}

function natureOf(r: Rng, kind: HistoryCategory['kind']): Nature {
  if (kind !== 'hotline')
    return weighted(r, [
      ['complaint', 55],
      ['report', 25],
      ['help', 15],
      ['suggestion', 5],
    ] as const);
  return weighted(r, [
    ['consult', 30],
    ['complaint', 30],
    ['help', 18],
    ['report', 8],
    ['suggestion', 8],
    ['praise', 2],
    ['other', 4],
  ] as const);
}

/** Hours to handle, by what kind of request it is (数字城管 fixes are quick, complaints take longest). */
function handlingMedianHours(kind: HistoryCategory['kind'], nature: Nature): number {
  if (kind !== 'hotline') return 5;
  if (nature === 'consult' || nature === 'praise') return 20;
  if (nature === 'help') return 40;
  return 90;
}

/** A creation time in the past year: more on weekdays, in office hours, in summer. */
function creationTime(r: Rng, now: Date, kind: HistoryCategory['kind'], channel: Channel): Date {
  for (;;) {
    const t = new Date(now.getTime() - r() * 365 * DAY);
    // City time (UTC+8) for the daily and weekly rhythm.
    const local = new Date(t.getTime() + 8 * HOUR);
    const hour = local.getUTCHours();
    const weekday = local.getUTCDay();
    const month = local.getUTCMonth();
    const season = 0.75 + 0.25 * Math.sin(((month - 3) / 12) * 2 * Math.PI); // peaks in July
    const week = weekday === 0 || weekday === 6 ? 0.55 : 1;
    const day =
      channel === 'grid'
        ? hour >= 8 && hour < 18
          ? 1
          : 0.02
        : hour >= 8 && hour < 21
          ? hour >= 9 && hour < 12
            ? 1
            : 0.75
          : hour >= 6 && hour < 23
            ? 0.25
            : 0.05;
    if (r() < season * week * day) {
      t.setUTCSeconds(Math.floor(r() * 60), 0);
      return t;
    }
    if (kind === 'hotline' && channel !== 'phone' && r() < 0.02) return t; // web and app never sleep
  }
}

const CENTRE = '12345热线';

/** Generates `count` cases ordered by creation time. */
export function generateHistory(input: HistoryInput): HistoryCase[] {
  const r = seededRandom(input.seed);
  const now = input.now.getTime();
  const out: HistoryCase[] = [];
  const cats = input.categories;
  if (cats.length === 0) return out;
  const hotline = cats.filter((c) => c.kind === 'hotline');
  const city = cats.filter((c) => c.kind !== 'hotline');
  for (let i = 0; i < input.count; i++) {
    const category = pick(r, r() < 0.5 && city.length > 0 ? city : hotline.length > 0 ? hotline : cats);
    let place: HistoryPlace | null = null;
    for (let k = 0; k < 20 && place === null; k++) place = input.placeAt(r(), r());
    if (place === null) continue;
    const channel = channelOf(r, category.kind);
    const nature = natureOf(r, category.kind);
    const urgency: Urgency = r() < 0.04 ? 'urgent' : 'normal';
    const createdAt = creationTime(r, input.now, category.kind, channel);
    const address = `${place.road}${1 + Math.floor(r() * 300)}号`;
    const anonymous = channel !== 'grid' && r() < 0.08;
    const { title, description } = describe(r, category, address, channel);
    const c: HistoryCase = {
      createdAt,
      channel,
      nature,
      category,
      urgency,
      title,
      description,
      reporterName: channel === 'grid' || anonymous ? null : personName(r),
      reporterPhone: channel === 'grid' || anonymous ? null : mobile(r),
      anonymous,
      place,
      address,
      status: 'received',
      dispatched: false,
      satisfaction: null,
      solved: null,
      reworkCount: 0,
      reopenCount: 0,
      directAnswer: false,
      acceptedAt: null,
      dispatchedAt: null,
      handledAt: null,
      closedAt: null,
      events: [],
      mergedInto: null,
    };
    // Today's work: some recent cases wait in the centre's and departments' queues.
    const recent = now - createdAt.getTime() < 2 * DAY;
    const holdAt: CaseStatus | null =
      recent && r() < 0.4
        ? pick(r, ['received', 'accepted', 'registered', 'dispatched', 'in_progress', 'handled'] as const)
        : null;
    runLoop(r, c, now, input.slowness(category, place.communityCode), holdAt);
    out.push(c);
  }
  out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  mergeDuplicates(r, out, now);
  return out;
}

/** A few reports repeat one filed shortly before (another passer-by reporting the same overflowing bin): the
 * centre merges them into the first (并案). Made in a pass over the time-ordered list, so the master is earlier. */
function mergeDuplicates(r: Rng, cases: HistoryCase[], now: number) {
  for (let i = 1; i < cases.length; i++) {
    const c = cases[i]!;
    if (c.channel === 'phone' || r() > 0.04) continue;
    const j = i - 1 - Math.floor(r() * Math.min(i, 10));
    const m = cases[j]!;
    if (m.mergedInto !== null || TERMINAL_AT_INTAKE.has(m.status)) continue;
    if (c.channel === 'grid' && m.category.kind === 'hotline') continue; // grid workers report 数字城管 matters only
    const created = c.events[0]!;
    const mergeAt = created.at.getTime() + (5 + r() * 30) * MINUTE;
    if (mergeAt > now) continue;
    const jitter = () => (r() - 0.5) * 0.001; // ≈ ±50 m
    Object.assign(c, {
      category: m.category,
      place: { ...m.place, lng: m.place.lng + jitter(), lat: m.place.lat + jitter() },
      address: m.address,
      title: m.title,
      description: `${c.description.slice(0, c.description.indexOf('：') + 1)}${m.description.slice(m.description.indexOf('：') + 1)}`,
      mergedInto: j,
      status: 'merged',
      dispatched: false,
      satisfaction: null,
      solved: null,
      reworkCount: 0,
      reopenCount: 0,
      directAnswer: false,
      acceptedAt: null,
      dispatchedAt: null,
      handledAt: null,
      closedAt: null,
      events: [
        { ...created, toStatus: 'received' },
        {
          action: 'merge',
          at: new Date(mergeAt),
          fromStatus: 'received',
          toStatus: 'merged',
          public: true,
          actorName: CENTRE,
          note: '与已受理工单重复，已并案处理',
          data: {},
        },
      ],
    });
  }
}

const TERMINAL_AT_INTAKE: ReadonlySet<CaseStatus> = new Set(['rejected', 'merged']);

/** Walks a case through the loop from its creation until `now` stops it. */
function runLoop(r: Rng, c: HistoryCase, now: number, slowness: number, holdAt: CaseStatus | null) {
  let t = c.createdAt.getTime();
  const ev = (
    action: string,
    from: CaseStatus | null,
    to: CaseStatus | null,
    pub: boolean,
    who: string,
    note: string | null,
    data?: Record<string, unknown>,
  ) => {
    c.events.push({ action, at: new Date(t), fromStatus: from, toStatus: to, public: pub, actorName: who, note, data });
    if (to) c.status = to;
  };
  const step = (ms: number): boolean => {
    if (c.status === holdAt) return false;
    t += Math.max(ms, MINUTE);
    return t <= now;
  };
  const agentFiled =
    c.channel === 'phone' || c.channel === 'letter' || c.channel === 'leader' || c.channel === 'department';
  ev(
    'create',
    null,
    agentFiled ? 'accepted' : 'received',
    true,
    agentFiled ? 'agent' : c.channel === 'grid' ? 'gridworker' : 'citizen',
    null,
  );
  if (agentFiled) c.acceptedAt = new Date(t);
  else {
    if (!step((2 + r() * 40) * MINUTE)) return;
    if (r() < 0.03) {
      ev(
        'reject',
        'received',
        'rejected',
        true,
        CENTRE,
        pick(r, ['不属于受理范围', '信息不全且无法联系诉求人', '属于110紧急警情，已转接']),
      );
      return;
    }
    ev('accept', 'received', 'accepted', true, CENTRE, null);
    c.acceptedAt = new Date(t);
  }
  // Consultations are often answered on the call from the knowledge base (直接办结).
  if (c.nature === 'consult' && r() < 0.55) {
    c.directAnswer = true;
    ev('answerDirectly', 'accepted', 'closed', true, CENTRE, '已根据知识库标准答复直接办结');
    c.closedAt = new Date(t);
    return revisit(r, c, now, t, ev, step);
  }
  if (!step((5 + r() * 50) * MINUTE * slowness)) return;
  ev('register', 'accepted', 'registered', false, CENTRE, null);
  if (!step((10 + r() * 100) * MINUTE)) return;
  ev('dispatch', 'registered', 'dispatched', true, CENTRE, null);
  c.dispatched = true;
  c.dispatchedAt = new Date(t);
  if (!step((0.2 + r() * 3) * HOUR * slowness)) return;
  ev('sign', 'dispatched', 'in_progress', false, 'handler', null);
  if (r() < 0.015) {
    if (!step(2 * DAY)) return;
    ev('park', 'in_progress', 'parked', false, CENTRE, '涉及历史遗留问题，需多部门协调，暂挂账');
    return;
  }
  const handleOnce = (): boolean => {
    if (!step(lognormalHours(r, handlingMedianHours(c.category.kind, c.nature) * slowness, 0.8) * HOUR)) return false;
    ev(
      'submitResult',
      'in_progress',
      'handled',
      true,
      'handler',
      pick(r, ['已现场处置完毕', '已协调相关单位整改到位', '已答复诉求人并说明情况', '已安排维修完成']),
    );
    c.handledAt = new Date(t);
    return true;
  };
  if (!handleOnce()) return;
  if (c.channel === 'grid' || c.category.kind !== 'hotline') {
    if (!step((1 + r() * 8) * HOUR)) return;
    if (r() < 0.07) {
      c.reworkCount++;
      ev('verify', 'handled', 'in_progress', false, 'gridworker', '现场核查未整改到位，返工', { fixed: false });
      if (!handleOnce()) return;
      if (!step((1 + r() * 8) * HOUR)) return;
    }
    ev('verify', 'handled', 'verified', false, 'gridworker', '现场核查已整改', { fixed: true });
  }
  if (!step((0.5 + r() * 6) * HOUR)) return;
  ev('close', c.status, 'closed', true, CENTRE, null);
  c.closedAt = new Date(t);
  revisit(r, c, now, t, ev, step);
}

function revisit(
  r: Rng,
  c: HistoryCase,
  _now: number,
  _t: number,
  ev: (
    a: string,
    f: CaseStatus | null,
    to: CaseStatus | null,
    p: boolean,
    w: string,
    n: string | null,
    d?: Record<string, unknown>,
  ) => void,
  step: (ms: number) => boolean,
) {
  if (c.anonymous || c.reporterPhone === null) return; // nobody to call back
  if (!step((18 + r() * 30) * HOUR)) return;
  if (r() < 0.04) return; // unreachable: stays closed without a rating
  const satisfaction = weighted(r, [
    ['satisfied', 78],
    ['basically', 14],
    ['unsatisfied', 8],
  ] as const);
  const solved = satisfaction === 'unsatisfied' ? r() < 0.3 : r() < 0.96;
  c.satisfaction = satisfaction;
  c.solved = solved;
  ev('revisit', 'closed', 'revisited', true, CENTRE, null, { satisfaction, solved });
  if (satisfaction === 'unsatisfied' && !solved && r() < 0.5) {
    if (!step((1 + r() * 20) * HOUR)) return;
    c.reopenCount++;
    ev('reopen', 'revisited', 'dispatched', true, CENTRE, '回访不满意且问题未解决，重办');
    if (!step(lognormalHours(r, 30, 0.7) * HOUR)) return;
    ev('sign', 'dispatched', 'in_progress', false, 'handler', null);
    if (!step(lognormalHours(r, 40, 0.7) * HOUR)) return;
    ev('submitResult', 'in_progress', 'handled', true, 'handler', '重办完成');
    if (!step((1 + r() * 6) * HOUR)) return;
    ev('close', 'handled', 'closed', true, CENTRE, null);
    c.closedAt = c.events[c.events.length - 1]!.at;
  }
}
