// /api/v1/notify: my notifications (any signed-in user, own rows only) and webhook subscriptions (admin).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { runAction } from '../../platform/http/action.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { markAllRead, markNotificationRead, myNotifications, myUnreadCount } from './inbox.ts';
import { createSubscription, listDeliveries, listSubscriptions, updateSubscription } from './webhooks.ts';

const strict = { additionalProperties: false };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) }, strict);
const EventTypes = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 20 });
const Url = Type.String({ minLength: 8, maxLength: 2000 });
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });

export function registerNotifyRoutes(root: FastifyInstance, ctx: ModuleContext) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['notify'];
  const base = '/api/v1/notify';

  app.get(
    `${base}/notifications`,
    {
      schema: {
        tags,
        summary: '我的通知 My notifications',
        description:
          'Newest first, keyset paged (pass `nextCursor` back as `cursor`); `unread=true` for unread only. ' +
          'The answer also carries the unread count. Own notifications only.',
        querystring: Type.Object(
          {
            cursor: Type.Optional(Type.String({ maxLength: 20 })),
            unread: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          },
          strict,
        ),
      },
    },
    async (req) => runAction(req, (tx, actor) => myNotifications(tx, actor, req.query)),
  );
  app.get(
    `${base}/notifications/unread-count`,
    { schema: { tags, summary: '未读通知数 Unread count (for the bell)' } },
    async (req) => runAction(req, (tx, actor) => myUnreadCount(tx, actor)),
  );
  app.post(
    `${base}/notifications/:id/read`,
    {
      schema: {
        tags,
        summary: '标记已读 Mark one notification read',
        description: 'Someone else’s notification answers 404 NOTIFICATION_NOT_FOUND.',
        params: IdParams,
      },
    },
    async (req) => runAction(req, (tx, actor) => markNotificationRead(tx, actor, req.params.id)),
  );
  app.post(
    `${base}/notifications/read-all`,
    { schema: { tags, summary: '全部已读 Mark all my notifications read' } },
    async (req) => runAction(req, (tx, actor) => markAllRead(tx, actor)),
  );

  app.get(
    `${base}/webhooks`,
    { schema: { tags, summary: 'Webhook 订阅 Subscriptions (secrets are never shown again)' } },
    async (req) => runAction(req, (tx, actor) => listSubscriptions(tx, actor)),
  );
  app.post(
    `${base}/webhooks`,
    {
      schema: {
        tags,
        summary: '新建订阅 Subscribe a city system to case events',
        description:
          'Answers the signing secret once. URL: http(s) only, no credentials (400 WEBHOOK_URL_INVALID); with ' +
          'ONECITY_WEBHOOK_ALLOWED_HOSTS set, only those hosts (400 WEBHOOK_HOST_NOT_ALLOWED). eventTypes: case.created, ' +
          'case.transitioned, case.request, case.urged, case.supervised, case.merged or "*". Audited.',
        body: Type.Object({ name: Name, url: Url, eventTypes: EventTypes }, strict),
      },
    },
    async (req, reply) => {
      const r = await runAction(req, (tx, actor) => createSubscription(tx, actor, ctx.config, req.body));
      return reply.code(201).send(r);
    },
  );
  app.patch(
    `${base}/webhooks/:id`,
    {
      schema: {
        tags,
        summary: '修改订阅 Change or deactivate a subscription',
        description: 'Optimistic version (409 VERSION_CONFLICT). Audited.',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Name),
            url: Type.Optional(Url),
            eventTypes: Type.Optional(EventTypes),
            active: Type.Optional(Type.Boolean()),
            version: Type.Integer({ minimum: 1 }),
          },
          strict,
        ),
      },
    },
    async (req) => runAction(req, (tx, actor) => updateSubscription(tx, actor, ctx.config, req.params.id, req.body)),
  );
  app.get(
    `${base}/webhooks/:id/deliveries`,
    {
      schema: {
        tags,
        summary: '投递记录 Delivery log of a subscription',
        description: 'Newest first, keyset paged; status pending | delivered | failed.',
        params: IdParams,
        querystring: Type.Object(
          {
            cursor: Type.Optional(Type.Integer({ minimum: 1 })),
            status: Type.Optional(Type.Enum(['pending', 'delivered', 'failed'])),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          strict,
        ),
      },
    },
    async (req) => runAction(req, (tx, actor) => listDeliveries(tx, actor, req.params.id, req.query)),
  );
}
