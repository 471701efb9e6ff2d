// Who a grid worker is, for locate answers and assignment checks.
//
// TODO(rule of the house: "a module reads and writes only its own tables; it uses another module through that
// module's exported service functions"): org exports no service function that answers "does user N exist and
// what is their display name" without an org.user.read check on the caller (getUserView needs one, and
// locate's callers — hotline agents, API keys — do not hold it). Until org exports one (proposed:
// `userSummaries(tx, ids): {id, displayName, disabled}[]` in org/users.ts), this is the one read of org's
// users table in geo, limited to id, display_name and disabled.
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
