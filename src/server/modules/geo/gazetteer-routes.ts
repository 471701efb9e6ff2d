// /api/v1/geo: the address gazetteer, search, and the places on the grid.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { runAction } from '../../platform/http/action.ts';
import * as gazetteer from './gazetteer.ts';
import { GEO_IMPORT_BODY_LIMIT } from './grid-import.ts';
import * as s from './grid-schemas.ts';

export function registerGazetteerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['geo'];

  app.post(
    '/api/v1/geo/addresses/import',
    {
      bodyLimit: GEO_IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: '导入地址库 Import addresses (CSV)',
        description:
          '`text/csv` with a header row: address, lng, lat [, crs] (or 地址, 经度, 纬度, 坐标系). Each address is located ' +
          'into its grid; an address already known gets the new point. All rows or none: 400 ADDRESS_IMPORT_INVALID ' +
          'lists every bad row and column. Needs `geo.address.import`.',
        querystring: s.CrsQuery,
        body: Type.String({ description: 'CSV text' }),
        response: { 200: s.ImportSummary },
      },
    },
    async (req) =>
      runAction(req, (tx, actor) => gazetteer.importAddresses(tx, actor, req.body, req.query.crs ?? 'wgs84')),
  );

  app.get(
    '/api/v1/geo/search',
    {
      schema: {
        tags,
        summary: '搜索 Divisions, grids and addresses',
        description:
          'By code prefix, name, or (partial) address: "人民路12号" finds "姑苏区人民路12号" (pg_trgm). Best first. ' +
          'Needs `geo.grid.read`.',
        querystring: s.SearchQuery,
        response: { 200: s.SearchReply },
      },
    },
    async (req) => runAction(req, (tx, actor) => gazetteer.searchGeo(tx, actor, req.query.q, req.query.limit ?? 20)),
  );

  app.post(
    '/api/v1/geo/places/import',
    {
      bodyLimit: GEO_IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: '导入地点/部件 Import places',
        description:
          'Buildings, shops, facilities and components (部件, 16-digit id; an id already known is updated), each ' +
          'located into its grid. All or none: 400 PLACE_IMPORT_INVALID lists every bad item. Needs `geo.place.import`.',
        body: s.PlacesBody,
        response: { 200: s.ImportSummary },
      },
    },
    async (req) => runAction(req, (tx, actor) => gazetteer.importPlaces(tx, actor, req.body)),
  );

  app.get(
    '/api/v1/geo/grids/:code/places',
    {
      schema: {
        tags,
        summary: '网格内地点 Places in a grid',
        description: 'Keyset paged by id (`cursor` = the previous page’s nextCursor). Needs `geo.grid.read`.',
        params: s.GridCodeParams,
        querystring: s.PlacesQuery,
        response: { 200: s.PlacesPage },
      },
    },
    async (req) =>
      runAction(req, (tx, actor) =>
        gazetteer.listPlacesOfGrid(
          tx,
          actor,
          req.params.code,
          req.query.limit ?? 100,
          req.query.cursor === undefined ? 0 : Number(req.query.cursor),
        ),
      ),
  );
}
