// SQL over the platform's audit_log. The audit module only reads it: rows are written by recordAudit() in the
// transaction of each change and sealed by the platform sealer, never edited here.
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from '../../database.ts';
import type { Tx } from '../../platform/db/tx.ts';

/** A parsed, trusted filter (see service.ts parseFilter). */
export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: { type: string | null; id: string | null; raw: string };
  result?: 'ok' | 'denied' | 'failed';
  from?: Date;
  to?: Date;
}

export interface AuditRow {
  id: number;
  at: Date;
  actor_kind: 'user' | 'apikey' | 'system' | 'anonymous';
  actor_id: number | null;
  actor_name: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  summary: Record<string, unknown>;
  result: 'ok' | 'denied' | 'failed';
  ip: string | null;
  request_id: string | null;
  chain_seq: number | null;
  hash: string | null;
}

const COLUMNS = [
  'id',
  'at',
  'actor_kind',
  'actor_id',
  'actor_name',
  'action',
  'target_type',
  'target_id',
  'summary',
  'result',
  'ip',
  'request_id',
  'chain_seq',
  'hash',
] as const;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function whereFilter<O>(
  qb: SelectQueryBuilder<Database, 'audit_log', O>,
  f: AuditFilter,
): SelectQueryBuilder<Database, 'audit_log', O> {
  let q = qb;
  if (f.actor !== undefined) {
    const actor = f.actor;
    // The equality arm lets the (actor_name, at) index serve exact names.
    q = q.where((eb) => eb.or([eb('actor_name', '=', actor), eb('actor_name', 'like', `${escapeLike(actor)}%`)]));
  }
  if (f.action !== undefined) q = q.where('action', 'like', `${escapeLike(f.action)}%`);
  if (f.target) {
    const t = f.target;
    q = q.where((eb: ExpressionBuilder<Database, 'audit_log'>) => {
      if (t.type === null) return eb('target_id', '=', t.raw);
      const typed =
        t.id === null
          ? eb('target_type', '=', t.type)
          : eb.and([eb('target_type', '=', t.type), eb('target_id', '=', t.id)]);
      return eb.or([typed, eb('target_id', '=', t.raw)]);
    });
  }
  if (f.result !== undefined) q = q.where('result', '=', f.result);
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.to !== undefined) q = q.where('at', '<', f.to);
  return q;
}

/** Newest first, keyset on id. */
export async function listAuditRows(
  tx: Tx,
  f: AuditFilter,
  page: { beforeId?: number; limit: number },
): Promise<AuditRow[]> {
  let q = whereFilter(tx.selectFrom('audit_log').select(COLUMNS), f);
  if (page.beforeId !== undefined) q = q.where('id', '<', page.beforeId);
  return (await q.orderBy('id', 'desc').limit(page.limit).execute()) as AuditRow[];
}

/** How many rows match, counting no further than `cap` + 1 (enough to refuse an export that is too big). */
export async function countAuditRowsUpTo(tx: Tx, f: AuditFilter, cap: number): Promise<number> {
  const inner = whereFilter(tx.selectFrom('audit_log').select(sql`1`.as('one')), f).limit(cap + 1);
  const row = await tx
    .selectFrom(inner.as('m'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
