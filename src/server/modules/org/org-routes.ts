// /api/v1/org/*: departments, users, roles, API keys. Each route: schema → service in a transaction → reply.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { runAction } from '../../platform/http/action.ts';
import * as apiKeys from './api-keys.ts';
import * as departments from './departments.ts';
import * as roles from './roles-service.ts';
import * as s from './schemas.ts';
import * as users from './users.ts';

export function registerOrgRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['org'];
  app.get(
    '/api/v1/org/departments',
    { schema: { tags, summary: '部门列表 Departments (flat, in tree order)', response: { 200: s.DepartmentList } } },
    async (req) => ({
      items: await runAction(req, (tx, actor) => departments.listDepartments(tx, actor)),
    }),
  );
  app.post(
    '/api/v1/org/departments',
    {
      schema: {
        tags,
        summary: '新建部门 Create a department',
        body: s.CreateDepartmentBody,
        response: { 201: s.DepartmentSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await runAction(req, (tx, actor) => departments.createDepartment(tx, actor, req.body))),
  );
  app.patch(
    '/api/v1/org/departments/:id',
    {
      schema: {
        tags,
        summary: '修改部门 Update a department',
        params: s.Id,
        body: s.UpdateDepartmentBody,
        response: { 200: s.DepartmentSchema },
      },
    },
    async (req) => runAction(req, (tx, actor) => departments.updateDepartment(tx, actor, req.params.id, req.body)),
  );

  app.get(
    '/api/v1/org/users',
    {
      schema: {
        tags,
        summary: '用户列表 Users (keyset paging)',
        querystring: s.UserQuery,
        response: { 200: s.UserPage },
      },
    },
    async (req) => runAction(req, (tx, actor) => users.listUsers(tx, actor, req.query)),
  );
  app.get(
    '/api/v1/org/users/:id',
    { schema: { tags, summary: '用户详情 A user', params: s.Id, response: { 200: s.UserSchema } } },
    async (req) => runAction(req, (tx, actor) => users.getUserView(tx, actor, req.params.id)),
  );
  app.post(
    '/api/v1/org/users',
    { schema: { tags, summary: '新建用户 Create a user', body: s.CreateUserBody, response: { 201: s.UserSchema } } },
    async (req, reply) =>
      reply.status(201).send(await runAction(req, (tx, actor) => users.createUser(tx, app.config, actor, req.body))),
  );
  app.patch(
    '/api/v1/org/users/:id',
    {
      schema: {
        tags,
        summary: '修改用户 Update a user (optimistic version)',
        params: s.Id,
        body: s.UpdateUserBody,
        response: { 200: s.UserSchema },
      },
    },
    async (req) => runAction(req, (tx, actor) => users.updateUser(tx, actor, req.params.id, req.body)),
  );
  app.post(
    '/api/v1/org/users/:id/reset-password',
    { schema: { tags, summary: '重置密码 Reset a password', params: s.Id, body: s.ResetPasswordBody } },
    async (req, reply) => {
      await runAction(req, (tx, actor) => users.resetPassword(tx, app.config, actor, req.params.id, req.body.password));
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/org/users/:id/unlock',
    { schema: { tags, summary: '解除锁定 Unlock a user', params: s.Id } },
    async (req, reply) => {
      await runAction(req, (tx, actor) => users.unlockUser(tx, actor, req.params.id));
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/org/users/:id/reveal-contact',
    {
      schema: {
        tags,
        summary: '查看联系方式（审计） Reveal contact details (audited)',
        params: s.Id,
        response: { 200: s.ContactReply },
      },
    },
    async (req) => runAction(req, (tx, actor) => users.revealContact(tx, actor, req.params.id)),
  );

  app.get(
    '/api/v1/org/roles',
    {
      schema: {
        tags,
        summary: '角色与权限 Roles',
        response: { 200: Type.Object({ items: Type.Array(s.RoleSchema) }) },
      },
    },
    async (req) => ({
      items: await runAction(req, (tx, actor) => roles.listRoles(tx, actor)),
    }),
  );
  app.patch(
    '/api/v1/org/roles/:role',
    {
      schema: {
        tags,
        summary: '角色策略 Role policy (two-factor)',
        params: s.RoleParams,
        body: s.RolePolicyBody,
        response: { 200: s.RoleSchema },
      },
    },
    async (req) =>
      runAction(req, (tx, actor) => roles.setRoleMfaRequired(tx, actor, req.params.role, req.body.mfaRequired)),
  );
  app.get(
    '/api/v1/org/permissions',
    {
      schema: {
        tags,
        summary: '权限清单 Permissions',
        response: { 200: Type.Object({ items: Type.Array(Type.String()) }) },
      },
    },
    async (req) => ({
      items: await runAction(req, async (_tx, actor) => roles.listPermissions(actor)),
    }),
  );

  app.get(
    '/api/v1/org/api-keys',
    {
      schema: {
        tags,
        summary: 'API 密钥 API keys',
        response: { 200: Type.Object({ items: Type.Array(s.ApiKeySchema) }) },
      },
    },
    async (req) => ({
      items: await runAction(req, (tx, actor) => apiKeys.listApiKeys(tx, actor)),
    }),
  );
  app.post(
    '/api/v1/org/api-keys',
    {
      schema: {
        tags,
        summary: '新建 API 密钥（只显示一次） Create an API key (shown once)',
        body: s.CreateApiKeyBody,
        response: { 201: Type.Object({ apiKey: s.ApiKeySchema, key: Type.String() }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await runAction(req, (tx, actor) => apiKeys.createApiKey(tx, actor, req.body))),
  );
  app.post(
    '/api/v1/org/api-keys/:id/revoke',
    { schema: { tags, summary: '吊销 API 密钥 Revoke an API key', params: s.Id, response: { 200: s.ApiKeySchema } } },
    async (req) => runAction(req, (tx, actor) => apiKeys.revokeApiKey(tx, actor, req.params.id)),
  );
}
