// The transaction runner every route uses: one transaction per state change, with the actor required.
// A permission denial rolls the change back and is then audited in a transaction of its own, so that
// denials are on the record even though nothing else happened.
import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../../database.ts';
import type { Actor } from '../auth/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { type AppError, ForbiddenError, unauthenticated } from '../errors.ts';

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw unauthenticated();
  return req.actor;
}

export async function runAction<T>(
  req: FastifyRequest,
  fn: (tx: Transaction<Database>, actor: Actor) => Promise<T>,
): Promise<T> {
  const actor = requireActor(req);
  try {
    return await req.server.db.transaction().execute((tx) => fn(tx, actor));
  } catch (err) {
    if (err instanceof ForbiddenError) {
      await recordDenial(req, actor, err);
    }
    throw err;
  }
}

export async function recordDenial(req: FastifyRequest, actor: Actor | null, err: AppError) {
  await req.server.db
    .transaction()
    .execute((tx) =>
      recordAudit(
        tx,
        actor,
        'permission.denied',
        { type: 'route', id: `${req.method} ${req.routeOptions.url ?? req.url}` },
        { denied: err.details.action ?? err.code },
        'denied',
        { ip: req.ip, requestId: req.id },
      ),
    );
}
