// Signed webhooks to other city systems: subscriptions managed by admins (notify.webhooks.manage), and the outbox
// consumer that turns every subscribed case event into one delivery row per subscription (sent by deliveries.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { CITY_WIDE } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, notFound, VersionConflictError } from '../../platform/errors.ts';
import type { OutboxConsumer, OutboxRecord } from '../../platform/outbox/consumer.ts';
import * as repo from './repo.ts';
import { checkWebhookUrl } from './webhook-signing.ts';

export const WEBHOOK_EVENT_TYPES = [
  'case.created',
  'case.transitioned',
  'case.request',
  'case.urged',
  'case.supervised',
  'case.merged',
] as const;

export interface WebhookSubscription {
  id: number;
  name: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  version: number;
  createdBy: string;
  createdAt: string;
}

const present = (s: repo.SubscriptionRow): WebhookSubscription => ({
  id: s.id,
  name: s.name,
  url: s.url,
  eventTypes: s.event_types,
  active: s.active,
  version: s.version,
  createdBy: s.created_by,
  createdAt: new Date(s.created_at).toISOString(),
});

function checkTypes(types: readonly string[]): string[] {
  const allowed: readonly string[] = ['*', ...WEBHOOK_EVENT_TYPES];
  for (const t of types) {
    if (!allowed.includes(t)) {
      throw new AppError('WEBHOOK_EVENT_TYPE_UNKNOWN', 400, {
        field: 'eventTypes',
        type: t,
        allowed: allowed.join(', '),
      });
    }
  }
  return [...new Set(types)];
}

const manage = (actor: Actor) => can(actor, 'notify.webhooks.manage', CITY_WIDE);

export async function listSubscriptions(tx: Tx, actor: Actor): Promise<{ items: WebhookSubscription[] }> {
  manage(actor);
  return { items: (await repo.listSubscriptions(tx)).map(present) };
}

export interface CreateSubscriptionInput {
  name: string;
  url: string;
  eventTypes: string[];
}

/** The secret is returned here once and never again. */
export async function createSubscription(
  tx: Tx,
  actor: Actor,
  config: Config,
  input: CreateSubscriptionInput,
): Promise<WebhookSubscription & { secret: string }> {
  manage(actor);
  checkWebhookUrl(input.url, config.notify.webhookAllowedHosts);
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const row = await repo.insertSubscription(tx, {
    name: input.name.trim(),
    url: input.url,
    secret,
    event_types: checkTypes(input.eventTypes),
    created_by: actor.name,
  });
  await recordAudit(
    tx,
    actor,
    'notify.webhook.create',
    { type: 'webhook', id: row.id },
    { name: row.name, url: row.url, eventTypes: row.event_types },
  );
  return { ...present(row), secret };
}

export interface UpdateSubscriptionInput {
  name?: string;
  url?: string;
  eventTypes?: string[];
  active?: boolean;
  version: number;
}

export async function updateSubscription(
  tx: Tx,
  actor: Actor,
  config: Config,
  id: number,
  input: UpdateSubscriptionInput,
): Promise<WebhookSubscription> {
  manage(actor);
  const current = await repo.getSubscription(tx, id, true);
  if (!current) throw notFound('WEBHOOK', { id });
  if (current.version !== input.version) throw new VersionConflictError(current.version);
  const patch: Parameters<typeof repo.updateSubscription>[3] = {};
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.url !== undefined) {
    checkWebhookUrl(input.url, config.notify.webhookAllowedHosts);
    patch.url = input.url;
  }
  if (input.eventTypes !== undefined) patch.event_types = checkTypes(input.eventTypes);
  if (input.active !== undefined) patch.active = input.active;
  const saved = await repo.updateSubscription(tx, id, current.version, patch);
  if (!saved) throw new VersionConflictError(current.version);
  await recordAudit(tx, actor, 'notify.webhook.update', { type: 'webhook', id }, patch);
  return present(saved);
}

export interface WebhookDeliveryView {
  id: number;
  deliveryId: string;
  eventId: number;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export async function listDeliveries(
  tx: Tx,
  actor: Actor,
  id: number,
  q: { cursor?: number; status?: string; limit?: number },
): Promise<{ items: WebhookDeliveryView[]; nextCursor: number | null }> {
  manage(actor);
  if (!(await repo.getSubscription(tx, id))) throw notFound('WEBHOOK', { id });
  const limit = q.limit ?? 50;
  const rows = await repo.listWebhookDeliveries(tx, id, { beforeId: q.cursor, status: q.status, limit });
  return {
    items: rows.map((d) => ({
      id: Number(d.id),
      deliveryId: d.delivery_id,
      eventId: Number(d.event_id),
      eventType: d.event_type,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.status === 'pending' ? new Date(d.next_attempt_at).toISOString() : null,
      lastStatus: d.last_status,
      lastError: d.last_error,
      createdAt: new Date(d.created_at).toISOString(),
      deliveredAt: d.delivered_at ? new Date(d.delivered_at).toISOString() : null,
    })),
    nextCursor: rows.length === limit ? Number(rows[rows.length - 1].id) : null,
  };
}

/** The JSON a receiver gets: {id, type, occurredAt, data}. data is the event without internal user ids. */
export function webhookBody(e: OutboxRecord): string {
  const { reporterUserId: _r, actorId: _a, ...data } = e.payload;
  return JSON.stringify({ id: String(e.id), type: e.type, occurredAt: e.createdAt.toISOString(), data });
}

export const webhookConsumer: OutboxConsumer = {
  name: 'notify.webhooks',
  startAt: 'end',
  types: WEBHOOK_EVENT_TYPES,
  async handle(tx: Tx, events: readonly OutboxRecord[]) {
    const subs = await repo.activeSubscriptions(tx);
    if (subs.length === 0) return;
    const rows = events.flatMap((e) =>
      subs
        .filter((s) => s.event_types.includes('*') || s.event_types.includes(e.type))
        .map((s) => ({
          subscription_id: s.id,
          delivery_id: randomUUID(),
          event_id: e.id,
          event_type: e.type,
          body: webhookBody(e),
        })),
    );
    await repo.insertWebhookDeliveries(tx, rows);
  },
};
