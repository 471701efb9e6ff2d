// Idempotency-Key on create endpoints: a client that retries a create (a timeout, a dropped connection, a double
// tap) sends the same Idempotency-Key header and gets the first response back — same status, same body — never a
// second object.
//
// How: in the route's own transaction, before creating anything, the (scope, key) row is claimed with
// INSERT … ON CONFLICT. The response is written to that row in the same transaction as the object, so both commit
// or neither does (a crash cannot leave a case without its key, nor a key without its case). A concurrent
// duplicate blocks on the unique key until the first transaction ends (PostgreSQL; PGlite runs one transaction at a
// time), then finds the stored response and replays it. A failed request (any error) rolls the claim back, so its
// retry runs again.
//
// Scope = endpoint + caller (user id, API key id, or the anonymous client's address): two callers may use the same
// key. The same key with a different body → 422 IDEMPOTENCY_KEY_REUSED. Keys expire after 24 hours; an expired
// row is taken over by the next request with its key, and the hourly purge job (IDEMPOTENCY_PURGE_JOB) deletes
// the rest.
//
// Use (a create route):
//   const r = await runAction(req, (tx, actor) =>
//     idempotent(tx, req, actor, 'cases.create', async () => ({ status: 201, body: await createCase(tx, actor, input) })));
//   return sendIdempotent(reply, r);
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import { canonicalJson, digestHex } from '../crypto/digest.ts';
import type { Db } from '../db/connect.ts';
import type { Tx } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { registerMessages } from '../i18n/messages.ts';
import type { Job } from '../module.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_TTL_HOURS = 24;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

registerMessages({
  IDEMPOTENCY_KEY_REUSED: {
    'zh-CN': '幂等键已用于内容不同的请求，请为新请求使用新的 Idempotency-Key',
    en: 'This Idempotency-Key was used for a different request; use a new key for a new request',
  },
  IDEMPOTENCY_KEY_IN_FLIGHT: {
    'zh-CN': '使用同一幂等键的请求正在处理中，请稍后重试',
    en: 'A request with this Idempotency-Key is still being processed; retry shortly',
  },
});

export interface IdempotentResponse<T = unknown> {
  status: number;
  /** The body to send: the fresh result, or the stored first response (already serialised) on a replay. */
  body: T | string;
  replayed: boolean;
}

/** Who the key belongs to. Anonymous clients are told apart by their address. */
export function idempotencyCaller(actor: Actor | null, req: FastifyRequest): string {
  if (!actor) return `anon:${req.ip}`;
  if (actor.kind === 'apikey') return `apikey:${actor.apiKeyId ?? actor.id}`;
  if (actor.kind === 'system') return 'system';
  return `user:${actor.id}`;
}

/** The Idempotency-Key header, checked; undefined when the client sent none. */
export function idempotencyKeyOf(req: FastifyRequest): string | undefined {
  const raw = req.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new AppError('VALIDATION_FAILED', 400, {
      field: 'Idempotency-Key',
      problem: 'must be 1–255 printable ASCII characters without spaces',
    });
  }
  return key;
}

/**
 * Runs `create` at most once per (endpoint, caller, Idempotency-Key), inside the caller's transaction `tx`.
 * Without the header it simply runs `create`. `endpoint` names the create endpoint (e.g. 'cases.create').
 */
export async function idempotent<T>(
  tx: Tx,
  req: FastifyRequest,
  actor: Actor | null,
  endpoint: string,
  create: () => Promise<{ status: number; body: T }>,
): Promise<IdempotentResponse<T>> {
  const key = idempotencyKeyOf(req);
  if (key === undefined) return { ...(await create()), replayed: false };
  const scope = `${endpoint}|${idempotencyCaller(actor, req)}`;
  const requestHash = digestHex(canonicalJson(req.body ?? null));
  const claimed = await sql<{ scope: string }>`
    insert into idempotency_keys (scope, key, request_hash, expires_at)
    values (${scope}, ${key}, ${requestHash}, now() + make_interval(hours => ${IDEMPOTENCY_TTL_HOURS}))
    on conflict (scope, key) do update
       set request_hash = excluded.request_hash, response_status = 0, response_body = null,
           created_at = now(), expires_at = excluded.expires_at
     where idempotency_keys.expires_at < now()
    returning scope`.execute(tx);
  if (claimed.rows.length === 0) {
    const first = await tx
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'response_status', 'response_body'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!first || first.response_status === 0 || first.response_body === null) {
      throw new AppError('IDEMPOTENCY_KEY_IN_FLIGHT', 409, { key });
    }
    if (first.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED', 422, { key });
    return { status: first.response_status, body: first.response_body, replayed: true };
  }
  const result = await create();
  await tx
    .updateTable('idempotency_keys')
    .set({ response_status: result.status, response_body: JSON.stringify(result.body) })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
  return { ...result, replayed: false };
}

/** Sends an idempotent result: a replay is marked with `Idempotent-Replayed: true` and carries the stored bytes. */
export function sendIdempotent(reply: FastifyReply, r: IdempotentResponse): FastifyReply {
  reply.code(r.status);
  if (r.replayed) {
    return reply
      .header('idempotent-replayed', 'true')
      .type('application/json; charset=utf-8')
      .send(r.body as string);
  }
  return reply.send(r.body);
}

/** Keys deleted per transaction by the purge: short transactions, so a large backlog never holds PGlite's one
 * connection (or a PostgreSQL lock) for long. */
export const IDEMPOTENCY_PURGE_BATCH = 5_000;

/**
 * Housekeeping: deletes up to `limit` keys expired for more than an hour (the hour of grace keeps the purge well
 * clear of a request taking an expired key over — expiry itself works without the purge). Returns how many went.
 */
export async function purgeExpiredIdempotencyKeys(tx: Tx, limit = IDEMPOTENCY_PURGE_BATCH): Promise<number> {
  const r = await sql`
    delete from idempotency_keys k
     using (select scope, key from idempotency_keys
             where expires_at < now() - interval '1 hour'
             order by expires_at
             limit ${limit}) old
     where k.scope = old.scope and k.key = old.key`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}

/** Purges every expired key, one batch per transaction. */
export async function purgeAllExpiredIdempotencyKeys(db: Db, batch = IDEMPOTENCY_PURGE_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.transaction().execute((tx) => purgeExpiredIdempotencyKeys(tx, batch));
    total += n;
    if (n < batch) return total;
  }
}

/**
 * The purge as a job. The platform declares no jobs of its own (jobs come from module manifests), so the module
 * whose create endpoints use Idempotency-Key lists it: today that is cases (staff intake, the citizen form, and
 * Open311 through cases' createCase) — see cases/timers.ts CASE_JOBS. Hourly: keys live 24 hours, so the table holds
 * at most about a day and an hour of creates.
 */
export const IDEMPOTENCY_PURGE_JOB: Job = {
  name: 'platform.idempotency.purge',
  everyMs: 60 * 60 * 1000,
  run: async ({ db }) => {
    await purgeAllExpiredIdempotencyKeys(db);
  },
};
