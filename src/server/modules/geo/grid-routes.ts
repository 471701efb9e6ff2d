// /api/v1/geo: look-up, the grid layer and detail, versions, export, import, and grid worker assignments.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireActor, runAction } from '../../platform/http/action.ts';
import { pickLocale } from '../../platform/i18n/messages.ts';
import * as assignments from './assignments.ts';
import { GEO_IMPORT_BODY_LIMIT, runGridImport } from './grid-import.ts';
import * as s from './grid-schemas.ts';
import * as grids from './grids.ts';
import { locateForActor } from './locate.ts';

export function registerGridRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['geo'];

  app.get(
    '/api/v1/geo/config',
    {
      schema: {
        tags,
        summary: '地图配置 Map configuration (base-map tiles, when the city has a tile server)',
        response: {
          200: Type.Object({
            tileUrl: Type.Union([Type.String(), Type.Null()]),
            tileAttribution: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (req) => {
      requireActor(req);
      return { tileUrl: app.config.map.tileUrl ?? null, tileAttribution: app.config.map.tileAttribution ?? null };
    },
  );

  app.get(
    '/api/v1/geo/locate',
    {
      schema: {
        tags,
        summary: '定位 Which grid owns a point',
        description:
          'The grid, community, street and district owning the point, and the grid workers assigned today; ' +
          '`{inside:false, reason:"outside_jurisdiction"}` outside every grid. A point on an edge shared by two grids ' +
          'belongs to the grid just east of it (north-east on an east–west edge or a corner). `crs` says what the ' +
          'coordinates are in (default wgs84). Needs `geo.locate`.',
        querystring: s.LocateQuery,
        response: { 200: s.LocateReply },
      },
    },
    async (req) =>
      runAction(req, (tx, actor) =>
        locateForActor(tx, actor, [req.query.lng, req.query.lat], req.query.crs ?? 'wgs84'),
      ),
  );

  app.get(
    '/api/v1/geo/grids',
    {
      schema: {
        tags,
        summary: '网格图层 The grids as GeoJSON (map layer)',
        description:
          'A FeatureCollection of the version in force (or `version`), filtered by `bbox` and by a district, street ' +
          'or community code. Needs `geo.grid.read`.',
        querystring: s.GridsQuery,
        response: { 200: s.GridLayer },
      },
    },
    async (req) => runAction(req, (tx, actor) => grids.gridLayer(tx, actor, req.query)),
  );

  app.get(
    '/api/v1/geo/grids/export',
    {
      schema: {
        tags,
        summary: '导出网格 Export grids (GeoJSON / CSV / xlsx)',
        description:
          'GeoJSON with outlines (re-importable), or the attributes as CSV (UTF-8 with BOM) or xlsx; headers in ' +
          'zh-CN unless Accept-Language prefers en. Same filters as the layer. Audited. Needs `geo.grid.export`.',
        querystring: s.ExportQuery,
      },
    },
    async (req, reply) => {
      const exported = await runAction(req, (tx, actor) =>
        grids.exportGrids(
          tx,
          actor,
          { ...req.query, format: req.query.format ?? 'geojson' },
          pickLocale(req.headers['accept-language']),
        ),
      );
      const file = await exported.render();
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );

  app.get(
    '/api/v1/geo/grids/:code',
    {
      schema: {
        tags,
        summary: '网格详情 A grid',
        description:
          'Outline, divisions, the people assigned today (`workers`) and every assignment ever (`history`), and the ' +
          'number of places. `version` for an earlier edition. Needs `geo.grid.read`.',
        params: s.GridCodeParams,
        querystring: s.VersionQuery,
        response: { 200: s.GridDetail },
      },
    },
    async (req) => runAction(req, (tx, actor) => grids.gridDetail(tx, actor, req.params.code, req.query.version)),
  );

  app.get(
    '/api/v1/geo/grid-versions',
    {
      schema: {
        tags,
        summary: '网格版本 Grid versions',
        description: 'Every edition of the grids, newest first, and which one is in force. Needs `geo.grid.read`.',
        response: { 200: s.GridVersions },
      },
    },
    async (req) => runAction(req, (tx, actor) => grids.listGridVersions(tx, actor)),
  );

  app.post(
    '/api/v1/geo/grid-imports',
    {
      bodyLimit: GEO_IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: '导入网格 Import grids from GeoJSON (dry run by default)',
        description:
          'A FeatureCollection of Polygon/MultiPolygon with properties `code`, `name`, `type` (`communityCode` ' +
          'optional): the complete new edition. `dryRun=true` (default) reports every problem and writes nothing; ' +
          '`dryRun=false` refuses with 400 GRID_IMPORT_INVALID (the report in `details.report`) on any error, else ' +
          'writes a new version and puts it in force. One import at a time: 409 GRID_IMPORT_IN_PROGRESS. Body up to ' +
          '50 MB. Needs `geo.grid.import`.',
        querystring: s.ImportQuery,
        body: s.FeatureCollectionBody,
        response: { 200: s.ImportReport },
      },
    },
    async (req, reply) =>
      runGridImport(requireActor(req), (fn) => runAction(req, fn), {
        // Fastify times each request from its arrival (the platform's metrics hook makes it keep the start).
        receivedAt: performance.now() - reply.elapsedTime,
        body: req.body,
        dryRun: req.query.dryRun ?? true,
        crs: req.query.crs ?? 'wgs84',
        note: req.query.note,
        locale: pickLocale(req.headers['accept-language']),
      }),
  );

  app.get(
    '/api/v1/geo/grids/:code/assignments',
    {
      schema: {
        tags,
        summary: '网格人员 Assignments of a grid (history)',
        description: 'Every assignment of the grid, newest first; `current` marks those in force today.',
        params: s.GridCodeParams,
        response: { 200: s.AssignmentList },
      },
    },
    async (req) => ({
      items: await runAction(req, (tx, actor) => assignments.listAssignments(tx, actor, req.params.code)),
    }),
  );

  app.post(
    '/api/v1/geo/grids/:code/assignments',
    {
      schema: {
        tags,
        summary: '指派网格员/网格长 Assign a grid worker or chief',
        description:
          'From `validFrom` (to `validTo`, exclusive). A new primary or chief ends the previous one the day it ' +
          'starts; backups are added. Needs `geo.grid.assign` over the grid’s area.',
        params: s.GridCodeParams,
        body: s.AssignBody,
        response: { 201: s.Assignment },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await runAction(req, (tx, actor) => assignments.assignToGrid(tx, actor, req.params.code, req.body))),
  );

  app.post(
    '/api/v1/geo/assignments/:id/end',
    {
      schema: {
        tags,
        summary: '结束指派 End an assignment',
        description: 'Brings the end forward to `validTo` (exclusive); the record is kept. Needs `geo.grid.assign`.',
        params: s.IdParams,
        body: s.EndAssignmentBody,
        response: { 200: s.Assignment },
      },
    },
    async (req) => runAction(req, (tx, actor) => assignments.endAssignment(tx, actor, req.params.id, req.body.validTo)),
  );
}
