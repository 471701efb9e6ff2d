// /api/v1/catalog/resources: the resource catalog and its review workflow. Schema → service → reply.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { runAction } from '../../platform/http/action.ts';
import { pickLocale } from '../../platform/i18n/messages.ts';
import * as s from './resource-schemas.ts';
import { searchResources } from './resource-search.ts';
import * as resources from './resources.ts';

export function registerResourceRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['catalog'];
  const base = '/api/v1/catalog/resources';
  app.get(
    base,
    {
      schema: {
        tags,
        summary: '资源目录检索 Search the catalog (faceted)',
        description:
          'Filters combine with AND, values of one filter with OR. Each facet counts matches of all the other filters. ' +
          'With q, every word must occur in name or summary; results are ranked by pg_trgm similarity.',
        querystring: s.ResourceQuery,
        response: { 200: s.ResourcePage },
      },
    },
    async (req) =>
      runAction(req, (tx, actor) => searchResources(tx, actor, req.query, pickLocale(req.headers['accept-language']))),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: '登记资源（草稿） Register a resource (draft)',
        body: s.CreateResourceBody,
        response: { 201: s.ResourceSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await runAction(req, (tx, actor) => resources.createResource(tx, actor, req.body))),
  );
  app.get(
    `${base}/:code`,
    { schema: { tags, summary: '资源详情 A resource', params: s.ResourceParams, response: { 200: s.ResourceSchema } } },
    async (req) => runAction(req, (tx, actor) => resources.getResource(tx, actor, req.params.code)),
  );
  app.patch(
    `${base}/:code`,
    {
      schema: {
        tags,
        summary: '修改草稿 Update a draft (optimistic version)',
        params: s.ResourceParams,
        body: s.UpdateResourceBody,
        response: { 200: s.ResourceSchema },
      },
    },
    async (req) => runAction(req, (tx, actor) => resources.updateResource(tx, actor, req.params.code, req.body)),
  );
  const steps = [
    ['submit', '提交审核 Submit for review', s.TransitionBody, resources.submitResource],
    ['approve', '审核通过并发布 Approve and publish', s.TransitionBody, resources.approveResource],
    ['return', '退回（须说明理由） Return to draft with a reason', s.ReasonBody, resources.returnResource],
    ['deprecate', '废止（须说明理由） Deprecate with a reason', s.ReasonBody, resources.deprecateResource],
  ] as const;
  for (const [step, summary, body, fn] of steps) {
    app.post(
      `${base}/:code/${step}`,
      { schema: { tags, summary, params: s.ResourceParams, body, response: { 200: s.ResourceSchema } } },
      async (req) => runAction(req, (tx, actor) => fn(tx, actor, req.params.code, req.body)),
    );
  }
}
