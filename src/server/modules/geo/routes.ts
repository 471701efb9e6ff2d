// HTTP for geo: validate, call the service in a transaction, present. All geo routes live in one encapsulated
// plugin scope, so the text/csv and application/geo+json body parsers and the larger body limit of the import
// routes apply here and nowhere else.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { runAction } from '../../platform/http/action.ts';
import { registerDivisionImportRoutes } from './division-import-routes.ts';
import { registerGazetteerRoutes } from './gazetteer-routes.ts';
import { GEO_IMPORT_BODY_LIMIT } from './grid-import.ts';
import { registerGridRoutes } from './grid-routes.ts';
import { BoundaryFeature } from './grid-schemas.ts';
import * as grids from './grids.ts';
import { Division, DivisionList, DivisionParams, ListDivisionsQuery } from './schemas.ts';
import * as service from './service.ts';

function registerDivisionRoutes(fastify: FastifyInstance) {
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

  app.get(
    '/api/v1/geo/divisions/:code/boundary',
    {
      schema: {
        tags: ['geo'],
        summary: '行政区划边界 A division’s boundary (GeoJSON Feature)',
        description:
          'WGS84. 404 DIVISION_NOT_FOUND for an unknown code, DIVISION_BOUNDARY_NOT_FOUND when none is on record. ' +
          'The demo city’s boundaries are SYNTHETIC (real codes and names, made-up shapes).',
        params: DivisionParams,
        response: { 200: BoundaryFeature },
      },
    },
    async (req) => runAction(req, (tx, actor) => grids.divisionBoundary(tx, actor, req.params.code)),
  );
}

export async function registerGeoRoutes(root: FastifyInstance) {
  await root.register(async (scope) => {
    // CSV uploads (the address gazetteer) arrive as text; only in this scope.
    scope.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: GEO_IMPORT_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    // A .geojson file sent as it is: parsed as JSON, with the same prototype-poisoning protection.
    scope.addContentTypeParser(
      'application/geo+json',
      { parseAs: 'string', bodyLimit: GEO_IMPORT_BODY_LIMIT },
      scope.getDefaultJsonParser('error', 'error'),
    );
    // The platform's 413 names the global limit; name the route's own (larger for imports), then hand every
    // error on to the platform's handler.
    scope.setErrorHandler((err: FastifyError, req) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        throw new AppError('BODY_TOO_LARGE', 413, { limit: req.routeOptions.bodyLimit });
      }
      throw err;
    });
    registerDivisionRoutes(scope);
    registerGridRoutes(scope);
    registerGazetteerRoutes(scope);
    registerDivisionImportRoutes(scope);
  });
}
