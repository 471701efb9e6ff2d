// Small factories shared by the API tests: look up demo departments and users, create throwaway users and keys.
// Each test builds what it needs with these instead of sharing mutable state with other tests.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { tokenDigest } from '../../src/server/platform/auth/tokens.ts';
import type { Session } from '../support/test-app.ts';

/** Satisfies the default password policy (10+ chars, 3 classes) and contains no generated username. */
export const STRONG_PASSWORD = 'Fixture#Pass-2026';

export interface GrantSpec {
  role: string;
  departmentId?: number | null;
  areaCode?: string | null;
}

export interface CreatedUser {
  id: number;
  username: string;
  password: string;
  version: number;
}

export function uniqueName(prefix = 'u'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

export async function departmentIdByCode(admin: Session, code: string): Promise<number> {
  const res = await admin.request('GET', '/api/v1/org/departments');
  expect(res.statusCode).toBe(200);
  const d = (res.json().items as { id: number; code: string }[]).find((x) => x.code === code);
  if (!d) throw new Error(`no department ${code}`);
  return d.id;
}

export async function userByUsername(
  admin: Session,
  username: string,
): Promise<{ id: number; version: number; departmentId: number | null }> {
  const res = await admin.request('GET', `/api/v1/org/users?q=${encodeURIComponent(username)}&limit=200`);
  expect(res.statusCode).toBe(200);
  const u = (res.json().items as { id: number; username: string; version: number; departmentId: number | null }[]).find(
    (x) => x.username === username,
  );
  if (!u) throw new Error(`no user ${username}`);
  return u;
}

/** Creates a user through the API as `admin` (an unscoped admin session). */
export async function createUser(
  admin: Session,
  opts: { grants?: GrantSpec[]; departmentId?: number | null; prefix?: string } = {},
): Promise<CreatedUser> {
  const username = uniqueName(opts.prefix ?? 'u');
  const res = await admin.request('POST', '/api/v1/org/users', {
    username,
    displayName: `测试 ${username}`,
    password: STRONG_PASSWORD,
    departmentId: opts.departmentId ?? null,
    grants: opts.grants ?? [],
  });
  if (res.statusCode !== 201) throw new Error(`create user: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return { id: body.id, username, password: STRONG_PASSWORD, version: body.version };
}

/** The sessions.id of a logged-in session: the stored digest of its cookie token. */
export function sessionIdOf(s: Session): string {
  return tokenDigest(s.cookie.slice(s.cookie.indexOf('=') + 1));
}

export function withKey(
  app: FastifyInstance,
  key: string,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: method as 'GET',
    url,
    ...(body === undefined ? {} : { payload: body as object }),
    headers: { authorization: `Bearer ${key}`, ...headers },
  });
}

export function anonymous(
  app: FastifyInstance,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: method as 'GET',
    url,
    ...(body === undefined ? {} : { payload: body as object }),
    headers,
  });
}

/** A bare password login: the raw response, for tests about refusals. */
export function tryLogin(
  app: FastifyInstance,
  username: string,
  password: string,
  remoteAddress?: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

/** The cookie pair ("onecity_session=…") a login response sets. */
export function cookieOf(res: LightMyRequestResponse): string {
  const setCookie = res.headers['set-cookie'];
  const raw = Array.isArray(setCookie) ? setCookie[0] : String(setCookie);
  return raw.split(';')[0];
}

/** Any character from the CJK blocks: an English message must have none. */
export const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
