// Logging in and staying logged in: passwords, lockout, rate limit, sessions, CSRF, password change, TOTP and the
// per-role two-factor policy — through the HTTP API, as a browser would.
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../../src/server/platform/auth/totp.ts';
import {
  createTestApp,
  engineAvailable,
  errorCode,
  login,
  type Session,
  sessionFrom,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../support/test-app.ts';
import {
  type CreatedUser,
  cookieOf,
  createUser,
  departmentIdByCode,
  sessionIdOf,
  tryLogin,
  uniqueName,
} from './fixtures.ts';

const WRONG = 'Wrong#Password-1';

/** A six-digit code that is not valid for `secret` in the ±1 step window around now. */
function wrongCode(secret: string): string {
  const valid = new Set([-1, 0, 1].map((w) => totpAt(secret, Date.now() + w * 30_000)));
  for (const c of ['000000', '111111', '222222', '333333']) if (!valid.has(c)) return c;
  throw new Error('unreachable');
}

describe.skipIf(!engineAvailable())('logging in, sessions and two-factor login', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
  });
  afterAll(() => t?.close());

  const me = (s: Session) => s.request('GET', '/api/v1/auth/me');
  const failLogins = async (username: string, n: number) => {
    const out: LightMyRequestResponse[] = [];
    for (let i = 0; i < n; i++) out.push(await tryLogin(t.app, username, WRONG));
    return out;
  };
  const auditOf = async (query: string) => {
    const res = await admin.request('GET', `/api/v1/audit?${query}&limit=500`);
    expect(res.statusCode).toBe(200);
    return res.json().items as {
      actorKind: string;
      actorName: string;
      action: string;
      result: string;
      summary: Record<string, unknown>;
      targetId: string | null;
      ip: string | null;
    }[];
  };
  /** Sets up and enables TOTP for the logged-in user; the enabling code is from the previous 30 s step. */
  const enrolTotp = async (s: Session) => {
    const setup = await s.request('POST', '/api/v1/auth/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl } = setup.json() as { secret: string; otpauthUrl: string };
    expect(otpauthUrl).toContain(`secret=${secret}`);
    const enable = await s.request('POST', '/api/v1/auth/totp/enable', { code: totpAt(secret, Date.now() - 30_000) });
    expect(enable.statusCode).toBe(200);
    return { secret, recoveryCodes: enable.json().recoveryCodes as string[] };
  };
  const secondFactor = (mfaToken: string, code: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { mfaToken, code } });
  const newUser = (): Promise<CreatedUser> => createUser(admin);

  describe('password login', () => {
    it('logs a user in with an httpOnly, SameSite cookie, the user and a CSRF token', async () => {
      const u = await newUser();
      const res = await tryLogin(t.app, u.username, u.password);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.status).toBe('ok');
      expect(body.user.username).toBe(u.username);
      expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/^onecity_session=/);
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Strict/i);
    });

    it('answers a wrong password and an unknown user with the same 401 LOGIN_FAILED', async () => {
      const u = await newUser();
      const wrong = await tryLogin(t.app, u.username, WRONG);
      const unknown = await tryLogin(t.app, uniqueName('nobody'), WRONG);
      expect(wrong.statusCode).toBe(401);
      expect(errorCode(wrong)).toBe('LOGIN_FAILED');
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json()).toEqual(wrong.json());
      expect(wrong.headers['set-cookie']).toBeUndefined();
    });

    it('finds the username regardless of case', async () => {
      const u = await newUser();
      const res = await tryLogin(t.app, u.username.toUpperCase(), u.password);
      expect(res.statusCode).toBe(200);
    });

    it('refuses a disabled account even with the right password', async () => {
      const u = await newUser();
      await sql`update users set disabled = true where id = ${u.id}`.execute(t.opened.db);
      const res = await tryLogin(t.app, u.username, u.password);
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('ACCOUNT_DISABLED');
    });
  });

  describe('lockout (brute force)', () => {
    it('locks the account after 5 failed logins for 15 minutes', async () => {
      const u = await newUser();
      const before = Date.now();
      const answers = await failLogins(u.username, 5);
      expect(answers.slice(0, 4).map((r) => r.statusCode)).toEqual([401, 401, 401, 401]);
      expect(answers.slice(0, 4).map(errorCode)).toEqual(Array(4).fill('LOGIN_FAILED'));
      expect(answers[4].statusCode).toBe(429);
      expect(errorCode(answers[4])).toBe('ACCOUNT_LOCKED');
      const until = Date.parse(answers[4].json().error.details.until);
      expect(until).toBeGreaterThanOrEqual(before + 15 * 60_000 - 1000);
      expect(until).toBeLessThanOrEqual(Date.now() + 15 * 60_000 + 1000);
    });

    it('refuses even the right password while the account is locked', async () => {
      const u = await newUser();
      await failLogins(u.username, 5);
      const res = await tryLogin(t.app, u.username, u.password);
      expect(res.statusCode).toBe(429);
      expect(errorCode(res)).toBe('ACCOUNT_LOCKED');
      expect(typeof res.json().error.details.until).toBe('string');
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('shows the lock to administrators and lets them unlock the account', async () => {
      const u = await newUser();
      await failLogins(u.username, 5);
      const view = await admin.request('GET', `/api/v1/org/users/${u.id}`);
      expect(view.json().lockedUntil).not.toBeNull();
      const unlock = await admin.request('POST', `/api/v1/org/users/${u.id}/unlock`);
      expect(unlock.statusCode).toBe(204);
      expect((await tryLogin(t.app, u.username, u.password)).statusCode).toBe(200);
    });

    it('lifts the lock by itself once its time has passed', async () => {
      const u = await newUser();
      await failLogins(u.username, 5);
      await sql`update users set locked_until = now() - interval '1 second' where id = ${u.id}`.execute(t.opened.db);
      expect((await tryLogin(t.app, u.username, u.password)).statusCode).toBe(200);
    });

    it('starts counting failures afresh after a successful login', async () => {
      const u = await newUser();
      await failLogins(u.username, 4);
      expect((await tryLogin(t.app, u.username, u.password)).statusCode).toBe(200);
      const again = await failLogins(u.username, 4);
      expect(again.map((r) => r.statusCode)).toEqual([401, 401, 401, 401]);
    });

    it('writes failed logins and the lockout to the audit log', async () => {
      const u = await newUser();
      const stranger = uniqueName('nobody');
      await failLogins(u.username, 5);
      await tryLogin(t.app, u.username, u.password);
      await tryLogin(t.app, stranger, WRONG);
      const failed = await auditOf('action=auth.login&result=failed');
      const mine = failed.filter((e) => e.actorName === u.username);
      expect(mine.map((e) => e.summary.reason).sort()).toEqual([
        'bad_password',
        'bad_password',
        'bad_password',
        'bad_password',
        'bad_password_locked',
        'locked',
      ]);
      expect(mine.every((e) => e.action === 'auth.login' && e.targetId === String(u.id) && e.ip)).toBe(true);
      const unknown = failed.find((e) => e.summary.username === stranger);
      expect(unknown).toMatchObject({ actorKind: 'anonymous', result: 'failed', summary: { reason: 'unknown_user' } });
    });
  });

  describe('sessions', () => {
    it('ends a session idle for longer than the idle timeout with 401 SESSION_EXPIRED', async () => {
      const u = await newUser();
      const s = await login(t.app, u.username, u.password);
      await sql`update sessions set last_seen_at = now() - interval '31 minutes' where id = ${sessionIdOf(s)}`.execute(
        t.opened.db,
      );
      const res = await me(s);
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('SESSION_EXPIRED');
    });

    it('keeps a session that was used within the idle timeout', async () => {
      const u = await newUser();
      const s = await login(t.app, u.username, u.password);
      await sql`update sessions set last_seen_at = now() - interval '29 minutes' where id = ${sessionIdOf(s)}`.execute(
        t.opened.db,
      );
      expect((await me(s)).statusCode).toBe(200);
    });

    it('ends a session past its absolute lifetime however busy it is', async () => {
      const u = await newUser();
      const s = await login(t.app, u.username, u.password);
      await sql`update sessions set expires_at = now() - interval '1 second' where id = ${sessionIdOf(s)}`.execute(
        t.opened.db,
      );
      const res = await me(s);
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('SESSION_EXPIRED');
    });

    it('refuses a cookie that names no session with 401', async () => {
      const res = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: 'onecity_session=made-up-token' } });
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('SESSION_EXPIRED');
    });

    it('logs out: the cookie is cleared and reusing it gets 401', async () => {
      const u = await newUser();
      const s = await login(t.app, u.username, u.password);
      const out = await s.request('POST', '/api/v1/auth/logout');
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/onecity_session=;|Expires=Thu, 01 Jan 1970|Max-Age=0/);
      const res = await me(s);
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('SESSION_EXPIRED');
    });

    it('logs out everywhere: every session of the user ends, other users keep theirs', async () => {
      const u = await newUser();
      const other = await newUser();
      const here = await login(t.app, u.username, u.password);
      const elsewhere = await login(t.app, u.username, u.password);
      const someoneElse = await login(t.app, other.username, other.password);
      expect((await here.request('POST', '/api/v1/auth/logout-all')).statusCode).toBe(204);
      expect((await elsewhere.request('GET', '/api/v1/auth/me')).statusCode).toBe(401);
      expect((await me(here)).statusCode).toBe(401);
      expect((await me(someoneElse)).statusCode).toBe(200);
    });

    it('answers the next request of a user disabled while logged in with 401', async () => {
      const u = await newUser();
      const s = await login(t.app, u.username, u.password);
      expect((await me(s)).statusCode).toBe(200);
      const disable = await admin.request('PATCH', `/api/v1/org/users/${u.id}`, { disabled: true, version: u.version });
      expect(disable.statusCode).toBe(200);
      const res = await me(s);
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('SESSION_EXPIRED');
    });

    it('answers with 401 as soon as the account is disabled, even by a direct database change', async () => {
      const u = await newUser();
      const s = await login(t.app, u.username, u.password);
      await sql`update users set disabled = true where id = ${u.id}`.execute(t.opened.db);
      expect((await me(s)).statusCode).toBe(401);
    });

    it('ends every session of a user whose password an administrator resets', async () => {
      const u = await newUser();
      const s = await login(t.app, u.username, u.password);
      const reset = await admin.request('POST', `/api/v1/org/users/${u.id}/reset-password`, {
        password: 'Reset#Pass-2027',
      });
      expect(reset.statusCode).toBe(204);
      expect((await me(s)).statusCode).toBe(401);
      expect((await tryLogin(t.app, u.username, 'Reset#Pass-2027')).statusCode).toBe(200);
    });

    it('records a successful login with the client address in the audit log', async () => {
      const u = await newUser();
      await login(t.app, u.username, u.password);
      const entries = await auditOf(`action=auth.login&actor=${u.username}&result=ok`);
      expect(entries.length).toBeGreaterThanOrEqual(1);
      expect(entries[0]).toMatchObject({ actorKind: 'user', actorName: u.username, action: 'auth.login' });
      expect(entries[0].ip).toBeTruthy();
    });
  });

  describe('CSRF protection of cookie-authenticated writes', () => {
    const newDepartment = async () => ({
      code: uniqueName('D'),
      name: 'CSRF 测试部门',
      parentId: await departmentIdByCode(admin, 'CGJ'),
      kind: 'section',
    });
    const departmentCodes = async () =>
      ((await admin.request('GET', '/api/v1/org/departments')).json().items as { code: string }[]).map((d) => d.code);

    it('refuses a write without the CSRF header with 403 CSRF_INVALID and changes nothing', async () => {
      const body = await newDepartment();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/org/departments',
        payload: body,
        headers: { cookie: admin.cookie },
      });
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('CSRF_INVALID');
      expect(await departmentCodes()).not.toContain(body.code);
    });

    it('refuses a forged CSRF token with 403 CSRF_INVALID', async () => {
      const res = await admin.request('POST', '/api/v1/org/departments', await newDepartment(), {
        'x-csrf-token': 'forged-token-forged-token-forged',
      });
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('CSRF_INVALID');
    });

    it("refuses another session's CSRF token", async () => {
      const u = await newUser();
      const other = await login(t.app, u.username, u.password);
      const res = await admin.request('POST', '/api/v1/org/departments', await newDepartment(), {
        'x-csrf-token': other.csrf,
      });
      expect(res.statusCode).toBe(403);
      expect(errorCode(res)).toBe('CSRF_INVALID');
    });

    it('accepts the same write with the session’s CSRF token', async () => {
      const res = await admin.request('POST', '/api/v1/org/departments', await newDepartment());
      expect(res.statusCode).toBe(201);
    });

    it('needs no CSRF token for reads', async () => {
      const res = await t.app.inject({ url: '/api/v1/org/departments', headers: { cookie: admin.cookie } });
      expect(res.statusCode).toBe(200);
    });

    it('writes refused CSRF checks to the audit log as denials', async () => {
      const u = await newUser();
      const s = await login(t.app, u.username, u.password);
      await s.request('POST', '/api/v1/auth/logout', undefined, { 'x-csrf-token': 'nope' });
      const entries = await auditOf(`action=auth.csrf&actor=${u.username}`);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ result: 'denied', actorName: u.username });
    });
  });

  describe('changing one’s own password', () => {
    it('refuses a wrong current password with 400 PASSWORD_WRONG naming the field', async () => {
      const u = await newUser();
      const s = await login(t.app, u.username, u.password);
      const res = await s.request('POST', '/api/v1/auth/password', {
        currentPassword: WRONG,
        newPassword: 'Another#Pass-2027',
      });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('PASSWORD_WRONG');
      expect(res.json().error.details.field).toBe('currentPassword');
    });

    it('refuses a weak new password with 400 PASSWORD_POLICY naming the field', async () => {
      const u = await newUser();
      const s = await login(t.app, u.username, u.password);
      const res = await s.request('POST', '/api/v1/auth/password', {
        currentPassword: u.password,
        newPassword: 'short',
      });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('PASSWORD_POLICY');
      expect(res.json().error.details).toMatchObject({ field: 'newPassword', problem: 'too_short' });
    });

    it('refuses a new password that contains the username', async () => {
      const u = await newUser();
      const s = await login(t.app, u.username, u.password);
      const res = await s.request('POST', '/api/v1/auth/password', {
        currentPassword: u.password,
        newPassword: `X#1${u.username}`,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toMatchObject({ field: 'newPassword', problem: 'contains_username' });
    });

    it('changes the password, keeps this session and ends the others', async () => {
      const u = await newUser();
      const here = await login(t.app, u.username, u.password);
      const elsewhere = await login(t.app, u.username, u.password);
      const res = await here.request('POST', '/api/v1/auth/password', {
        currentPassword: u.password,
        newPassword: 'Another#Pass-2027',
      });
      expect(res.statusCode).toBe(204);
      expect((await me(here)).statusCode).toBe(200);
      expect((await me(elsewhere)).statusCode).toBe(401);
      expect((await tryLogin(t.app, u.username, u.password)).statusCode).toBe(401);
      expect((await tryLogin(t.app, u.username, 'Another#Pass-2027')).statusCode).toBe(200);
    });
  });

  describe('two-factor login (TOTP, RFC 6238)', () => {
    it('asks for the second factor once TOTP is enabled, and sets no cookie before it', async () => {
      const u = await newUser();
      await enrolTotp(await login(t.app, u.username, u.password));
      const res = await tryLogin(t.app, u.username, u.password);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'mfa_required' });
      expect(res.json().mfaToken).toEqual(expect.any(String));
      expect(res.json().user).toBeUndefined();
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('refuses a wrong code with 401 MFA_CODE_INVALID', async () => {
      const u = await newUser();
      const { secret } = await enrolTotp(await login(t.app, u.username, u.password));
      const { mfaToken } = (await tryLogin(t.app, u.username, u.password)).json();
      const res = await secondFactor(mfaToken, wrongCode(secret));
      expect(res.statusCode).toBe(401);
      expect(errorCode(res)).toBe('MFA_CODE_INVALID');
    });

    it('logs in with the right code and gives a working session', async () => {
      const u = await newUser();
      const { secret } = await enrolTotp(await login(t.app, u.username, u.password));
      const { mfaToken } = (await tryLogin(t.app, u.username, u.password)).json();
      const res = await secondFactor(mfaToken, totpAt(secret, Date.now()));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', user: { username: u.username, mfaEnabled: true } });
      const s = sessionFrom(t.app, cookieOf(res), res.json().csrfToken);
      expect((await me(s)).statusCode).toBe(200);
    });

    it('does not accept the pending-login token as a session cookie', async () => {
      const u = await newUser();
      await enrolTotp(await login(t.app, u.username, u.password));
      const { mfaToken } = (await tryLogin(t.app, u.username, u.password)).json();
      const res = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: `onecity_session=${mfaToken}` } });
      expect(res.statusCode).toBe(401);
    });

    it('accepts the pending-login token only once', async () => {
      const u = await newUser();
      const { secret } = await enrolTotp(await login(t.app, u.username, u.password));
      const { mfaToken } = (await tryLogin(t.app, u.username, u.password)).json();
      expect((await secondFactor(mfaToken, totpAt(secret, Date.now()))).statusCode).toBe(200);
      const again = await secondFactor(mfaToken, totpAt(secret, Date.now() + 30_000));
      expect(again.statusCode).toBe(401);
      expect(errorCode(again)).toBe('MFA_TOKEN_INVALID');
    });

    it('refuses a TOTP code that was already used to log in (RFC 6238 §5.2: no replay)', async () => {
      const u = await newUser();
      const { secret } = await enrolTotp(await login(t.app, u.username, u.password));
      const code = totpAt(secret, Date.now());
      const first = (await tryLogin(t.app, u.username, u.password)).json().mfaToken;
      expect((await secondFactor(first, code)).statusCode).toBe(200);
      const second = (await tryLogin(t.app, u.username, u.password)).json().mfaToken;
      const replay = await secondFactor(second, code);
      expect(replay.statusCode).toBe(401);
      expect(errorCode(replay)).toBe('MFA_CODE_INVALID');
    });

    it('accepts a recovery code once and only once', async () => {
      const u = await newUser();
      const { recoveryCodes } = await enrolTotp(await login(t.app, u.username, u.password));
      expect(recoveryCodes).toHaveLength(10);
      const code = recoveryCodes[0];
      const first = await secondFactor((await tryLogin(t.app, u.username, u.password)).json().mfaToken, code);
      expect(first.statusCode).toBe(200);
      expect(first.json().status).toBe('ok');
      const reuse = await secondFactor((await tryLogin(t.app, u.username, u.password)).json().mfaToken, code);
      expect(reuse.statusCode).toBe(401);
      expect(errorCode(reuse)).toBe('MFA_CODE_INVALID');
      const other = await secondFactor(
        (await tryLogin(t.app, u.username, u.password)).json().mfaToken,
        recoveryCodes[1],
      );
      expect(other.statusCode).toBe(200);
    });

    it('counts wrong codes towards the lockout', async () => {
      const u = await newUser();
      const { secret } = await enrolTotp(await login(t.app, u.username, u.password));
      const { mfaToken } = (await tryLogin(t.app, u.username, u.password)).json();
      const answers: number[] = [];
      for (let i = 0; i < 5; i++) answers.push((await secondFactor(mfaToken, wrongCode(secret))).statusCode);
      expect(answers).toEqual([401, 401, 401, 401, 429]);
      const res = await tryLogin(t.app, u.username, u.password);
      expect(res.statusCode).toBe(429);
      expect(errorCode(res)).toBe('ACCOUNT_LOCKED');
    });

    it('refuses to enable TOTP with a wrong code', async () => {
      const u = await newUser();
      const s = await login(t.app, u.username, u.password);
      const { secret } = (await s.request('POST', '/api/v1/auth/totp/setup')).json();
      const res = await s.request('POST', '/api/v1/auth/totp/enable', { code: wrongCode(secret) });
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('MFA_CODE_INVALID');
      expect((await tryLogin(t.app, u.username, u.password)).json().status).toBe('ok');
    });
  });

  describe('a role that requires two-factor login', () => {
    it('gives a leader without TOTP a limited session (403 MFA_SETUP_REQUIRED) until TOTP is enabled', async () => {
      const u = await createUser(admin, { grants: [{ role: 'leader' }] });
      const policy = await admin.request('PATCH', '/api/v1/org/roles/leader', { mfaRequired: true });
      expect(policy.statusCode).toBe(200);
      try {
        const res = await tryLogin(t.app, u.username, u.password);
        expect(res.statusCode).toBe(200);
        expect(res.json().status).toBe('mfa_setup_required');
        const s = sessionFrom(t.app, cookieOf(res), res.json().csrfToken);

        const blocked = await s.request('GET', '/api/v1/org/departments');
        expect(blocked.statusCode).toBe(403);
        expect(errorCode(blocked)).toBe('MFA_SETUP_REQUIRED');
        expect((await s.request('GET', '/api/v1/org/users')).statusCode).toBe(403);
        const who = await me(s);
        expect(who.statusCode).toBe(200);
        expect(who.json().user).toMatchObject({ mfaRequired: true, mfaEnabled: false });

        await enrolTotp(s);
        expect((await s.request('GET', '/api/v1/org/departments')).statusCode).toBe(200);
        expect((await tryLogin(t.app, u.username, u.password)).json().status).toBe('mfa_required');
      } finally {
        await admin.request('PATCH', '/api/v1/org/roles/leader', { mfaRequired: false });
      }
    });

    it('refuses to turn TOTP off for a user whose role requires it', async () => {
      const u = await createUser(admin, { grants: [{ role: 'reviewer' }] });
      const s = await login(t.app, u.username, u.password);
      const { secret } = await enrolTotp(s);
      await admin.request('PATCH', '/api/v1/org/roles/reviewer', { mfaRequired: true });
      try {
        const res = await s.request('POST', '/api/v1/auth/totp/disable', { code: totpAt(secret, Date.now()) });
        expect(res.statusCode).toBe(409);
        expect(errorCode(res)).toBe('MFA_REQUIRED_BY_ROLE');
      } finally {
        await admin.request('PATCH', '/api/v1/org/roles/reviewer', { mfaRequired: false });
      }
    });
  });
});

describe.skipIf(!engineAvailable())('configured limits: login rate, lockout and idle timeout', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp({
      ONECITY_LOGIN_RATE_PER_MINUTE: '5',
      ONECITY_LOCKOUT_FAILURES: '3',
      ONECITY_LOCKOUT_MINUTES: '2',
      ONECITY_SESSION_IDLE_MINUTES: '1',
    });
    const res = await tryLogin(t.app, 'admin', TEST_ADMIN_PASSWORD, '198.51.100.1');
    admin = sessionFrom(t.app, cookieOf(res), res.json().csrfToken);
  });
  afterAll(() => t?.close());

  it('answers the 6th login attempt in a minute from one address with 429 RATE_LIMITED', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) answers.push((await tryLogin(t.app, uniqueName('x'), WRONG, '203.0.113.7')).statusCode);
    expect(answers).toEqual([401, 401, 401, 401, 401, 429]);
    const last = await tryLogin(t.app, 'admin', TEST_ADMIN_PASSWORD, '203.0.113.7');
    expect(last.statusCode).toBe(429);
    expect(errorCode(last)).toBe('RATE_LIMITED');
  });

  it('counts each client address on its own', async () => {
    for (let i = 0; i < 6; i++) await tryLogin(t.app, uniqueName('x'), WRONG, '203.0.113.8');
    const fresh = await tryLogin(t.app, 'admin', TEST_ADMIN_PASSWORD, '203.0.113.9');
    expect(fresh.statusCode).toBe(200);
  });

  it('limits the second-factor step too', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login/totp',
        payload: { mfaToken: 'not-a-real-token', code: '123456' },
        remoteAddress: '203.0.113.10',
      });
      answers.push(res.statusCode);
    }
    expect(answers).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('locks after the configured number of failures for the configured time', async () => {
    const u = await createUser(admin);
    const answers: LightMyRequestResponse[] = [];
    for (let i = 0; i < 3; i++) answers.push(await tryLogin(t.app, u.username, WRONG, `198.51.100.${20 + i}`));
    expect(answers.map((r) => r.statusCode)).toEqual([401, 401, 429]);
    const until = Date.parse(answers[2].json().error.details.until);
    expect(Math.abs(until - (Date.now() + 2 * 60_000))).toBeLessThan(5000);
  });

  it('ends a session after the configured idle time', async () => {
    const u = await createUser(admin);
    const res = await tryLogin(t.app, u.username, u.password, '198.51.100.30');
    const s = sessionFrom(t.app, cookieOf(res), res.json().csrfToken);
    await sql`update sessions set last_seen_at = now() - interval '90 seconds' where id = ${sessionIdOf(s)}`.execute(
      t.opened.db,
    );
    const me = await s.request('GET', '/api/v1/auth/me');
    expect(me.statusCode).toBe(401);
    expect(errorCode(me)).toBe('SESSION_EXPIRED');
  });
});
