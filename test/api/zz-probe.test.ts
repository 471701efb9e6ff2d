import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestApp, login, TEST_ADMIN_PASSWORD, type TestApp } from '../support/test-app.ts';

describe('probe', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ ONECITY_BODY_LIMIT_BYTES: '2048' }); });
  afterAll(() => t?.close());
  it('probes', async () => {
    const s = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    const show = (label: string, r: { statusCode: number; body: string }) => console.log(label, r.statusCode, r.body.slice(0, 300));
    show('nul login', await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a\u0000b', password: 'x' } }));
    show('surrogate login', await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":"a\\ud800b","password":"x"}', headers: { 'content-type': 'application/json' } }));
    show('nul q', await s.request('GET', '/api/v1/org/users?q=%00'));
    show('nul dept', await s.request('POST', '/api/v1/org/departments', { code: 'NUL1', name: 'a\u0000b', parentId: 1, kind: 'section' }));
    show('proto', await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":"a","password":"b","__proto__":{"x":1}}', headers: { 'content-type': 'application/json' } }));
    show('empty json', await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '', headers: { 'content-type': 'application/json' } }));
    show('form', await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    show('bad id', await s.request('GET', '/api/v1/org/users/abc'));
    show('audit q nul', await s.request('GET', '/api/v1/audit?actor=%00'));
    show('cookie junk', await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: 'onecity_session=%ZZ' } }));
    show('accept-lang junk', await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { 'accept-language': ';;q=abc,,en;q=0.5' } }));
    show('query array', await s.request('GET', '/api/v1/org/users?q=a&q=b'));
    show('limit big', await s.request('GET', '/api/v1/org/users?limit=1e3'));
    show('cursor weird', await s.request('GET', '/api/v1/org/users?cursor=_____'));
    show('cursor big', await s.request('GET', '/api/v1/org/users?cursor=' + Buffer.from('99999999999999999999').toString('base64url')));
    show('deptId big', await s.request('GET', '/api/v1/org/users?departmentId=99999999999'));
    show('create user nul phone', await s.request('POST', '/api/v1/org/users', { username: 'nuluser', displayName: 'x\u0000', password: 'Abcdef#12345', departmentId: null, grants: [] }));
    show('patch deptid huge', await s.request('PATCH', '/api/v1/org/users/11', { departmentId: 99999999999, version: 1 }));
    show('apikey dept huge', await s.request('POST', '/api/v1/org/api-keys', { name: 'x', scopes: ['org.department.read'], departmentId: 99999999999 }));
    show('apikey expires weird', await s.request('POST', '/api/v1/org/api-keys', { name: 'x', scopes: ['org.department.read'], expiresAt: '2099-13-45T99:99:99Z' }));
    show('apikey expires far', await s.request('POST', '/api/v1/org/api-keys', { name: 'x', scopes: ['org.department.read'], expiresAt: '+275760-09-13T00:00:00.000Z' }));
    show('apikey name nul', await s.request('POST', '/api/v1/org/api-keys', { name: '\u0000', scopes: ['org.department.read'] }));
    show('totp login nul', await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { mfaToken: 'a\u0000bcdefghijk', code: '123456' } }));
    show('totp recovery nul', await t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { mfaToken: 'abcdefghijk', code: 'abc\u0000def' } }));
  });
});
