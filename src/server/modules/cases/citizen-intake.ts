// The citizen web form (mobile-first): a citizen files a case with or without an account. Signed in (role citizen,
// case.report): the case is theirs (reporter_user_id) and listed under "my cases". Without an account: the
// reporter must leave a phone to follow the case by (number + last 4 digits) unless they report anonymously,
// which the 小类 must allow (createCase refuses it otherwise). There is no CAPTCHA service offline: the routes
// limit creates per client address instead.
import type { Actor, Grant } from '../../platform/auth/actor.ts';
import { canSomewhere } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import type { PhotoInput } from './attachments.ts';
import { statusWords } from './citizen-view.ts';
import { createCase } from './intake.ts';
import type { Nature } from './tables.ts';

export interface CitizenCaseInput {
  categoryId: number;
  nature?: Nature;
  title?: string;
  description: string;
  location?: { lat?: number; lng?: number; crs?: 'wgs84' | 'gcj02' | 'bd09'; address?: string };
  reporter?: { name?: string; phone?: string; email?: string; anonymous?: boolean };
  attributes?: Record<string, unknown>;
  photos?: PhotoInput[];
}

export interface CitizenCaseCreated {
  caseNo: string;
  status: string;
  statusText: string;
  createdAt: string;
  /** How to follow it: with the number and the last 4 digits of the phone given, or from the account. */
  trackWith: 'account' | 'phone' | 'none';
}

/** The web form acting for a visitor without an account: it may only report (city-wide, as any citizen). */
const WEB_FORM_GRANT: Grant = {
  role: 'citizen',
  permissions: new Set(['case.report']),
  departmentPath: null,
  departmentId: null,
  areaCode: null,
};
const webFormActor = (ip?: string, requestId?: string): Actor => ({
  kind: 'apikey',
  id: 0,
  name: 'citizen-web-form',
  grants: [WEB_FORM_GRANT],
  ip,
  requestId,
});

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;

export async function createCitizenCase(
  tx: Tx,
  actor: Actor | null,
  input: CitizenCaseInput,
  locale: Locale,
  client: { ip?: string; requestId?: string } = {},
): Promise<CitizenCaseCreated> {
  if (actor && (actor.kind !== 'user' || !canSomewhere(actor, 'case.report'))) throw new ForbiddenError('case.report');
  const reporter = input.reporter ?? {};
  const email = reporter.email?.trim() || null;
  if (email && (!EMAIL.test(email) || email.length > 254)) {
    throw new AppError('CITIZEN_EMAIL_INVALID', 400, { field: 'reporter.email' });
  }
  if (!actor && !reporter.anonymous && !reporter.phone?.trim()) {
    throw new AppError('CITIZEN_CONTACT_REQUIRED', 400, { field: 'reporter.phone' });
  }
  const created = await createCase(tx, actor ?? webFormActor(client.ip, client.requestId), {
    channel: 'web',
    nature: input.nature ?? 'help',
    categoryId: input.categoryId,
    ...(input.title !== undefined ? { title: input.title } : {}),
    description: input.description,
    reporter: {
      ...(reporter.name !== undefined ? { name: reporter.name } : {}),
      ...(reporter.phone?.trim() ? { phone: reporter.phone } : {}),
      ...(reporter.anonymous !== undefined ? { anonymous: reporter.anonymous } : {}),
    },
    ...(input.location ? { location: input.location } : {}),
    ...(input.attributes ? { attributes: input.attributes } : {}),
    ...(input.photos ? { photos: input.photos } : {}),
    ...(actor ? { reporterUserId: actor.id } : {}),
  });
  // In the same transaction as the case: the notify consumer reads it after commit.
  if (email && !reporter.anonymous) {
    await tx.updateTable('cases').set({ reporter_email: email }).where('id', '=', created.id).execute();
  }
  return {
    caseNo: created.caseNo,
    status: created.status,
    statusText: statusWords(created.status, locale),
    createdAt: created.createdAt,
    trackWith: actor ? 'account' : reporter.phone?.trim() && !reporter.anonymous ? 'phone' : 'none',
  };
}
