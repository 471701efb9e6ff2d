// /api/v1/catalog/demands: the data demand list (需求清单) and its suggestions.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { runAction } from '../../platform/http/action.ts';
import * as demands from './demands.ts';
import * as s from './schemas.ts';

export function registerDemandRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['catalog'];
  const base = '/api/v1/catalog/demands';
  app.get(
    base,
    {
      schema: {
        tags,
        summary: '需求清单 Data demands (newest first)',
        querystring: s.DemandQuery,
        response: { 200: s.DemandPage },
      },
    },
    async (req) => runAction(req, (tx, actor) => demands.listDemands(tx, actor, req.query)),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: '提出数据需求 Post a demand',
        body: s.CreateDemandBody,
        response: { 201: s.DemandSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await runAction(req, (tx, actor) => demands.createDemand(tx, actor, req.body))),
  );
  app.get(
    `${base}/:id/suggestions`,
    {
      schema: {
        tags,
        summary: '匹配建议 Published resources that may meet a demand',
        params: s.Id,
        querystring: s.SuggestionQuery,
        response: { 200: s.SuggestionReply },
      },
    },
    async (req) => runAction(req, (tx, actor) => demands.suggestForDemand(tx, actor, req.params.id, req.query.limit)),
  );
  app.post(
    `${base}/:id/close`,
    {
      schema: {
        tags,
        summary: '办结需求 Close a demand (matched with resources, or closed with a note)',
        params: s.Id,
        body: s.CloseDemandBody,
        response: { 200: s.DemandSchema },
      },
    },
    async (req) => runAction(req, (tx, actor) => demands.closeDemand(tx, actor, req.params.id, req.body)),
  );
}
