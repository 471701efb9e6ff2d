// HTTP of the Open311 GeoReport v2 facade under /open311/v2/. The format is the resource's suffix (.xml or .json);
// XML gets the UTF-8 declaration, JSON lists are top-level arrays. Every error in this scope — OneCity's
// AppErrors, framework errors, unknown routes — leaves as the Open311 <errors> envelope in the asked format:
// 404 for what does not exist, 403 for a missing or bad api_key, 429 past the submit rate limit, 400 for anything
// else the client can fix.
//
// These routes are hidden from the OpenAPI document (it describes /api/v1 and its one JSON error shape); the
// Open311 contract is the GeoReport v2 specification, checked by test/api/open311-conformance.test.ts.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordDenial } from '../../platform/http/action.ts';
import { idempotent } from '../../platform/http/idempotency.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { tokenDigest } from '../../platform/auth/tokens.ts';
import { FixedWindowLimiter } from '../../platform/http/rate-limit.ts';
import { AppError, ForbiddenError } from '../../platform/errors.ts';
import { type Locale, pickLocale, translate } from '../../platform/i18n/messages.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { actorForApiKey } from '../org/api-key-actor.ts';
import { formPairs, readQuery, readSubmitForm } from './form.ts';
import * as open311 from './service.ts';
import { jsonDocument, type XmlValue, xmlDocument } from './xml.ts';

export const OPEN311_PREFIX = '/open311/v2';
type Format = 'xml' | 'json';

/** The element name of each repeating child (Spark convention: these containers are JSON arrays). */
const CHILDREN: Readonly<Record<string, string>> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  service_requests: 'request',
  errors: 'error',
  notes: 'note',
};

/** "services.json" → {name: "services", format: "json"}; a missing or unknown suffix → 404. */
function resourceOf(file: string): { name: string; format: Format } {
  const dot = file.lastIndexOf('.');
  const format = dot > 0 ? file.slice(dot + 1) : '';
  if (format !== 'xml' && format !== 'json') {
    throw new AppError('OPEN311_FORMAT_UNSUPPORTED', 404, { format: format.slice(0, 20) });
  }
  return { name: file.slice(0, dot), format };
}

/** The format an error is answered in: the suffix of the URL's last segment when it is json, else XML. */
function formatOfUrl(url: string): Format {
  return /\.json$/i.test(url.split('?')[0]) ? 'json' : 'xml';
}

function send(reply: FastifyReply, format: Format, root: string, value: XmlValue, status = 200) {
  reply.status(status);
  if (format === 'json') return reply.type('application/json; charset=utf-8').send(jsonDocument(value));
  return reply.type('text/xml; charset=utf-8').send(xmlDocument(root, value, CHILDREN));
}

function open311Status(status: number): number {
  if (status === 404) return 404;
  if (status === 429) return 429;
  if (status === 401 || status === 403) return 403;
  if (status >= 500) return status === 503 ? 503 : 500;
  return 400;
}

type ErrorItem = { code: number; description: string };

/** OneCity's stable code travels at the end of the description; <code> is the HTTP status, as the spec advises. */
function describe(locale: Locale, code: string, details: Record<string, unknown>, status: number): ErrorItem {
  return { code: status, description: `${translate(code, locale, details, status)} (${code})` };
}

function errorItems(err: FastifyError | AppError, locale: Locale): { status: number; items: ErrorItem[] } {
  if (err instanceof open311.Open311Problems) {
    return { status: 400, items: err.problems.map((p) => describe(locale, p.code, p.details, 400)) };
  }
  if (err instanceof AppError) {
    const status = open311Status(err.status);
    return { status, items: [describe(locale, err.code, err.details, status)] };
  }
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.code?.startsWith('FST_ERR_CTP_')) {
    return { status: 400, items: [describe(locale, 'OPEN311_BODY_INVALID', {}, 400)] };
  }
  const status = fe.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const s = open311Status(status);
    return {
      status: s,
      items: [describe(locale, 'OPEN311_FIELD_INVALID', { field: 'request', problem: fe.message }, s)],
    };
  }
  return { status: 500, items: [] };
}

function sendErrors(req: FastifyRequest, reply: FastifyReply, err: FastifyError | AppError) {
  const locale = pickLocale(req.headers['accept-language']);
  const { status, items } = errorItems(err, locale);
  if (status === 429 && err instanceof AppError && typeof err.details.retryAfter === 'number') {
    reply.header('retry-after', String(err.details.retryAfter));
  }
  if (items.length === 0) {
    req.log.error({ err }, 'unhandled error in Open311');
    items.push(describe(locale, 'INTERNAL', { requestId: req.id }, 500));
  }
  return send(reply, formatOfUrl(req.url), 'errors', items, status);
}

const hidden = { schema: { hide: true } };

const WINDOW_MS = 60_000;

/**
 * The budget of POST requests: `limit` per api_key per minute (counted by the key's digest before it is looked
 * up, so a hammered key costs no database work), and `limit` refused keys (missing, malformed, unknown, revoked,
 * expired) per client IP per minute, so made-up keys cannot dodge the per-key count. An IP past its refused-key
 * budget is answered 429 before any lookup (and before the failure audit each refusal writes) until a window
 * has passed. In-process like the platform's other limiters: several servers each allow this many.
 */
export class SubmitLimits {
  private readonly perKey: FixedWindowLimiter;
  private readonly refusedPerIp: FixedWindowLimiter;
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {
    this.perKey = new FixedWindowLimiter(limit, WINDOW_MS, now);
    this.refusedPerIp = new FixedWindowLimiter(limit, WINDOW_MS, now);
  }

  /** Throws 429 while this IP is blocked for refused keys. */
  checkIp(ip: string): void {
    const until = this.blockedUntil.get(ip);
    if (until === undefined) return;
    const t = this.now();
    if (t >= until) this.blockedUntil.delete(ip);
    else this.tooMany(until - t);
  }

  /** Counts one POST with this key; throws 429 past the key's budget. */
  hitKey(apiKey: string): void {
    if (!this.perKey.hit(tokenDigest(apiKey))) this.tooMany(WINDOW_MS);
  }

  /** Counts one refused key from this IP; past the budget, blocks the IP for a window and throws 429. */
  refused(ip: string): void {
    if (this.refusedPerIp.hit(ip)) return;
    if (this.blockedUntil.size > 10_000) {
      const t = this.now();
      for (const [k, until] of this.blockedUntil) if (t >= until) this.blockedUntil.delete(k);
    }
    this.blockedUntil.set(ip, this.now() + WINDOW_MS);
    this.tooMany(WINDOW_MS);
  }

  private tooMany(retryMs: number): never {
    throw new AppError('OPEN311_RATE_LIMITED', 429, {
      limit: this.limit,
      retryAfter: Math.max(1, Math.ceil(retryMs / 1000)),
    });
  }
}

export async function registerOpen311Routes(app: FastifyInstance, ctx: ModuleContext): Promise<void> {
  const limits = new SubmitLimits(ctx.config.rateLimit.open311PerMinute);
  await app.register(
    async (scope) => {
      // GeoReport v2 POST bodies are urlencoded forms; parsed here (repeated keys kept) by form.ts.
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
        done(null, body),
      );
      scope.setErrorHandler((err: FastifyError, req, reply) => sendErrors(req, reply, err));
      scope.setNotFoundHandler((req, reply) =>
        sendErrors(
          req,
          reply,
          new AppError('OPEN311_ROUTE_NOT_FOUND', 404, {
            method: req.method,
            url: req.url.split('?')[0].slice(0, 200),
          }),
        ),
      );

      scope.get<{ Params: { file: string } }>('/:file', hidden, async (req, reply) => {
        const { name, format } = resourceOf(req.params.file);
        const locale = pickLocale(req.headers['accept-language']);
        const db = req.server.db;
        switch (name) {
          case 'discovery':
            return send(
              reply,
              format,
              'discovery',
              await open311.discover(db, `${req.protocol}://${req.host}`, locale),
            );
          case 'services':
            return send(reply, format, 'services', await open311.listServices(db, locale));
          case 'requests':
            return send(
              reply,
              format,
              'service_requests',
              await open311.listRequests(db, readQuery(req.query), locale),
            );
          default:
            throw new AppError('OPEN311_ROUTE_NOT_FOUND', 404, {
              method: 'GET',
              url: req.url.split('?')[0].slice(0, 200),
            });
        }
      });

      scope.get<{ Params: { file: string } }>('/services/:file', hidden, async (req, reply) => {
        const { name, format } = resourceOf(req.params.file);
        return send(reply, format, 'service_definition', await open311.defineService(req.server.db, name));
      });

      scope.get<{ Params: { file: string } }>('/requests/:file', hidden, async (req, reply) => {
        const { name, format } = resourceOf(req.params.file);
        const q = readQuery(req.query);
        const locale = pickLocale(req.headers['accept-language']);
        const rows = await open311.showRequest(req.server.db, name, locale, q.extensions === 'true');
        return send(reply, format, 'service_requests', rows);
      });

      scope.get<{ Params: { file: string } }>('/tokens/:file', hidden, async (req, reply) => {
        const { name, format } = resourceOf(req.params.file);
        return send(reply, format, 'service_requests', await open311.resolveToken(req.server.db, name));
      });

      scope.post<{ Params: { file: string } }>('/:file', hidden, async (req, reply) => {
        const { name, format } = resourceOf(req.params.file);
        if (name !== 'requests') {
          throw new AppError('OPEN311_ROUTE_NOT_FOUND', 404, {
            method: 'POST',
            url: req.url.split('?')[0].slice(0, 200),
          });
        }
        const pairs = formPairs(req.body);
        if (pairs === null) throw new AppError('OPEN311_BODY_INVALID', 400);
        const form = readSubmitForm(pairs);
        limits.checkIp(req.ip);
        if (form.api_key === undefined) {
          limits.refused(req.ip);
          throw new AppError('OPEN311_API_KEY_MISSING', 403);
        }
        limits.hitKey(form.api_key);
        const check = await actorForApiKey(req.server.db, form.api_key, { ip: req.ip, requestId: req.id });
        if (!check.ok) {
          limits.refused(req.ip);
          throw new AppError('OPEN311_API_KEY_INVALID', 403, { reason: check.reason });
        }
        const actor: Actor = check.actor;
        const locale = pickLocale(req.headers['accept-language']);
        try {
          const r = await req.server.db.transaction().execute((tx) =>
            idempotent(tx, req, actor, 'open311.requests', async () => ({
              status: 200,
              body: [await open311.submitRequest(tx, actor, form, locale)],
            })),
          );
          // A replay carries the first response as stored JSON; it is rendered again in the format now asked.
          const body = (r.replayed ? JSON.parse(r.body as string) : r.body) as XmlValue;
          if (r.replayed) reply.header('idempotent-replayed', 'true');
          return send(reply, format, 'service_requests', body, r.status);
        } catch (err) {
          if (err instanceof ForbiddenError || (err instanceof AppError && err.status === 403)) {
            await recordDenial(req, actor, err);
          }
          throw err;
        }
      });
    },
    { prefix: OPEN311_PREFIX },
  );
}
