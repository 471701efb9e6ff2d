import { afterAll, beforeAll, describe, it } from 'vitest';
import { createTestApp, login, TEST_ADMIN_PASSWORD, type TestApp } from '../support/test-app.ts';

describe('probe', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ ONECITY_BODY_LIMIT_BYTES: '2048' }); });
  afterAll(() => t?.close());
  it('probes', async () => {
    const s = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    const show = (label: string, r: { statusCode: number; body: string }) => console.log(label, r.statusCode, r.body.slice(0, 300));
    show('text/plain login', await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: 'hello', headers: { 'content-type': 'text/plain' } }));
    show('xml login', await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '<a/>', headers: { 'content-type': 'application/xml' } }));
    show('malformed', await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"a":', headers: { 'content-type': 'application/json' } }));
    show('num username', await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 12345, password: 'x' } }));
    const me = await s.request('GET', '/api/v1/auth/me');
    const users = (await s.request('GET', '/api/v1/org/users?limit=200')).json();
    console.log(users.items.map((u: any) => `${u.id} ${u.username} ${u.departmentId} ${u.phone} ${u.email} ${JSON.stringify(u.grants.map((g: any) => g.role + ':' + g.departmentId + '@' + g.areaCode))}`).join('\n'));
    const depts = (await s.request('GET', '/api/v1/org/departments')).json();
    console.log(depts.items.map((d: any) => `${d.id} ${d.code} ${d.path}`).join('\n'));
    const citizen = users.items.find((u: any) => u.username === 'citizen');
    show('patch displayName number', await s.request('PATCH', `/api/v1/org/users/${citizen.id}`, { displayName: 123, version: citizen.version }));
    show('patch version string', await s.request('PATCH', `/api/v1/org/users/${citizen.id}`, { version: String(citizen.version + 100) }));
    show('patch disabled string', await s.request('PATCH', `/api/v1/org/users/${citizen.id}`, { disabled: 'true', version: 999 }));
    show('big', await s.request('POST', '/api/v1/org/departments', { code: 'x', name: 'y'.repeat(5000) }));
    show('grants wrong', await s.request('POST', '/api/v1/org/users', { username: 'abc', displayName: 'x', password: 'x', departmentId: null, grants: [{ role: 5 }] }));
    show('unknown field', await s.request('POST', '/api/v1/org/users', { username: 'abc', displayName: 'x', password: 'x', departmentId: null, grants: [], foo: 1 }));
    show('anon logout', await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout' }));
    const doc = (await t.app.inject('/api/openapi.json')).json();
    for (const [p, ops] of Object.entries(doc.paths)) console.log(p, Object.keys(ops as object).join(','));
    console.log(me.body.slice(0, 500));
  });
});
