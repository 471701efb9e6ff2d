// The exchange API (数据交换接口): a consuming system reads a granted resource with its credential (X-Exchange-Key):
// only granted fields, the grant's row filter always applied, personal fields masked (DOMAIN.md §4 defaults)
// unless the grant allows clear values, rate-limited per credential, and every call — refused ones too — written
// to the access log with the pass-through user (X-User-Id) and purpose / case id (X-Purpose).
import type { FastifyRequest } from 'fastify';
import { canonicalJson, digestHex } from '../../platform/crypto/digest.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, badRequest } from '../../platform/errors.ts';
import { maskIdNumber, maskName, maskPhone } from '../../platform/privacy/mask.ts';
import {
  type ResourceForSharing,
  getResourceForSharing,
  readDatasetChanges,
  readDatasetRows,
} from '../catalog/sharing-api.ts';
import { type AccessLogEntry, writeAccessLog } from './access-log.ts';
import { hashSecret } from './requests.ts';

/** Calls per credential per window (fixed window). */
export const RATE_LIMIT_CALLS = 120;
export const RATE_LIMIT_WINDOW_MS = 60_000;
const MAX_LIMIT = 1000;
const RESERVED = new Set(['fields', 'limit', 'cursor', 'since']);

const windows = new Map<number, { start: number; count: number }>();

function takeToken(credentialId: number): boolean {
  const now = Date.now();
  const w = windows.get(credentialId);
  if (!w || now - w.start >= RATE_LIMIT_WINDOW_MS) {
    windows.set(credentialId, { start: now, count: 1 });
    return true;
  }
  w.count += 1;
  return w.count <= RATE_LIMIT_CALLS;
}

/** DOMAIN.md §4 display masking, chosen by the value's shape: ID / bank card first 6 + last 4, mobile 3 + 4,
 * otherwise the first character (names: 张*). */
export function maskPersonal(value: string): string {
  if (value === '') return value;
  if (/^\d{17}[\dXx]$/.test(value) || /^\d{15,19}$/.test(value)) return maskIdNumber(value) ?? '';
  if (/^1\d{10}$/.test(value)) return maskPhone(value) ?? '';
  return maskName(value) ?? '';
}

interface Ctx {
  credentialId: number;
  grantId: number;
  resourceCode: string;
  consumerSystem: string;
  consumerPath: string;
  providerPath: string;
  fields: string[];
}

function header(req: FastifyRequest, name: string): string | null {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s ? s.slice(0, 200) : null;
}

/** Runs one exchange call: credential, grant and rate limit checks, the read, the access-log row (in the same
 * transaction; a refused call is logged in a transaction of its own). */
export async function exchangeCall(
  req: FastifyRequest,
  code: string,
  endpoint: 'data' | 'changes',
): Promise<Record<string, unknown>> {
  const key = header(req, 'x-exchange-key');
  if (!key) throw new AppError('EXCHANGE_KEY_REQUIRED', 401);
  const db = req.server.db;
  let ctx: Ctx | undefined;
  const base = (status: number, fields: string[]): Omit<AccessLogEntry, 'rowCount' | 'responseHash'> => ({
    consumerSystem: ctx?.consumerSystem ?? '',
    consumerPath: ctx?.consumerPath ?? '',
    providerPath: ctx?.providerPath ?? '',
    credentialId: ctx?.credentialId ?? null,
    grantId: ctx?.grantId ?? null,
    userId: header(req, 'x-user-id'),
    purpose: header(req, 'x-purpose'),
    resourceCode: code,
    endpoint,
    fields,
    status,
    requestHash: digestHex(`${req.method} ${req.url}`),
  });
  try {
    return await db.transaction().execute(async (tx) => {
      ctx = await authenticateCredential(tx, key);
      // A credential reads only the resource of its grant (the refusal is logged like any other call).
      if (ctx.resourceCode !== code) throw new AppError('EXCHANGE_NOT_GRANTED', 403, { code });
      if (!takeToken(ctx.credentialId))
        throw new AppError('EXCHANGE_RATE_LIMITED', 429, { limit: RATE_LIMIT_CALLS, windowMs: RATE_LIMIT_WINDOW_MS });
      const resource = await getResourceForSharing(tx, code);
      if (!resource) throw new AppError('EXCHANGE_NOT_GRANTED', 403, { code });
      const grant = await tx
        .selectFrom('exchange_grants')
        .select(['row_filter', 'clear_values'])
        .where('id', '=', ctx.grantId)
        .executeTakeFirstOrThrow();
      const query = req.query as Record<string, string | string[] | undefined>;
      const q = (k: string) => {
        const v = query[k];
        return Array.isArray(v) ? v[0] : v;
      };
      const asked = q('fields')
        ?.split(',')
        .map((f) => f.trim())
        .filter(Boolean) ?? [...ctx.fields];
      const filters: Record<string, string> = {};
      for (const [k, v] of Object.entries(query)) {
        if (!RESERVED.has(k) && v !== undefined) filters[k] = Array.isArray(v) ? v[0] : v;
      }
      const notGranted = [...new Set([...asked, ...Object.keys(filters)])].filter((f) => !ctx?.fields.includes(f));
      if (notGranted.length > 0)
        throw new AppError('EXCHANGE_FIELDS_NOT_GRANTED', 403, { fields: notGranted.join(', '), code });
      Object.assign(filters, grant.row_filter ?? {});
      const limit = q('limit') === undefined ? 100 : Number(q('limit'));
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
        throw badRequest('VALIDATION_FAILED', { field: 'querystring.limit', problem: `must be 1–${MAX_LIMIT}` });
      const project = projector(resource, asked, grant.clear_values);

      let body: Record<string, unknown>;
      let rowCount: number;
      if (endpoint === 'data') {
        const page = await readDatasetRows(tx, resource.id, { filters, limit, cursor: q('cursor') });
        const items = page.items.map((r) => project(r.data));
        body = { code, version: page.version, fields: asked, items, nextCursor: page.nextCursor };
        rowCount = items.length;
      } else {
        const since = Number(q('since') ?? '0');
        if (!Number.isSafeInteger(since) || since < 0)
          throw badRequest('VALIDATION_FAILED', { field: 'querystring.since', problem: 'must be a load version' });
        const ch = await readDatasetChanges(tx, resource.id, since, limit);
        const matches = (d: Record<string, string> | null) =>
          d === null || Object.entries(filters).every(([f, v]) => d[f] === v);
        const changes = ch.changes
          .filter((c) => matches(c.data))
          .map((c) => ({ op: c.op, key: c.key, data: c.data === null ? null : project(c.data) }));
        body = {
          code,
          since,
          version: ch.version,
          fields: asked,
          changes,
          truncated: ch.truncated,
          nextCursor: String(ch.truncated ? since : ch.version),
        };
        rowCount = changes.length;
      }
      await writeAccessLog(tx, { ...base(200, asked), rowCount, responseHash: digestHex(canonicalJson(body)) });
      return body;
    });
  } catch (err) {
    if (ctx && err instanceof AppError) {
      await db
        .transaction()
        .execute((tx) => writeAccessLog(tx, { ...base(err.status, []), rowCount: 0, responseHash: null }));
    }
    throw err;
  }
}

function projector(resource: ResourceForSharing, fields: string[], clear: boolean) {
  const personal = new Set(resource.items.filter((i) => i.personalInfo !== 'none').map((i) => i.name));
  return (data: Record<string, string>) =>
    Object.fromEntries(
      fields.map((f) => {
        const v = data[f] ?? '';
        return [f, !clear && personal.has(f) ? maskPersonal(v) : v];
      }),
    );
}

async function authenticateCredential(tx: Tx, key: string): Promise<Ctx> {
  const row = await tx
    .selectFrom('exchange_credentials as c')
    .innerJoin('exchange_grants as g', 'g.id', 'c.grant_id')
    .select([
      'c.id as credential_id',
      'c.revoked_at as credential_revoked',
      'g.id as grant_id',
      'g.revoked_at as grant_revoked',
      'g.expires_at',
      'g.resource_code',
      'g.consumer_system',
      'g.consumer_path',
      'g.provider_path',
      'g.fields',
    ])
    .where('c.secret_hash', '=', hashSecret(key))
    .executeTakeFirst();
  if (!row || row.credential_revoked || row.grant_revoked) throw new AppError('EXCHANGE_CREDENTIAL_INVALID', 401);
  if (new Date(row.expires_at).getTime() <= Date.now()) throw new AppError('EXCHANGE_GRANT_EXPIRED', 401);
  return {
    credentialId: row.credential_id,
    grantId: row.grant_id,
    resourceCode: row.resource_code,
    consumerSystem: row.consumer_system,
    consumerPath: row.consumer_path,
    providerPath: row.provider_path,
    fields: row.fields,
  };
}
