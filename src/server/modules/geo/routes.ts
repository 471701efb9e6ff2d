// HTTP for the division tree: validate, call the service in a transaction, present.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { runAction } from '../../platform/http/action.ts';
import { Division, DivisionList, DivisionParams, ListDivisionsQuery } from './schemas.ts';
import * as service from './service.ts';

export function registerGeoRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/geo/divisions',
    {
      schema: {
        tags: ['geo'],
        summary: '行政区划 children',
        description:
          'The children of `parent`, or the city itself when `parent` is omitted. Retired codes are left out unless `includeRetired=true`.',
        querystring: ListDivisionsQuery,
        response: { 200: DivisionList },
      },
    },
    async (req) => ({
      items: await runAction(req, (tx, actor) =>
        service.listDivisions(tx, actor, req.query.parent ?? null, { includeRetired: req.query.includeRetired }),
      ),
    }),
  );

  app.get(
    '/api/v1/geo/divisions/:code',
    {
      schema: {
        tags: ['geo'],
        summary: '行政区划 by code',
        description: 'One division, retired codes included; 404 DIVISION_NOT_FOUND when the code is unknown.',
        params: DivisionParams,
        response: { 200: Division },
      },
    },
    async (req) => runAction(req, (tx, actor) => service.viewDivision(tx, actor, req.params.code)),
  );
}
