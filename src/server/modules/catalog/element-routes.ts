// /api/v1/catalog/elements and /code-lists: the data element dictionary and its code lists.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { runAction } from '../../platform/http/action.ts';
import * as codeLists from './code-lists.ts';
import * as elements from './elements.ts';
import * as s from './schemas.ts';

export function registerElementRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['catalog'];
  const base = '/api/v1/catalog/elements';
  app.get(
    base,
    {
      schema: {
        tags,
        summary: '数据元 Data elements (latest versions, keyset paging)',
        querystring: s.ElementQuery,
        response: { 200: s.ElementPage },
      },
    },
    async (req) => runAction(req, (tx, actor) => elements.listElements(tx, actor, req.query)),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: '新建数据元 Create a data element (version 1)',
        body: s.CreateElementBody,
        response: { 201: s.ElementSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await runAction(req, (tx, actor) => elements.createElement(tx, actor, req.body))),
  );
  app.get(
    `${base}/:identifier`,
    {
      schema: {
        tags,
        summary: '数据元详情 A data element (latest, or ?version=) and its versions',
        params: s.ElementParams,
        querystring: s.ElementDetailQuery,
        response: { 200: s.ElementDetail },
      },
    },
    async (req) =>
      runAction(req, (tx, actor) => elements.getElement(tx, actor, req.params.identifier, req.query.version)),
  );
  app.post(
    `${base}/:identifier/versions`,
    {
      schema: {
        tags,
        summary: '修订数据元 Revise an element: creates the next version',
        description: '`baseVersion` must be the latest version (409 VERSION_CONFLICT otherwise).',
        params: s.ElementParams,
        body: s.ReviseElementBody,
        response: { 201: s.ElementSchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await runAction(req, (tx, actor) => elements.reviseElement(tx, actor, req.params.identifier, req.body))),
  );
  app.get(
    `${base}/:identifier/impact`,
    {
      schema: {
        tags,
        summary: '影响分析 Resources bound to older versions, for review',
        params: s.ElementParams,
        response: { 200: s.ElementImpact },
      },
    },
    async (req) => runAction(req, (tx, actor) => elements.elementImpact(tx, actor, req.params.identifier)),
  );
  app.post(
    `${base}/:identifier/validate`,
    {
      schema: {
        tags,
        summary: '校验取值 Check values against an element',
        params: s.ElementParams,
        body: s.ValidateValuesBody,
        response: { 200: s.ValidateValuesReply },
      },
    },
    async (req) => runAction(req, (tx, actor) => elements.validateValues(tx, actor, req.params.identifier, req.body)),
  );

  app.get(
    '/api/v1/catalog/code-lists',
    {
      schema: {
        tags,
        summary: '值域代码表 Code lists',
        response: { 200: Type.Object({ items: Type.Array(s.CodeListSchema) }) },
      },
    },
    async (req) => ({ items: await runAction(req, (tx, actor) => codeLists.listCodeLists(tx, actor)) }),
  );
  app.get(
    '/api/v1/catalog/code-lists/:id',
    {
      schema: {
        tags,
        summary: '代码表详情 A code list with its items',
        params: s.CodeListParams,
        response: { 200: s.CodeListDetail },
      },
    },
    async (req) => runAction(req, (tx, actor) => codeLists.getCodeList(tx, actor, req.params.id)),
  );
  app.post(
    '/api/v1/catalog/code-lists',
    {
      schema: {
        tags,
        summary: '新建代码表 Create a code list',
        body: s.CreateCodeListBody,
        response: { 201: s.CodeListDetail },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await runAction(req, (tx, actor) => codeLists.createCodeList(tx, actor, req.body))),
  );
}
