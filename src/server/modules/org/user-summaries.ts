// What other modules may know about any user without holding org.user.read: the name shown beside their work
// (a grid worker on a locate answer, a handler on a case). Nothing personal — no contact details, no grants.
import type { Tx } from '../../platform/db/tx.ts';

export interface UserSummary {
  id: number;
  displayName: string;
  disabled: boolean;
}

export async function userSummaries(tx: Tx, ids: readonly number[]): Promise<Map<number, UserSummary>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .selectFrom('users')
    .select(['id', 'display_name as displayName', 'disabled'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Ids of active users by username (case-insensitive), for seeds and imports that name people. */
export async function userIdsByUsername(tx: Tx, usernames: readonly string[]): Promise<Map<string, number>> {
  if (usernames.length === 0) return new Map();
  const lower = usernames.map((u) => u.toLowerCase());
  const rows = await tx
    .selectFrom('users')
    .select(['id', 'username'])
    .where((eb) => eb(eb.fn('lower', ['username']), 'in', lower))
    .where('disabled', '=', false)
    .execute();
  return new Map(rows.map((r) => [r.username.toLowerCase(), r.id]));
}

/** Whether any account exists: "an empty database" for the demo seed on first start. */
export async function hasAccounts(tx: Tx): Promise<boolean> {
  return (await tx.selectFrom('users').select('id').limit(1).execute()).length > 0;
}
