// Sending what the consumers recorded: citizen notices (SMS, e-mail) and webhook deliveries. A due row is claimed
// with a lease (attempts + 1, next_attempt_at pushed out) in a short transaction, sent outside any transaction (an
// HTTP call must not hold a database connection — PGlite has only one), and its outcome written afterwards. A
// process that dies mid-send leaves the lease to expire and the row is sent again: at least once, which is why
// every webhook carries a stable X-OneCity-Delivery id for receivers to drop repeats. Failures are retried with
// exponential backoff and end as 'failed' with the last error — the row, and so the event, is never lost.
import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { Sender } from './senders.ts';
import type { DeliveryChannel } from './tables.ts';
import { checkWebhookUrl, signWebhook } from './webhook-signing.ts';

/** Waits after the 1st, 2nd … failed attempt: 1 min, 5 min, 30 min, 2 h, 12 h; the attempt after that is the last. */
export const BACKOFF_MS = [60_000, 300_000, 1_800_000, 7_200_000, 43_200_000] as const;
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;
/** How long a claimed row is left alone while it is being sent. */
const LEASE_MS = 5 * 60_000;
const WEBHOOK_TIMEOUT_MS = 10_000;

/** When to try again after `attempts` failed attempts, or null when it has failed for good. */
export function retryAt(attempts: number, now: Date): Date | null {
  return attempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + BACKOFF_MS[attempts - 1]);
}

const short = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

async function claim<Row>(db: Db, table: string, now: Date, limit: number): Promise<Row[]> {
  const { rows } = await sql<Row>`
    update ${sql.table(table)} set attempts = attempts + 1,
           next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}
     where id in (select id from ${sql.table(table)}
                   where status = 'pending' and next_attempt_at <= ${now}
                   order by next_attempt_at, id limit ${limit} for update skip locked)
     returning *`.execute(db);
  return rows;
}

export interface SendResult {
  sent: number;
  retrying: number;
  failed: number;
}

interface ClaimedNotice {
  id: number;
  channel: DeliveryChannel;
  template: string;
  recipient: string | null;
  subject: string;
  message: string;
  attempts: number;
}

export async function sendDueNotices(
  db: Db,
  senders: Partial<Record<DeliveryChannel, Sender>>,
  opts: { now?: Date; limit?: number } = {},
): Promise<SendResult> {
  const now = opts.now ?? new Date();
  const result: SendResult = { sent: 0, retrying: 0, failed: 0 };
  const rows = await claim<ClaimedNotice>(db, 'notification_deliveries', now, opts.limit ?? 50);
  for (const d of rows) {
    const sender = senders[d.channel];
    let error: string | null = null;
    if (!sender) error = `no ${d.channel} sender configured`;
    else if (!d.recipient) error = 'no recipient';
    else {
      try {
        await sender.send(d.recipient, { template: d.template, subject: d.subject, text: d.message });
      } catch (err) {
        error = short(err);
      }
    }
    const again = error && sender && d.recipient ? retryAt(d.attempts, now) : null;
    if (!error) {
      result.sent += 1;
      await db
        .updateTable('notification_deliveries')
        .set({ status: 'sent', sent_at: sql`now()`, recipient: null, last_error: null })
        .where('id', '=', d.id)
        .execute();
    } else if (again) {
      result.retrying += 1;
      await db
        .updateTable('notification_deliveries')
        .set({ next_attempt_at: again, last_error: error })
        .where('id', '=', d.id)
        .execute();
    } else {
      result.failed += 1;
      await db
        .updateTable('notification_deliveries')
        .set({ status: 'failed', recipient: null, last_error: error })
        .where('id', '=', d.id)
        .execute();
    }
  }
  return result;
}

interface ClaimedWebhook {
  id: number;
  subscription_id: number;
  delivery_id: string;
  event_type: string;
  body: string;
  attempts: number;
}

async function postWebhook(
  url: string,
  secret: string,
  d: ClaimedWebhook,
  now: Date,
): Promise<{ status: number | null; error: string | null }> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  try {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'OneCity-Webhooks/1',
        'x-onecity-event': d.event_type,
        'x-onecity-delivery': d.delivery_id,
        'x-onecity-timestamp': timestamp,
        'x-onecity-signature': signWebhook(secret, timestamp, d.body),
      },
      body: d.body,
    });
    await res.body?.cancel();
    return res.status >= 200 && res.status < 300
      ? { status: res.status, error: null }
      : { status: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    return { status: null, error: short(err) };
  }
}

export async function sendDueWebhooks(
  db: Db,
  config: Config,
  opts: { now?: Date; limit?: number } = {},
): Promise<SendResult> {
  const now = opts.now ?? new Date();
  const result: SendResult = { sent: 0, retrying: 0, failed: 0 };
  const rows = await claim<ClaimedWebhook>(db, 'webhook_deliveries', now, opts.limit ?? 50);
  if (rows.length === 0) return result;
  const subs = new Map(
    (
      await db
        .selectFrom('webhook_subscriptions')
        .select(['id', 'url', 'secret', 'active'])
        .where('id', 'in', [...new Set(rows.map((r) => r.subscription_id))])
        .execute()
    ).map((s) => [s.id, s]),
  );
  for (const d of rows) {
    const s = subs.get(d.subscription_id);
    let outcome: { status: number | null; error: string | null; final?: boolean };
    if (!s?.active) outcome = { status: null, error: 'subscription inactive', final: true };
    else {
      try {
        checkWebhookUrl(s.url, config.notify.webhookAllowedHosts);
        outcome = await postWebhook(s.url, s.secret, d, now);
      } catch (err) {
        outcome = { status: null, error: `URL refused: ${short(err)}`, final: true };
      }
    }
    const again = outcome.error && !outcome.final ? retryAt(d.attempts, now) : null;
    if (!outcome.error) result.sent += 1;
    else if (again) result.retrying += 1;
    else result.failed += 1;
    await db
      .updateTable('webhook_deliveries')
      .set({
        last_status: outcome.status,
        last_error: outcome.error,
        ...(outcome.error
          ? again
            ? { next_attempt_at: again }
            : { status: 'failed' as const }
          : { status: 'delivered' as const, delivered_at: sql`now()` }),
      })
      .where('id', '=', d.id)
      .execute();
  }
  return result;
}
