// Property-based tests (fast-check): random bodies, query strings and headers thrown at the auth and admin routes.
// Whatever arrives, the answer is never a 5xx, and every 4xx is in the one error shape.
import fc from 'fast-check';
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
import { type CreatedUser, createUser, STRONG_PASSWORD } from './fixtures.ts';

const RUNS = 200;

// ── arbitraries ───────────────────────────────────────────────────────────────────────────────────────────────

const ROLES = ['admin', 'hotline_agent', 'dispatcher', 'handler', 'grid_worker', 'inspector', 'leader', 'citizen'];

/** Text of every kind: ASCII, any code point, graphemes, and strings known to upset parsers and databases. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    'admin',
    "'; drop table users; --",
    '<script>alert(1)</script>',
    '%',
    '_',
    '\\',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '\u202e',
    '𝕏𝕐',
    '١٢٣٤٥٦',
    '320508',
    'oc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    '2024-05-01T00:00:00+08:00',
    'x'.repeat(300),
  ),
);
const integer = fc.oneof(
  fc.integer({ min: -3, max: 60 }),
  fc.integer(),
  fc.constantFrom(0, -1, 2147483647, 2147483648, 99_999_999_999, Number.MAX_SAFE_INTEGER),
);
const scalar = fc.oneof(text, integer, fc.double(), fc.boolean(), fc.constant(null));
const anyValue = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(text, scalar, { maxKeys: 4 }) },
);
const departmentId = fc.oneof(integer, fc.constant(null), text);
const areaCode = fc.oneof(fc.constantFrom('320508', '320508001', '320508001001', '999999', null), text);

/** A JSON document as text: random JSON values, random objects, and some that are not JSON at all. */
const rawBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.object().map((v) => JSON.stringify(v) ?? 'null'),
  fc.dictionary(text, anyValue).map((v) => JSON.stringify(v)),
  fc.string(),
  fc.constantFrom('', '{', '{"a":}', '[1,2', 'null', 'true', '"x"', '{"__proto__":{"a":1}}', '{"constructor":{}}'),
);

/** Bodies shaped like the route's schema, with random values and random extra fields: these get past parsing. */
const loginBody = fc.record({ username: anyValue, password: anyValue }, { requiredKeys: [] });
const totpBody = fc.record({ mfaToken: anyValue, code: anyValue }, { requiredKeys: [] });
const grant = fc.record(
  { role: fc.oneof(fc.constantFrom(...ROLES), text), departmentId, areaCode },
  { requiredKeys: ['role'] },
);
const userBody = fc.record(
  {
    username: fc.oneof(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{2,12}$/), text),
    displayName: fc.oneof(text, anyValue),
    password: fc.oneof(fc.constant(STRONG_PASSWORD), text),
    departmentId,
    phone: fc.oneof(fc.stringMatching(/^1[3-9]\d{9}$/), text, fc.constant(null)),
    email: fc.oneof(fc.emailAddress(), text, fc.constant(null)),
    grants: fc.oneof(fc.array(grant, { maxLength: 3 }), anyValue),
  },
  { requiredKeys: [] },
);
const userPatch = fc.record(
  {
    displayName: fc.oneof(text, anyValue),
    departmentId,
    phone: fc.oneof(text, fc.constant(null)),
    email: fc.oneof(text, fc.constant(null)),
    disabled: fc.oneof(fc.boolean(), anyValue),
    grants: fc.oneof(fc.array(grant, { maxLength: 3 }), anyValue),
    version: fc.oneof(integer, anyValue),
  },
  { requiredKeys: [] },
);
const departmentBody = fc.record(
  {
    code: fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{1,12}$/), text),
    name: fc.oneof(text, anyValue),
    nameEn: fc.oneof(text, fc.constant(null)),
    parentId: departmentId,
    kind: fc.oneof(fc.constantFrom('city', 'bureau', 'section', 'centre', 'district'), text),
    areaCode,
  },
  { requiredKeys: [] },
);
const apiKeyBody = fc.record(
  {
    name: fc.oneof(text, anyValue),
    scopes: fc.oneof(
      fc.array(fc.oneof(fc.constantFrom('org.department.read', 'org.user.read', 'audit.read'), text), { maxLength: 4 }),
      anyValue,
    ),
    expiresAt: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('2099-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 'tomorrow', null),
      text,
    ),
    departmentId,
    areaCode,
  },
  { requiredKeys: [] },
);
/** Any of the shaped bodies or any raw text, so each route also sees the others' shapes. */
const bodyFor = <T>(shaped: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: shaped.map((v) => JSON.stringify(v)) }, { weight: 2, arbitrary: rawBody });

/** encodeURIComponent, except that an unpaired surrogate becomes a byte sequence that is not UTF-8 at all. */
const encode = (s: string) =>
  s
    .split(/([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/)
    .map((part) => (part.length === 1 && /[\uD800-\uDFFF]/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

/** Query strings: known parameters with random values, random parameters, repeated and raw pieces. */
const queryKey = fc.oneof(
  fc.constantFrom('q', 'limit', 'cursor', 'role', 'departmentId', 'actor', 'action', 'target', 'result', 'from', 'to'),
  fc.string({ maxLength: 10 }),
);
const queryValue = fc.oneof(text, integer.map(String), fc.constantFrom('', 'handler', 'MQ', 'YTE6MQ'));
const queryString = fc.oneof(
  fc
    .array(fc.tuple(queryKey, queryValue), { maxLength: 5 })
    .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')),
  fc.string({ unit: 'binary-ascii' }).map((s) => s.replace(/[#\s]/g, '')),
  fc.constantFrom('%', '%zz', '=&=&', 'limit=1&limit=2', 'q[]=a', 'q[a]=b', '__proto__[x]=1'),
);

/** Request headers: the ones the server reads, and random ones, with printable values. */
const headerName = fc.oneof(
  fc.constantFrom(
    'accept-language',
    'content-type',
    'cookie',
    'authorization',
    'x-api-key',
    'x-csrf-token',
    'x-request-id',
    'accept',
    'origin',
    'x-forwarded-for',
    'user-agent',
  ),
  fc.stringMatching(/^x-[a-z0-9-]{1,16}$/),
);
const headerValue = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 80 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
  fc.constantFrom(
    'en',
    'zh-CN;q=0.1, en;q=abc',
    '*',
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'text/plain',
    'multipart/form-data; boundary=x',
    'Bearer ',
    'Bearer oc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    'Basic YWRtaW46YWRtaW4=',
    'onecity_session=abc; onecity_session=def',
    'onecity_session=%E0%A4%A',
  ),
);
const headers = fc.dictionary(headerName, headerValue, { maxKeys: 4 });

// ── the property ──────────────────────────────────────────────────────────────────────────────────────────────

function expectCleanAnswer(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(errorCode(res)).toMatch(/^[A-Z][A-Z0-9_]+$/);
  }
}

describe.skipIf(!engineAvailable())('random input never gets a 5xx and always the error shape', () => {
  let t: TestApp;
  let admin: Session;
  let target: CreatedUser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    target = await createUser(admin);
  });
  afterAll(() => t?.close());

  const asAdmin = (extra: Record<string, string> = {}) => ({
    cookie: admin.cookie,
    'x-csrf-token': admin.csrf,
    'content-type': 'application/json',
    ...extra,
  });
  const post = (url: string, payload: string, hdrs: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, payload, headers: hdrs });
  /** Runs the property; `known` are inputs that once broke it, replayed on every run before the random ones. */
  const check = <T>(arb: fc.Arbitrary<T>, run: (value: T) => Promise<LightMyRequestResponse>, known: T[] = []) =>
    fc.assert(
      fc.asyncProperty(arb, async (value) => expectCleanAnswer(await run(value))),
      { numRuns: RUNS, examples: known.map((k) => [k] as [T]) },
    );
  const json = (v: unknown) => JSON.stringify(v);

  it('POST /auth/login: random bodies', () =>
    check(bodyFor(loginBody), (body) => post('/api/v1/auth/login', body, { 'content-type': 'application/json' }), [
      json({ username: 'a\u0000b', password: 'x' }),
      '{"username":"a\\ud800","password":"x"}',
    ]));

  it('POST /auth/login: random headers', () =>
    check(headers, (h) =>
      post('/api/v1/auth/login', JSON.stringify({ username: 'nobody', password: 'x' }), {
        'content-type': 'application/json',
        ...h,
      }),
    ));

  it('POST /auth/login/totp: random bodies', () =>
    check(bodyFor(totpBody), (body) => post('/api/v1/auth/login/totp', body, { 'content-type': 'application/json' })));

  it('POST /org/users: random bodies', () =>
    check(bodyFor(userBody), (body) => post('/api/v1/org/users', body, asAdmin()), [
      json({ username: 'Aaa', displayName: 'a\u0000b', password: STRONG_PASSWORD, departmentId: null, grants: [] }),
      json({ username: 'Aab', displayName: 'x', password: STRONG_PASSWORD, departmentId: 99_999_999_999, grants: [] }),
    ]));

  it('GET /org/users: random query strings', () =>
    check(
      queryString,
      (q) => t.app.inject({ method: 'GET', url: `/api/v1/org/users?${q}`, headers: { cookie: admin.cookie } }),
      ['q=%00'],
    ));

  it('GET /org/users: random headers', () =>
    check(headers, (h) =>
      t.app.inject({ method: 'GET', url: '/api/v1/org/users', headers: { cookie: admin.cookie, ...h } }),
    ));

  it('PATCH /org/users/:id: random bodies and ids', () =>
    check(
      fc.tuple(
        fc.oneof(
          { weight: 4, arbitrary: fc.constant(String(target.id)) },
          { weight: 1, arbitrary: fc.oneof(integer.map(String), text.map(encode)) },
        ),
        bodyFor(userPatch),
      ),
      ([id, body]) =>
        t.app.inject({ method: 'PATCH', url: `/api/v1/org/users/${id}`, payload: body, headers: asAdmin() }),
      [
        [String(target.id), json({ departmentId: 99_999_999_999, version: 1 })],
        ['x'.repeat(150), '{}'],
        ['%zz', '{}'],
      ],
    ));

  it('POST /org/departments: random bodies', () =>
    check(bodyFor(departmentBody), (body) => post('/api/v1/org/departments', body, asAdmin()), [
      json({ code: 'AA', name: 'a\u0000', parentId: 1, kind: 'city' }),
      json({ code: 'AB', name: 'x', parentId: 99_999_999_999, kind: 'city' }),
    ]));

  it('POST /org/api-keys: random bodies', () =>
    check(bodyFor(apiKeyBody), (body) => post('/api/v1/org/api-keys', body, asAdmin()), [
      json({ name: '\u0000', scopes: ['org.department.read'] }),
    ]));

  it('GET /audit: random query strings', () =>
    check(
      queryString,
      (q) => t.app.inject({ method: 'GET', url: `/api/v1/audit?${q}`, headers: { cookie: admin.cookie } }),
      ['actor=%00'],
    ));

  it('keeps the admin session working after all of it', async () => {
    expect((await admin.request('GET', '/api/v1/auth/me')).statusCode).toBe(200);
  });
});
