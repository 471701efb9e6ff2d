// One credential of a grant revoked on its own (a leaked key, a retired system): the grant and its other
// credentials keep working. By the consuming department's data stewards or the data office; the provider revokes
// whole grants (requests.ts revokeGrant). Takes effect on the credential's very next call (data-api.ts checks it).
import type { Actor } from '../../platform/auth/actor.ts';
import { allows, canSomewhere } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { ForbiddenError, conflict, notFound } from '../../platform/errors.ts';
import { sharingDirectory } from '../catalog/sharing-api.ts';
import * as repo from './repo.ts';

type CredentialListRow = Awaited<ReturnType<typeof repo.selectCredentialsOfGrants>>[number];

/** A credential as lists show it: never its secret or digest, only the prefix shown at issue. */
export function presentCredential(c: CredentialListRow) {
  return {
    id: c.id,
    grantId: c.grant_id,
    prefix: c.prefix,
    createdBy: c.created_by,
    createdAt: new Date(c.created_at).toISOString(),
    revokedAt: c.revoked_at ? new Date(c.revoked_at).toISOString() : null,
    revokedBy: c.revoked_by,
  };
}

export async function revokeCredential(tx: Tx, actor: Actor, rawId: string) {
  if (!canSomewhere(actor, 'exchange.request') && !canSomewhere(actor, 'exchange.office'))
    throw new ForbiddenError('exchange.request');
  const id = Number(rawId);
  const c = Number.isSafeInteger(id) ? await repo.lockCredential(tx, id) : undefined;
  if (!c) throw notFound('EXCHANGE_CREDENTIAL', { id: rawId });
  const office = (await sharingDirectory(tx)).office;
  if (
    !allows(actor, 'exchange.request', { departmentPath: c.consumer_path }) &&
    !allows(actor, 'exchange.office', office)
  )
    throw new ForbiddenError('exchange.request');
  if (c.revoked_at || c.grant_revoked_at) throw conflict('EXCHANGE_CREDENTIAL_REVOKED', { id: c.id, prefix: c.prefix });
  const row = await repo.revokeCredentialRow(tx, c.id, actor.name);
  await recordAudit(
    tx,
    actor,
    'exchange.credential.revoke',
    { type: 'exchange_grant', id: c.grant_id },
    { credential: c.id, prefix: c.prefix, resource: c.resource_code },
  );
  return presentCredential(row);
}
