// What the platform adds to Fastify's request and instance.
import type { Config } from '../../config.ts';
import type { Actor } from '../auth/actor.ts';
import type { Db, Engine } from '../db/connect.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    engine: Engine;
    config: Config;
  }
  interface FastifyRequest {
    /** Set by the authentication hook: the logged-in user or API key, or null. */
    actor: Actor | null;
    /** Set for cookie sessions: the session id hash, for logout and CSRF. */
    sessionId: string | null;
  }
}
