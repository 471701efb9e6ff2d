// /api/v1/catalog/resources/:code/dataset: the data centre (数据中心) — loads (CSV / XLSX streamed from the request,
// or JSON; validated against the data elements), the quality history, rows as of a load version, and rolling
// back the latest load.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import { requireActor, runAction } from '../../platform/http/action.ts';
import { datasetQuality, datasetRows, rollbackLoad, runDatasetLoad } from './dataset.ts';
import { JSON_BODY_LIMIT, UploadStream, tooLarge } from './dataset-stream.ts';
import { ResourceCode } from './resource-schemas.ts';
import { Cursor, DbInt, Limit, Nullable, strict } from './schemas.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STREAMED_TYPES = ['text/csv', XLSX_TYPE, 'application/octet-stream'];
const DRAIN_GRACE_MS = 10_000;
const Params = Type.Object({ code: ResourceCode }, strict);
const VersionParams = Type.Object({ code: ResourceCode, version: DbInt }, strict);
const LoadQuery = Type.Object(
  {
    mode: Type.Optional(Type.Enum(['all_or_nothing', 'accept_valid'], { default: 'all_or_nothing' })),
    format: Type.Optional(Type.Enum(['csv', 'json', 'xlsx'])),
    replace: Type.Optional(Type.Boolean({ default: false })),
  },
  strict,
);
const RowsQuery = Type.Object(
  { asOf: Type.Optional(DbInt), limit: Type.Optional(Limit(1000)), cursor: Type.Optional(Cursor) },
  strict,
);
const Ratio = Type.Number({ minimum: 0, maximum: 1 });
const Quality = Type.Object({
  rows: Type.Integer(),
  cells: Type.Integer(),
  completeness: Ratio,
  validity: Ratio,
  keyUniqueness: Ratio,
  daysSincePrevious: Nullable(Type.Number()),
  cycleDays: Type.Integer(),
  timeliness: Ratio,
  score: Type.Integer({ minimum: 0, maximum: 100 }),
});
const loadFields = {
  version: Type.Integer(),
  mode: Type.String(),
  replace: Type.Boolean(),
  status: Type.Enum(['applied', 'rolled_back', 'failed']),
  actor: Type.String(),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  rowCount: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  deleted: Type.Integer(),
  rejected: Type.Integer(),
  quality: Quality,
  rolledBackAs: Nullable(Type.Integer({ description: 'The version a rollback of this load took' })),
};
const Load = Type.Object(loadFields);
const RowError = Type.Object({
  row: Type.Integer(),
  column: Nullable(Type.String()),
  value: Nullable(Type.String()),
  code: Type.String(),
  message: Type.String(),
});
const LoadResult = Type.Object({
  ...loadFields,
  code: Type.String(),
  encoding: Nullable(Type.String()),
  errorCount: Type.Integer(),
  errors: Type.Array(RowError),
  rejectedCsv: Nullable(Type.String()),
  rejectedCsvTruncated: Type.Boolean(),
});
const QualityReply = Type.Object({
  code: Type.String(),
  updateCycle: Type.String(),
  cycleDays: Type.Integer(),
  latestVersion: Nullable(Type.Integer()),
  daysSinceLastLoad: Nullable(Type.Number()),
  timeliness: Ratio,
  score: Nullable(Type.Integer()),
  history: Type.Array(Load),
});
const RowsReply = Type.Object({
  code: Type.String(),
  columns: Type.Array(Type.String()),
  keyColumns: Type.Array(Type.String()),
  asOf: Type.Integer(),
  items: Type.Array(Type.Object({ key: Type.Array(Type.String()), data: Type.Record(Type.String(), Type.String()) })),
  nextCursor: Nullable(Type.String()),
});

export function registerDatasetRoutes(root: FastifyInstance) {
  root.register(async (scope) => {
    // CSV and XLSX uploads are not parsed here: the load reads the request stream itself, counting bytes against
    // ONECITY_DATASET_MAX_BYTES (the encoding is detected from the first bytes). Only in this scope.
    scope.addContentTypeParser(STREAMED_TYPES, (_req, payload, done) => done(null, new UploadStream(payload)));
    // An answer given before the body was read to its end (a refusal) closes the connection: the rest of a
    // large upload is not read, and the connection cannot carry another request.
    scope.addHook('onSend', async (req, reply) => {
      if (req.raw.complete === false) reply.header('connection', 'close');
    });
    // The unread rest is then drained (not kept) so that closing does not reset the connection before the client
    // has the answer; a client that goes on sending is cut off after a grace period.
    scope.addHook('onResponse', async (req) => {
      if (req.raw.complete !== false) return;
      req.raw.resume();
      setTimeout(() => {
        if (!req.raw.complete) req.raw.destroy();
      }, DRAIN_GRACE_MS).unref();
    });
    scope.setErrorHandler((err: FastifyError, req) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        throw new AppError('BODY_TOO_LARGE', 413, { limit: req.routeOptions.bodyLimit });
      }
      throw err;
    });
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['catalog'];
    const base = '/api/v1/catalog/resources/:code/dataset';
    app.post(
      `${base}/loads`,
      {
        bodyLimit: JSON_BODY_LIMIT,
        schema: {
          tags,
          summary: '装载数据集 Load the dataset (CSV, XLSX or JSON; upsert by key)',
          description:
            'Body: `text/csv` (UTF-8 with or without BOM; GBK/GB18030 detected when the first 64 KiB are not UTF-8; ' +
            'bytes valid in neither → 400 DATASET_ENCODING_UNKNOWN), an .xlsx workbook (`' +
            XLSX_TYPE +
            '` or `format=xlsx`: the first sheet, the first row the header) — both streamed in bounded memory, up to ' +
            '`ONECITY_DATASET_MAX_BYTES` (413 DATASET_TOO_LARGE, nothing changed) — or a JSON array of objects (up to ' +
            '50 MB); column names are the resource’s 信息项 names (400 DATASET_HEADER_MISMATCH names ' +
            'the missing and unknown ones). Every cell is checked against its data element; errors list row (a CSV ' +
            'header is row 1), column, value (masked for personal fields), code and message — the first 1,000, with ' +
            '`errorCount` complete. `all_or_nothing` (default): any error → 400 DATASET_LOAD_INVALID with the report, ' +
            'no rows written (the failed load is recorded). `accept_valid`: valid rows applied, rejected rows ' +
            'returned as `rejectedCsv` (up to 4 MiB; `rejectedCsvTruncated` when cut). Rows are upserted by the ' +
            'key; `replace=true` also deletes rows the file does not have. Each load is a version. One load per ' +
            'dataset at a time: 409 DATASET_LOAD_IN_PROGRESS. Needs ' +
            '`catalog.dataset.load` for the providing department.',
          params: Params,
          querystring: LoadQuery,
          consumes: ['text/csv', XLSX_TYPE, 'application/json'],
          response: { 200: LoadResult },
        },
      },
      async (req, reply) => {
        const maxBytes = req.server.config.datasetMaxBytes;
        const declared = Number(req.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
        const type = String(req.headers['content-type'] ?? '')
          .split(';')[0]
          .trim()
          .toLowerCase();
        return runDatasetLoad(requireActor(req), (fn) => runAction(req, fn), req.params.code, {
          body: req.body,
          mode: req.query.mode ?? 'all_or_nothing',
          format: req.query.format ?? (type === XLSX_TYPE ? 'xlsx' : undefined),
          replace: req.query.replace ?? false,
          maxBytes,
          receivedAt: performance.now() - reply.elapsedTime,
        });
      },
    );
    app.post(
      `${base}/loads/:version/rollback`,
      {
        schema: {
          tags,
          summary: '回滚装载 Roll back the latest applied load',
          description:
            'Reverses the load’s changes (rows it wrote are dropped, rows it replaced or deleted are current again). ' +
            'Only the latest applied load: 409 DATASET_ROLLBACK_NOT_LATEST otherwise. Audited.',
          params: VersionParams,
          response: { 200: Load },
        },
      },
      async (req) => runAction(req, (tx, actor) => rollbackLoad(tx, actor, req.params.code, req.params.version)),
    );
    app.get(
      `${base}/quality`,
      {
        schema: {
          tags,
          summary: '数据质量 Quality of the dataset and its history',
          description:
            'Every load with its quality report (completeness, validity, key uniqueness, timeliness against the ' +
            'update cycle, score 0–100: validity 40 %, completeness 30 %, key uniqueness 20 %, timeliness 10 %), ' +
            'newest first; `score` is the latest applied load’s with today’s timeliness.',
          params: Params,
          response: { 200: QualityReply },
        },
      },
      async (req) => runAction(req, (tx, actor) => datasetQuality(tx, actor, req.params.code)),
    );
    app.get(
      `${base}/rows`,
      {
        schema: {
          tags,
          summary: '数据集行 Rows of the dataset, as of a load version',
          description:
            '`asOf` (default: the latest version) reads the dataset as it was after that load. Keyset paging by key.',
          params: Params,
          querystring: RowsQuery,
          response: { 200: RowsReply },
        },
      },
      async (req) => runAction(req, (tx, actor) => datasetRows(tx, actor, req.params.code, req.query)),
    );
  });
}
