// Bad input gets a clear refusal: a 4xx with a stable code, the field named, the one error shape, the message in
// the caller's language — never a 5xx and never a stack trace.
import type { LightMyRequestResponse } from 'fastify';
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
import { CJK, STRONG_PASSWORD } from './fixtures.ts';

const BODY_LIMIT = 2048;

interface Case {
  name: string;
  as: 'admin' | 'anonymous';
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  /** An object is sent as JSON; a string is sent raw with the content type given in headers. */
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  /** The stable code; left out where any code will do as long as the shape is right. */
  code?: string;
  field?: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const validUser = {
  username: 'fieldtest',
  displayName: '字段测试',
  password: STRONG_PASSWORD,
  departmentId: null,
  grants: [],
};

const CASES: Case[] = [
  // Malformed JSON
  {
    name: 'a truncated JSON login',
    as: 'anonymous',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: '{"username": "admin",',
    headers: JSON_TYPE,
    status: 400,
    code: 'MALFORMED_JSON',
  },
  {
    name: 'malformed JSON from a logged-in admin',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/users',
    body: "{username: 'x'}",
    headers: JSON_TYPE,
    status: 400,
    code: 'MALFORMED_JSON',
  },
  {
    name: 'an empty JSON body',
    as: 'anonymous',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: '',
    headers: JSON_TYPE,
    status: 400,
    code: 'MALFORMED_JSON',
  },
  {
    name: 'JSON with a __proto__ key',
    as: 'anonymous',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: '{"username":"a","password":"b","__proto__":{"isAdmin":true}}',
    headers: JSON_TYPE,
    status: 400,
    code: 'MALFORMED_JSON',
  },
  // Wrong types
  {
    name: 'a number where a role name belongs',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/users',
    body: { ...validUser, grants: [{ role: 5 }] },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'grants[0].role',
  },
  {
    name: 'an unknown role',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/users',
    body: { ...validUser, grants: [{ role: 'handler' }, { role: 'superuser' }] },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'grants[1].role',
  },
  {
    name: 'text where a department id belongs',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/users',
    body: { ...validUser, departmentId: 'abc' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'departmentId',
  },
  {
    name: 'a string where a list of grants belongs',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/users',
    body: { ...validUser, grants: 'admin' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'grants',
  },
  {
    name: 'a number where a display name belongs (not silently turned into text)',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/users',
    body: { ...validUser, displayName: 12345 },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'displayName',
  },
  {
    name: 'a number where a username belongs at login (not silently turned into text)',
    as: 'anonymous',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: { username: 12345, password: 'whatever' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'username',
  },
  {
    name: 'a non-boolean where a boolean belongs',
    as: 'admin',
    method: 'PATCH',
    url: '/api/v1/org/users/1',
    body: { disabled: 'yes', version: 1 },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'disabled',
  },
  {
    name: 'a missing required field',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/users',
    body: { username: 'fieldtest', displayName: 'x', password: STRONG_PASSWORD, departmentId: null },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'grants',
  },
  {
    name: 'a JSON array where an object belongs',
    as: 'anonymous',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: '["admin","secret"]',
    headers: JSON_TYPE,
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'body',
  },
  {
    name: 'a malformed e-mail address',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/users',
    body: { ...validUser, email: 'not an email' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'email',
  },
  // Unknown fields
  {
    name: 'an unknown top-level field',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/users',
    body: { ...validUser, isSuperuser: true },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'isSuperuser',
  },
  {
    name: 'an unknown field inside a grant',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/users',
    body: { ...validUser, grants: [{ role: 'handler', permissions: ['*'] }] },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'grants[0].permissions',
  },
  {
    name: 'an unknown field at login',
    as: 'anonymous',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: { username: 'admin', password: 'x', remember: true },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'remember',
  },
  {
    name: 'an unknown query parameter',
    as: 'admin',
    method: 'GET',
    url: '/api/v1/org/users?sort=id',
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'querystring.sort',
  },
  // Query and path parameters
  {
    name: 'text where a page size belongs',
    as: 'admin',
    method: 'GET',
    url: '/api/v1/org/users?limit=abc',
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'querystring.limit',
  },
  {
    name: 'a page size over the maximum',
    as: 'admin',
    method: 'GET',
    url: '/api/v1/org/users?limit=100000',
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'querystring.limit',
  },
  {
    name: 'text where a user id belongs in the path',
    as: 'admin',
    method: 'GET',
    url: '/api/v1/org/users/abc',
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'params.id',
  },
  {
    name: 'an audit time without an offset',
    as: 'admin',
    method: 'GET',
    url: '/api/v1/audit?from=2024-05-01%2008:00',
    status: 400,
    code: 'AUDIT_BAD_TIME',
  },
  // Text and numbers the database cannot hold
  {
    name: 'a NUL character in a login name',
    as: 'anonymous',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: { username: 'admin\u0000', password: 'x' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'username',
  },
  {
    name: 'a NUL character in a department name',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/departments',
    body: { code: 'NULTEST', name: 'a\u0000b', parentId: 1, kind: 'section' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'name',
  },
  {
    name: 'a NUL character in a search',
    as: 'admin',
    method: 'GET',
    url: '/api/v1/org/users?q=%00',
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'querystring.q',
  },
  {
    name: 'an unpaired UTF-16 surrogate in JSON text',
    as: 'anonymous',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: '{"username":"a\\ud800b","password":"x"}',
    headers: JSON_TYPE,
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'username',
  },
  {
    name: 'a department id beyond the integer range',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/api-keys',
    body: { name: 'big', scopes: ['org.department.read'], departmentId: 99_999_999_999 },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'departmentId',
  },
  {
    name: 'a parent id beyond the integer range',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/departments',
    body: { code: 'BIGPARENT', name: 'x', parentId: 99_999_999_999, kind: 'section' },
    status: 400,
    code: 'VALIDATION_FAILED',
    field: 'parentId',
  },
  {
    name: 'broken percent-encoding in the path',
    as: 'admin',
    method: 'GET',
    url: '/api/v1/org/users/%zz',
    status: 400,
  },
  {
    name: 'a path parameter longer than the router allows',
    as: 'anonymous',
    method: 'GET',
    url: `/api/v1/geo/divisions/${'1'.repeat(150)}`,
    status: 414,
  },
  // Size and content type
  {
    name: 'a body over the size limit',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/departments',
    body: { code: 'BIG', name: 'x'.repeat(BODY_LIMIT * 2), parentId: 1, kind: 'section' },
    status: 413,
    code: 'BODY_TOO_LARGE',
  },
  {
    name: 'a login body over the size limit',
    as: 'anonymous',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: { username: 'admin', password: 'p'.repeat(BODY_LIMIT * 2) },
    status: 413,
    code: 'BODY_TOO_LARGE',
  },
  {
    name: 'an XML body',
    as: 'admin',
    method: 'POST',
    url: '/api/v1/org/departments',
    body: '<department><code>X</code></department>',
    headers: { 'content-type': 'application/xml' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'an HTML form post to the login',
    as: 'anonymous',
    method: 'POST',
    url: '/api/v1/auth/login',
    body: 'username=admin&password=x',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  // Not logged in, nowhere to go
  {
    name: 'a list without logging in',
    as: 'anonymous',
    method: 'GET',
    url: '/api/v1/org/users',
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'a write without logging in',
    as: 'anonymous',
    method: 'POST',
    url: '/api/v1/org/users',
    body: validUser,
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'an unknown route',
    as: 'admin',
    method: 'GET',
    url: '/api/v1/org/nothing-here',
    status: 404,
    code: 'ROUTE_NOT_FOUND',
  },
  {
    name: 'a method the route does not have',
    as: 'admin',
    method: 'DELETE',
    url: '/api/v1/org/users/1',
    status: 404,
    code: 'ROUTE_NOT_FOUND',
  },
];

describe.skipIf(!engineAvailable())('bad input', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp({ ONECITY_BODY_LIMIT_BYTES: String(BODY_LIMIT) });
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
  });
  afterAll(() => t?.close());

  const send = (c: Case, language = 'en'): Promise<LightMyRequestResponse> => {
    const auth: Record<string, string> =
      c.as === 'admin' ? { cookie: admin.cookie, ...(c.method === 'GET' ? {} : { 'x-csrf-token': admin.csrf }) } : {};
    return t.app.inject({
      method: c.method,
      url: c.url,
      ...(c.body === undefined ? {} : { payload: c.body as string }),
      headers: { 'accept-language': language, ...auth, ...c.headers },
    });
  };

  for (const c of CASES) {
    const answer = `${c.status}${c.code ? ` ${c.code}` : ''}`;
    it(`answers ${c.name} with ${answer} in the error shape, in English`, () => expectRefusal(c));
  }

  async function expectRefusal(c: Case) {
    const res = await send(c);
    expect(res.statusCode, res.body).toBe(c.status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const code = errorCode(res);
    if (c.code !== undefined) expect(code).toBe(c.code);
    const { message, details } = res.json().error;
    expect(message).not.toBe(code);
    expect(message.length).toBeGreaterThan(5);
    expect(message).not.toMatch(CJK);
    if (c.field !== undefined) expect(details.field).toBe(c.field);
    expect(res.body).not.toMatch(/\.ts:\d+|node_modules|at [A-Za-z.]+ \(/);
  }

  it('answers in Chinese when the client asks for no language', async () => {
    const res = await send(CASES[0], '');
    expect(res.json().error.message).toMatch(CJK);
  });

  it('answers in English when English is preferred over Chinese by weight', async () => {
    const res = await send(CASES[0], 'zh-CN;q=0.5, en-GB;q=0.9');
    expect(res.json().error.message).not.toMatch(CJK);
  });

  it('names the body limit in the refusal of an oversized body', async () => {
    const res = await send(CASES.find((c) => c.code === 'BODY_TOO_LARGE')!);
    expect(res.json().error.details.limit).toBe(BODY_LIMIT);
  });

  it('keeps the database unchanged after refused writes', async () => {
    for (const c of CASES.filter((x) => x.url === '/api/v1/org/users' && x.method === 'POST')) await send(c);
    const res = await admin.request('GET', '/api/v1/org/users?q=fieldtest');
    expect(res.json().items).toEqual([]);
  });
});
