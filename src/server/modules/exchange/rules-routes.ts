// /api/v1/exchange/settings and /masking-rules: the sharing time limits and the masking rules, read by every
// exchange user, edited by the data office (audited).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { runAction } from '../../platform/http/action.ts';
import { createMaskingRule, listMaskingRules, MASK_METHODS, updateMaskingRule } from './masking-rules.ts';
import { getSharingSettings, setSharingSettings } from './settings.ts';

const strict = { additionalProperties: false };
const Days = Type.Integer({ minimum: 1, maximum: 60 });
const SettingsBody = Type.Object(
  {
    officeCheckWorkingDays: Days,
    providerReplyWorkingDays: Days,
    providerReplyOfflineWorkingDays: Days,
    exportConcurrency: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
    version: Type.Integer({ minimum: 1 }),
  },
  strict,
);
const Keep = Type.Integer({ minimum: 0, maximum: 64 });
const Method = Type.Enum([...MASK_METHODS]);
const RuleFields = {
  method: Method,
  keepFirst: Type.Optional(Keep),
  keepLast: Type.Optional(Keep),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
};
const CreateRuleBody = Type.Object(
  {
    targetKind: Type.Enum(['element', 'pi_kind']),
    target: Type.String({ minLength: 1, maxLength: 64 }),
    ...RuleFields,
  },
  strict,
);
const UpdateRuleBody = Type.Object({ ...RuleFields, version: Type.Integer({ minimum: 1 }) }, strict);
const IdParams = Type.Object({ id: Type.String({ maxLength: 20 }) }, strict);

export function registerExchangeRuleRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['exchange'];
  const base = '/api/v1/exchange';
  app.get(
    `${base}/settings`,
    { schema: { tags, summary: '共享时限 Sharing time limits (working days)' } },
    async (req) => runAction(req, (tx, actor) => getSharingSettings(tx, actor)),
  );
  app.put(
    `${base}/settings`,
    {
      schema: {
        tags,
        summary: '修改共享时限 Set the sharing time limits',
        description:
          'By the data office. Working days, 1–60 each; they apply to deadlines set after the change. `version` ' +
          'must be the current one (409 VERSION_CONFLICT). `exportConcurrency` (1–20, unchanged when left out) is ' +
          'the bulk exports one credential may run at once. Audited.',
        body: SettingsBody,
      },
    },
    async (req) => runAction(req, (tx, actor) => setSharingSettings(tx, actor, req.body)),
  );
  app.get(
    `${base}/masking-rules`,
    { schema: { tags, summary: '脱敏规则 Masking rules (per data element and per personal-information kind)' } },
    async (req) => runAction(req, (tx, actor) => listMaskingRules(tx, actor)),
  );
  app.post(
    `${base}/masking-rules`,
    {
      schema: {
        tags,
        summary: '新增脱敏规则 Add a masking rule for a data element',
        description:
          'By the data office. An element rule wins over the kind rules for every column bound to that element. ' +
          '409 EXCHANGE_MASK_RULE_EXISTS when the target has one. Audited.',
        body: CreateRuleBody,
      },
    },
    async (req, reply) => {
      const r = await runAction(req, (tx, actor) => createMaskingRule(tx, actor, req.body));
      return reply.code(201).send(r);
    },
  );
  app.put(
    `${base}/masking-rules/:id`,
    {
      schema: {
        tags,
        summary: '修改脱敏规则 Update a masking rule',
        description: 'By the data office; `version` must be the current one (409 VERSION_CONFLICT). Audited.',
        params: IdParams,
        body: UpdateRuleBody,
      },
    },
    async (req) => runAction(req, (tx, actor) => updateMaskingRule(tx, actor, req.params.id, req.body)),
  );
}
