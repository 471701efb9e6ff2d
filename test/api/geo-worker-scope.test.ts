// 网格员的范围随分配而定: an assignment alone makes a person a grid worker in that grid, and ending it ends that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cityToday } from '../../src/server/modules/geo/city-time.ts';
import {
  createTestApp,
  engineAvailable,
  login,
  type Session,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../support/test-app.ts';

const GRID = '32050802101701';
const PASSWORD = 'Worker#2026-scope';

describe.skipIf(!engineAvailable())('a grid worker’s scope follows from the assignment', () => {
  let t: TestApp;
  let admin: Session;
  let userId: number;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    const created = await admin.request('POST', '/api/v1/org/users', {
      username: 'newworker',
      displayName: '新网格员',
      password: PASSWORD,
      departmentId: null,
      grants: [],
    });
    expect(created.statusCode).toBe(201);
    userId = created.json().id;
  });
  afterAll(() => t?.close());

  it('gives an unassigned account without grants no grid permissions', async () => {
    const w = await login(t.app, 'newworker', PASSWORD);
    expect((await w.request('GET', '/api/v1/auth/me')).json().user.permissions).not.toContain('geo.locate');
    expect((await w.request('GET', '/api/v1/geo/locate?lat=31.3&lng=120.6')).statusCode).toBe(403);
  });

  it('makes the assigned person a grid worker of that grid from the first request after assignment', async () => {
    const w = await login(t.app, 'newworker', PASSWORD);
    const assigned = await admin.request('POST', `/api/v1/geo/grids/${GRID}/assignments`, {
      userId,
      role: 'backup',
      // From yesterday, so that it can be ended today (an assignment lasts at least a day).
      validFrom: cityToday(new Date(Date.now() - 86_400_000)),
    });
    expect(assigned.statusCode).toBe(201);
    const me = (await w.request('GET', '/api/v1/auth/me')).json().user;
    expect(me.permissions).toContain('geo.locate');
    expect((await w.request('GET', '/api/v1/geo/locate?lat=31.3&lng=120.6')).statusCode).toBe(200);

    const ended = await admin.request('POST', `/api/v1/geo/assignments/${assigned.json().id}/end`, {
      validTo: cityToday(),
    });
    expect(ended.statusCode).toBe(200);
    expect((await w.request('GET', '/api/v1/geo/locate?lat=31.3&lng=120.6')).statusCode).toBe(403);
  });
});
