// The audit log (审计日志) as its readers see it: search, export (itself audited) and chain verification.
// There is deliberately no function that edits or deletes a record.
import { type Actor, CITY_WIDE } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/can.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/record.ts';
import { sealAuditLog } from '../../platform/audit/seal.ts';
import { type VerifyResult, verifyAuditChain } from '../../platform/audit/verify.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { badRequest } from '../../platform/errors.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import { type ExportFormat, exportContentType, renderAuditFile } from './export-file.ts';
import * as repo from './repo.ts';
import type { AuditEntry, AuditExportQuery, AuditPage, AuditQuery } from './schemas.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
export const MAX_EXPORT_ROWS = 100_000;

type FilterInput = Pick<AuditQuery, 'actor' | 'action' | 'target' | 'result' | 'from' | 'to'>;

// A full date-time with its offset: a bare "2024-05-01 08:00" would silently mean the server's time zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function parseInstant(field: 'from' | 'to', value: string): Date {
  const d = ISO_INSTANT.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime())) throw badRequest('AUDIT_BAD_TIME', { field, value });
  return d;
}

function parseFilter(q: FilterInput): repo.AuditFilter {
  const f: repo.AuditFilter = {};
  if (q.actor) f.actor = q.actor;
  if (q.action) f.action = q.action;
  if (q.target) {
    const i = q.target.indexOf(':');
    f.target =
      i <= 0
        ? { type: null, id: null, raw: q.target }
        : { type: q.target.slice(0, i), id: q.target.slice(i + 1) || null, raw: q.target };
  }
  if (q.result) f.result = q.result;
  if (q.from) f.from = parseInstant('from', q.from);
  if (q.to) f.to = parseInstant('to', q.to);
  if (f.from && f.to && f.from >= f.to) throw badRequest('AUDIT_BAD_RANGE', { from: q.from, to: q.to });
  return f;
}

// The cursor is opaque to clients; versioned so the paging key can change without breaking old links.
const encodeCursor = (id: number) => Buffer.from(`a1:${id}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const m = /^a1:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw badRequest('AUDIT_BAD_CURSOR', {});
  return Number(m[1]);
}

function present(r: repo.AuditRow): AuditEntry {
  return {
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    actorKind: r.actor_kind,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    summary: r.summary,
    result: r.result,
    ip: r.ip,
    requestId: r.request_id,
    chainSeq: r.chain_seq === null ? null : Number(r.chain_seq),
  };
}

/** One page of the audit log, newest first. */
export async function searchAudit(tx: Tx, actor: Actor, query: AuditQuery): Promise<AuditPage> {
  can(actor, 'audit.read', CITY_WIDE);
  const filter = parseFilter(query);
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const beforeId = query.cursor ? decodeCursor(query.cursor) : undefined;
  // One row more than asked says whether another page exists without a count.
  const rows = await repo.listAuditRows(tx, filter, { beforeId, limit: limit + 1 });
  const items = rows.slice(0, limit).map(present);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null };
}

export interface AuditExportFile {
  filename: string;
  contentType: string;
  rows: number;
  /** Builds the file. Call it after the transaction has committed: on PGlite (one connection) a 100,000-row
   * workbook built inside the transaction would hold up every other request for seconds. */
  render(): Promise<Buffer>;
}

export interface ExportOptions {
  locale: Locale;
  /** Where the request came from, for the audit record of the export itself. */
  context?: AuditContext;
  maxRows?: number;
  now?: Date;
}

/** The filtered audit log as a CSV or xlsx file; the export is itself recorded in the audit log. */
export async function exportAudit(
  tx: Tx,
  actor: Actor,
  query: AuditExportQuery,
  opts: ExportOptions,
): Promise<AuditExportFile> {
  can(actor, 'audit.export', CITY_WIDE);
  const format: ExportFormat = query.format ?? 'csv';
  const filter = parseFilter(query);
  const max = opts.maxRows ?? MAX_EXPORT_ROWS;
  const matching = await repo.countAuditRowsUpTo(tx, filter, max);
  if (matching > max) throw badRequest('AUDIT_EXPORT_TOO_LARGE', { max });

  const rows = await repo.listAuditRows(tx, filter, { limit: max });
  const { format: _format, ...filterEcho } = query;
  await recordAudit(
    tx,
    actor,
    'audit.export',
    { type: 'audit_log', id: null },
    { filter: filterEcho, format, rows: rows.length },
    'ok',
    opts.context,
  );
  return {
    filename: `audit-${yyyymmdd(opts.now ?? new Date())}.${format}`,
    contentType: exportContentType(format),
    rows: rows.length,
    render: () => renderAuditFile(rows, format, opts.locale),
  };
}

const yyyymmdd = (d: Date) =>
  `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;

/** Seals what can be sealed, then walks the whole chain. Takes the database, not a transaction: the sealer
 * commits its own transaction, and the verifier reads in pages so that PGlite is not held for the whole walk. */
export async function verifyAuditLog(db: Db, actor: Actor): Promise<VerifyResult> {
  can(actor, 'audit.read', CITY_WIDE);
  await sealAuditLog(db);
  return verifyAuditChain(db);
}
