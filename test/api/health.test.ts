import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  engineAvailable,
  errorCode,
  login,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../support/test-app.ts';

describe.skipIf(!engineAvailable())('platform endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('answers /healthz and /readyz with the engine in use', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: t.engine });
  });

  it('exposes Prometheus metrics including request durations', async () => {
    await t.app.inject('/healthz');
    const res = await t.app.inject('/metrics');
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('onecity_http_request_duration_seconds_bucket');
  });

  it('serves an OpenAPI 3 document that lists the org routes', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/v1/org/users');
    expect(doc.paths['/api/v1/org/users'].post.requestBody).toBeDefined();
  });

  it('answers an unknown API route with 404 in the error shape, in Chinese by default and English on request', async () => {
    const zh = await t.app.inject('/api/v1/nope');
    expect(zh.statusCode).toBe(404);
    expect(errorCode(zh)).toBe('ROUTE_NOT_FOUND');
    expect(zh.json().error.message).toContain('接口不存在');
    const en = await t.app.inject({ url: '/api/v1/nope', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(en.json().error.message).toContain('No such endpoint');
  });

  it('lets the bootstrap admin log in and see the demo departments', async () => {
    const s = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    const res = await s.request('GET', '/api/v1/org/departments');
    expect(res.statusCode).toBe(200);
    const names = res.json().items.map((d: { name: string }) => d.name);
    expect(names).toContain('12345政务服务便民热线中心');
    expect(names).toContain('市城市管理局');
  });
});
