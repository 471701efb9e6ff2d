// Departments and users through the admin API: the tree, optimistic versions, keyset paging, search and filters,
// masked contact details, department-scoped administrators, and hostile-looking text kept as plain text.
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
import { createUser, departmentIdByCode, STRONG_PASSWORD, tryLogin, uniqueName, userByUsername } from './fixtures.ts';

interface UserView {
  id: number;
  username: string;
  displayName: string;
  departmentId: number | null;
  phone: string | null;
  email: string | null;
  grants: { role: string; departmentId: number | null }[];
  version: number;
}

describe.skipIf(!engineAvailable())('departments and users', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
  });
  afterAll(() => t?.close());

  const departments = async () =>
    (await admin.request('GET', '/api/v1/org/departments')).json().items as {
      id: number;
      code: string;
      path: string;
      version: number;
    }[];
  const newDepartment = async (over: Record<string, unknown> = {}) => {
    const res = await admin.request('POST', '/api/v1/org/departments', {
      code: uniqueName('D'),
      name: '测试科',
      parentId: await departmentIdByCode(admin, 'CGJ'),
      kind: 'section',
      ...over,
    });
    return res;
  };
  const listUsers = async (s: Session, query = '') => {
    const res = await s.request('GET', `/api/v1/org/users?limit=200${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as { items: UserView[]; nextCursor: string | null };
  };

  describe('departments', () => {
    it('creates a department below its parent in the tree', async () => {
      const parent = (await departments()).find((d) => d.code === 'CGJ')!;
      const res = await newDepartment({ nameEn: 'Test Section' });
      expect(res.statusCode).toBe(201);
      const d = res.json();
      expect(d).toMatchObject({ parentId: parent.id, kind: 'section', version: 1, nameEn: 'Test Section' });
      expect(d.path).toBe(`${parent.path}${d.id}/`);
      expect((await departments()).map((x) => x.id)).toContain(d.id);
    });

    it('refuses a department code that is taken with 409 DEPARTMENT_CODE_TAKEN', async () => {
      const res = await newDepartment({ code: 'CGJ' });
      expect(res.statusCode).toBe(409);
      expect(errorCode(res)).toBe('DEPARTMENT_CODE_TAKEN');
    });

    it('refuses an unknown parent with 400 naming parentId', async () => {
      const res = await newDepartment({ parentId: 999_999 });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.field).toBe('parentId');
    });

    it('refuses an unknown area code with 400 naming areaCode', async () => {
      const res = await newDepartment({ areaCode: '999999' });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('AREA_UNKNOWN');
      expect(res.json().error.details.field).toBe('areaCode');
    });

    it('updates a department and bumps its version', async () => {
      const d = (await newDepartment()).json();
      const res = await admin.request('PATCH', `/api/v1/org/departments/${d.id}`, {
        name: '改名后',
        version: d.version,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ name: '改名后', version: d.version + 1 });
    });

    it('refuses an update with a stale version with 409 VERSION_CONFLICT', async () => {
      const d = (await newDepartment()).json();
      await admin.request('PATCH', `/api/v1/org/departments/${d.id}`, { name: '第一次', version: d.version });
      const res = await admin.request('PATCH', `/api/v1/org/departments/${d.id}`, {
        name: '第二次',
        version: d.version,
      });
      expect(res.statusCode).toBe(409);
      expect(errorCode(res)).toBe('VERSION_CONFLICT');
      expect(res.json().error.details.current).toBe(d.version + 1);
    });

    it('answers an unknown department with 404', async () => {
      const res = await admin.request('PATCH', '/api/v1/org/departments/999999', { name: 'x', version: 1 });
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('DEPARTMENT_NOT_FOUND');
    });
  });

  describe('users', () => {
    it('creates a user with a department-scoped grant who can then log in', async () => {
      const section = await departmentIdByCode(admin, 'CGJ-SR');
      const username = uniqueName('new');
      const res = await admin.request('POST', '/api/v1/org/users', {
        username,
        displayName: '新同事',
        password: STRONG_PASSWORD,
        departmentId: section,
        phone: '13912345678',
        grants: [{ role: 'handler', departmentId: section }],
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        username,
        departmentId: section,
        phone: '139****5678',
        grants: [{ role: 'handler', departmentId: section, departmentName: '市容环境卫生处' }],
        version: 1,
      });
      expect((await tryLogin(t.app, username, STRONG_PASSWORD)).statusCode).toBe(200);
    });

    it('refuses a username that is taken, whatever its case, with 409 USERNAME_TAKEN', async () => {
      const res = await admin.request('POST', '/api/v1/org/users', {
        username: 'DisPatcher',
        displayName: '重名',
        password: STRONG_PASSWORD,
        departmentId: null,
        grants: [],
      });
      expect(res.statusCode).toBe(409);
      expect(errorCode(res)).toBe('USERNAME_TAKEN');
    });

    it('refuses a weak password with 400 PASSWORD_POLICY naming the field', async () => {
      const res = await admin.request('POST', '/api/v1/org/users', {
        username: uniqueName('weak'),
        displayName: '弱密码',
        password: 'password',
        departmentId: null,
        grants: [],
      });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('PASSWORD_POLICY');
      expect(res.json().error.details.field).toBe('password');
    });

    it('walks every user exactly once with keyset paging', async () => {
      const all = (await listUsers(admin)).items.map((u) => u.id);
      expect(all.length).toBeGreaterThan(10);
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = cursor ? `&cursor=${cursor}` : '';
        const res = await admin.request('GET', `/api/v1/org/users?limit=3${q}`);
        expect(res.statusCode).toBe(200);
        const page = res.json() as { items: UserView[]; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((u) => u.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('finds users by part of the username or of the display name', async () => {
      expect((await listUsers(admin, '&q=ispatch')).items.map((u) => u.username)).toEqual(['dispatcher']);
      expect((await listUsers(admin, `&q=${encodeURIComponent('派遣')}`)).items.map((u) => u.username)).toEqual([
        'dispatcher',
      ]);
    });

    it('treats % in the search text literally', async () => {
      expect((await listUsers(admin, '&q=%25')).items).toEqual([]);
    });

    it('filters users by role and by department', async () => {
      const handlers = (await listUsers(admin, '&role=handler')).items;
      expect(handlers.map((u) => u.username)).toContain('handler');
      expect(handlers.every((u) => u.grants.some((g) => g.role === 'handler'))).toBe(true);
      const intake = await departmentIdByCode(admin, 'C12345-SL');
      const inIntake = (await listUsers(admin, `&departmentId=${intake}`)).items;
      expect(inIntake.map((u) => u.username)).toContain('agent');
      expect(inIntake.every((u) => u.departmentId === intake)).toBe(true);
    });

    it('masks phone numbers and e-mail addresses in lists and details', async () => {
      const agent = (await listUsers(admin, '&q=agent')).items.find((u) => u.username === 'agent')!;
      expect(agent.phone).toBe('138****1001');
      expect(agent.email).toBe('a***@demo.onecity.local');
      const detail = (await admin.request('GET', `/api/v1/org/users/${agent.id}`)).json();
      expect(detail.phone).toBe('138****1001');
    });

    it('reveals the contact details on request and writes the reveal to the audit log', async () => {
      const agent = await userByUsername(admin, 'agent');
      const res = await admin.request('POST', `/api/v1/org/users/${agent.id}/reveal-contact`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ phone: '13800001001', email: 'agent@demo.onecity.local' });
      const audit = await admin.request('GET', `/api/v1/audit?action=org.user.reveal_contact&target=user:${agent.id}`);
      const entries = audit.json().items;
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorName: 'admin', result: 'ok' });
      expect(JSON.stringify(entries[0])).not.toContain('13800001001');
    });

    it('lets exactly one of two concurrent edits with the same version win; the other gets 409', async () => {
      const u = await createUser(admin);
      const [a, b] = await Promise.all([
        admin.request('PATCH', `/api/v1/org/users/${u.id}`, { displayName: '甲改的', version: u.version }),
        admin.request('PATCH', `/api/v1/org/users/${u.id}`, { displayName: '乙改的', version: u.version }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      const winner = a.statusCode === 200 ? a : b;
      expect(errorCode(loser)).toBe('VERSION_CONFLICT');
      const now = (await admin.request('GET', `/api/v1/org/users/${u.id}`)).json();
      expect(now.displayName).toBe(winner.json().displayName);
      expect(now.version).toBe(u.version + 1);
    });

    it('does not change the version an edit form holds when the user merely logs in', async () => {
      const u = await createUser(admin);
      await tryLogin(t.app, u.username, 'Wrong#Password-1');
      await tryLogin(t.app, u.username, u.password);
      const res = await admin.request('PATCH', `/api/v1/org/users/${u.id}`, {
        displayName: '改名',
        version: u.version,
      });
      expect(res.statusCode).toBe(200);
    });

    it('refuses to let administrators disable their own account', async () => {
      const self = await userByUsername(admin, 'admin');
      const res = await admin.request('PATCH', `/api/v1/org/users/${self.id}`, {
        disabled: true,
        version: self.version,
      });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('CANNOT_DISABLE_SELF');
    });

    it('answers an unknown user with 404 USER_NOT_FOUND', async () => {
      const res = await admin.request('GET', '/api/v1/org/users/999999');
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('USER_NOT_FOUND');
    });
  });

  describe('a department-scoped administrator (admin of 市城市管理局 only)', () => {
    let cgj: number;
    let cgjAdmin: Session;
    let cgjAdminUser: { id: number; username: string };
    let subtree: Set<number>;

    beforeAll(async () => {
      cgj = await departmentIdByCode(admin, 'CGJ');
      const u = await createUser(admin, { departmentId: cgj, grants: [{ role: 'admin', departmentId: cgj }] });
      cgjAdminUser = u;
      cgjAdmin = await login(t.app, u.username, u.password);
      const all = await departments();
      const path = all.find((d) => d.id === cgj)!.path;
      subtree = new Set(all.filter((d) => d.path.startsWith(path)).map((d) => d.id));
    });

    const userBody = (departmentId: number | null, grants: unknown[]) => ({
      username: uniqueName('s'),
      displayName: '范围测试',
      password: STRONG_PASSWORD,
      departmentId,
      grants,
    });

    it('sees only the users of its own subtree', async () => {
      const { items } = await listUsers(cgjAdmin);
      expect(items.map((u) => u.username)).toContain('handler');
      expect(items.map((u) => u.username)).not.toContain('steward');
      expect(items.map((u) => u.username)).not.toContain('citizen');
      expect(items.every((u) => u.departmentId !== null && subtree.has(u.departmentId))).toBe(true);
    });

    it('creates a user inside its subtree with a grant there', async () => {
      const section = await departmentIdByCode(admin, 'CGJ-ZF');
      const res = await cgjAdmin.request(
        'POST',
        '/api/v1/org/users',
        userBody(section, [{ role: 'inspector', departmentId: section }]),
      );
      expect(res.statusCode).toBe(201);
    });

    it('cannot grant an unscoped (city-wide) role: 403', async () => {
      const section = await departmentIdByCode(admin, 'CGJ-ZF');
      const body = userBody(section, [{ role: 'leader' }]);
      const res = await cgjAdmin.request('POST', '/api/v1/org/users', body);
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
      expect((await listUsers(admin, `&q=${body.username}`)).items).toEqual([]);
    });

    it('cannot widen its own grant to the whole city: 403', async () => {
      const self = (await cgjAdmin.request('GET', `/api/v1/org/users/${cgjAdminUser.id}`)).json();
      const res = await cgjAdmin.request('PATCH', `/api/v1/org/users/${cgjAdminUser.id}`, {
        grants: [{ role: 'admin' }],
        version: self.version,
      });
      expect(res.statusCode).toBe(403);
    });

    it('cannot read or manage users outside its subtree: 403', async () => {
      const steward = await userByUsername(admin, 'steward');
      const outside = await departmentIdByCode(admin, 'DSJJ');
      const attempts: [string, string, unknown?][] = [
        ['GET', `/api/v1/org/users/${steward.id}`],
        ['PATCH', `/api/v1/org/users/${steward.id}`, { displayName: '越权', version: steward.version }],
        ['POST', `/api/v1/org/users/${steward.id}/reset-password`, { password: STRONG_PASSWORD }],
        ['POST', `/api/v1/org/users/${steward.id}/unlock`],
        ['POST', `/api/v1/org/users/${steward.id}/reveal-contact`],
        ['POST', '/api/v1/org/users', userBody(outside, [{ role: 'handler', departmentId: outside }])],
        ['POST', '/api/v1/org/users', userBody(null, [])],
      ];
      for (const [method, url, body] of attempts) {
        const res = await cgjAdmin.request(method, url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(errorCode(res)).toBe('FORBIDDEN');
      }
    });

    it('cannot move a user of its subtree out of it: 403', async () => {
      const handler = await userByUsername(admin, 'handler');
      const res = await cgjAdmin.request('PATCH', `/api/v1/org/users/${handler.id}`, {
        departmentId: await departmentIdByCode(admin, 'DSJJ'),
        version: handler.version,
      });
      expect(res.statusCode).toBe(403);
    });

    it('cannot create or change departments outside its subtree: 403', async () => {
      const dsjj = (await departments()).find((d) => d.code === 'DSJJ')!;
      const create = await cgjAdmin.request('POST', '/api/v1/org/departments', {
        code: uniqueName('D'),
        name: '越权部门',
        parentId: dsjj.id,
        kind: 'section',
      });
      expect(create.statusCode).toBe(403);
      const update = await cgjAdmin.request('PATCH', `/api/v1/org/departments/${dsjj.id}`, {
        name: '越权改名',
        version: dsjj.version,
      });
      expect(update.statusCode).toBe(403);
    });

    it('writes its refusals to the audit log as permission denials', async () => {
      const steward = await userByUsername(admin, 'steward');
      await cgjAdmin.request('POST', `/api/v1/org/users/${steward.id}/reveal-contact`);
      const audit = await admin.request(
        'GET',
        `/api/v1/audit?action=permission.denied&actor=${cgjAdminUser.username}&result=denied`,
      );
      const entries = audit.json().items as { summary: Record<string, unknown> }[];
      expect(entries.some((e) => e.summary.denied === 'org.user.revealContact')).toBe(true);
    });
  });

  describe('SQL-looking and script-looking text', () => {
    const hostile = ["'; drop table users; --", '<script>alert(1)</script>', "Robert'); DROP TABLE departments;--"];

    it('stores user names verbatim and returns them as JSON text', async () => {
      for (const displayName of hostile) {
        const username = uniqueName('h');
        const res = await admin.request('POST', '/api/v1/org/users', {
          username,
          displayName,
          password: STRONG_PASSWORD,
          departmentId: null,
          grants: [],
        });
        expect(res.statusCode).toBe(201);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        const back = (await admin.request('GET', `/api/v1/org/users/${res.json().id}`)).json();
        expect(back.displayName).toBe(displayName);
      }
      const { n } = (await sql<{ n: number }>`select count(*)::int as n from users`.execute(t.opened.db)).rows[0];
      expect(n).toBeGreaterThan(10);
    });

    it('stores department names verbatim and lists them as text', async () => {
      const res = await newDepartment({ name: '<img src=x onerror=alert(1)>', nameEn: hostile[2] });
      expect(res.statusCode).toBe(201);
      const listed = (await departments()).find((d) => d.id === res.json().id) as unknown as Record<string, unknown>;
      expect(listed).toMatchObject({ name: '<img src=x onerror=alert(1)>', nameEn: hostile[2] });
      const { n } = (await sql<{ n: number }>`select count(*)::int as n from departments`.execute(t.opened.db)).rows[0];
      expect(n).toBeGreaterThan(30);
    });

    it('searches with SQL-looking text as plain text', async () => {
      const username = uniqueName('h');
      await admin.request('POST', '/api/v1/org/users', {
        username,
        displayName: hostile[0],
        password: STRONG_PASSWORD,
        departmentId: null,
        grants: [],
      });
      const found = (await listUsers(admin, `&q=${encodeURIComponent("'; drop table")}`)).items;
      expect(found.map((u) => u.displayName).every((n) => n === hostile[0])).toBe(true);
      expect(found.map((u) => u.username)).toContain(username);
      expect((await listUsers(admin, `&q=${encodeURIComponent("' or '1'='1")}`)).items).toEqual([]);
    });
  });
});
