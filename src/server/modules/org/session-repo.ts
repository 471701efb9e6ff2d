// SQL for sessions and API keys.
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';

export type SessionRow = {
  id: string;
  user_id: number;
  csrf_token: string;
  stage: 'active' | 'mfa_pending' | 'mfa_setup';
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
};

export function insertSession(
  tx: Tx,
  s: {
    id: string;
    user_id: number;
    csrf_token: string;
    stage: SessionRow['stage'];
    expires_at: Date;
    ip: string | null;
    user_agent: string | null;
  },
) {
  return tx.insertInto('sessions').values(s).execute();
}

export function getSession(tx: Tx, id: string) {
  return tx
    .selectFrom('sessions')
    .select(['id', 'user_id', 'csrf_token', 'stage', 'created_at', 'last_seen_at', 'expires_at', 'revoked_at'])
    .where('id', '=', id)
    .executeTakeFirst() as Promise<SessionRow | undefined>;
}

export function touchSession(tx: Tx, id: string) {
  return tx.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('id', '=', id).execute();
}

export function setSessionStage(tx: Tx, id: string, stage: SessionRow['stage']) {
  return tx.updateTable('sessions').set({ stage }).where('id', '=', id).execute();
}

export function revokeSession(tx: Tx, id: string) {
  return tx
    .updateTable('sessions')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every session of the user, or every other one when `except` names the session to keep. */
export function revokeUserSessions(tx: Tx, userId: number, except?: string | null) {
  let q = tx
    .updateTable('sessions')
    .set({ revoked_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (except) q = q.where('id', '!=', except);
  return q.execute();
}

export type ApiKeyRow = {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  department_id: number | null;
  area_code: string | null;
  created_by: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
};

const apiKeyColumns = [
  'id',
  'name',
  'prefix',
  'scopes',
  'department_id',
  'area_code',
  'created_by',
  'created_at',
  'expires_at',
  'revoked_at',
  'last_used_at',
] as const;

export function insertApiKey(
  tx: Tx,
  k: {
    name: string;
    prefix: string;
    key_hash: string;
    scopes: string[];
    department_id: number | null;
    area_code: string | null;
    created_by: string;
    expires_at: Date | null;
  },
) {
  return tx.insertInto('api_keys').values(k).returning(apiKeyColumns).executeTakeFirstOrThrow() as Promise<ApiKeyRow>;
}

export function getApiKeyByHash(tx: Tx, keyHash: string) {
  return tx.selectFrom('api_keys').select(apiKeyColumns).where('key_hash', '=', keyHash).executeTakeFirst() as Promise<
    ApiKeyRow | undefined
  >;
}

export function getApiKey(tx: Tx, id: number) {
  return tx.selectFrom('api_keys').select(apiKeyColumns).where('id', '=', id).executeTakeFirst() as Promise<
    ApiKeyRow | undefined
  >;
}

export function listApiKeys(tx: Tx) {
  return tx.selectFrom('api_keys').select(apiKeyColumns).orderBy('id', 'desc').execute() as Promise<ApiKeyRow[]>;
}

export function revokeApiKey(tx: Tx, id: number) {
  return tx
    .updateTable('api_keys')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(apiKeyColumns)
    .executeTakeFirst() as Promise<ApiKeyRow | undefined>;
}

/** last_used_at is advisory: updated at most once a minute per key, outside any business transaction. */
export function touchApiKey(tx: Tx, id: number) {
  return tx
    .updateTable('api_keys')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]),
    )
    .execute();
}
