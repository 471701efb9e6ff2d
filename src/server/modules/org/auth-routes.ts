// /api/v1/auth/*: login (password, then TOTP), logout, who am I, own password and TOTP.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, unauthenticated } from '../../platform/errors.ts';
import { requireActor, runAction } from '../../platform/http/action.ts';
import { FixedWindowLimiter } from '../../platform/http/rate-limit.ts';
import * as account from './account.ts';
import { userActor } from './actors.ts';
import { SESSION_COOKIE } from './authenticate.ts';
import { effectiveGrants } from './effective-grants.ts';
import * as login from './login.ts';
import * as repo from './repo.ts';
import * as s from './schemas.ts';
import * as sessions from './session-repo.ts';

const tags = ['auth'];

/** The /auth routes that act on "my" login are for people with a session; API keys get 401 here. */
function requireSession(req: FastifyRequest): string {
  if (!req.actor || !req.sessionId) throw unauthenticated();
  return req.sessionId;
}

export function registerAuthRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const limiter = new FixedWindowLimiter(app.config.rateLimit.loginPerMinute, 60_000);
  const client = (req: FastifyRequest): login.ClientInfo => ({
    ip: req.ip,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
    requestId: req.id,
  });
  const checkRate = (req: FastifyRequest) => {
    if (!limiter.hit(req.ip)) throw new AppError('RATE_LIMITED', 429);
  };

  const setCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: app.config.session.secureCookies,
      path: '/',
      maxAge: app.config.session.absoluteTimeoutHours * 3600,
    });

  /** Completes a successful login: the cookie, and the same `me` a page load would fetch. */
  const loggedIn = async (reply: FastifyReply, outcome: login.LoginOutcome) => {
    if (outcome.status === 'refused') throw new AppError(outcome.code, outcome.httpStatus, outcome.details);
    if (outcome.status === 'mfa_required') return { status: outcome.status, mfaToken: outcome.mfaToken };
    setCookie(reply, outcome.sessionToken);
    const user = await app.db.transaction().execute(async (tx) => {
      const u = (await repo.getUser(tx, outcome.userId))!;
      const grants = outcome.status === 'ok' ? await effectiveGrants(tx, u.id) : [];
      return account.getMe(tx, userActor(u, grants));
    });
    return { status: outcome.status, user, csrfToken: outcome.csrfToken };
  };

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: '登录 Log in with username and password',
        body: s.LoginBody,
        response: { 200: s.LoginReply },
      },
    },
    async (req, reply) => {
      checkRate(req);
      const outcome = await app.db
        .transaction()
        .execute((tx) => login.loginWithPassword(tx, app.config, req.body, client(req)));
      return loggedIn(reply, outcome);
    },
  );

  app.post(
    '/api/v1/auth/login/totp',
    {
      schema: {
        tags,
        summary: '登录第二步 Second factor (TOTP or recovery code)',
        body: s.TotpLoginBody,
        response: { 200: s.LoginReply },
      },
    },
    async (req, reply) => {
      checkRate(req);
      const outcome = await app.db
        .transaction()
        .execute((tx) => login.loginWithSecondFactor(tx, app.config, req.body, client(req)));
      return loggedIn(reply, outcome);
    },
  );

  app.get(
    '/api/v1/auth/me',
    { schema: { tags, summary: '当前用户 Who am I', response: { 200: s.MeReply } } },
    async (req) => {
      const actor = requireActor(req);
      if (!req.sessionId) throw unauthenticated();
      const session = await sessions.getSession(app.db, req.sessionId);
      const user = await app.db.transaction().execute((tx) => account.getMe(tx, actor));
      return { user, csrfToken: session!.csrf_token };
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags, summary: '退出登录 Log out' } }, async (req, reply) => {
    const sid = requireSession(req);
    await runAction(req, (tx, actor) => login.logout(tx, actor, sid));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.post(
    '/api/v1/auth/logout-all',
    { schema: { tags, summary: '退出所有设备 Log out everywhere' } },
    async (req, reply) => {
      requireSession(req);
      await runAction(req, (tx, actor) => login.logoutEverywhere(tx, actor));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/auth/password',
    { schema: { tags, summary: '修改密码 Change own password', body: s.PasswordChangeBody } },
    async (req, reply) => {
      requireSession(req);
      try {
        await runAction(req, (tx, actor) => account.changeOwnPassword(tx, app.config, actor, req.sessionId, req.body));
      } catch (e) {
        if (e instanceof AppError && e.code === 'PASSWORD_WRONG') {
          await app.db
            .transaction()
            .execute((tx) => login.recordWrongPassword(tx, app.config, req.actor!.id, client(req)));
        }
        throw e;
      }
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/auth/totp/setup',
    { schema: { tags, summary: '开始绑定 TOTP Start TOTP enrolment', response: { 200: s.TotpSetupReply } } },
    async (req) => {
      requireSession(req);
      return runAction(req, (tx, actor) => account.setupTotp(tx, actor));
    },
  );
  app.post(
    '/api/v1/auth/totp/enable',
    { schema: { tags, summary: '启用 TOTP Enable TOTP', body: s.CodeBody, response: { 200: s.RecoveryCodesReply } } },
    async (req) => {
      requireSession(req);
      return runAction(req, (tx, actor) => account.enableTotp(tx, actor, req.sessionId, req.body.code));
    },
  );
  app.post(
    '/api/v1/auth/totp/disable',
    { schema: { tags, summary: '停用 TOTP Disable TOTP', body: s.CodeBody } },
    async (req, reply) => {
      requireSession(req);
      await runAction(req, (tx, actor) => account.disableTotp(tx, actor, req.body.code));
      return reply.status(204).send();
    },
  );
}
