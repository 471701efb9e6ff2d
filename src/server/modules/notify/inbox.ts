// "My notifications" (站内通知) for any signed-in user: only their own rows, newest first, keyset paged.
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import * as repo from './repo.ts';

export interface NotificationView {
  id: number;
  kind: string;
  caseId: number | null;
  caseNo: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

const present = (n: repo.NotificationRow): NotificationView => ({
  id: Number(n.id),
  kind: n.kind,
  caseId: n.case_id === null ? null : Number(n.case_id),
  caseNo: n.case_no,
  title: n.title,
  body: n.body,
  createdAt: new Date(n.created_at).toISOString(),
  readAt: n.read_at ? new Date(n.read_at).toISOString() : null,
});

/** API keys and the system have no inbox. */
function userOf(actor: Actor): number {
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 403, { action: 'notify.inbox' });
  return actor.id;
}

export async function myNotifications(
  tx: Tx,
  actor: Actor,
  q: { cursor?: string; unread?: boolean; limit?: number },
): Promise<{ items: NotificationView[]; nextCursor: string | null; unread: number }> {
  const userId = userOf(actor);
  let beforeId: number | undefined;
  if (q.cursor !== undefined) {
    beforeId = Number(q.cursor);
    if (!/^\d{1,15}$/.test(q.cursor) || !Number.isSafeInteger(beforeId)) throw new AppError('NOTIFY_BAD_CURSOR', 400);
  }
  const limit = q.limit ?? 20;
  const rows = await repo.listNotifications(tx, userId, { beforeId, unreadOnly: q.unread === true, limit });
  return {
    items: rows.map(present),
    nextCursor: rows.length === limit ? String(rows[rows.length - 1].id) : null,
    unread: await repo.unreadCount(tx, userId),
  };
}

export async function myUnreadCount(tx: Tx, actor: Actor): Promise<{ unread: number }> {
  return { unread: await repo.unreadCount(tx, userOf(actor)) };
}

export async function markNotificationRead(tx: Tx, actor: Actor, id: number): Promise<{ updated: number }> {
  const userId = userOf(actor);
  // Another user's notification answers like a missing one: ids reveal nothing.
  if (!(await repo.ownsNotification(tx, userId, id))) throw notFound('NOTIFICATION', { id });
  const updated = await repo.markRead(tx, userId, [id]);
  if (updated > 0) await recordAudit(tx, actor, 'notify.read', { type: 'notification', id }, {});
  return { updated };
}

export async function markAllRead(tx: Tx, actor: Actor): Promise<{ updated: number }> {
  const userId = userOf(actor);
  const updated = await repo.markRead(tx, userId, 'all');
  if (updated > 0) await recordAudit(tx, actor, 'notify.read_all', { type: 'user', id: userId }, { updated });
  return { updated };
}
