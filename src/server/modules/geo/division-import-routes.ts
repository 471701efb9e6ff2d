// POST /api/v1/geo/division-imports: the city's official division list as CSV or XLSX (division-import.ts).
// The route lives in a scope of its own inside the geo scope, where text/csv and xlsx bodies arrive as raw bytes:
// a CSV must be checked to be UTF-8 before it is decoded (the address import's text/csv parser decodes leniently).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireActor, runAction } from '../../platform/http/action.ts';
import { pickLocale } from '../../platform/i18n/messages.ts';
import { DIVISION_IMPORT_BODY_LIMIT, runDivisionImport, XLSX_MIME } from './division-import.ts';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Level = Type.Union([
  Type.Literal('city'),
  Type.Literal('district'),
  Type.Literal('street'),
  Type.Literal('community'),
]);

const DivisionImportQuery = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ default: true, description: 'true (default): report only, write nothing' })),
    validFrom: Type.Optional(
      Type.String({
        format: 'date',
        description: 'YYYY-MM-DD: new codes are in force from, and dropped codes retired on, this day (default today)',
      }),
    ),
  },
  strict,
);

const Problem = Type.Object(
  {
    row: Nullable(Type.Integer({ description: 'row as a spreadsheet shows it; the header is row 1' })),
    column: Nullable(Type.String({ description: 'code, name or parent_code' })),
    cell: Nullable(Type.String({ description: 'spreadsheet cell, e.g. A7' })),
    kind: Type.String(),
    code: Type.Optional(Type.String()),
    message: Type.String(),
  },
  strict,
);

const Counts = Type.Object(
  {
    added: Type.Integer(),
    renamed: Type.Integer(),
    retired: Type.Integer(),
    reparented: Type.Integer(),
    unchanged: Type.Integer(),
  },
  strict,
);

const DivisionImportReply = Type.Object(
  {
    ok: Type.Boolean(),
    dryRun: Type.Boolean(),
    applied: Type.Boolean(),
    format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
    rowCount: Type.Integer(),
    validFrom: Type.String(),
    errorCount: Type.Integer(),
    problems: Type.Array(Problem),
    ignoredColumns: Type.Array(Type.String()),
    diff: Type.Object(
      {
        added: Type.Array(
          Type.Object(
            { code: Type.String(), name: Type.String(), parentCode: Nullable(Type.String()), level: Level },
            strict,
          ),
        ),
        renamed: Type.Array(Type.Object({ code: Type.String(), from: Type.String(), to: Type.String() }, strict)),
        retired: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Level }, strict)),
        reparented: Type.Array(
          Type.Object(
            {
              code: Type.String(),
              name: Type.String(),
              from: Nullable(Type.String()),
              to: Nullable(Type.String()),
            },
            strict,
          ),
        ),
        unchanged: Type.Integer(),
      },
      strict,
    ),
    counts: Counts,
  },
  strict,
);

export function registerDivisionImportRoutes(geoScope: FastifyInstance) {
  geoScope.register(async (scope) => {
    // Raw bytes here only: the geo scope's own text/csv parser (address import) stays as it is.
    scope.removeContentTypeParser('text/csv');
    scope.addContentTypeParser(
      ['text/csv', XLSX_MIME, 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: DIVISION_IMPORT_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/api/v1/geo/division-imports',
      {
        bodyLimit: DIVISION_IMPORT_BODY_LIMIT,
        schema: {
          tags: ['geo'],
          summary: '导入行政区划清单 Import the official division list (CSV / XLSX; dry run by default)',
          description:
            'The city’s complete official list: `text/csv` (UTF-8, BOM optional; a GBK file is refused with 400 ' +
            'DIVISION_IMPORT_NOT_UTF8) or an xlsx file (first sheet), columns `code`, `name` [, `parent_code`] ' +
            '(or 代码/区划代码, 名称, 上级代码), header in the first row. `dryRun=true` (default) reports every problem ' +
            '(row and column as a spreadsheet counts them) and the diff: codes added, renamed, reparented, and ' +
            'retired because the list no longer has them. `dryRun=false` refuses with 400 DIVISION_IMPORT_INVALID ' +
            '(the report in `details.report`) on any problem, else applies the whole diff in one transaction: new ' +
            'codes valid from `validFrom` (default today in the city), dropped codes get valid_to = `validFrom` ' +
            '(never deleted). One import at a time: 409 DIVISION_IMPORT_IN_PROGRESS. Body up to 20 MB. Needs ' +
            '`geo.division.import`.',
          consumes: ['text/csv', XLSX_MIME],
          querystring: DivisionImportQuery,
          response: { 200: DivisionImportReply },
        },
      },
      async (req, reply) =>
        runDivisionImport(requireActor(req), (fn) => runAction(req, fn), {
          // Fastify times each request from its arrival (the platform's metrics hook makes it keep the start).
          receivedAt: performance.now() - reply.elapsedTime,
          body: req.body,
          contentType: req.headers['content-type'],
          dryRun: req.query.dryRun ?? true,
          validFrom: req.query.validFrom,
          locale: pickLocale(req.headers['accept-language']),
        }),
    );
  });
}
