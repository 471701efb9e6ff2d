// HTTP for the audit log: read, export, verify. There is no route that edits or deletes an audit record.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ForbiddenError } from '../../platform/errors.ts';
import { recordDenial, requireActor, runAction } from '../../platform/http/action.ts';
import { pickLocale } from '../../platform/i18n/messages.ts';
import { AuditExportQuery, AuditPage, AuditQuery, AuditVerifyResult } from './schemas.ts';
import * as service from './service.ts';

export function registerAuditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志 search',
        description: 'Newest first, keyset paged: pass `nextCursor` back as `cursor`. Needs `audit.read`.',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (req) => runAction(req, (tx, actor) => service.searchAudit(tx, actor, req.query)),
  );

  app.get(
    '/api/v1/audit/export',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志 export (CSV / xlsx)',
        description:
          'The filtered log as a file download, headers in zh-CN unless Accept-Language prefers en. At most 100,000 rows ' +
          '(400 AUDIT_EXPORT_TOO_LARGE beyond). The export is itself audited. Needs `audit.export`.',
        querystring: AuditExportQuery,
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const file = await runAction(req, (tx, actor) =>
        service.exportAudit(tx, actor, req.query, {
          locale: pickLocale(req.headers['accept-language']),
          context: { ip: req.ip, requestId: req.id },
        }),
      );
      const body = await file.render();
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  );

  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志 chain verification',
        description:
          'Seals what can be sealed, then recomputes the hash chain and names the first record that does not fit. Needs `audit.read`.',
        response: { 200: AuditVerifyResult },
      },
    },
    async (req) => {
      // Not runAction: the sealer commits its own transaction, which PGlite could not start inside another.
      const actor = requireActor(req);
      try {
        return await service.verifyAuditLog(req.server.db, actor);
      } catch (err) {
        if (err instanceof ForbiddenError) await recordDenial(req, actor, err);
        throw err;
      }
    },
  );
}
