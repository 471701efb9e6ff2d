// /api/v1/catalog/systems: the systems registry (摸清家底) and its CSV export.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { runAction } from '../../platform/http/action.ts';
import { pickLocale } from '../../platform/i18n/messages.ts';
import { chinaDate } from '../../platform/identifiers/date.ts';
import * as s from './schemas.ts';
import { renderSystemsCsv } from './systems-file.ts';
import * as systems from './systems.ts';

export function registerSystemRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['catalog'];
  const base = '/api/v1/catalog/systems';
  app.get(
    base,
    {
      schema: {
        tags,
        summary: '信息系统登记 Systems (keyset paging)',
        querystring: s.SystemQuery,
        response: { 200: s.SystemPage },
      },
    },
    async (req) => runAction(req, (tx, actor) => systems.listSystems(tx, actor, req.query)),
  );
  app.get(
    `${base}/export`,
    {
      schema: {
        tags,
        summary: '导出信息系统 Export systems (CSV)',
        description: `The filtered registry, UTF-8 with BOM, at most ${systems.SYSTEM_EXPORT_LIMIT} rows. Audited.`,
        querystring: s.SystemExportQuery,
        produces: ['text/csv'],
      },
    },
    async (req, reply) => {
      const rows = await runAction(req, (tx, actor) => systems.systemsForExport(tx, actor, req.query));
      // Rendered after commit: the file is built outside the transaction.
      const body = renderSystemsCsv(rows, pickLocale(req.headers['accept-language']));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="systems-${chinaDate().replaceAll('-', '')}.csv"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
  app.get(
    `${base}/:id`,
    { schema: { tags, summary: '信息系统详情 A system', params: s.Id, response: { 200: s.SystemSchema } } },
    async (req) => runAction(req, (tx, actor) => systems.getSystem(tx, actor, req.params.id)),
  );
  app.post(
    base,
    {
      schema: {
        tags,
        summary: '登记信息系统 Register a system',
        body: s.CreateSystemBody,
        response: { 201: s.SystemSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await runAction(req, (tx, actor) => systems.createSystem(tx, actor, req.body))),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: '修改信息系统 Update a system (optimistic version)',
        params: s.Id,
        body: s.UpdateSystemBody,
        response: { 200: s.SystemSchema },
      },
    },
    async (req) => runAction(req, (tx, actor) => systems.updateSystem(tx, actor, req.params.id, req.body)),
  );
  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: '删除误登记的系统 Delete a system registered by mistake',
        params: s.Id,
        querystring: s.VersionQuery,
      },
    },
    async (req, reply) => {
      await runAction(req, (tx, actor) => systems.deleteSystem(tx, actor, req.params.id, req.query.version));
      return reply.status(204).send();
    },
  );
}
