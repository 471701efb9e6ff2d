// An API key passed in a request body (Open311's `api_key` form field) rather than a header: the same checks as
// authenticate.ts (known, not revoked, not expired), the same failure audit, for facades outside /api/v1 that
// carry their own credential parameter.
import type { Actor } from '../../platform/auth/actor.ts';
import { looksLikeApiKey, tokenDigest } from '../../platform/auth/tokens.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Db } from '../../platform/db/connect.ts';
import { apiKeyActor } from './actors.ts';
import * as repo from './repo.ts';
import * as sessions from './session-repo.ts';

export type ApiKeyCheck =
  | { ok: true; actor: Actor }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' | 'expired' };

/** The actor of a valid key; a refused key is audited (auth.apikey, failed) and reported with its reason. */
export async function actorForApiKey(
  db: Db,
  key: string,
  meta: { ip?: string; requestId?: string } = {},
): Promise<ApiKeyCheck> {
  const refuse = async (reason: 'malformed' | 'unknown' | 'revoked' | 'expired', keyId: number | null) => {
    await db
      .transaction()
      .execute((tx) =>
        recordAudit(tx, null, 'auth.apikey', { type: 'api_key', id: keyId }, { reason }, 'failed', meta),
      );
    return { ok: false as const, reason };
  };
  if (!looksLikeApiKey(key)) return refuse('malformed', null);
  const row = await sessions.getApiKeyByHash(db, tokenDigest(key));
  if (!row) return refuse('unknown', null);
  if (row.revoked_at) return refuse('revoked', row.id);
  if (row.expires_at && row.expires_at <= new Date()) return refuse('expired', row.id);
  const dept = row.department_id ? await repo.getDepartment(db, row.department_id) : undefined;
  await sessions.touchApiKey(db, row.id);
  return { ok: true, actor: apiKeyActor(row, dept?.path ?? null, meta.ip, meta.requestId) };
}
