// /api/v1/citizen/cases: the citizen's side of the case loop — file a case from the web form, follow it by number
// + last 4 phone digits (no account) or from the account, rate it, ask for 重办. The anonymous routes are limited
// per client address (no CAPTCHA service is available offline; the limit is the brake on abuse and on guessing).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { Type } from 'typebox';
import type { Database } from '../../database.ts';
import { AppError } from '../../platform/errors.ts';
import { runAction } from '../../platform/http/action.ts';
import { idempotent, sendIdempotent } from '../../platform/http/idempotency.ts';
import { FixedWindowLimiter } from '../../platform/http/rate-limit.ts';
import { pickLocale } from '../../platform/i18n/messages.ts';
import type { ModuleContext } from '../../platform/module.ts';
import {
  listMyCases,
  myCase,
  rateMyCase,
  rateTrackedCase,
  reopenMyCase,
  reopenTrackedCase,
  trackCase,
} from './citizen.ts';
import { createCitizenCase } from './citizen-intake.ts';
import { publicCategoryTree } from './categories.ts';

/** Tracking attempts (track, rate, reopen by number) per client address per minute. */
export const TRACK_PER_MINUTE = 20;
/** Cases filed from the web form per client address per hour. */
export const CREATE_PER_HOUR = 30;

const strict = { additionalProperties: false };
const CaseNo = Type.String({ minLength: 1, maxLength: 32 });
const Last4 = Type.String({ pattern: '^[0-9]{4}$', description: 'The last 4 digits of the phone given when filing' });
const Track = { caseNo: CaseNo, phoneLast4: Last4 };
const Satisfaction = Type.Enum(['satisfied', 'basically', 'unsatisfied'], {
  description: '满意 / 基本满意 / 不满意',
});
const Rate = {
  satisfaction: Satisfaction,
  solved: Type.Boolean({ description: '问题是否已解决' }),
  comment: Type.Optional(Type.String({ maxLength: 1000 })),
};
const Reason = Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, strict);
const CreateBody = Type.Object(
  {
    categoryId: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }),
    nature: Type.Optional(Type.Enum(['consult', 'help', 'complaint', 'report', 'suggestion', 'praise', 'other'])),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    location: Type.Optional(
      Type.Object(
        {
          lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
          lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
          crs: Type.Optional(Type.Enum(['wgs84', 'gcj02', 'bd09'])),
          address: Type.Optional(Type.String({ maxLength: 300 })),
        },
        strict,
      ),
    ),
    reporter: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 100 })),
          phone: Type.Optional(Type.String({ maxLength: 30 })),
          email: Type.Optional(Type.String({ maxLength: 254 })),
          anonymous: Type.Optional(Type.Boolean()),
        },
        strict,
      ),
    ),
    attributes: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown())),
    photos: Type.Optional(
      Type.Array(
        Type.Object(
          {
            filename: Type.Optional(Type.String({ maxLength: 200 })),
            mime: Type.Optional(Type.String({ maxLength: 100 })),
            contentBase64: Type.String({ minLength: 1 }),
          },
          strict,
        ),
        { maxItems: 9 },
      ),
    ),
  },
  strict,
);

export async function registerCitizenRoutes(root: FastifyInstance, _ctx: ModuleContext): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['citizen'];
  const base = '/api/v1/citizen/cases';
  const trackLimiter = new FixedWindowLimiter(TRACK_PER_MINUTE, 60_000);
  const createLimiter = new FixedWindowLimiter(CREATE_PER_HOUR, 3_600_000);
  const locale = (req: FastifyRequest) => pickLocale(req.headers['accept-language']);
  const limitTracking = (req: FastifyRequest) => {
    if (!trackLimiter.hit(req.ip))
      throw new AppError('RATE_LIMITED', 429, { limit: TRACK_PER_MINUTE, windowSeconds: 60 });
  };
  // Routes open to visitors without an account: one transaction, no actor (runAction requires one).
  const anonymousTx = <T>(req: FastifyRequest, fn: (tx: Transaction<Database>) => Promise<T>) =>
    req.server.db.transaction().execute(fn);

  app.post(
    base,
    {
      schema: {
        tags,
        summary: '市民提交诉求 File a case from the citizen web form',
        description:
          'Signed in (case.report) or without an account. Without an account a phone is required (to follow the case ' +
          'by number + last 4 digits) unless reporting anonymously where the 小类 allows it. Idempotency-Key: a retry ' +
          `returns the first answer. At most ${CREATE_PER_HOUR} cases per client address per hour (429 RATE_LIMITED).`,
        body: CreateBody,
      },
    },
    async (req, reply) => {
      const actor = req.actor ?? null;
      if (!createLimiter.hit(actor ? `user:${actor.id}` : req.ip)) {
        throw new AppError('RATE_LIMITED', 429, { limit: CREATE_PER_HOUR, windowSeconds: 3600 });
      }
      const run = (tx: Transaction<Database>) =>
        idempotent(tx, req, actor, 'citizen.cases.create', async () => ({
          status: 201,
          body: await createCitizenCase(tx, actor, req.body, locale(req), { ip: req.ip, requestId: req.id }),
        }));
      const r = actor ? await runAction(req, (tx) => run(tx)) : await anonymousTx(req, run);
      return sendIdempotent(reply, r);
    },
  );

  app.post(
    `${base}/track`,
    {
      schema: {
        tags,
        summary: '查询办理进度 Follow a case by number + last 4 phone digits',
        description:
          'No account needed. Status and public timeline in citizen words (Accept-Language zh-CN / en), the department, ' +
          'the expected completion. A wrong number and wrong digits both answer 404 CASE_NOT_FOUND. ' +
          `${TRACK_PER_MINUTE} attempts per minute per client address (429 RATE_LIMITED).`,
        body: Type.Object(Track, strict),
      },
    },
    async (req) => {
      limitTracking(req);
      return anonymousTx(req, (tx) => trackCase(tx, req.body, locale(req)));
    },
  );
  app.post(
    `${base}/track/rate`,
    {
      schema: {
        tags,
        summary: '评价办理结果 Rate a closed case (by number + last 4 phone digits)',
        description: '回访 by the citizen: 409 INVALID_TRANSITION unless the case is closed. Same limit as tracking.',
        body: Type.Object({ ...Track, ...Rate }, strict),
      },
    },
    async (req) => {
      limitTracking(req);
      return anonymousTx(req, (tx) => rateTrackedCase(tx, req.body, locale(req)));
    },
  );
  app.post(
    `${base}/track/reopen`,
    {
      schema: {
        tags,
        summary: '申请重办 Ask to reopen (by number + last 4 phone digits)',
        description:
          'Allowed when the result was rated 不满意 or not solved, within the policy window and count ' +
          '(409 CASE_REOPEN_NOT_ALLOWED names the reason). Same limit as tracking.',
        body: Type.Object({ ...Track, reason: Reason }, strict),
      },
    },
    async (req) => {
      limitTracking(req);
      return anonymousTx(req, (tx) => reopenTrackedCase(tx, req.body, locale(req)));
    },
  );

  app.get(
    '/api/v1/citizen/categories',
    {
      schema: {
        tags,
        summary: '可反映的类别 Categories a citizen may choose (no account needed)',
        description: 'Active 大类 with their 小类, 部件 categories left out (they need a component id).',
      },
    },
    async (req) => anonymousTx(req, (tx) => publicCategoryTree(tx)),
  );
  app.get(
    base,
    {
      schema: {
        tags,
        summary: '我的诉求 My cases (citizen account)',
        description: 'Cases filed from this account, newest first, keyset paged (pass nextCursor back as cursor).',
        querystring: Type.Object(
          {
            cursor: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          },
          strict,
        ),
      },
    },
    async (req) => runAction(req, (tx, actor) => listMyCases(tx, actor, req.query, locale(req))),
  );
  app.get(
    `${base}/:id`,
    {
      schema: { tags, summary: '我的诉求详情 One of my cases', params: IdParams },
    },
    async (req) => runAction(req, (tx, actor) => myCase(tx, actor, req.params.id, locale(req))),
  );
  app.post(
    `${base}/:id/rate`,
    {
      schema: {
        tags,
        summary: '评价 Rate one of my closed cases',
        params: IdParams,
        body: Type.Object(Rate, strict),
      },
    },
    async (req) => runAction(req, (tx, actor) => rateMyCase(tx, actor, req.params.id, req.body, locale(req))),
  );
  app.post(
    `${base}/:id/reopen`,
    {
      schema: {
        tags,
        summary: '申请重办 Ask to reopen one of my cases',
        params: IdParams,
        body: Type.Object({ reason: Reason }, strict),
      },
    },
    async (req) => runAction(req, (tx, actor) => reopenMyCase(tx, actor, req.params.id, req.body.reason, locale(req))),
  );
}
