// The HTTP face of the audit module on a bare Fastify app (the full app's login is not needed to test it):
// the actor comes from a test header.
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { type OpenedDatabase, openDatabase } from '../../platform/db/connect.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { registerErrorHandling } from '../../platform/http/errors-plugin.ts';
import '../../platform/http/types.ts';
import { registerMessages } from '../../platform/i18n/messages.ts';
import { auditModule } from './module.ts';

const reader: Actor = {
  kind: 'user',
  id: 5,
  name: 'reader',
  grants: [
    { role: 'admin', permissions: new Set(['audit.read']), departmentPath: null, departmentId: null, areaCode: null },
  ],
};

let opened: OpenedDatabase;
let app: FastifyInstance;
beforeAll(async () => {
  opened = await openDatabase({});
  await migrate(opened.db, [
    { owner: 'platform.audit', folder: new URL('../../platform/audit/migrations/', import.meta.url) },
  ]);
  await opened.db.transaction().execute(async (tx) => {
    for (let i = 1; i <= 3; i++) await recordAudit(tx, SYSTEM_ACTOR, 'case.dispatch', { type: 'case', id: i }, { i });
  });
  registerMessages(auditModule.messages!);
  app = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } } });
  app.decorate('db', opened.db);
  app.decorateRequest('actor', null);
  registerErrorHandling(app);
  app.addHook('onRequest', async (req) => {
    const who = req.headers['x-test-actor'];
    req.actor = who === 'system' ? SYSTEM_ACTOR : who === 'reader' ? reader : null;
  });
  await app.register(swagger, { openapi: { openapi: '3.0.3', info: { title: 't', version: '0' } } });
  await auditModule.routes!(app, { db: opened.db, config: {} as never, out: () => {} });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await opened?.close();
});

const get = (url: string, who = 'system', headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers: { 'x-test-actor': who, ...headers } });

describe('GET /api/v1/audit', () => {
  it('returns a page of records, newest first', async () => {
    const res = await get('/api/v1/audit?limit=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((i: { id: number }) => i.id)).toEqual([3, 2]);
    expect(body.items[0].summary).toEqual({ i: 3 });
    const next = await get(`/api/v1/audit?limit=2&cursor=${body.nextCursor}`);
    expect(next.json()).toMatchObject({ items: [{ id: 1 }], nextCursor: null });
  });

  it('answers a bad time with 400 and a message saying what to write', async () => {
    const res = await get('/api/v1/audit?from=yesterday', 'system', { 'accept-language': 'en' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'AUDIT_BAD_TIME', details: { field: 'from' } });
    expect(res.json().error.message).toContain('2024-05-01T00:00:00+08:00');
  });

  it('refuses an unknown parameter and a limit above 500', async () => {
    expect((await get('/api/v1/audit?delete=1')).statusCode).toBe(400);
    expect((await get('/api/v1/audit?limit=501')).statusCode).toBe(400);
  });

  it('answers 401 without a login', async () => {
    expect((await get('/api/v1/audit', 'nobody')).statusCode).toBe(401);
  });
});

describe('GET /api/v1/audit/export', () => {
  it('downloads a dated CSV with a BOM', async () => {
    const res = await get('/api/v1/audit/export?action=case');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-\d{8}\.csv"$/);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.body.slice(1).split(/\r?\n/)[0]).toMatch(/^记录编号,/);
  });

  it('downloads xlsx with English headers when asked', async () => {
    const res = await get('/api/v1/audit/export?format=xlsx', 'system', { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/filename="audit-\d{8}\.xlsx"/);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses a reader without audit.export, and puts the denial on the record', async () => {
    const res = await get('/api/v1/audit/export', 'reader');
    expect(res.statusCode).toBe(403);
    const denial = await opened.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'permission.denied')
      .executeTakeFirstOrThrow();
    expect(denial).toMatchObject({ actor_name: 'reader', result: 'denied', target_id: 'GET /api/v1/audit/export' });
  });
});

describe('GET /api/v1/audit/verify', () => {
  it('seals and verifies the chain', async () => {
    const res = await get('/api/v1/audit/verify', 'reader');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, warnings: [] });
    expect(res.json().checked).toBeGreaterThanOrEqual(3);
  });
});

describe('the audit API surface', () => {
  it('has no route that edits or deletes audit records', () => {
    const routes = app.printRoutes({ commonPrefix: false });
    expect(routes).toContain('/api/v1/audit');
    expect(routes).toContain('GET');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(routes).not.toContain(method);
  });

  it('documents its routes in OpenAPI', () => {
    const doc = app.swagger() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/audit', '/api/v1/audit/export', '/api/v1/audit/verify']),
    );
  });
});
