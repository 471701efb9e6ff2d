// Builds the Fastify app: platform plugins first (errors, logging, auth, metrics, OpenAPI), then every
// module from its manifest, then the web app. Used by `onecity start` and by the API tests (app.inject).
import crypto from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { MODULES, PLATFORM_MIGRATIONS } from './modules/index.ts';
import { authenticateRequest } from './modules/org/authenticate.ts';
import { definePermissions } from './platform/auth/roles.ts';
import type { Db, Engine } from './platform/db/connect.ts';
import type { MigrationSource } from './platform/db/migrate.ts';
import { AppError } from './platform/errors.ts';
import { registerErrorHandling, sendError } from './platform/http/errors-plugin.ts';
import { registerValidation } from './platform/http/validation.ts';
import { FixedWindowLimiter } from './platform/http/rate-limit.ts';
import { registerObservability } from './platform/http/observability.ts';
import './platform/http/types.ts';
import { registerWebApp } from './platform/http/web-app.ts';
import { registerMessages } from './platform/i18n/messages.ts';
import type { ModuleContext } from './platform/module.ts';

let permissionsDefined = false;
/** Collects every module's permissions and role grants and messages, once per process. */
export function registerManifests() {
  if (permissionsDefined) return;
  permissionsDefined = true;
  for (const m of MODULES) {
    definePermissions(m.permissions, m.roleGrants);
    if (m.messages) registerMessages(m.messages);
  }
}

export function migrationSources(): MigrationSource[] {
  return [
    ...PLATFORM_MIGRATIONS,
    ...MODULES.filter((m) => m.migrations).map((m) => ({ owner: m.name, folder: m.migrations! })),
  ];
}

export interface BuildAppOptions {
  config: Config;
  db: Db;
  engine: Engine;
  /** Pino logger options; false in tests. */
  logger?: boolean | Record<string, unknown>;
  serveWeb?: boolean;
}

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  registerManifests();
  const { config, db } = opts;
  const app = Fastify({
    logger:
      opts.logger === undefined
        ? {
            level: config.logLevel,
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["x-api-key"]',
              'req.headers["x-csrf-token"]',
            ],
          }
        : opts.logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    // A client's request id is kept only if it looks like one (it ends up in logs and the audit trail).
    requestIdHeader: false,
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && /^[\w.:-]{1,64}$/.test(sent) ? sent : crypto.randomUUID();
    },
    // Errors Fastify raises before routing (bad percent-encoding, over-long parameters) get the error shape too.
    frameworkErrors: (err, req, reply) => {
      const code = (err as { code?: string }).code;
      if (code === 'FST_ERR_MAX_PARAM_LENGTH') return sendError(req, reply, 414, 'URI_TOO_LONG', {});
      return sendError(req, reply, 400, 'VALIDATION_FAILED', { field: 'url', problem: err.message });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', db);
  app.decorate('engine', opts.engine);
  app.decorate('config', config);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);

  registerErrorHandling(app);
  registerValidation(app);
  // Only JSON bodies (and the multipart uploads modules register); text/plain is 415, not a parse attempt.
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'OneCity API',
        description: 'OneCity 一城通办 — REST API. Errors: {"error":{"code","message","details"}}.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'onecity_session' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'API key (oc_…) as a Bearer token' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Per-client request budget for the API (429 RATE_LIMITED), counted before any database work.
  const apiLimiter = new FixedWindowLimiter(config.rateLimit.apiPerMinute, 60_000);
  app.addHook('onRequest', async (req) => {
    if (req.url.startsWith('/api/') && !apiLimiter.hit(req.ip)) throw new AppError('RATE_LIMITED', 429);
    await authenticateRequest(req);
  });

  registerObservability(app);

  const ctx: ModuleContext = { db, config, out: (line) => app.log.info(line) };
  for (const m of MODULES) {
    if (m.routes) await m.routes(app, ctx);
  }
  if (opts.serveWeb !== false) await registerWebApp(app, config.webDist);
  else await registerWebApp(app, '/nonexistent');
  return app;
}
