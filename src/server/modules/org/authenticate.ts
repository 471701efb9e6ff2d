// Resolves who is calling, once per request (an onRequest hook installed by app.ts):
//   - `Authorization: Bearer oc_…` or `X-API-Key: oc_…` → the API key's actor (no cookies, no CSRF);
//   - the `onecity_session` cookie → the user's actor, with the CSRF token required on every write;
//   - nothing → anonymous (routes that need an actor answer 401).
// A bad credential is refused outright (401) rather than treated as anonymous, so clients notice.
import type { FastifyRequest } from 'fastify';
import { looksLikeApiKey, safeEqual, tokenDigest } from '../../platform/auth/tokens.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { apiKeyActor, userActor } from './actors.ts';
import { effectiveGrants } from './effective-grants.ts';
import * as repo from './repo.ts';
import * as sessions from './session-repo.ts';

export const SESSION_COOKIE = 'onecity_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes a session that still has to enrol TOTP may call. */
const MFA_SETUP_ROUTES = new Set([
  '/api/v1/auth/me',
  '/api/v1/auth/logout',
  '/api/v1/auth/totp/setup',
  '/api/v1/auth/totp/enable',
]);
const TOUCH_EVERY_MS = 30_000;

function bearerKey(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

async function refuseApiKey(req: FastifyRequest, reason: string, keyId: number | null): Promise<never> {
  await req.server.db.transaction().execute((tx) =>
    recordAudit(tx, null, 'auth.apikey', { type: 'api_key', id: keyId }, { reason }, 'failed', {
      ip: req.ip,
      requestId: req.id,
    }),
  );
  throw new AppError('API_KEY_INVALID', 401, { reason });
}

/** Logging in must work with a stale cookie still in the browser. */
const COOKIE_IGNORED_ROUTES = new Set(['/api/v1/auth/login', '/api/v1/auth/login/totp']);

export async function authenticateRequest(req: FastifyRequest): Promise<void> {
  const path = req.url.split('?')[0];
  // Only the API authenticates; the web app's static files and health probes are public.
  if (!path.startsWith('/api/v1/')) return;
  const db = req.server.db;
  const key = bearerKey(req);
  if (key !== undefined) {
    if (!looksLikeApiKey(key)) return refuseApiKey(req, 'malformed', null);
    const row = await sessions.getApiKeyByHash(db, tokenDigest(key));
    if (!row) return refuseApiKey(req, 'unknown', null);
    if (row.revoked_at) return refuseApiKey(req, 'revoked', row.id);
    if (row.expires_at && row.expires_at <= new Date()) return refuseApiKey(req, 'expired', row.id);
    const dept = row.department_id ? await repo.getDepartment(db, row.department_id) : undefined;
    req.actor = apiKeyActor(row, dept?.path ?? null, req.ip, req.id);
    await sessions.touchApiKey(db, row.id);
    return;
  }

  const token = COOKIE_IGNORED_ROUTES.has(path) ? undefined : req.cookies[SESSION_COOKIE];
  if (!token) return;
  const session = await sessions.getSession(db, tokenDigest(token));
  const now = new Date();
  if (!session || session.revoked_at || session.stage === 'mfa_pending') throw new AppError('SESSION_EXPIRED', 401);
  const idleMs = req.server.config.session.idleTimeoutMinutes * 60_000;
  if (session.expires_at <= now || now.getTime() - session.last_seen_at.getTime() > idleMs) {
    throw new AppError('SESSION_EXPIRED', 401);
  }
  const user = await repo.getUser(db, session.user_id);
  if (!user || user.disabled) throw new AppError('SESSION_EXPIRED', 401);

  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !safeEqual(sent, session.csrf_token)) {
      await db
        .transaction()
        .execute((tx) =>
          recordAudit(
            tx,
            userActor(user, []),
            'auth.csrf',
            { type: 'route', id: `${req.method} ${req.url.split('?')[0]}` },
            {},
            'denied',
            { ip: req.ip, requestId: req.id },
          ),
        );
      throw new AppError('CSRF_INVALID', 403);
    }
  }
  if (session.stage === 'mfa_setup' && !MFA_SETUP_ROUTES.has(path)) {
    throw new AppError('MFA_SETUP_REQUIRED', 403);
  }
  if (now.getTime() - session.last_seen_at.getTime() > TOUCH_EVERY_MS) await sessions.touchSession(db, session.id);
  const grants = session.stage === 'active' ? await effectiveGrants(db, user.id) : [];
  req.actor = userActor(user, grants, req.ip, req.id);
  req.sessionId = session.id;
}
