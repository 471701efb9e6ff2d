// Who used whose data: providers see the calls on their resources, consumers see their own calls.
import type { Actor } from '../../platform/auth/actor.ts';
import { allows, canSomewhere } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { ForbiddenError } from '../../platform/errors.ts';

export async function listAccessLog(tx: Tx, actor: Actor, q: { resource?: string; limit?: number }) {
  if (!canSomewhere(actor, 'exchange.decide') && !canSomewhere(actor, 'exchange.request'))
    throw new ForbiddenError('exchange.decide');
  let query = tx.selectFrom('exchange_access_log').selectAll().orderBy('id', 'desc').limit(2000);
  if (q.resource) query = query.where('resource_code', '=', q.resource);
  const rows = await query.execute();
  const items = rows
    .map((r) => {
      const asProvider = allows(actor, 'exchange.decide', { departmentPath: r.provider_path || null });
      const asConsumer = allows(actor, 'exchange.request', { departmentPath: r.consumer_path || null });
      return { r, role: asProvider ? 'provider' : asConsumer ? 'consumer' : null };
    })
    .filter((x) => x.role !== null)
    .slice(0, q.limit ?? 100)
    .map(({ r, role }) => ({
      id: Number(r.id),
      at: new Date(r.at).toISOString(),
      seenAs: role,
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
  return { items };
}
