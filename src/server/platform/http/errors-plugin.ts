// The one place where errors become HTTP responses: {"error":{"code","message","details"}}, the message in the
// caller's language, never a stack trace. Anything that is not an AppError or a known framework error is a
// bug: logged with its stack, answered 500 INTERNAL with the request id.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { pickLocale, translate } from '../i18n/messages.ts';

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

export function errorBody(
  req: FastifyRequest,
  code: string,
  details: Record<string, unknown> = {},
  status?: number,
): ErrorBody {
  const locale = pickLocale(req.headers['accept-language']);
  return { error: { code, message: translate(code, locale, details, status), details } };
}

export function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  details: Record<string, unknown> = {},
) {
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send(errorBody(req, code, details, status));
}

/** ajv's instancePath "/grants/0/role" → "grants[0].role"; missing properties name the property itself. */
function fieldOf(err: FastifyError): { field: string; problem: string } {
  const v = err.validation?.[0];
  if (!v) return { field: '', problem: err.message };
  const base = (v.instancePath || '')
    .split('/')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  const params = v.params as Record<string, unknown>;
  let field = base;
  if (typeof params.missingProperty === 'string')
    field = base ? `${base}.${params.missingProperty}` : params.missingProperty;
  if (typeof params.additionalProperty === 'string')
    field = base ? `${base}.${params.additionalProperty}` : params.additionalProperty;
  const where = err.validationContext && err.validationContext !== 'body' ? `${err.validationContext}.` : '';
  return { field: `${where}${field}` || err.validationContext || 'body', problem: v.message ?? 'is invalid' };
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return sendError(req, reply, err.status, err.code, err.details);
    if (err.validation) {
      const { field, problem } = fieldOf(err);
      return sendError(req, reply, 400, 'VALIDATION_FAILED', { field, problem });
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(req, reply, 413, 'BODY_TOO_LARGE', { limit: app.initialConfig.bodyLimit });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(req, reply, 415, 'UNSUPPORTED_MEDIA_TYPE', {});
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendError(req, reply, 400, 'MALFORMED_JSON', {});
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendError(req, reply, 400, 'VALIDATION_FAILED', { field: 'content-length', problem: 'is invalid' });
    }
    if (err instanceof SyntaxError && (err as { statusCode?: number }).statusCode === 400) {
      return sendError(req, reply, 400, 'MALFORMED_JSON', {});
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // A framework-level client error we have no specific code for (e.g. a bad header).
      return sendError(req, reply, status, status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED', {
        field: 'request',
        problem: err.message,
      });
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(req, reply, 500, 'INTERNAL', { requestId: req.id });
  });
}
