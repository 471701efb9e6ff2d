// SQL for the notify module's own tables.
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { NotifyTables } from './tables.ts';

export type NotificationRow = Selectable<NotifyTables['notifications']>;
export type DeliveryRow = Selectable<NotifyTables['notification_deliveries']>;
export type SubscriptionRow = Selectable<NotifyTables['webhook_subscriptions']>;
export type WebhookDeliveryRow = Selectable<NotifyTables['webhook_deliveries']>;
export type NewDelivery = Insertable<NotifyTables['notification_deliveries']>;

// --- in-app notifications ---

export async function insertNotifications(tx: Tx, rows: Insertable<NotifyTables['notifications']>[]) {
  if (rows.length === 0) return;
  await tx
    .insertInto('notifications')
    .values(rows)
    .onConflict((oc) => oc.columns(['user_id', 'event_id', 'kind']).doNothing())
    .execute();
}

export function listNotifications(
  tx: Tx,
  userId: number,
  opts: { beforeId?: number; unreadOnly: boolean; limit: number },
): Promise<NotificationRow[]> {
  let q = tx.selectFrom('notifications').selectAll().where('user_id', '=', userId);
  if (opts.beforeId !== undefined) q = q.where('id', '<', opts.beforeId);
  if (opts.unreadOnly) q = q.where('read_at', 'is', null);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}

export async function unreadCount(tx: Tx, userId: number): Promise<number> {
  const r = await tx
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Marks the user's notifications read (all, or the given ids); returns how many changed. */
export async function markRead(tx: Tx, userId: number, ids: readonly number[] | 'all'): Promise<number> {
  let q = tx
    .updateTable('notifications')
    .set({ read_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids !== 'all') {
    if (ids.length === 0) return 0;
    q = q.where('id', 'in', ids);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function ownsNotification(tx: Tx, userId: number, id: number): Promise<boolean> {
  const r = await tx
    .selectFrom('notifications')
    .select('id')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r !== undefined;
}

// --- citizen deliveries ---

export async function insertDeliveries(tx: Tx, rows: NewDelivery[]) {
  if (rows.length === 0) return;
  await tx
    .insertInto('notification_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['event_id', 'channel', 'template', 'case_id']).doNothing())
    .execute();
}

// --- webhooks ---

export function listSubscriptions(tx: Tx): Promise<SubscriptionRow[]> {
  return tx.selectFrom('webhook_subscriptions').selectAll().orderBy('id').execute();
}

export function activeSubscriptions(tx: Tx): Promise<SubscriptionRow[]> {
  return tx.selectFrom('webhook_subscriptions').selectAll().where('active', '=', true).orderBy('id').execute();
}

export function getSubscription(tx: Tx, id: number, forUpdate = false): Promise<SubscriptionRow | undefined> {
  const q = tx.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id);
  return (forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

export function insertSubscription(tx: Tx, row: Insertable<NotifyTables['webhook_subscriptions']>) {
  return tx.insertInto('webhook_subscriptions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateSubscription(
  tx: Tx,
  id: number,
  version: number,
  patch: Partial<Pick<SubscriptionRow, 'name' | 'url' | 'event_types' | 'active'>>,
): Promise<SubscriptionRow | undefined> {
  return tx
    .updateTable('webhook_subscriptions')
    .set({ ...patch, version: version + 1, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export async function insertWebhookDeliveries(tx: Tx, rows: Insertable<NotifyTables['webhook_deliveries']>[]) {
  if (rows.length === 0) return;
  await tx
    .insertInto('webhook_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
    .execute();
}

export function listWebhookDeliveries(
  tx: Tx,
  subscriptionId: number,
  opts: { beforeId?: number; status?: string; limit: number },
): Promise<WebhookDeliveryRow[]> {
  let q = tx.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId);
  if (opts.beforeId !== undefined) q = q.where('id', '<', opts.beforeId);
  if (opts.status) q = q.where('status', '=', opts.status as 'pending');
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}
