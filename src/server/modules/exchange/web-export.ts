// Bulk export from the web: a data steward of the consuming department downloads a grant's data with their
// session instead of a credential. The same plan as a credential's export (granted fields, the grant's row filter,
// masking, rate limit and concurrent-export limit, keyed by user and grant), streamed by export.ts, and logged in
// the access log (endpoint `web_export`) with the user as the user and the purpose they gave. A revoked or
// expired grant is refused (409) and the refusal logged, as a credential's call would be.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { allows, canSomewhere } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { ForbiddenError, conflict, notFound } from '../../platform/errors.ts';
import { recordDenial, requireActor } from '../../platform/http/action.ts';
import { type CallPlan, CallRecord, planForGrant, RESERVED } from './data-api.ts';
import { startExport } from './export.ts';
import * as repo from './repo.ts';

const WEB_RESERVED: ReadonlySet<string> = new Set([...RESERVED, 'purpose']);

export async function webExport(req: FastifyRequest, reply: FastifyReply, rawId: string, purpose: string) {
  const actor = requireActor(req);
  const rec = new CallRecord(req, '', 'web_export', { userId: actor.name, purpose: purpose.trim().slice(0, 200) });
  const plan = async (tx: Tx): Promise<CallPlan> => {
    if (!canSomewhere(actor, 'exchange.request')) throw new ForbiddenError('exchange.request');
    const id = Number(rawId);
    const g = Number.isSafeInteger(id) ? await repo.selectGrant(tx, id) : undefined;
    if (!g) throw notFound('EXCHANGE_GRANT', { id: rawId });
    if (!allows(actor, 'exchange.request', { departmentPath: g.consumer_path }))
      throw new ForbiddenError('exchange.request');
    rec.code = g.resource_code;
    const ctx = {
      credentialId: null,
      grantId: g.id,
      resourceCode: g.resource_code,
      consumerSystem: g.consumer_system,
      consumerPath: g.consumer_path,
      providerPath: g.provider_path,
      fields: g.fields,
      rowFilter: g.row_filter,
      clearValues: g.clear_values,
    };
    rec.ctx = ctx;
    if (g.revoked_at) throw conflict('EXCHANGE_GRANT_REVOKED', { id: g.id });
    if (new Date(g.expires_at).getTime() <= Date.now()) throw conflict('EXCHANGE_GRANT_EXPIRED', { id: g.id });
    return planForGrant(tx, req, ctx, `u${actor.id}:g${g.id}`, WEB_RESERVED);
  };
  try {
    return await startExport(req, reply, rec, plan);
  } catch (err) {
    // Denials are on the audit record, as for every session route (platform/http/action.ts).
    if (err instanceof ForbiddenError) await recordDenial(req, actor, err);
    throw err;
  }
}
