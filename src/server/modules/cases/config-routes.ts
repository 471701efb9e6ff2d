// /api/v1/cases/config/*: the configuration of the case loop as data — categories (大类/小类) and the agent's
// category search, routing rules and the route test, settings, the knowledge base. Each route: schema → service in
// one transaction → reply. Reading categories needs any case permission; everything else is in the services.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { runAction } from '../../platform/http/action.ts';
import type { ModuleContext } from '../../platform/module.ts';
import * as categories from './categories.ts';
import { exportCategories, importCategories } from './categories-import.ts';
import * as s from './config-schemas.ts';
import * as knowledge from './knowledge.ts';
import * as rules from './routing-rules.ts';
import { updateCaseSettings, viewCaseSettings } from './settings-edit.ts';

const BASE = '/api/v1/cases/config';

export async function registerConfigRoutes(root: FastifyInstance, _ctx: ModuleContext): Promise<void> {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['cases-config'];
  const created = <T>(reply: { code(n: number): { send(x: T): unknown } }, body: T) => reply.code(201).send(body);

  // ── categories ─────────────────────────────────────────────────────────────────────────────────────
  app.get(
    `${BASE}/categories`,
    {
      schema: {
        tags,
        summary: '业务分类树 The category tree (大类 with their 小类)',
        description:
          'Any case permission. `active` filters; `kind` = component (部件) | event (事件) | hotline (12345).',
        querystring: s.CategoryListQuery,
      },
    },
    async (req) => runAction(req, (tx, actor) => categories.listCategoryTree(tx, actor, req.query)),
  );
  app.get(
    `${BASE}/categories/search`,
    {
      schema: {
        tags,
        summary: '分类检索 Category search for the agent console',
        description:
          'Active 小类 by name, keywords or pinyin initials ("jg" finds 井盖): exact initials first, then initials ' +
          'prefix, name, keywords, then pg_trgm similarity. Each hit: path 大类 › 小类, nature hint, time limits, ' +
          'required attributes.',
        querystring: s.CategorySearchQuery,
      },
    },
    async (req) => runAction(req, (tx, actor) => categories.searchCategories(tx, actor, req.query)),
  );
  app.get(
    `${BASE}/categories/export`,
    {
      schema: {
        tags,
        summary: '导出分类 The whole tree as JSON, in the import shape',
        description: 'Any case permission. Round-trips through POST categories/import.',
      },
    },
    async (req) => runAction(req, (tx, actor) => exportCategories(tx, actor)),
  );
  app.post(
    `${BASE}/categories/import`,
    {
      bodyLimit: 5 * 1024 * 1024,
      schema: {
        tags,
        summary: '导入分类 Import a category tree (upsert by code; all or nothing)',
        description:
          "case.configure. 大类 with their 小类, each with an explicit code (a city's official tables). New codes are " +
          'created, known codes updated (version bumped); nothing is deleted. Any problem → 400 ' +
          'CASE_CATEGORY_IMPORT_INVALID with details.problems [{field, code, problem}] and nothing written. ' +
          '`dryRun: true` reports {created, updated, unchanged} without writing. Audited.',
        body: s.ImportBody,
      },
    },
    async (req) => runAction(req, (tx, actor) => importCategories(tx, actor, req.body)),
  );
  app.get(
    `${BASE}/categories/:id`,
    { schema: { tags, summary: '分类详情 A category', params: s.IdParams } },
    async (req) => runAction(req, (tx, actor) => categories.getCategory(tx, actor, req.params.id)),
  );
  app.post(
    `${BASE}/categories`,
    {
      schema: {
        tags,
        summary: '新建分类 Create a 大类 (no parentId, with kind) or a 小类 (parentId)',
        description:
          'case.configure. Code defaults to the next free one under the parent (BJ-01 → BJ-01-15); a 部件 小类 code ' +
          'ends in the 大类 and 小类 digits of the 16-digit component id. Pinyin initials are computed from the name ' +
          'unless given. 409 CASE_CATEGORY_CODE_TAKEN. Audited.',
        body: s.CreateCategoryBody,
      },
    },
    async (req, reply) =>
      created(reply, await runAction(req, (tx, actor) => categories.createCategory(tx, actor, req.body))),
  );
  app.patch(
    `${BASE}/categories/:id`,
    {
      schema: {
        tags,
        summary: '修改分类 Update a category (optimistic version)',
        description: 'case.configure. Code, kind and parent do not change (cases refer to them). Bumps the version.',
        params: s.IdParams,
        body: s.UpdateCategoryBody,
      },
    },
    async (req) => runAction(req, (tx, actor) => categories.updateCategory(tx, actor, req.params.id, req.body)),
  );
  app.post(
    `${BASE}/categories/:id/deactivate`,
    {
      schema: {
        tags,
        summary: '停用分类 Deactivate a category (never deleted; a 大类 takes its 小类 with it)',
        params: s.IdParams,
        body: s.VersionBody,
      },
    },
    async (req) =>
      runAction(req, (tx, actor) =>
        categories.setCategoryActive(tx, actor, req.params.id, { version: req.body.version, active: false }),
      ),
  );
  app.post(
    `${BASE}/categories/:id/activate`,
    {
      schema: {
        tags,
        summary: '启用分类 Activate a category again (a 小类 needs its 大类 active)',
        params: s.IdParams,
        body: s.VersionBody,
      },
    },
    async (req) =>
      runAction(req, (tx, actor) =>
        categories.setCategoryActive(tx, actor, req.params.id, { version: req.body.version, active: true }),
      ),
  );

  // ── routing rules ──────────────────────────────────────────────────────────────────────────────────
  app.get(
    `${BASE}/routing-rules`,
    {
      schema: {
        tags,
        summary: '派单规则 Routing rules',
        description: 'case.configure or case.dispatch.',
        querystring: s.RuleListQuery,
      },
    },
    async (req) => runAction(req, (tx, actor) => rules.listRoutingRules(tx, actor, req.query)),
  );
  app.post(
    `${BASE}/routing-rules`,
    {
      schema: {
        tags,
        summary: '新增派单规则 Add a routing rule',
        description:
          "case.configure. Category (小类, 大类 or null = any), area prefix ('' = whole city, else a district/street/" +
          'community code), department. The most specific rule wins: longest area prefix, then 小类 over 大类 over ' +
          'any, then priority. 409 CASE_ROUTING_RULE_DUPLICATE for a tie. Audited.',
        body: s.CreateRuleBody,
      },
    },
    async (req, reply) =>
      created(reply, await runAction(req, (tx, actor) => rules.createRoutingRule(tx, actor, req.body))),
  );
  app.patch(
    `${BASE}/routing-rules/:id`,
    {
      schema: {
        tags,
        summary: '修改派单规则 Update a routing rule (optimistic version)',
        params: s.IdParams,
        body: s.UpdateRuleBody,
      },
    },
    async (req) => runAction(req, (tx, actor) => rules.updateRoutingRule(tx, actor, req.params.id, req.body)),
  );
  app.post(
    `${BASE}/routing-rules/:id/deactivate`,
    {
      schema: { tags, summary: '停用派单规则 Deactivate a routing rule', params: s.IdParams, body: s.VersionBody },
    },
    async (req) => runAction(req, (tx, actor) => rules.deactivateRoutingRule(tx, actor, req.params.id, req.body)),
  );
  app.get(
    `${BASE}/route-test`,
    {
      schema: {
        tags,
        summary: '派单测试 Which rule would route a case of this category here, and why',
        description:
          'case.configure or case.dispatch. Give lat+lng (located into a grid, as intake does) or an area code. ' +
          'Answers the deciding rule, the department, the reason intake would record, and every matching rule.',
        querystring: s.RouteTestQuery,
      },
    },
    async (req) => runAction(req, (tx, actor) => rules.testRoute(tx, actor, req.query)),
  );

  // ── settings ───────────────────────────────────────────────────────────────────────────────────────
  app.get(
    `${BASE}/settings`,
    { schema: { tags, summary: '工单设置 Case settings (time limits, thresholds, policies) with their defaults' } },
    async (req) => runAction(req, (tx, actor) => viewCaseSettings(tx, actor)),
  );
  app.put(
    `${BASE}/settings`,
    {
      schema: {
        tags,
        summary: '修改工单设置 Change case settings (only the keys given)',
        description:
          'case.configure. Each key is validated against its shape (time limit {amount > 0, unit working_hours|' +
          'working_days}, shares in (0, 1], whole numbers); unknown key → 400 CASE_SETTING_UNKNOWN. Audited.',
        body: s.SettingsBody,
      },
    },
    async (req) => runAction(req, (tx, actor) => updateCaseSettings(tx, actor, req.body as Record<string, unknown>)),
  );

  // ── knowledge base ─────────────────────────────────────────────────────────────────────────────────
  app.get(
    `${BASE}/knowledge`,
    {
      schema: {
        tags,
        summary: '知识库检索 Search the knowledge base (standard answers)',
        description: 'Case staff. q: substring in question/keywords first, then pg_trgm similarity.',
        querystring: s.KnowledgeQuery,
      },
    },
    async (req) => runAction(req, (tx, actor) => knowledge.searchKnowledge(tx, actor, req.query)),
  );
  app.get(
    `${BASE}/knowledge/:id`,
    { schema: { tags, summary: '知识详情 A knowledge-base entry', params: s.IdParams } },
    async (req) => runAction(req, (tx, actor) => knowledge.getKnowledge(tx, actor, req.params.id)),
  );
  app.post(
    `${BASE}/knowledge`,
    { schema: { tags, summary: '新增知识 Add a standard answer', body: s.CreateKnowledgeBody } },
    async (req, reply) =>
      created(reply, await runAction(req, (tx, actor) => knowledge.createKnowledge(tx, actor, req.body))),
  );
  app.patch(
    `${BASE}/knowledge/:id`,
    {
      schema: {
        tags,
        summary: '修改知识 Update a standard answer (optimistic version)',
        params: s.IdParams,
        body: s.UpdateKnowledgeBody,
      },
    },
    async (req) => runAction(req, (tx, actor) => knowledge.updateKnowledge(tx, actor, req.params.id, req.body)),
  );
  app.post(
    `${BASE}/knowledge/:id/deactivate`,
    { schema: { tags, summary: '停用知识 Deactivate a standard answer', params: s.IdParams, body: s.VersionBody } },
    async (req) => runAction(req, (tx, actor) => knowledge.deactivateKnowledge(tx, actor, req.params.id, req.body)),
  );
}
