// /api/v1/exchange: access requests and their inboxes, grants and credentials, the exchange API itself
// (authenticated by X-Exchange-Key, not by a session) and the access log.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { runAction } from '../../platform/http/action.ts';
import { revokeCredential } from './credentials.ts';
import { exchangeCall } from './data-api.ts';
import { exchangeExport } from './export.ts';
import { listAccessLog } from './log-view.ts';
import {
  createRequest,
  issueCredential,
  listRequests,
  officeCheck,
  providerDecision,
  revokeGrant,
} from './requests.ts';
import { registerExchangeRuleRoutes } from './rules-routes.ts';
import { webExport } from './web-export.ts';

const strict = { additionalProperties: false };
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const IdParams = Type.Object({ id: Type.String({ maxLength: 20 }) }, strict);
const CodeParams = Type.Object({ resourceCode: Type.String({ minLength: 1, maxLength: 64 }) }, strict);
const CreateBody = Type.Object(
  {
    resourceCode: Text(64),
    purpose: Text(500),
    fields: Type.Array(Text(100), { minItems: 1, maxItems: 200 }),
    legalBasis: Text(500),
    periodDays: Type.Integer({ minimum: 1, maximum: 1095 }),
    consumerSystem: Text(200),
  },
  strict,
);
const DecisionBody = Type.Object(
  {
    approve: Type.Boolean(),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
    rowFilter: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 200 }))),
    clearValues: Type.Optional(Type.Boolean()),
  },
  strict,
);
const BoxQuery = Type.Object(
  {
    box: Type.Optional(Type.Enum(['mine', 'provider', 'office', 'granted'])),
    escalated: Type.Optional(Type.Enum(['true', 'false'])),
  },
  strict,
);
const LogQuery = Type.Object(
  {
    resource: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Keyset paging: the previous page’s nextBefore' })),
  },
  strict,
);
const WebExportQuery = Type.Object(
  {
    format: Type.Optional(Type.Enum(['csv', 'ndjson'])),
    purpose: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S', description: 'Purpose or case id (logged)' }),
    fields: Type.Optional(Type.String({ maxLength: 4000, description: 'Comma-separated; default all granted' })),
  },
  strict,
);
const KeyHeaders = Type.Object({
  'x-exchange-key': Type.Optional(Type.String({ description: 'The grant credential (ox_…)' })),
  'x-user-id': Type.Optional(Type.String({ description: 'The consuming system’s end user (logged)' })),
  'x-purpose': Type.Optional(Type.String({ description: 'Purpose or case id (logged)' })),
});

export function registerExchangeRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['exchange'];
  const base = '/api/v1/exchange';
  registerExchangeRuleRoutes(root);
  app.post(
    `${base}/requests`,
    {
      schema: {
        tags,
        summary: '共享申请 Request access to a resource',
        description:
          'By a consuming department’s data steward. 不予共享 → 409 SHARE_NOT_ALLOWED; every field must be an item ' +
          'of the resource (400 EXCHANGE_UNKNOWN_FIELD names it). Starts at pending_office. Audited.',
        body: CreateBody,
      },
    },
    async (req, reply) => {
      const r = await runAction(req, (tx, actor) => createRequest(tx, actor, req.body));
      return reply.code(201).send(r);
    },
  );
  app.get(
    `${base}/requests`,
    {
      schema: {
        tags,
        summary: '申请收件箱 Request inboxes: mine, provider, office, granted',
        description:
          'The office box holds requests waiting for its check and those escalated to it (督办). ' +
          'The granted box (data office only) lists every granted request with its grant and credentials ' +
          '(prefixes only; live, expired or revoked), newest first, at most 200. ' +
          '`escalated=true|false` narrows any box to requests escalated at their current stage, or to the others.',
        querystring: BoxQuery,
      },
    },
    async (req) =>
      runAction(req, (tx, actor) =>
        listRequests(
          tx,
          actor,
          req.query.box ?? 'mine',
          req.query.escalated === undefined ? undefined : req.query.escalated === 'true',
        ),
      ),
  );
  app.post(
    `${base}/requests/:id/office-check`,
    {
      schema: {
        tags,
        summary: '数据主管部门审核 Data office check',
        description:
          'Approve: 无条件共享 is granted, 有条件共享 goes to the provider. Refusal needs a reason. Audited.',
        params: IdParams,
        body: DecisionBody,
      },
    },
    async (req) => runAction(req, (tx, actor) => officeCheck(tx, actor, req.params.id, req.body)),
  );
  app.post(
    `${base}/requests/:id/decision`,
    {
      schema: {
        tags,
        summary: '提供方答复 Provider decision on a 有条件共享 request',
        description: 'Refusal needs a reason (400 EXCHANGE_REASON_REQUIRED). Approval creates the grant. Audited.',
        params: IdParams,
        body: DecisionBody,
      },
    },
    async (req) => runAction(req, (tx, actor) => providerDecision(tx, actor, req.params.id, req.body)),
  );
  app.post(
    `${base}/grants/:id/credentials`,
    {
      schema: {
        tags,
        summary: '签发交换凭证 Issue a credential for a grant (shown once)',
        params: IdParams,
      },
    },
    async (req, reply) => {
      const r = await runAction(req, (tx, actor) => issueCredential(tx, actor, req.params.id));
      return reply.code(201).send(r);
    },
  );
  app.post(
    `${base}/grants/:id/revoke`,
    {
      schema: {
        tags,
        summary: '撤销授权 Revoke a grant and its credentials at once',
        params: IdParams,
      },
    },
    async (req) => runAction(req, (tx, actor) => revokeGrant(tx, actor, req.params.id)),
  );
  app.post(
    `${base}/credentials/:id/revoke`,
    {
      schema: {
        tags,
        summary: '撤销凭证 Revoke one credential of a grant',
        description:
          'By the consuming department’s data stewards or the data office; the grant and its other credentials ' +
          'keep working. The credential’s next call gets 401 EXCHANGE_CREDENTIAL_INVALID. Already revoked (or its ' +
          'grant revoked) → 409 EXCHANGE_CREDENTIAL_REVOKED. Audited.',
        params: IdParams,
      },
    },
    async (req) => runAction(req, (tx, actor) => revokeCredential(tx, actor, req.params.id)),
  );
  app.get(
    `${base}/grants/:id/export`,
    {
      schema: {
        tags,
        summary: '网页导出 Bulk export of a grant with the session (consuming department)',
        description:
          'For a data steward of the consuming department: the same file as the credential export (granted fields, ' +
          'row filter, masking, CSV with BOM and neutralised formula cells, or NDJSON), logged in the access log ' +
          '(endpoint `web_export`) with the user and the required `purpose`. Revoked → 409 EXCHANGE_GRANT_REVOKED, ' +
          'expired → 409 EXCHANGE_GRANT_EXPIRED; rate and concurrent-export limits per user and grant ' +
          '(429 EXCHANGE_RATE_LIMITED, 429 EXCHANGE_EXPORT_BUSY with Retry-After).',
        params: IdParams,
        querystring: WebExportQuery,
      },
    },
    async (req, reply) => webExport(req, reply, req.params.id, req.query.purpose),
  );
  app.get(
    `${base}/access-log`,
    {
      schema: {
        tags,
        summary: '调用日志 Access log: calls on my resources and my own calls',
        querystring: LogQuery,
      },
    },
    async (req) => runAction(req, (tx, actor) => listAccessLog(tx, actor, req.query)),
  );
  app.get(
    `${base}/data/:resourceCode`,
    {
      schema: {
        tags,
        summary: '数据查询 Exchange API: rows of a granted resource (X-Exchange-Key)',
        description:
          '`fields` (comma-separated, default all granted), `<field>=<value>` equality filters, `limit` (≤ 1000), ' +
          '`cursor`. Fields outside the grant → 403 EXCHANGE_FIELDS_NOT_GRANTED naming them. Personal fields are ' +
          'masked unless the grant allows clear values. Every call is logged.',
        params: CodeParams,
        headers: KeyHeaders,
      },
    },
    async (req) => exchangeCall(req, req.params.resourceCode, 'data'),
  );
  app.get(
    `${base}/data/:resourceCode/changes`,
    {
      schema: {
        tags,
        summary: '增量变更 Change feed since a load version (X-Exchange-Key)',
        description: '`since` = the `nextCursor` of the previous call (a load version; 0 = everything).',
        params: CodeParams,
        headers: KeyHeaders,
      },
    },
    async (req) => exchangeCall(req, req.params.resourceCode, 'changes'),
  );
  app.get(
    `${base}/data/:resourceCode/export`,
    {
      schema: {
        tags,
        summary: '批量导出 Bulk export of a granted resource (X-Exchange-Key)',
        description:
          "`format=csv` (default; UTF-8 with BOM, cells starting with = + - @ prefixed with ') or `ndjson`; " +
          '`fields`, `<field>=<value>` filters and masking as for rows; streamed in keyset batches. Counts as one ' +
          'call for the rate limit; logged with the row count when the download ends. At most `exportConcurrency` ' +
          '(settings, default 2) exports per credential at once: 429 EXCHANGE_EXPORT_BUSY with Retry-After.',
        params: CodeParams,
        headers: KeyHeaders,
      },
    },
    async (req, reply) => exchangeExport(req, reply, req.params.resourceCode),
  );
}
