// Factories for the catalog API tests: element lookups by name, a valid resource body, a steward scoped to any
// department, and shortcuts for the review workflow. Each test builds its own resources with these.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { login, type Session, type TestApp } from '../support/test-app.ts';
import { createUser, departmentIdByCode, uniqueName } from './fixtures.ts';

export interface ResourceView {
  code: string;
  name: string;
  status: string;
  version: number;
  providerDepartmentId: number;
  providerCode: string | null;
  statusNote: string | null;
  publishDate: string | null;
  shareMethod: string | null;
  allowedActions: string[];
  items: {
    name: string;
    element: { identifier: string; version: number; latestVersion: number };
    example: string | null;
  }[];
}

/** The identifier and latest version of a demo data element, found by its Chinese name. */
export async function element(s: Session, nameZh: string): Promise<{ identifier: string; version: number }> {
  const res = await s.request('GET', `/api/v1/catalog/elements?q=${encodeURIComponent(nameZh)}&limit=200`);
  expect(res.statusCode).toBe(200);
  const e = (res.json().items as { identifier: string; version: number; nameZh: string }[]).find(
    (x) => x.nameZh === nameZh,
  );
  if (!e) throw new Error(`no data element ${nameZh}`);
  return { identifier: e.identifier, version: e.version };
}

/** A complete, valid registration: a department table of legal entities with a key. */
export async function resourceBody(s: Session, over: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return {
    name: uniqueName('测试资源'),
    classification: '313001',
    kind: 'department',
    summary: '测试用的法人名录。',
    format: 'table',
    items: [
      { name: '统一社会信用代码', element: await element(s, '统一社会信用代码'), isKey: true, personalInfo: 'none' },
      { name: '单位名称', element: await element(s, '法人名称'), personalInfo: 'none' },
    ],
    shareType: 'unconditional',
    shareMethod: 'api',
    openness: 'open',
    updateCycle: 'monthly',
    grade: 'general',
    ...over,
  };
}

export async function createResource(s: Session, over: Record<string, unknown> = {}): Promise<ResourceView> {
  const res = await s.request('POST', '/api/v1/catalog/resources', await resourceBody(s, over));
  if (res.statusCode !== 201) throw new Error(`create resource: ${res.statusCode} ${res.body}`);
  return res.json();
}

export function step(
  s: Session,
  r: { code: string; version: number },
  action: 'submit' | 'approve' | 'return' | 'deprecate',
  reason?: string,
): Promise<LightMyRequestResponse> {
  return s.request('POST', `/api/v1/catalog/resources/${r.code}/${action}`, {
    version: r.version,
    ...(reason === undefined ? {} : { reason }),
  });
}

/** Registers, submits and (as the data office) publishes a resource. */
export async function publishedResource(
  provider: Session,
  office: Session,
  over: Record<string, unknown> = {},
): Promise<ResourceView> {
  let r = await createResource(provider, over);
  r = (await step(provider, r, 'submit')).json();
  const res = await step(office, r, 'approve');
  if (res.statusCode !== 200) throw new Error(`approve: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A new data steward scoped to the department with `code`, logged in. */
export async function stewardOf(t: TestApp, admin: Session, code: string): Promise<Session> {
  const departmentId = await departmentIdByCode(admin, code);
  const u = await createUser(admin, { departmentId, grants: [{ role: 'data_steward', departmentId }], prefix: 'ds' });
  return login(t.app, u.username, u.password);
}

/** Today in China (UTC+8), as the server stamps publish dates. */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}
