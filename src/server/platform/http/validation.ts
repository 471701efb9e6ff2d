// Request validation. Two Ajv instances: query strings and path parameters arrive as text and are coerced
// to their declared types; JSON bodies are not coerced, so {"displayName": 12345} is a 400, not a user named
// "12345". Unknown fields are refused, never silently dropped.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

function makeAjv(coerce: boolean) {
  const ajv = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false, // allErrors invites a DoS with crafted bodies
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

/** NUL and unpaired UTF-16 surrogates: valid JSON, but PostgreSQL text cannot hold them. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function findUnstorable(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > 32) return undefined;
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = findUnstorable(v, `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const field = path ? `${path}.${k}` : k;
      if (UNSTORABLE.test(k)) return field;
      const hit = findUnstorable(v, field, depth + 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

function guardText(req: FastifyRequest) {
  const field =
    findUnstorable(req.body, '') ??
    (findUnstorable(req.query, '') && `querystring.${findUnstorable(req.query, '')}`) ??
    (findUnstorable(req.params, '') && `params.${findUnstorable(req.params, '')}`);
  if (field !== undefined) {
    throw new AppError('VALIDATION_FAILED', 400, {
      field: field || 'body',
      problem: 'contains NUL or an unpaired surrogate',
    });
  }
}

export function registerValidation(app: FastifyInstance) {
  const bodies = makeAjv(false);
  const texts = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodies : texts).compile(schema));
  app.addHook('preValidation', async (req) => guardText(req));
}
