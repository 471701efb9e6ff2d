// For citizens: follow a case by its number and the last 4 digits of the reporter's phone (no account needed),
// or from their account (case.report: their own cases only); rate the result after closing (回访) and ask for
// 重办 when the policy allows — both through transitions.applyAction, so the loop's rules, audit and events apply.
//
// Tracking is guessable by design (a number and 4 digits, as 12345 hotlines do it), so: a wrong number and a wrong
// phone get the same 404 (numbers cannot be probed), the digits are compared in constant time, and the routes
// limit attempts per client address (citizen-routes.ts).
import { timingSafeEqual } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSomewhere } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import {
  CITIZEN_CASE_COLUMNS,
  type CitizenCaseRow,
  type CitizenCaseView,
  presentCitizenCase,
  statusWords,
} from './citizen-view.ts';
import { applyAction } from './transitions.ts';

/** The one answer for an unknown number, a wrong phone, and another person's case. */
const notFound = () => new AppError('CASE_NOT_FOUND', 404);

export interface TrackInput {
  caseNo: string;
  phoneLast4: string;
}

/** The acting party when a citizen rates or asks for 重办 through tracking: no account, proven by number + phone.
 * A system-kind actor (the loop's own permission rules do not know "whoever holds the number"), named so the
 * audit log says how it came. */
const trackingActor = (caseNo: string): Actor => ({
  kind: 'system',
  id: 0,
  name: `citizen-tracking:${caseNo}`,
  grants: [],
});

const last4 = (phone: string | null) => {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : null;
};

async function findTracked(tx: Tx, input: TrackInput): Promise<CitizenCaseRow> {
  const row = await tx
    .selectFrom('cases')
    .select([...CITIZEN_CASE_COLUMNS, 'reporter_phone'])
    .where('case_no', '=', input.caseNo.trim())
    .executeTakeFirst();
  // Compare even when there is no such case, against a value no input can match (5 bytes), so both misses take
  // the same path and the same time.
  const expected = Buffer.from(last4(row?.reporter_phone ?? null) ?? '\0\0\0\0\0');
  const given = Buffer.from(input.phoneLast4.padEnd(expected.length, '\0').slice(0, expected.length));
  const match = timingSafeEqual(expected, given) && expected.length === 4 && input.phoneLast4.length === 4;
  if (!row || !match) throw notFound();
  return {
    ...row,
    id: Number(row.id),
    master_case_id: row.master_case_id === null ? null : Number(row.master_case_id),
  };
}

export async function trackCase(tx: Tx, input: TrackInput, locale: Locale): Promise<CitizenCaseView> {
  return presentCitizenCase(tx, await findTracked(tx, input), locale);
}

export interface RateInput {
  satisfaction: 'satisfied' | 'basically' | 'unsatisfied';
  solved: boolean;
  comment?: string;
}

function rateAction(satisfaction: RateInput['satisfaction'], solved: boolean, comment: string | undefined) {
  return { satisfaction, solved, method: 'web', ...(comment?.trim() ? { note: comment.trim() } : {}) };
}

export async function rateTrackedCase(tx: Tx, input: TrackInput & RateInput, locale: Locale): Promise<CitizenCaseView> {
  const c = await findTracked(tx, input);
  await applyAction(
    tx,
    trackingActor(c.case_no),
    c.id,
    'revisit',
    rateAction(input.satisfaction, input.solved, input.comment),
  );
  return presentCitizenCase(tx, await ownRowById(tx, c.id), locale);
}

export async function reopenTrackedCase(
  tx: Tx,
  input: TrackInput & { reason: string },
  locale: Locale,
): Promise<CitizenCaseView> {
  const c = await findTracked(tx, input);
  await applyAction(tx, trackingActor(c.case_no), c.id, 'reopen', { reason: input.reason });
  return presentCitizenCase(tx, await ownRowById(tx, c.id), locale);
}

// --- from the citizen's account ---

function requireReporter(actor: Actor): number {
  if (actor.kind !== 'user' || !canSomewhere(actor, 'case.report')) throw new ForbiddenError('case.report');
  return actor.id;
}

async function ownRowById(tx: Tx, id: number, reporterUserId?: number): Promise<CitizenCaseRow> {
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  let q = tx.selectFrom('cases').select(CITIZEN_CASE_COLUMNS).where('id', '=', id);
  if (reporterUserId !== undefined) q = q.where('reporter_user_id', '=', reporterUserId);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound();
  return {
    ...row,
    id: Number(row.id),
    master_case_id: row.master_case_id === null ? null : Number(row.master_case_id),
  };
}

export interface MyCaseItem {
  id: number;
  caseNo: string;
  title: string;
  status: string;
  statusText: string;
  createdAt: string;
  expectedBy: string | null;
  canRate: boolean;
}

export async function listMyCases(
  tx: Tx,
  actor: Actor,
  q: { cursor?: number; limit?: number },
  locale: Locale,
): Promise<{ items: MyCaseItem[]; nextCursor: number | null }> {
  const userId = requireReporter(actor);
  const limit = q.limit ?? 20;
  let query = tx
    .selectFrom('cases')
    .select(['id', 'case_no', 'title', 'status', 'created_at', 'handle_due_at'])
    .where('reporter_user_id', '=', userId);
  if (q.cursor !== undefined) query = query.where('id', '<', q.cursor);
  const rows = await query.orderBy('id', 'desc').limit(limit).execute();
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      caseNo: r.case_no,
      title: r.title,
      status: r.status,
      statusText: statusWords(r.status, locale),
      createdAt: new Date(r.created_at).toISOString(),
      expectedBy:
        r.handle_due_at && !['closed', 'revisited', 'rejected'].includes(r.status)
          ? new Date(r.handle_due_at).toISOString()
          : null,
      canRate: r.status === 'closed',
    })),
    nextCursor: rows.length === limit ? Number(rows[rows.length - 1].id) : null,
  };
}

export async function myCase(tx: Tx, actor: Actor, id: number, locale: Locale): Promise<CitizenCaseView> {
  return presentCitizenCase(tx, await ownRowById(tx, id, requireReporter(actor)), locale);
}

export async function rateMyCase(
  tx: Tx,
  actor: Actor,
  id: number,
  input: RateInput,
  locale: Locale,
): Promise<CitizenCaseView> {
  const userId = requireReporter(actor);
  await ownRowById(tx, id, userId);
  await applyAction(tx, actor, id, 'revisit', rateAction(input.satisfaction, input.solved, input.comment));
  return presentCitizenCase(tx, await ownRowById(tx, id, userId), locale);
}

export async function reopenMyCase(
  tx: Tx,
  actor: Actor,
  id: number,
  reason: string,
  locale: Locale,
): Promise<CitizenCaseView> {
  const userId = requireReporter(actor);
  await ownRowById(tx, id, userId);
  await applyAction(tx, actor, id, 'reopen', { reason });
  return presentCitizenCase(tx, await ownRowById(tx, id, userId), locale);
}
