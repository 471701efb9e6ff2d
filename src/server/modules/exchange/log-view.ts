// Who used whose data: providers see the calls on their resources, consumers see their own calls. The scope is
// applied in SQL (the same rule as can()), newest first, with keyset paging by id.
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { allows, canSomewhere, scopeWhere } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import * as repo from './repo.ts';

export async function listAccessLog(tx: Tx, actor: Actor, q: { resource?: string; limit?: number; before?: number }) {
  if (!canSomewhere(actor, 'exchange.decide') && !canSomewhere(actor, 'exchange.request'))
    throw new ForbiddenError('exchange.decide');
  const limit = q.limit ?? 100;
  const visible = sql<boolean>`(${scopeWhere(actor, 'exchange.decide', {
    departmentPath: sql<string>`nullif(provider_path, '')`,
  })} or ${scopeWhere(actor, 'exchange.request', { departmentPath: sql<string>`nullif(consumer_path, '')` })})`;
  const rows = await repo.selectAccessLog(tx, visible, { resource: q.resource, before: q.before, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const items = page.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    seenAs: allows(actor, 'exchange.decide', { departmentPath: r.provider_path || null }) ? 'provider' : 'consumer',
    consumerSystem: r.consumer_system,
    credentialId: r.credential_id,
    grantId: r.grant_id,
    userId: r.user_id,
    purpose: r.purpose,
    resourceCode: r.resource_code,
    endpoint: r.endpoint,
    fields: r.fields,
    rowCount: r.row_count,
    status: r.status,
    requestHash: r.request_hash,
    responseHash: r.response_hash,
    sealed: r.chain_seq !== null,
  }));
  return { items, nextBefore: rows.length > limit ? items[items.length - 1].id : null };
}
