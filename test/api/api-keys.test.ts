// API keys for machine clients: shown once, recognisable, scoped, expiring, revocable, and never a way around
// the creator's own limits.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  engineAvailable,
  errorCode,
  login,
  type Session,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../support/test-app.ts';
import { anonymous, createUser, departmentIdByCode, uniqueName, withKey } from './fixtures.ts';

const KEY_FORMAT = /^oc_[a-z2-7]{40}$/;

interface CreatedKey {
  apiKey: { id: number; name: string; prefix: string; scopes: string[]; revokedAt: string | null };
  key: string;
}

describe.skipIf(!engineAvailable())('API keys', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
  });
  afterAll(() => t?.close());

  const newKey = async (scopes: string[], extra: Record<string, unknown> = {}, by: Session = admin) => {
    const res = await by.request('POST', '/api/v1/org/api-keys', { name: uniqueName('app-'), scopes, ...extra });
    if (res.statusCode !== 201) throw new Error(`create key: ${res.statusCode} ${res.body}`);
    return res.json() as CreatedKey;
  };
  const departmentAdmin = async (code: string) => {
    const deptId = await departmentIdByCode(admin, code);
    const u = await createUser(admin, { departmentId: deptId, grants: [{ role: 'admin', departmentId: deptId }] });
    return login(t.app, u.username, u.password);
  };

  it('shows a new key once, prefixed oc_, and never again in the list', async () => {
    const created = await newKey(['org.department.read']);
    expect(created.key).toMatch(KEY_FORMAT);
    expect(created.apiKey.prefix).toBe(created.key.slice(0, created.apiKey.prefix.length));
    expect(created.apiKey.prefix.length).toBeLessThan(created.key.length / 2);
    const list = await admin.request('GET', '/api/v1/org/api-keys');
    expect(list.statusCode).toBe(200);
    const listed = (list.json().items as Record<string, unknown>[]).find((k) => k.id === created.apiKey.id);
    expect(listed).toMatchObject({ name: created.apiKey.name, scopes: ['org.department.read'], revokedAt: null });
    expect(Object.keys(listed!)).not.toContain('key');
    expect(list.body).not.toContain(created.key);
  });

  it('accepts a key as a Bearer token and as an X-API-Key header', async () => {
    const { key } = await newKey(['org.department.read']);
    const bearer = await withKey(t.app, key, 'GET', '/api/v1/org/departments');
    const header = await anonymous(t.app, 'GET', '/api/v1/org/departments', undefined, { 'x-api-key': key });
    expect(bearer.statusCode).toBe(200);
    expect(header.statusCode).toBe(200);
    expect(bearer.json().items.length).toBeGreaterThan(10);
  });

  it('limits a key to its scopes: other routes answer 403 FORBIDDEN', async () => {
    const { key } = await newKey(['org.department.read']);
    for (const [method, url] of [
      ['GET', '/api/v1/org/users'],
      ['GET', '/api/v1/org/api-keys'],
      ['GET', '/api/v1/audit'],
      ['GET', '/api/v1/geo/divisions'],
    ]) {
      const res = await withKey(t.app, key, method, url);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    const write = await withKey(t.app, key, 'POST', '/api/v1/org/departments', {
      code: uniqueName('K'),
      name: '不应创建',
      parentId: await departmentIdByCode(admin, 'CGJ'),
      kind: 'section',
    });
    expect(write.statusCode).toBe(403);
  });

  it('needs no CSRF token for writes made with a key, and audits them under the key’s name', async () => {
    const created = await newKey(['org.department.manage']);
    const code = uniqueName('K');
    const res = await withKey(t.app, created.key, 'POST', '/api/v1/org/departments', {
      code,
      name: '密钥创建的部门',
      parentId: await departmentIdByCode(admin, 'CGJ'),
      kind: 'section',
    });
    expect(res.statusCode).toBe(201);
    const audit = await admin.request(
      'GET',
      `/api/v1/audit?action=org.department.create&target=department:${res.json().id}`,
    );
    expect(audit.json().items[0]).toMatchObject({ actorKind: 'apikey', actorName: `apikey:${created.apiKey.name}` });
  });

  it('refuses to create a key with a permission its creator lacks', async () => {
    const { key } = await newKey(['org.apikey.manage']);
    const res = await withKey(t.app, key, 'POST', '/api/v1/org/api-keys', {
      name: 'escalate',
      scopes: ['org.user.manage'],
    });
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('FORBIDDEN');
  });

  it('refuses a department-scoped admin a key that reaches beyond its department', async () => {
    const cgjAdmin = await departmentAdmin('CGJ');
    const cityWide = await cgjAdmin.request('POST', '/api/v1/org/api-keys', {
      name: 'city-wide',
      scopes: ['org.user.manage'],
    });
    expect(cityWide.statusCode).toBe(403);
    const otherDepartment = await cgjAdmin.request('POST', '/api/v1/org/api-keys', {
      name: 'other-department',
      scopes: ['org.user.manage'],
      departmentId: await departmentIdByCode(admin, 'DSJJ'),
    });
    expect(otherDepartment.statusCode).toBe(403);
  });

  it('keeps API keys a city-wide matter: a department-scoped admin can neither list, create nor revoke them', async () => {
    const cgjAdmin = await departmentAdmin('CGJ');
    const existing = await newKey(['org.department.read']);
    const attempts: [string, string, unknown?][] = [
      ['GET', '/api/v1/org/api-keys'],
      [
        'POST',
        '/api/v1/org/api-keys',
        { name: 'own-department', scopes: ['org.user.read'], departmentId: await departmentIdByCode(admin, 'CGJ-SR') },
      ],
      ['POST', `/api/v1/org/api-keys/${existing.apiKey.id}/revoke`],
    ];
    for (const [method, url, body] of attempts) {
      const res = await cgjAdmin.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    expect((await withKey(t.app, existing.key, 'GET', '/api/v1/org/departments')).statusCode).toBe(200);
  });

  it('limits a department-scoped key to the users of that department’s subtree', async () => {
    const cgj = await departmentIdByCode(admin, 'CGJ');
    const { key } = await newKey(['org.user.read'], { departmentId: cgj });
    const users = (await withKey(t.app, key, 'GET', '/api/v1/org/users')).json().items as { username: string }[];
    expect(users.map((u) => u.username)).toContain('handler');
    expect(users.map((u) => u.username)).not.toContain('steward');
    const steward = (await admin.request('GET', '/api/v1/org/users?q=steward')).json().items[0];
    expect((await withKey(t.app, key, 'GET', `/api/v1/org/users/${steward.id}`)).statusCode).toBe(403);
  });

  it('refuses a department-limited key the management of keys', async () => {
    const cgj = await departmentIdByCode(admin, 'CGJ');
    const { key } = await newKey(['org.apikey.manage', 'org.user.read'], { departmentId: cgj });
    const res = await withKey(t.app, key, 'POST', '/api/v1/org/api-keys', { name: 'wider', scopes: ['org.user.read'] });
    expect(res.statusCode).toBe(403);
  });

  it('refuses a revoked key at once with 401 API_KEY_INVALID', async () => {
    const created = await newKey(['org.department.read']);
    expect((await withKey(t.app, created.key, 'GET', '/api/v1/org/departments')).statusCode).toBe(200);
    const revoke = await admin.request('POST', `/api/v1/org/api-keys/${created.apiKey.id}/revoke`);
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).not.toBeNull();
    const res = await withKey(t.app, created.key, 'GET', '/api/v1/org/departments');
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('API_KEY_INVALID');
    expect(res.json().error.details.reason).toBe('revoked');
  });

  it('refuses an expired key with 401 API_KEY_INVALID', async () => {
    const created = await newKey(['org.department.read'], { expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    expect((await withKey(t.app, created.key, 'GET', '/api/v1/org/departments')).statusCode).toBe(200);
    await sql`update api_keys set expires_at = now() - interval '1 second' where id = ${created.apiKey.id}`.execute(
      t.opened.db,
    );
    const res = await withKey(t.app, created.key, 'GET', '/api/v1/org/departments');
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('API_KEY_INVALID');
    expect(res.json().error.details.reason).toBe('expired');
  });

  it('refuses malformed and unknown keys with 401 API_KEY_INVALID', async () => {
    const { key } = await newKey(['org.department.read']);
    const attempts: Record<string, string>[] = [
      { authorization: 'Bearer abc' },
      { authorization: `Bearer ${key.toUpperCase()}` },
      { 'x-api-key': key.slice(0, -1) },
      { 'x-api-key': `${key}a` },
      { 'x-api-key': '' },
      { authorization: `Bearer oc_${'a'.repeat(40)}` },
    ];
    for (const headers of attempts) {
      const res = await anonymous(t.app, 'GET', '/api/v1/org/departments', undefined, headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(errorCode(res)).toBe('API_KEY_INVALID');
    }
  });

  it('does not fall back to the session cookie when a bad key is sent with it', async () => {
    const res = await admin.request('GET', '/api/v1/org/departments', undefined, { authorization: 'Bearer nope' });
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('API_KEY_INVALID');
  });

  it('writes refused keys to the audit log', async () => {
    const created = await newKey(['org.department.read']);
    await admin.request('POST', `/api/v1/org/api-keys/${created.apiKey.id}/revoke`);
    await withKey(t.app, created.key, 'GET', '/api/v1/org/departments');
    const audit = await admin.request('GET', `/api/v1/audit?action=auth.apikey&target=api_key:${created.apiKey.id}`);
    expect(audit.json().items[0]).toMatchObject({ result: 'failed', summary: { reason: 'revoked' } });
  });

  it('refuses an expiry in the past and an unknown scope, naming the field', async () => {
    const past = await admin.request('POST', '/api/v1/org/api-keys', {
      name: 'old',
      scopes: ['org.department.read'],
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.details.field).toBe('expiresAt');
    const unknown = await admin.request('POST', '/api/v1/org/api-keys', {
      name: 'typo',
      scopes: ['org.department.read', 'org.departmnet.manage'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(errorCode(unknown)).toBe('API_KEY_SCOPE_UNKNOWN');
    expect(unknown.json().error.details.field).toBe('scopes[1]');
  });

  it('records when a key was last used', async () => {
    const created = await newKey(['org.department.read']);
    await withKey(t.app, created.key, 'GET', '/api/v1/org/departments');
    const list = (await admin.request('GET', '/api/v1/org/api-keys')).json().items as {
      id: number;
      lastUsedAt: string | null;
    }[];
    expect(list.find((k) => k.id === created.apiKey.id)?.lastUsedAt).not.toBeNull();
  });

  it('cannot end a user’s sessions through /auth/logout-all', async () => {
    // An API key's actor id is the key's id: a user-only route must not mistake it for the user with that id.
    const id = 900_000 + Math.floor(Math.random() * 1000);
    for (const table of ['users', 'api_keys']) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), ${id - 1})`.execute(t.opened.db);
    }
    const victim = await createUser(admin);
    const created = await newKey(['org.department.read']);
    expect([victim.id, created.apiKey.id]).toEqual([id, id]);
    const session = await login(t.app, victim.username, victim.password);
    const res = await withKey(t.app, created.key, 'POST', '/api/v1/auth/logout-all');
    expect((await session.request('GET', '/api/v1/auth/me')).statusCode, 'the user was logged out').toBe(200);
    expect([401, 403]).toContain(res.statusCode);
  });
});
