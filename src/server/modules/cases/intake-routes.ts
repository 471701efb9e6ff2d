// /api/v1/cases — intake for staff channels (hotline agent console, grid workers), duplicate check, 并案, lists,
// detail, photo download, caller history, reveal of personal data, export.
//
// Photos travel as base64 inside the JSON body, not as multipart: @fastify/multipart is not a dependency, one JSON
// document keeps the whole case (fields + photos) in one schema-validated request that the Idempotency-Key hashes
// as a unit, and the body limit of this one route is raised to fit 9 photos of 5 MB (base64 adds a third).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { runAction } from '../../platform/http/action.ts';
import { idempotent, sendIdempotent } from '../../platform/http/idempotency.ts';
import { pickLocale } from '../../platform/i18n/messages.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { toWgs84 } from '../../platform/geo/crs.ts';
import { MAX_PHOTOS } from './attachments.ts';
import { callerHistory, listCases } from './case-query.ts';
import { getAttachment, getCaseDetail, revealReporter } from './case-query-detail.ts';
import { exportContentType, prepareExport, streamExport } from './case-query-export.ts';
import { checkDuplicates, mergeCase } from './duplicates.ts';
import { MAX_DESCRIPTION, MAX_TITLE, fileStaffCase } from './intake.ts';
import { CASE_STATUSES } from './workflow.ts';

const strict = { additionalProperties: false };
const CHANNELS = ['phone', 'web', 'app', 'letter', 'leader', 'department', 'grid', 'sensor'] as const;
const NATURES = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise', 'other'] as const;
const Id = Type.String({ pattern: '^[1-9][0-9]{0,14}$' });
const IdParams = Type.Object({ id: Id }, strict);
const AttachmentParams = Type.Object({ id: Id, attachmentId: Id }, strict);
const CategoryId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Crs = Type.Enum(['wgs84', 'gcj02', 'bd09'], { description: 'Coordinate system of lat/lng (default wgs84)' });

/** 64 MiB: 9 photos × 5 MB as base64 (×4/3) plus the fields. */
export const CREATE_BODY_LIMIT = 64 * 1024 * 1024;

const CreateBody = Type.Object(
  {
    channel: Type.Enum([...CHANNELS], { description: '渠道; Open311 and the citizen form have their own endpoints' }),
    nature: Type.Enum([...NATURES], { description: '诉求类型' }),
    categoryId: CategoryId,
    urgency: Type.Optional(Type.Enum(['normal', 'urgent'])),
    title: Type.Optional(Type.String({ maxLength: MAX_TITLE })),
    description: Type.String({ minLength: 1, maxLength: MAX_DESCRIPTION }),
    reporter: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 100 })),
          phone: Type.Optional(Type.String({ maxLength: 30 })),
          idNumber: Type.Optional(Type.String({ maxLength: 30 })),
          kind: Type.Optional(Type.Enum(['person', 'enterprise'])),
          anonymous: Type.Optional(Type.Boolean()),
          confidential: Type.Optional(Type.Boolean()),
        },
        strict,
      ),
    ),
    location: Type.Optional(
      Type.Object(
        {
          lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
          lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
          crs: Type.Optional(Crs),
          address: Type.Optional(Type.String({ maxLength: 200 })),
        },
        strict,
      ),
    ),
    componentId: Type.Optional(Type.String({ maxLength: 32 })),
    attributes: Type.Optional(
      Type.Record(
        Type.String({ maxLength: 40 }),
        Type.Union([
          Type.String({ maxLength: 2000 }),
          Type.Number(),
          Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }),
        ]),
      ),
    ),
    photos: Type.Optional(
      Type.Array(
        Type.Object(
          {
            filename: Type.Optional(Type.String({ maxLength: 200 })),
            mime: Type.Optional(Type.String({ maxLength: 100 })),
            contentBase64: Type.String({ minLength: 1, maxLength: 7_200_000 }),
          },
          strict,
        ),
        { maxItems: MAX_PHOTOS },
      ),
    ),
  },
  strict,
);

const DuplicatesBody = Type.Object(
  {
    categoryId: CategoryId,
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    crs: Type.Optional(Crs),
    title: Type.Optional(Type.String({ maxLength: MAX_TITLE })),
    description: Type.String({ minLength: 1, maxLength: MAX_DESCRIPTION }),
  },
  strict,
);

const MergeBody = Type.Object(
  {
    masterCaseId: Type.Integer({ minimum: 1 }),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  strict,
);

const ListFilter = {
  status: Type.Optional(Type.Array(Type.Enum([...CASE_STATUSES]), { maxItems: 12 })),
  category: Type.Optional(CategoryId),
  department: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  area: Type.Optional(Type.String({ pattern: '^[0-9]{2,14}$' })),
  channel: Type.Optional(Type.Array(Type.Enum([...CHANNELS, 'open311']), { maxItems: 9 })),
  nature: Type.Optional(Type.Array(Type.Enum([...NATURES]), { maxItems: 7 })),
  urgency: Type.Optional(Type.Enum(['normal', 'urgent'])),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  sla: Type.Optional(Type.Enum(['green', 'yellow', 'red', 'paused', 'none'])),
  q: Type.Optional(Type.String({ maxLength: 100 })),
  phone: Type.Optional(Type.String({ maxLength: 30 })),
};
const ListQuery = Type.Object(
  {
    ...ListFilter,
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    counts: Type.Optional(Type.Boolean()),
  },
  strict,
);
const ExportQuery = Type.Object({ ...ListFilter, format: Type.Enum(['csv', 'xlsx']) }, strict);
const HistoryQuery = Type.Object(
  {
    phone: Type.String({ minLength: 3, maxLength: 30 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  strict,
);
const RevealBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, strict);

type ListQueryT = {
  status?: string[];
  category?: number;
  department?: number;
  area?: string;
  channel?: string[];
  nature?: string[];
  urgency?: 'normal' | 'urgent';
  from?: string;
  to?: string;
  sla?: 'green' | 'yellow' | 'red' | 'paused' | 'none';
  q?: string;
  phone?: string;
};
const filterOf = (q: ListQueryT) => ({
  status: q.status,
  categoryId: q.category,
  departmentId: q.department,
  area: q.area,
  channel: q.channel,
  nature: q.nature,
  urgency: q.urgency,
  from: q.from,
  to: q.to,
  sla: q.sla,
  q: q.q,
  phone: q.phone,
});

export async function registerIntakeRoutes(root: FastifyInstance, _ctx: ModuleContext): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['cases'];
  const base = '/api/v1/cases';

  app.post(
    base,
    {
      bodyLimit: CREATE_BODY_LIMIT,
      schema: {
        tags,
        summary: '受理/上报 File a case (agent console, grid worker)',
        description:
          'One JSON body; photos as base64 (JPEG/PNG/WebP by content, ≤ 5 MB each, ≤ 9). Located into grid / community / ' +
          'street / district (lat/lng in WGS84, or crs=gcj02|bd09; or an address from the gazetteer), routed by the ' +
          'rules (routing.reason says why), duplicates suggested. A hotline agent (case.accept) files it accepted; ' +
          'other channels start received. Send `Idempotency-Key` to make retries safe: the same key and body return ' +
          'the first response; the same key with another body → 422 IDEMPOTENCY_KEY_REUSED.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 255 })) }),
        body: CreateBody,
      },
    },
    async (req, reply) => {
      const r = await runAction(req, (tx, actor) =>
        idempotent(tx, req, actor, 'cases.create', async () => ({
          status: 201,
          body: await fileStaffCase(tx, actor, req.body),
        })),
      );
      return sendIdempotent(reply, r);
    },
  );

  app.post(
    `${base}/duplicates`,
    {
      schema: {
        tags,
        summary: '重复件检查 Duplicate candidates before filing',
        description:
          'Open cases of the same duplicate group within the configured radius and window, ranked by text similarity ' +
          '(pg_trgm) and distance; each with score, similarity and distanceM. Needs case.create or case.accept.',
        body: DuplicatesBody,
      },
    },
    async (req) =>
      runAction(req, (tx, actor) => {
        const [lng, lat] = toWgs84([req.body.lng, req.body.lat], req.body.crs ?? 'wgs84');
        return checkDuplicates(tx, actor, {
          categoryId: req.body.categoryId,
          lat,
          lng,
          text: `${req.body.title ?? ''} ${req.body.description}`,
        });
      }),
  );

  app.post(
    `${base}/:id/merge`,
    {
      schema: {
        tags,
        summary: '并案 Merge a case into a master case',
        description:
          'The case becomes merged and follows its master; its reporter is told the outcome when the master closes. ' +
          'Needs case.accept on the case. Stale version → 409 CASE_VERSION_CONFLICT.',
        params: IdParams,
        body: MergeBody,
      },
    },
    async (req) =>
      runAction(req, (tx, actor) =>
        mergeCase(tx, actor, Number(req.params.id), {
          masterCaseId: req.body.masterCaseId,
          expectedVersion: req.body.version,
          reason: req.body.reason,
        }),
      ),
  );

  app.get(
    base,
    {
      schema: {
        tags,
        summary: '工单列表 Cases in my scope',
        description:
          'Filters: status (repeatable), category (a 大类 includes its 小类), department, area (division prefix), channel, ' +
          'nature, urgency, from/to (created), sla (green/yellow/red/paused/none), q (case number or words), phone ' +
          '(needs case.reveal). Newest first; `nextCursor` pages on. counts=true adds totals by status.',
        querystring: ListQuery,
      },
    },
    async (req) =>
      runAction(req, (tx, actor) =>
        listCases(tx, actor, filterOf(req.query), {
          cursor: req.query.cursor,
          limit: req.query.limit,
          counts: req.query.counts,
        }),
      ),
  );

  app.get(
    `${base}/export`,
    {
      schema: {
        tags,
        summary: '导出 Export the current filter (CSV / XLSX)',
        description:
          'The list filter as a file, headers in zh-CN unless Accept-Language prefers en; personal data masked; cells ' +
          'that a spreadsheet would run as formulas neutralised. At most 100,000 rows. Audited. Needs case.export.',
        querystring: ExportQuery,
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const filter = filterOf(req.query);
      const format = req.query.format;
      const actor = await runAction(req, async (tx, a) => {
        await prepareExport(tx, a, filter, format);
        return a;
      });
      const stamp = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      return reply
        .header('content-type', exportContentType(format))
        .header('content-disposition', `attachment; filename="cases-${stamp}.${format}"`)
        .header('cache-control', 'no-store')
        .send(streamExport(req.server.db, actor, filter, format, pickLocale(req.headers['accept-language'])));
    },
  );

  app.get(
    `${base}/caller-history`,
    {
      schema: {
        tags,
        summary: '来电历史 Earlier cases of a caller (agent console)',
        description: 'Cases whose reporter phone is this number, newest first. Needs case.create or case.accept.',
        querystring: HistoryQuery,
      },
    },
    async (req) => runAction(req, (tx, actor) => callerHistory(tx, actor, req.query.phone, req.query.limit)),
  );

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: '工单详情 Case detail',
        description:
          'Timeline, parties, attachments (metadata; bytes from the attachment route), related cases (master, merged, ' +
          'same reporter, duplicates), allowedActions. Reporter masked. Outside the caller’s scope → 403.',
        params: IdParams,
      },
    },
    async (req) => runAction(req, (tx, actor) => getCaseDetail(tx, actor, Number(req.params.id))),
  );

  app.get(
    `${base}/:id/attachments/:attachmentId`,
    {
      schema: {
        tags,
        summary: '附件 A photo of the case (original bytes, staff only)',
        params: AttachmentParams,
      },
    },
    async (req, reply) => {
      const a = await runAction(req, (tx, actor) =>
        getAttachment(tx, actor, Number(req.params.id), Number(req.params.attachmentId)),
      );
      return reply
        .header('content-type', a.mime)
        .header('content-length', a.size)
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('etag', `"${a.sha256}"`)
        .send(a.content);
    },
  );

  app.post(
    `${base}/:id/reveal`,
    {
      schema: {
        tags,
        summary: '查看完整信息 Reveal the reporter’s full name, phone and ID number',
        description: 'Needs case.reveal on the case; every call is audited (case.reveal).',
        params: IdParams,
        body: Type.Optional(RevealBody),
      },
    },
    async (req) => runAction(req, (tx, actor) => revealReporter(tx, actor, Number(req.params.id), req.body?.reason)),
  );
}
