// audit.record(tx, actor, action, target, summary): one audit row in the caller's transaction.
// Never put secrets or unmasked personal information in `summary` — it is kept for years and exported.
import type { Actor } from '../auth/actor.ts';
import type { Tx } from '../db/tx.ts';

export interface AuditTarget {
  type: string;
  id: string | number | null;
}

export interface AuditContext {
  ip?: string;
  requestId?: string;
}

export type AuditResult = 'ok' | 'denied' | 'failed';

export async function recordAudit(
  tx: Tx,
  actor: Actor | null,
  action: string,
  target: AuditTarget | null,
  summary: Record<string, unknown> = {},
  result: AuditResult = 'ok',
  ctx: AuditContext = {},
): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      actor_kind: actor ? actor.kind : 'anonymous',
      actor_id: actor && actor.kind !== 'system' ? actor.id : null,
      actor_name: actor ? actor.name : 'anonymous',
      action,
      target_type: target?.type ?? null,
      target_id: target?.id === null || target?.id === undefined ? null : String(target.id),
      summary: JSON.stringify(summary),
      result,
      ip: ctx.ip ?? actor?.ip ?? null,
      request_id: ctx.requestId ?? actor?.requestId ?? null,
    })
    .execute();
}
