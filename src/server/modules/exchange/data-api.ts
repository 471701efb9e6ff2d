// The exchange API (数据交换接口): a consuming system reads a granted resource with its credential (X-Exchange-Key):
// only granted fields, the grant's row filter always applied, each column masked by its masking rule
// (masking-rules.ts: by the column's data element and personal-information flag) unless the grant allows clear
// values, rate-limited per credential, and every call — refused ones too — written to the access log with the
// pass-through user (X-User-Id) and purpose / case id (X-Purpose). Bulk export (export.ts) plans its calls here.
import type { FastifyRequest } from 'fastify';
import { canonicalJson, digestHex } from '../../platform/crypto/digest.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, badRequest } from '../../platform/errors.ts';
import { FixedWindowLimiter } from '../../platform/http/rate-limit.ts';
import {
  getItemElements,
  getResourceForSharing,
  type ResourceForSharing,
  readDatasetChanges,
  readDatasetRows,
} from '../catalog/sharing-api.ts';
import { type AccessLogEntry, writeAccessLog } from './access-log.ts';
import { applyMask, loadMaskingTable, ruleForColumn } from './masking-rules.ts';
import * as repo from './repo.ts';
import { hashSecret } from './requests.ts';

/** Calls per credential per window (fixed window). */
export const RATE_LIMIT_CALLS = 120;
export const RATE_LIMIT_WINDOW_MS = 60_000;
const MAX_LIMIT = 1000;
export const RESERVED: ReadonlySet<string> = new Set(['fields', 'limit', 'cursor', 'since', 'format']);

// In-process, like the platform's other limiters: right for one server; several servers each allow this many.
const limiter = new FixedWindowLimiter(RATE_LIMIT_CALLS, RATE_LIMIT_WINDOW_MS);

/** `web_export`: a session user's download of a grant (web-export.ts). */
export type Endpoint = 'data' | 'changes' | 'export' | 'web_export';

/** The grant a call reads under: through a credential, or (credentialId null) a session user of the consumer. */
export interface CallCtx {
  credentialId: number | null;
  grantId: number;
  resourceCode: string;
  consumerSystem: string;
  consumerPath: string;
  providerPath: string;
  fields: string[];
  rowFilter: Record<string, string> | null;
  clearValues: boolean;
}

/** What one authorised call may read: the resource, the asked (granted) fields, the filters including the
 * grant's row filter, and the projection that masks. */
export interface CallPlan {
  code: string;
  resource: ResourceForSharing;
  asked: string[];
  filters: Record<string, string>;
  project: (data: Record<string, string>) => Record<string, string>;
  query: (name: string) => string | undefined;
  /** Who is calling, for the per-process limits: `c<credential>` or `u<user>:g<grant>`. */
  caller: string;
}

function header(req: FastifyRequest, name: string): string | null {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s ? s.slice(0, 200) : null;
}

/** The access log's view of one call; `ctx` is filled once the credential is known (calls with an unknown key
 * are not logged: there is no consumer to log them for). */
export class CallRecord {
  ctx: CallCtx | undefined;
  /** `who`: the session user and the purpose they gave, instead of the X-User-Id and X-Purpose headers. */
  constructor(
    private readonly req: FastifyRequest,
    public code: string,
    private readonly endpoint: Endpoint,
    private readonly who?: { userId: string; purpose: string },
  ) {}

  entry(status: number, fields: string[], rowCount: number, responseHash: string | null): AccessLogEntry {
    const c = this.ctx;
    return {
      consumerSystem: c?.consumerSystem ?? '',
      consumerPath: c?.consumerPath ?? '',
      providerPath: c?.providerPath ?? '',
      credentialId: c?.credentialId ?? null,
      grantId: c?.grantId ?? null,
      userId: this.who ? this.who.userId : header(this.req, 'x-user-id'),
      purpose: this.who ? this.who.purpose : header(this.req, 'x-purpose'),
      resourceCode: this.code,
      endpoint: this.endpoint,
      fields,
      rowCount,
      status,
      requestHash: digestHex(`${this.req.method} ${this.req.url}`),
      responseHash,
    };
  }

  /** A refused call is logged in a transaction of its own (the call's own was rolled back). */
  async logRefusal(db: Db, err: unknown): Promise<void> {
    if (this.ctx && err instanceof AppError) {
      await db.transaction().execute((tx) => writeAccessLog(tx, this.entry(err.status, [], 0, null)));
    }
  }
}

export function exchangeKey(req: FastifyRequest): string {
  const key = header(req, 'x-exchange-key');
  if (!key) throw new AppError('EXCHANGE_KEY_REQUIRED', 401);
  return key;
}

/** Credential, grant, resource and rate-limit checks, then the asked fields and filters checked against the
 * grant (fields outside it → 403 naming them). */
export async function planCall(
  tx: Tx,
  req: FastifyRequest,
  rec: CallRecord,
  key: string,
  code: string,
): Promise<CallPlan> {
  const ctx = await authenticateCredential(tx, key);
  rec.ctx = ctx;
  // A credential reads only the resource of its grant (the refusal is logged like any other call).
  if (ctx.resourceCode !== code) throw new AppError('EXCHANGE_NOT_GRANTED', 403, { code });
  return planForGrant(tx, req, ctx, `c${ctx.credentialId}`, RESERVED);
}

/** The rate limit (per `caller`), then the asked fields and filters (query keys outside `reserved`) checked
 * against the grant, its row filter added, and the masking projection. */
export async function planForGrant(
  tx: Tx,
  req: FastifyRequest,
  ctx: CallCtx,
  caller: string,
  reserved: ReadonlySet<string>,
): Promise<CallPlan> {
  const code = ctx.resourceCode;
  if (!limiter.hit(caller))
    throw new AppError('EXCHANGE_RATE_LIMITED', 429, { limit: RATE_LIMIT_CALLS, windowMs: RATE_LIMIT_WINDOW_MS });
  const resource = await getResourceForSharing(tx, code);
  if (!resource) throw new AppError('EXCHANGE_NOT_GRANTED', 403, { code });
  const raw = req.query as Record<string, string | string[] | undefined>;
  const query = (k: string) => {
    const v = raw[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const asked = query('fields')
    ?.split(',')
    .map((f) => f.trim())
    .filter(Boolean) ?? [...ctx.fields];
  const filters: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (reserved.has(k) || v === undefined) continue;
    const value = Array.isArray(v) ? v[0] : v;
    // No stored cell holds NUL (PostgreSQL text cannot): a filter with one is malformed, not a query.
    if (value.includes('\0'))
      throw badRequest('VALIDATION_FAILED', { field: `querystring.${k}`, problem: 'contains a NUL character' });
    filters[k] = value;
  }
  const notGranted = [...new Set([...asked, ...Object.keys(filters)])].filter((f) => !ctx.fields.includes(f));
  if (notGranted.length > 0)
    throw new AppError('EXCHANGE_FIELDS_NOT_GRANTED', 403, { fields: notGranted.join(', '), code });
  Object.assign(filters, ctx.rowFilter ?? {});
  const project = await projector(tx, resource, asked, ctx);
  return { code, resource, asked, filters, project, query, caller };
}

/** Runs one data or change-feed call: the plan, the read and the access-log row in one transaction. */
export async function exchangeCall(
  req: FastifyRequest,
  code: string,
  endpoint: 'data' | 'changes',
): Promise<Record<string, unknown>> {
  const key = exchangeKey(req);
  const db = req.server.db;
  const rec = new CallRecord(req, code, endpoint);
  try {
    return await db.transaction().execute(async (tx) => {
      const plan = await planCall(tx, req, rec, key, code);
      const limit = plan.query('limit') === undefined ? 100 : Number(plan.query('limit'));
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
        throw badRequest('VALIDATION_FAILED', { field: 'querystring.limit', problem: `must be 1–${MAX_LIMIT}` });
      const { body, rowCount } =
        endpoint === 'data' ? await readRows(tx, plan, limit) : await readChanges(tx, plan, limit);
      await writeAccessLog(tx, rec.entry(200, plan.asked, rowCount, digestHex(canonicalJson(body))));
      return body;
    });
  } catch (err) {
    await rec.logRefusal(db, err);
    throw err;
  }
}

async function readRows(tx: Tx, plan: CallPlan, limit: number) {
  const page = await readDatasetRows(tx, plan.resource.id, {
    filters: plan.filters,
    limit,
    cursor: plan.query('cursor'),
  });
  const items = page.items.map((r) => plan.project(r.data));
  return {
    body: { code: plan.code, version: page.version, fields: plan.asked, items, nextCursor: page.nextCursor },
    rowCount: items.length,
  };
}

async function readChanges(tx: Tx, plan: CallPlan, limit: number) {
  // `since` is a load version, or the nextCursor of a truncated page: `<since>.<upto>.<last key, base64url>`.
  const raw = plan.query('since') ?? '0';
  const m = /^(\d{1,15})(?:\.(\d{1,15})\.([\w-]{1,6000}))?$/.exec(raw);
  const since = m ? Number(m[1]) : Number.NaN;
  const upto = m?.[2] === undefined ? undefined : Number(m[2]);
  const after = m?.[3] === undefined ? undefined : Buffer.from(m[3], 'base64url').toString('utf8');
  // A key never holds NUL (PostgreSQL text cannot), and a cursor this server wrote decodes back to itself.
  const forged =
    after !== undefined &&
    (after === '' || after.includes('\0') || Buffer.from(after).toString('base64url') !== m?.[3]);
  if (!m || forged || (upto !== undefined && upto < since))
    throw badRequest('VALIDATION_FAILED', {
      field: 'querystring.since',
      problem: 'must be a load version or the nextCursor of the previous page',
    });
  const ch = await readDatasetChanges(
    tx,
    plan.resource.id,
    since,
    limit,
    upto === undefined || after === undefined ? undefined : { upto, after },
  );
  if (ch.rolledBack)
    throw new AppError('EXCHANGE_CHANGES_RESYNC', 409, {
      since,
      rolledBack: ch.rolledBack.version,
      version: ch.version,
    });
  const matches = (d: Record<string, string> | null) =>
    d === null || Object.entries(plan.filters).every(([f, v]) => d[f] === v);
  const changes = ch.changes
    .filter((c) => matches(c.data))
    .map((c) => ({ op: c.op, key: c.key, data: c.data === null ? null : plan.project(c.data) }));
  return {
    body: {
      code: plan.code,
      since,
      version: ch.version,
      fields: plan.asked,
      changes,
      truncated: ch.truncated,
      // A truncated page goes on after its last key (even if the filters dropped it here); else the next since.
      nextCursor:
        ch.truncated && ch.lastKey !== null
          ? `${since}.${ch.version}.${Buffer.from(ch.lastKey, 'utf8').toString('base64url')}`
          : String(ch.version),
    },
    rowCount: changes.length,
  };
}

/** Picks each asked column's masking rule once per call; a grant with clear values skips masking (its grant
 * decision and every call are audited / logged). */
async function projector(tx: Tx, resource: ResourceForSharing, fields: string[], ctx: CallCtx) {
  if (ctx.clearValues)
    return (data: Record<string, string>) => Object.fromEntries(fields.map((f) => [f, data[f] ?? '']));
  const items = new Map((await getItemElements(tx, resource.id)).map((i) => [i.name, i]));
  const table = await loadMaskingTable(tx);
  const salt = `${table.salt}:${ctx.grantId}`;
  const rules = fields.map((f) => [f, ruleForColumn(table, items.get(f))] as const);
  return (data: Record<string, string>) =>
    Object.fromEntries(rules.map(([f, rule]) => [f, applyMask(data[f] ?? '', rule, salt)]));
}

async function authenticateCredential(tx: Tx, key: string): Promise<CallCtx> {
  const row = await repo.selectCredentialGrant(tx, hashSecret(key));
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
    rowFilter: row.row_filter,
    clearValues: row.clear_values,
  };
}
