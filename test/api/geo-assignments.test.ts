// 网格员 / 网格长 on a grid: effective dates, one primary at a time (the previous one ends the day the next
// starts), backups alongside, history kept, and the refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  errorCode,
  login,
  type Session,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../support/test-app.ts';
import { createUser, userByUsername } from './fixtures.ts';

interface Assignment {
  id: number;
  userId: number;
  displayName: string;
  role: string;
  validFrom: string;
  validTo: string | null;
  current: boolean;
}

describe.skipIf(!engineAvailable())('grid assignments', () => {
  let t: TestApp;
  let admin: Session;
  let codes: string[];
  let worker: number;
  let other: number;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    // The grids of 平江街道, in code order: more than enough for one grid per test.
    codes = (await admin.request('GET', '/api/v1/geo/grids?street=320508018'))
      .json()
      .features.map((f: { properties: { code: string } }) => f.properties.code);
    worker = (await userByUsername(admin, 'gridworker')).id;
    other = (await createUser(admin, { grants: [{ role: 'grid_worker', areaCode: '320508' }] })).id;
  });
  afterAll(() => t?.close());

  const assign = (code: string, body: Record<string, unknown>, s: Session = admin) =>
    s.request('POST', `/api/v1/geo/grids/${code}/assignments`, body);
  const history = async (code: string) =>
    (await admin.request('GET', `/api/v1/geo/grids/${code}/assignments`)).json().items as Assignment[];

  it('assigns a primary worker from a date, shown on the grid and by locate', async () => {
    const res = await assign(codes[0], { userId: worker, role: 'primary', validFrom: '2024-03-01' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      gridCode: codes[0],
      userId: worker,
      displayName: '刘网格',
      role: 'primary',
      validFrom: '2024-03-01',
      validTo: null,
      current: true,
      createdBy: 'admin',
    });
    const detail = (await admin.request('GET', `/api/v1/geo/grids/${codes[0]}`)).json();
    expect(detail.workers).toEqual([
      {
        assignmentId: res.json().id,
        userId: worker,
        displayName: '刘网格',
        role: 'primary',
        validFrom: '2024-03-01',
        validTo: null,
      },
    ]);
    expect(detail.workerCount).toBe(1);
  });

  it('ends the previous primary the day a new primary starts, and keeps both in the history', async () => {
    await assign(codes[1], { userId: worker, role: 'primary', validFrom: '2024-01-01' });
    const res = await assign(codes[1], { userId: other, role: 'primary', validFrom: '2025-06-01' });
    expect(res.statusCode).toBe(201);
    const items = await history(codes[1]);
    expect(items.map((a) => [a.userId, a.role, a.validFrom, a.validTo, a.current])).toEqual([
      [other, 'primary', '2025-06-01', null, true],
      [worker, 'primary', '2024-01-01', '2025-06-01', false],
    ]);
  });

  it('adds backups beside the primary, and a chief (网格长)', async () => {
    await assign(codes[2], { userId: worker, role: 'primary', validFrom: '2024-01-01' });
    expect((await assign(codes[2], { userId: other, role: 'backup', validFrom: '2024-01-01' })).statusCode).toBe(201);
    const chief = (await userByUsername(admin, 'sysadmin')).id;
    expect((await assign(codes[2], { userId: chief, role: 'chief', validFrom: '2024-01-01' })).statusCode).toBe(201);
    const current = (await history(codes[2]))
      .filter((a) => a.current)
      .map((a) => a.role)
      .sort();
    expect(current).toEqual(['backup', 'chief', 'primary']);
  });

  it('ends an assignment early and keeps the record', async () => {
    const created = (await assign(codes[3], { userId: other, role: 'backup', validFrom: '2024-01-01' })).json();
    const res = await admin.request('POST', `/api/v1/geo/assignments/${created.id}/end`, { validTo: '2024-12-31' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: created.id, validTo: '2024-12-31', current: false });
    expect((await history(codes[3])).map((a) => a.id)).toContain(created.id);
    const again = await admin.request('POST', `/api/v1/geo/assignments/${created.id}/end`, { validTo: '2024-06-30' });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('ASSIGNMENT_ALREADY_ENDED');
  });

  it('refuses the same person twice in the same role and period with 409 ASSIGNMENT_DUPLICATE', async () => {
    await assign(codes[4], { userId: other, role: 'backup', validFrom: '2024-01-01' });
    const res = await assign(codes[4], { userId: other, role: 'backup', validFrom: '2024-05-01' });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('ASSIGNMENT_DUPLICATE');
  });

  it('refuses a primary that would start before the one already planned, with 409 ASSIGNMENT_OVERLAP', async () => {
    await assign(codes[5], { userId: worker, role: 'primary', validFrom: '2030-01-01' });
    const res = await assign(codes[5], { userId: other, role: 'primary', validFrom: '2029-01-01' });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('ASSIGNMENT_OVERLAP');
  });

  it.each([
    [{ role: 'primary', validFrom: '2024-01-01' }, 'userId'],
    [{ userId: 1, role: 'boss', validFrom: '2024-01-01' }, 'role'],
    [{ userId: 1, role: 'primary', validFrom: '2024-02-30' }, 'validFrom'],
    [{ userId: 1, role: 'primary', validFrom: '2024-01-01', extra: true }, 'extra'],
    [{ userId: 2147483648, role: 'primary', validFrom: '2024-01-01' }, 'userId'],
  ])('refuses the body %j with 400 naming %s', async (body, field) => {
    const res = await assign(codes[0], body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.field).toBe(field);
  });

  it('refuses an end before the start, an unknown user, an unknown grid and an unknown assignment', async () => {
    const dates = await assign(codes[0], {
      userId: other,
      role: 'backup',
      validFrom: '2024-05-01',
      validTo: '2024-04-01',
    });
    expect(errorCode(dates)).toBe('ASSIGNMENT_DATES_INVALID');
    const user = await assign(codes[0], { userId: 999_999, role: 'backup', validFrom: '2024-05-01' });
    expect(user.statusCode).toBe(400);
    expect(errorCode(user)).toBe('ASSIGNMENT_USER_NOT_FOUND');
    const grid = await assign(`${codes[0].slice(0, 12)}99`, { userId: other, role: 'backup', validFrom: '2024-05-01' });
    expect(grid.statusCode).toBe(404);
    expect(errorCode(grid)).toBe('GRID_NOT_FOUND');
    const none = await admin.request('POST', '/api/v1/geo/assignments/999999/end', { validTo: '2024-12-31' });
    expect(none.statusCode).toBe(404);
    expect(errorCode(none)).toBe('ASSIGNMENT_NOT_FOUND');
  });

  it('lets an admin scoped to another district read but not assign here', async () => {
    const scoped = await createUser(admin, { grants: [{ role: 'admin', areaCode: '320505' }] });
    const s = await login(t.app, scoped.username, scoped.password);
    expect((await s.request('GET', `/api/v1/geo/grids/${codes[0]}/assignments`)).statusCode).toBe(200);
    const res = await assign(codes[0], { userId: other, role: 'backup', validFrom: '2024-01-01' }, s);
    expect(res.statusCode).toBe(403);
  });

  it('refuses assigning to a grid worker with 403', async () => {
    const s = await login(t.app, 'gridworker', DEMO_PASSWORD);
    const res = await assign(codes[0], { userId: other, role: 'backup', validFrom: '2024-01-01' }, s);
    expect(res.statusCode).toBe(403);
  });
});
