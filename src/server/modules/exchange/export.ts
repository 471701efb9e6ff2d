// Bulk export (批量导出) of a granted resource with its credential: the same plan as any exchange call (granted
// fields, the grant's row filter, masking, rate limit), streamed as CSV (UTF-8 with BOM, formula cells
// neutralised) or NDJSON. Rows are read in keyset batches, each its own short query, and pulled only as fast as
// the client reads, so memory stays bounded and a long download never holds a database connection (PGlite has
// one). The access log gets one row when the stream ends, with the rows sent and the digest of the bytes sent.
// The batches are not one snapshot: a load committed during a long download may show in its later batches
// (X-Dataset-Version names the version at the start). A caller runs at most `exportConcurrency` exports at once
// (export-slots.ts); a session user's download of a grant (web-export.ts) is streamed by the same code.
import { createHash, type Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DIGEST_ALGORITHM } from '../../platform/crypto/digest.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, badRequest } from '../../platform/errors.ts';
import { datasetVersionOf, readDatasetRows } from '../catalog/sharing-api.ts';
import { writeAccessLog } from './access-log.ts';
import { type CallPlan, CallRecord, exchangeKey, planCall } from './data-api.ts';
import { acquireExportSlot } from './export-slots.ts';
import { sharingTimeLimits } from './settings.ts';

export const EXPORT_BATCH = 1000;
export type ExportFormat = 'csv' | 'ndjson';

/** A download whose client takes nothing for this long is cut off (logged 499), so that a stalled client cannot
 * hold one of its caller's export slots for ever (the server sets no socket timeout). Tests shorten it. */
export const exportTuning = { stallMs: 5 * 60_000 };

/** A spreadsheet would run a cell starting with = + - @ (or tab / CR) as a formula (CSV injection): keep it text. */
export function neutraliseCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export async function exchangeExport(req: FastifyRequest, reply: FastifyReply, code: string) {
  const key = exchangeKey(req);
  const rec = new CallRecord(req, code, 'export');
  return startExport(req, reply, rec, (tx) => planCall(tx, req, rec, key, code));
}

/** Plans an export (`plan` authorises it and fills `rec`), takes one of the caller's concurrent-export slots and
 * streams the file; the slot is given back when the stream closes. A refusal once the grant is known is logged. */
export async function startExport(
  req: FastifyRequest,
  reply: FastifyReply,
  rec: CallRecord,
  plan: (tx: Tx) => Promise<CallPlan>,
) {
  const db = req.server.db;
  let planned: { plan: CallPlan; format: ExportFormat; version: number };
  let release = () => {};
  try {
    planned = await db.transaction().execute(async (tx) => {
      const p = await plan(tx);
      const f = p.query('format') ?? 'csv';
      if (f !== 'csv' && f !== 'ndjson')
        throw badRequest('VALIDATION_FAILED', { field: 'querystring.format', problem: 'csv or ndjson' });
      const limit = (await sharingTimeLimits(tx)).exportConcurrency;
      const version = await datasetVersionOf(tx, p.resource.id);
      // Last, so that nothing after it can fail with the slot taken.
      release = acquireExportSlot(p.caller, limit);
      return { plan: p, format: f as ExportFormat, version };
    });
  } catch (err) {
    release();
    if (err instanceof AppError && typeof err.details.retryAfter === 'number')
      reply.header('retry-after', String(err.details.retryAfter));
    await rec.logRefusal(db, err);
    throw err;
  }
  const { plan: p, format, version } = planned;
  const fileName = `${p.code}.${format === 'csv' ? 'csv' : 'ndjson'}`;
  let stall: NodeJS.Timeout | undefined;
  const progressed = () => {
    clearTimeout(stall);
    stall = setTimeout(() => reply.raw.destroy(), exportTuning.stallMs);
    stall.unref();
  };
  const done = () => {
    clearTimeout(stall);
    release();
  };
  const stream = exportStream(db, p, format, rec, req, progressed);
  stream.on('close', done);
  // The response closing first (the client hung up) frees the slot at once; the stream's own close follows.
  reply.raw.on('close', done);
  progressed();
  return reply
    .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
    .header(
      'content-disposition',
      `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .header('x-dataset-version', String(version))
    .header('cache-control', 'no-store')
    .send(stream);
}

interface Progress {
  rows: number;
  /** 499 until the last batch is out: a client that hangs up leaves it so. */
  status: number;
  digest: Hash;
  logged: boolean;
  /** Called for every chunk made: the client took the ones before (the stream reads ahead a little). */
  progressed: () => void;
}

/** The stream, and its one access-log row: written when the generator ends — completed (200), cut off by the
 * client (499) or by a failure (500), with the rows sent so far — or, if the client hung up before the first
 * batch was even read, when the stream closes. */
function exportStream(
  db: Db,
  plan: CallPlan,
  format: ExportFormat,
  rec: CallRecord,
  req: FastifyRequest,
  progressed: () => void,
): Readable {
  const progress: Progress = {
    rows: 0,
    status: 499,
    digest: createHash(DIGEST_ALGORITHM),
    logged: false,
    progressed,
  };
  const finish = async () => {
    if (progress.logged) return;
    progress.logged = true;
    const entry = rec.entry(progress.status, plan.asked, progress.rows, progress.digest.digest('hex'));
    await db.transaction().execute((tx) => writeAccessLog(tx, entry));
  };
  const stream = Readable.from(exportChunks(db, plan, format, progress, finish));
  stream.on('close', () => {
    finish().catch((err) => req.log.error({ err }, 'exchange export: access log write failed'));
  });
  return stream;
}

/** The file, batch by batch, each batch read only when the client has taken the one before. */
async function* exportChunks(
  db: Db,
  plan: CallPlan,
  format: ExportFormat,
  progress: Progress,
  finish: () => Promise<void>,
): AsyncGenerator<Buffer> {
  const out = (text: string) => {
    const b = Buffer.from(text, 'utf8');
    progress.digest.update(b);
    progress.progressed();
    return b;
  };
  try {
    if (format === 'csv') yield out(stringify([], { bom: true, header: true, columns: plan.asked }));
    let cursor: string | undefined;
    for (;;) {
      const page = await readDatasetRows(db, plan.resource.id, { filters: plan.filters, limit: EXPORT_BATCH, cursor });
      if (page.items.length > 0) {
        const records = page.items.map((r) => plan.project(r.data));
        const text =
          format === 'csv'
            ? stringify(records.map((r) => plan.asked.map((f) => neutraliseCell(r[f] ?? ''))))
            : records.map((r) => `${JSON.stringify(r)}\n`).join('');
        progress.rows += records.length;
        yield out(text);
      }
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    progress.status = 200;
  } catch (err) {
    progress.status = 500;
    throw err;
  } finally {
    await finish();
  }
}
