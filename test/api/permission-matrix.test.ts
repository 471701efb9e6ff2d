// The permission matrix: every /api/v1 route of the OpenAPI document × every role, against a table written by
// hand from the roles' intended grants (not derived from the code under test), so a grant that changes by
// accident — or a new route nobody thought about — fails here. Plus department scope: inside allowed, outside 403.
import type { LightMyRequestResponse } from 'fastify';
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
import { anonymous, createUser, departmentIdByCode, STRONG_PASSWORD, uniqueName, userByUsername } from './fixtures.ts';

const ROLES = [
  'admin',
  'hotline_agent',
  'dispatcher',
  'handler',
  'grid_worker',
  'inspector',
  'data_steward',
  'reviewer',
  'leader',
  'citizen',
] as const;
type Role = (typeof ROLES)[number];

/** The demo account that holds each role (and only it). */
const DEMO_USER: Record<Role, string> = {
  admin: 'sysadmin',
  hotline_agent: 'agent',
  dispatcher: 'dispatcher',
  handler: 'handler',
  grid_worker: 'gridworker',
  inspector: 'inspector',
  data_steward: 'steward',
  reviewer: 'reviewer',
  leader: 'leader',
  citizen: 'citizen',
};

const EVERYONE: readonly Role[] = ROLES;
const STAFF: readonly Role[] = ROLES.filter((r) => r !== 'citizen');
const ADMIN: readonly Role[] = ['admin'];
/** Back-office roles that read the grids and locate points (the reviewer only reads). */
const LOCATORS: readonly Role[] = STAFF.filter((r) => r !== 'reviewer');
const GRID_STEWARDS: readonly Role[] = ['admin', 'data_steward'];
/** Roles holding some case permission (the cases module's grants; citizens file their own cases). */
const CASE_CATEGORY_READERS: readonly Role[] = ROLES.filter(
  (r) => !['inspector', 'data_steward', 'reviewer'].includes(r),
);
const CASE_KNOWLEDGE_READERS: readonly Role[] = CASE_CATEGORY_READERS.filter((r) => r !== 'citizen');

/** Who may call what. 'public' = no login needed (the two login steps). */
const MATRIX: Record<string, readonly Role[] | 'public'> = {
  'POST /api/v1/auth/login': 'public',
  'POST /api/v1/auth/login/totp': 'public',
  'GET /api/v1/auth/me': EVERYONE,
  'POST /api/v1/auth/logout': EVERYONE,
  'POST /api/v1/auth/logout-all': EVERYONE,
  'POST /api/v1/auth/password': EVERYONE,
  'POST /api/v1/auth/totp/setup': EVERYONE,
  'POST /api/v1/auth/totp/enable': EVERYONE,
  'POST /api/v1/auth/totp/disable': EVERYONE,
  'GET /api/v1/geo/divisions': EVERYONE,
  'GET /api/v1/geo/divisions/{code}': EVERYONE,
  'GET /api/v1/geo/divisions/{code}/boundary': EVERYONE,
  'GET /api/v1/geo/config': EVERYONE,
  'GET /api/v1/geo/locate': LOCATORS,
  'GET /api/v1/geo/grids': STAFF,
  'GET /api/v1/geo/grids/export': ['admin', 'data_steward', 'leader'],
  'GET /api/v1/geo/grids/{code}': STAFF,
  'GET /api/v1/geo/grid-versions': STAFF,
  'POST /api/v1/geo/grid-imports': GRID_STEWARDS,
  'GET /api/v1/geo/grids/{code}/assignments': STAFF,
  'POST /api/v1/geo/grids/{code}/assignments': ADMIN,
  'POST /api/v1/geo/assignments/{id}/end': ADMIN,
  'POST /api/v1/geo/addresses/import': GRID_STEWARDS,
  'GET /api/v1/geo/search': STAFF,
  'POST /api/v1/geo/places/import': GRID_STEWARDS,
  'POST /api/v1/geo/division-imports': GRID_STEWARDS,
  'GET /api/v1/geo/grids/{code}/places': STAFF,
  'GET /api/v1/catalog/systems': STAFF,
  'GET /api/v1/catalog/systems/export': STAFF,
  'GET /api/v1/catalog/systems/{id}': STAFF,
  'POST /api/v1/catalog/systems': ['admin', 'data_steward'],
  'PATCH /api/v1/catalog/systems/{id}': ['admin', 'data_steward'],
  'DELETE /api/v1/catalog/systems/{id}': ['admin', 'data_steward'],
  'GET /api/v1/catalog/elements': STAFF,
  'POST /api/v1/catalog/elements': ['admin', 'data_steward'],
  'GET /api/v1/catalog/elements/{identifier}': STAFF,
  'POST /api/v1/catalog/elements/{identifier}/versions': ['admin', 'data_steward'],
  'GET /api/v1/catalog/elements/{identifier}/impact': STAFF,
  'POST /api/v1/catalog/elements/{identifier}/validate': STAFF,
  'GET /api/v1/catalog/code-lists': STAFF,
  'GET /api/v1/catalog/code-lists/{id}': STAFF,
  'POST /api/v1/catalog/code-lists': ['admin', 'data_steward'],
  'GET /api/v1/catalog/resources': STAFF,
  'POST /api/v1/catalog/resources': ['admin', 'data_steward'],
  'GET /api/v1/catalog/resources/{code}': STAFF,
  'PATCH /api/v1/catalog/resources/{code}': ['admin', 'data_steward'],
  'POST /api/v1/catalog/resources/{code}/submit': ['admin', 'data_steward'],
  'POST /api/v1/catalog/resources/{code}/approve': ['admin', 'data_steward'],
  'POST /api/v1/catalog/resources/{code}/return': ['admin', 'data_steward'],
  'POST /api/v1/catalog/resources/{code}/deprecate': ['admin', 'data_steward'],
  'GET /api/v1/catalog/demands': STAFF,
  'POST /api/v1/catalog/demands': ['admin', 'handler', 'data_steward'],
  'GET /api/v1/catalog/demands/{id}/suggestions': STAFF,
  'POST /api/v1/catalog/demands/{id}/close': ['admin', 'data_steward'],
  'POST /api/v1/catalog/resources/{code}/dataset/loads': ['admin', 'data_steward'],
  'POST /api/v1/catalog/resources/{code}/dataset/loads/{version}/rollback': ['admin', 'data_steward'],
  'GET /api/v1/catalog/resources/{code}/dataset/quality': ['admin', 'data_steward'],
  'GET /api/v1/catalog/resources/{code}/dataset/rows': ['admin', 'data_steward'],
  'POST /api/v1/exchange/requests': ['admin', 'data_steward'],
  'GET /api/v1/exchange/requests': ['admin', 'data_steward'],
  'POST /api/v1/exchange/requests/{id}/office-check': ['admin', 'data_steward'],
  'POST /api/v1/exchange/requests/{id}/decision': ['admin', 'data_steward'],
  'POST /api/v1/exchange/grants/{id}/credentials': ['admin', 'data_steward'],
  'POST /api/v1/exchange/grants/{id}/revoke': ['admin', 'data_steward'],
  'POST /api/v1/exchange/credentials/{id}/revoke': ['admin', 'data_steward'],
  'GET /api/v1/exchange/grants/{id}/export': ['admin', 'data_steward'],
  'GET /api/v1/exchange/access-log': ['admin', 'data_steward'],
  'GET /api/v1/exchange/settings': ['admin', 'data_steward'],
  'PUT /api/v1/exchange/settings': ['admin', 'data_steward'],
  'GET /api/v1/exchange/masking-rules': ['admin', 'data_steward'],
  'POST /api/v1/exchange/masking-rules': ['admin', 'data_steward'],
  'PUT /api/v1/exchange/masking-rules/{id}': ['admin', 'data_steward'],
  // Authenticated by the grant credential (X-Exchange-Key), not by a session: no key → 401 EXCHANGE_KEY_REQUIRED.
  'GET /api/v1/exchange/data/{resourceCode}': 'public',
  'GET /api/v1/exchange/data/{resourceCode}/changes': 'public',
  'GET /api/v1/exchange/data/{resourceCode}/export': 'public',
  'GET /api/v1/org/departments': STAFF,
  'POST /api/v1/org/departments': ADMIN,
  'PATCH /api/v1/org/departments/{id}': ADMIN,
  'GET /api/v1/org/users': ['admin', 'leader'],
  'POST /api/v1/org/users': ADMIN,
  'GET /api/v1/org/users/{id}': ['admin', 'leader'],
  'PATCH /api/v1/org/users/{id}': ADMIN,
  'POST /api/v1/org/users/{id}/reset-password': ADMIN,
  'POST /api/v1/org/users/{id}/unlock': ADMIN,
  'POST /api/v1/org/users/{id}/reveal-contact': ADMIN,
  'GET /api/v1/org/roles': ADMIN,
  'PATCH /api/v1/org/roles/{role}': ADMIN,
  'GET /api/v1/org/permissions': ADMIN,
  'GET /api/v1/org/api-keys': ADMIN,
  'POST /api/v1/org/api-keys': ADMIN,
  'POST /api/v1/org/api-keys/{id}/revoke': ADMIN,
  'GET /api/v1/calendar/days': STAFF,
  'PUT /api/v1/calendar/days/{day}': ADMIN,
  'POST /api/v1/calendar/import': ADMIN,
  'GET /api/v1/calendar/settings': STAFF,
  'PUT /api/v1/calendar/settings': ADMIN,
  'GET /api/v1/calendar/deadline': STAFF,
  // Cases configuration: categories are read by everyone filing or handling cases (citizens pick one too), the
  // knowledge base by case staff, routing rules by configurers and dispatchers; only admins change anything.
  'GET /api/v1/cases/config/categories': CASE_CATEGORY_READERS,
  'GET /api/v1/cases/config/categories/search': CASE_CATEGORY_READERS,
  'GET /api/v1/cases/config/categories/{id}': CASE_CATEGORY_READERS,
  'GET /api/v1/cases/config/categories/export': CASE_CATEGORY_READERS,
  'POST /api/v1/cases/config/categories/import': ADMIN,
  'POST /api/v1/cases/config/categories': ADMIN,
  'PATCH /api/v1/cases/config/categories/{id}': ADMIN,
  'POST /api/v1/cases/config/categories/{id}/deactivate': ADMIN,
  'POST /api/v1/cases/config/categories/{id}/activate': ADMIN,
  'GET /api/v1/cases/config/routing-rules': ['admin', 'dispatcher'],
  'POST /api/v1/cases/config/routing-rules': ADMIN,
  'PATCH /api/v1/cases/config/routing-rules/{id}': ADMIN,
  'POST /api/v1/cases/config/routing-rules/{id}/deactivate': ADMIN,
  'GET /api/v1/cases/config/route-test': ['admin', 'dispatcher'],
  'GET /api/v1/cases/config/settings': ADMIN,
  'PUT /api/v1/cases/config/settings': ADMIN,
  'GET /api/v1/cases/config/knowledge': CASE_KNOWLEDGE_READERS,
  'GET /api/v1/cases/config/knowledge/{id}': CASE_KNOWLEDGE_READERS,
  'POST /api/v1/cases/config/knowledge': ADMIN,
  'PATCH /api/v1/cases/config/knowledge/{id}': ADMIN,
  'POST /api/v1/cases/config/knowledge/{id}/deactivate': ADMIN,
  'GET /api/v1/audit': ADMIN,
  'GET /api/v1/audit/export': ADMIN,
  'GET /api/v1/audit/verify': ADMIN,
  // Notifications (notify module): everyone signed in has their own inbox; webhooks are a city-wide admin setting.
  'GET /api/v1/notify/notifications': EVERYONE,
  'GET /api/v1/notify/notifications/unread-count': EVERYONE,
  'POST /api/v1/notify/notifications/{id}/read': EVERYONE,
  'POST /api/v1/notify/notifications/read-all': EVERYONE,
  'GET /api/v1/notify/webhooks': ADMIN,
  'POST /api/v1/notify/webhooks': ADMIN,
  'PATCH /api/v1/notify/webhooks/{id}': ADMIN,
  'GET /api/v1/notify/webhooks/{id}/deliveries': ADMIN,
  // Citizens (cases/citizen-routes.ts): the web form and tracking by number + last 4 phone digits need no account
  // (rate-limited per address); "my cases" is for accounts holding case.report.
  'POST /api/v1/citizen/cases': 'public',
  'GET /api/v1/citizen/categories': 'public',
  'POST /api/v1/citizen/cases/track': 'public',
  'POST /api/v1/citizen/cases/track/rate': 'public',
  'POST /api/v1/citizen/cases/track/reopen': 'public',
  'GET /api/v1/citizen/cases': ['admin', 'citizen'],
  'GET /api/v1/citizen/cases/{id}': ['admin', 'citizen'],
  'POST /api/v1/citizen/cases/{id}/rate': ['admin', 'citizen'],
  'POST /api/v1/citizen/cases/{id}/reopen': ['admin', 'citizen'],
  // Cases — intake, lists, detail (cases/intake-routes.ts).
  'POST /api/v1/cases': ['admin', 'hotline_agent', 'grid_worker'],
  'POST /api/v1/cases/duplicates': ['admin', 'hotline_agent', 'dispatcher', 'grid_worker'],
  'POST /api/v1/cases/{id}/merge': ['admin', 'hotline_agent', 'dispatcher'],
  'GET /api/v1/cases': ['admin', 'hotline_agent', 'dispatcher', 'handler', 'grid_worker', 'leader'],
  'GET /api/v1/cases/export': ['admin', 'hotline_agent', 'dispatcher', 'handler', 'leader'],
  'GET /api/v1/cases/caller-history': ['admin', 'hotline_agent', 'dispatcher', 'grid_worker'],
  'GET /api/v1/cases/{id}': ['admin', 'hotline_agent', 'dispatcher', 'handler', 'grid_worker', 'leader'],
  'GET /api/v1/cases/{id}/attachments/{attachmentId}': [
    'admin',
    'hotline_agent',
    'dispatcher',
    'handler',
    'grid_worker',
    'leader',
  ],
  'POST /api/v1/cases/{id}/reveal': ['admin', 'hotline_agent'],
  // Cases — the loop (cases/workflow-routes.ts): who holds each action's permission somewhere (the case's scope and
  // state decide the rest). Citizens revisit / ask 重办 on their own cases only.
  'POST /api/v1/cases/{id}/actions/accept': ['admin', 'hotline_agent', 'dispatcher'],
  'POST /api/v1/cases/{id}/actions/reject': ['admin', 'hotline_agent', 'dispatcher'],
  'POST /api/v1/cases/{id}/actions/answerDirectly': ['admin', 'hotline_agent', 'dispatcher'],
  'POST /api/v1/cases/{id}/actions/register': ['admin', 'dispatcher'],
  'POST /api/v1/cases/{id}/actions/dispatch': ['admin', 'dispatcher'],
  'POST /api/v1/cases/{id}/actions/sign': ['admin', 'handler'],
  'POST /api/v1/cases/{id}/actions/submitResult': ['admin', 'handler'],
  'POST /api/v1/cases/{id}/actions/verify': ['admin', 'grid_worker'],
  'POST /api/v1/cases/{id}/actions/close': ['admin', 'dispatcher'],
  'POST /api/v1/cases/{id}/actions/park': ['admin', 'dispatcher'],
  'POST /api/v1/cases/{id}/actions/unpark': ['admin', 'dispatcher'],
  'POST /api/v1/cases/{id}/actions/revisit': ['admin', 'hotline_agent', 'citizen'],
  'POST /api/v1/cases/{id}/actions/reopen': ['admin', 'dispatcher', 'citizen'],
  'POST /api/v1/cases/{id}/actions/requestReturn': ['admin', 'handler'],
  'POST /api/v1/cases/{id}/actions/decideReturn': ['admin', 'dispatcher'],
  'POST /api/v1/cases/{id}/actions/requestExtension': ['admin', 'handler'],
  'POST /api/v1/cases/{id}/actions/decideExtension': ['admin', 'dispatcher'],
  'POST /api/v1/cases/{id}/actions/requestSuspension': ['admin', 'handler'],
  'POST /api/v1/cases/{id}/actions/decideSuspension': ['admin', 'dispatcher'],
  'POST /api/v1/cases/{id}/actions/resume': ['admin', 'dispatcher', 'handler'],
  'POST /api/v1/cases/{id}/actions/urge': ['admin', 'dispatcher'],
  'POST /api/v1/cases/{id}/actions/supervise': ['admin', 'dispatcher'],
  'POST /api/v1/cases/{id}/actions/addNote': [
    'admin',
    'hotline_agent',
    'dispatcher',
    'handler',
    'grid_worker',
    'leader',
  ],
  'GET /api/v1/cases/{id}/requests': ['admin', 'hotline_agent', 'dispatcher', 'handler', 'grid_worker', 'leader'],
  'GET /api/v1/cases/pending-requests': ['admin', 'dispatcher'],
};

/** Real resources of the template database that path parameters and bodies point at. */
interface Fixtures {
  departmentId: number;
  parentId: number;
  userId: number;
  apiKeyId: number;
  gridCode: string;
  assignmentId: number;
}

interface Call {
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A request per route that passes schema validation, so the permission check is what decides; where an allowed
 * caller would change something that matters, the body is chosen to fail a business rule after the check
 * (taken code, stale version, weak password, expiry in the past).
 */
function callFor(route: string, f: Fixtures): Call {
  const [, path] = route.split(' ');
  const url = path
    .replace('/notifications/{id}', '/notifications/999999')
    .replace('/webhooks/{id}', '/webhooks/999999')
    .replace('/citizen/cases/{id}', '/citizen/cases/999999')
    .replace('/departments/{id}', `/departments/${f.departmentId}`)
    .replace('/users/{id}', `/users/${f.userId}`)
    .replace('/api-keys/{id}', `/api-keys/${f.apiKeyId}`)
    .replace('/grids/{code}', `/grids/${f.gridCode}`)
    .replace('/assignments/{id}', `/assignments/${f.assignmentId}`)
    // Cases: no case 999999 exists — allowed callers get 404 after the permission check.
    .replace('/cases/{id}', '/cases/999999')
    .replace('{attachmentId}', '999999')
    // Cases configuration: the first default category (BJ-01), the first demo routing rule and knowledge entry.
    .replace('/categories/{id}', '/categories/1')
    .replace('/routing-rules/{id}', '/routing-rules/1')
    .replace('/knowledge/{id}', '/knowledge/1')
    // Catalog fixtures of the deterministic demo seed: the first resource, system and demand are the data office's.
    .replace('/resources/{code}', '/resources/101001-000001')
    .replace('/systems/{id}', '/systems/1')
    .replace('/demands/{id}', '/demands/1')
    .replace('/code-lists/{id}', '/code-lists/GBT2261.1')
    .replace('{version}', '999999')
    .replace('{identifier}', 'DE0001')
    // A year the calendar has not loaded: an allowed PUT is refused (409) after the permission check.
    .replace('{day}', '2099-01-01')
    .replace('{code}', '320508')
    .replace('{role}', 'reviewer');
  const bodies: Record<string, unknown> = {
    // Notify and citizen routes: refused after the permission check (unsafe URL, missing rows, no contact given).
    'POST /api/v1/notify/webhooks': { name: '矩阵', url: 'file:///etc/passwd', eventTypes: ['*'] },
    'PATCH /api/v1/notify/webhooks/{id}': { active: false, version: 1 },
    'POST /api/v1/citizen/cases': { categoryId: 999_999, description: '矩阵' },
    'POST /api/v1/citizen/cases/track': { caseNo: '20000101-0000000', phoneLast4: '0000' },
    'POST /api/v1/citizen/cases/track/rate': {
      caseNo: '20000101-0000000',
      phoneLast4: '0000',
      satisfaction: 'satisfied',
      solved: true,
    },
    'POST /api/v1/citizen/cases/track/reopen': { caseNo: '20000101-0000000', phoneLast4: '0000', reason: '矩阵' },
    'POST /api/v1/citizen/cases/{id}/rate': { satisfaction: 'satisfied', solved: true },
    'POST /api/v1/citizen/cases/{id}/reopen': { reason: '矩阵' },
    // Cases: an unknown category is refused after the permission check; nothing is filed or merged.
    'POST /api/v1/cases': { channel: 'phone', nature: 'consult', categoryId: 999_999, description: '矩阵' },
    'POST /api/v1/cases/duplicates': { categoryId: 999_999, lat: 31.31, lng: 120.62, description: '矩阵' },
    'POST /api/v1/cases/{id}/merge': { masterCaseId: 999_998 },
    'POST /api/v1/cases/{id}/reveal': {},
    // Case actions on a case that does not exist: allowed callers get 404 after the permission check.
    ...Object.fromEntries(
      Object.entries({
        accept: {},
        reject: { reason: '矩阵' },
        answerDirectly: { answer: '矩阵' },
        register: {},
        dispatch: {},
        sign: {},
        submitResult: { result: '矩阵' },
        verify: { fixed: true },
        close: {},
        park: { reason: '矩阵' },
        unpark: {},
        revisit: { satisfaction: 'satisfied', solved: true },
        reopen: { reason: '矩阵' },
        requestReturn: { reason: '矩阵' },
        decideReturn: { approve: true },
        requestExtension: { reason: '矩阵', requestedDueAt: '2030-01-01T00:00:00Z' },
        decideExtension: { approve: true },
        requestSuspension: { reason: '矩阵' },
        decideSuspension: { approve: true },
        resume: {},
        urge: {},
        supervise: {},
        addNote: { note: '矩阵' },
      }).map(([a, b]) => [`POST /api/v1/cases/{id}/actions/${a}`, { expectedVersion: 1, ...b }]),
    ),
    'POST /api/v1/auth/login': { username: 'nobody-here', password: 'x' },
    'POST /api/v1/auth/login/totp': { mfaToken: 'not-a-real-token', code: '123456' },
    'POST /api/v1/auth/password': { currentPassword: 'Wrong#Password-1', newPassword: 'Another#Pass-2027' },
    'POST /api/v1/auth/totp/enable': { code: '000000' },
    'POST /api/v1/auth/totp/disable': { code: '000000' },
    'POST /api/v1/org/departments': { code: 'CGJ', name: '重复编码', parentId: f.parentId, kind: 'section' },
    'PATCH /api/v1/org/departments/{id}': { name: '过期版本', version: 999_999 },
    'POST /api/v1/org/users': {
      username: 'reviewer',
      displayName: 'x',
      password: 'weak',
      departmentId: null,
      grants: [],
    },
    'PATCH /api/v1/org/users/{id}': { displayName: '过期版本', version: 999_999 },
    'POST /api/v1/org/users/{id}/reset-password': { password: 'weak' },
    'PATCH /api/v1/org/roles/{role}': { mfaRequired: false },
    'POST /api/v1/org/api-keys': { name: 'matrix', scopes: ['org.department.read'], expiresAt: '2020-01-01T00:00:00Z' },
    // Dry run (the default) of an empty collection: refused after the permission check, nothing written.
    'POST /api/v1/geo/grid-imports': { type: 'FeatureCollection', features: [] },
    'POST /api/v1/geo/grids/{code}/assignments': {
      userId: f.userId,
      role: 'backup',
      validFrom: '2026-02-01',
      validTo: '2026-01-01',
    },
    'POST /api/v1/geo/assignments/{id}/end': { validTo: '2000-01-01' },
    'POST /api/v1/geo/addresses/import': 'address,lng,lat\n',
    'POST /api/v1/geo/places/import': [{ kind: 'component', name: '缺编码', lng: 120.62, lat: 31.31 }],
    // Catalog writes: each refused by a business rule after the permission check (unknown reference, stale version,
    // taken id, blank title), so allowed callers change nothing.
    'POST /api/v1/catalog/systems': {
      name: '矩阵',
      purpose: 'x',
      users: 'x',
      hosting: 'x',
      network: 'internet',
      status: 'planned',
      resourceCodes: ['399999-999999'],
    },
    'PATCH /api/v1/catalog/systems/{id}': { name: '过期版本', version: 999_999 },
    'POST /api/v1/catalog/elements': {
      nameZh: '矩阵',
      definition: 'x',
      dataType: 'code',
      valueDomain: { kind: 'code_list', codeListId: 'NO-SUCH-LIST' },
    },
    'POST /api/v1/catalog/elements/{identifier}/versions': {
      nameZh: '过期版本',
      definition: 'x',
      dataType: 'string',
      baseVersion: 999_999,
    },
    'POST /api/v1/catalog/elements/{identifier}/validate': { values: ['11010519491231002X'] },
    'POST /api/v1/catalog/code-lists': { id: 'GBT2261.1', name: '重复', items: [{ code: '1', labelZh: '男性' }] },
    'POST /api/v1/catalog/resources': {
      name: '矩阵',
      summary: 'x',
      format: 'table',
      items: [{ name: 'x', element: { identifier: 'DE9999', version: 1 }, personalInfo: 'none' }],
      shareType: 'unconditional',
      shareMethod: 'api',
      openness: 'open',
      updateCycle: 'daily',
      grade: 'general',
      classification: '313001',
      kind: 'department',
    },
    'PATCH /api/v1/catalog/resources/{code}': { name: '过期版本', version: 999_999 },
    'POST /api/v1/catalog/resources/{code}/submit': { version: 999_999 },
    'POST /api/v1/catalog/resources/{code}/approve': { version: 999_999 },
    'POST /api/v1/catalog/resources/{code}/return': { version: 999_999, reason: '过期版本' },
    'POST /api/v1/catalog/resources/{code}/deprecate': { version: 999_999, reason: '过期版本' },
    'POST /api/v1/catalog/demands': { title: ' ' },
    'POST /api/v1/catalog/demands/{id}/close': { version: 999_999, note: '过期版本' },
    'POST /api/v1/exchange/requests': {
      resourceCode: '101001-000001',
      purpose: '矩阵',
      fields: ['不存在的信息项'],
      legalBasis: '矩阵',
      periodDays: 1,
      consumerSystem: '矩阵',
    },
    'POST /api/v1/exchange/requests/{id}/office-check': { approve: false },
    'POST /api/v1/exchange/requests/{id}/decision': { approve: false },
    // Exchange settings and masking rules: refused after the permission check (stale version, rule exists).
    'PUT /api/v1/exchange/settings': {
      officeCheckWorkingDays: 2,
      providerReplyWorkingDays: 5,
      providerReplyOfflineWorkingDays: 10,
      version: 999_999,
    },
    'POST /api/v1/exchange/masking-rules': { targetKind: 'pi_kind', target: 'id_card', method: 'keep', keepFirst: 6 },
    'PUT /api/v1/exchange/masking-rules/{id}': { method: 'replace_all', version: 999_999 },
    // A load with an unknown column: refused (header mismatch) after the permission check.
    'POST /api/v1/catalog/resources/{code}/dataset/loads': [{ 未知列: 'x' }],
    // Cases configuration writes: refused after the permission check (missing kind, stale version, unknown
    // department or setting, blank question), so allowed callers change nothing.
    'POST /api/v1/cases/config/categories': { name: '矩阵' },
    'POST /api/v1/cases/config/categories/import': { categories: [{ code: 'bad code', kind: 'event', name: '矩阵' }] },
    'PATCH /api/v1/cases/config/categories/{id}': { name: '过期版本', version: 999_999 },
    'POST /api/v1/cases/config/categories/{id}/deactivate': { version: 999_999 },
    'POST /api/v1/cases/config/categories/{id}/activate': { version: 999_999 },
    'POST /api/v1/cases/config/routing-rules': { departmentId: 999_999 },
    'PATCH /api/v1/cases/config/routing-rules/{id}': { priority: 1, version: 999_999 },
    'POST /api/v1/cases/config/routing-rules/{id}/deactivate': { version: 999_999 },
    'PUT /api/v1/cases/config/settings': { no_such_setting: 1 },
    'POST /api/v1/cases/config/knowledge': { question: ' ', answer: '矩阵' },
    'PATCH /api/v1/cases/config/knowledge/{id}': { answer: '过期版本', version: 999_999 },
    'POST /api/v1/cases/config/knowledge/{id}/deactivate': { version: 999_999 },
    // Calendar writes: refused after the permission check (year not loaded, empty import, overlapping windows).
    'PUT /api/v1/calendar/days/{day}': { kind: 'holiday' },
    'POST /api/v1/calendar/import': [],
    'PUT /api/v1/calendar/settings': {
      workHours: [
        { start: '08:30', end: '12:00' },
        { start: '11:00', end: '17:30' },
      ],
    },
  };
  const headers: Record<string, Record<string, string>> = {
    'POST /api/v1/geo/addresses/import': { 'content-type': 'text/csv' },
  };
  const query: Record<string, string> = {
    'GET /api/v1/cases/export': '?format=csv&q=no-such-case-matrix',
    'GET /api/v1/cases/caller-history': '?phone=13912345678',
    'GET /api/v1/audit': '?limit=1',
    'DELETE /api/v1/catalog/systems/{id}': '?version=999999',
    'GET /api/v1/audit/export': `?from=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`,
    'GET /api/v1/geo/locate': '?lat=31.31&lng=120.62',
    'GET /api/v1/calendar/days': '?from=2026-01-01&to=2026-01-31',
    'GET /api/v1/calendar/deadline': '?from=2026-02-13T02:00:00Z&workingDays=2',
    'GET /api/v1/geo/grids': `?community=${f.gridCode.slice(0, 12)}`,
    'GET /api/v1/geo/grids/export': `?format=csv&community=${f.gridCode.slice(0, 12)}`,
    'GET /api/v1/geo/search': `?q=${encodeURIComponent('人民路')}`,
    'GET /api/v1/cases/config/categories/search': '?q=jg',
    'GET /api/v1/cases/config/route-test': '?categoryId=1',
    'GET /api/v1/exchange/grants/{id}/export': '?format=csv&purpose=matrix',
  };
  return { url: url + (query[route] ?? ''), body: bodies[route], headers: headers[route] };
}

const SESSION_ENDING = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/logout-all']);

describe.skipIf(!engineAvailable())('permission matrix', () => {
  let t: TestApp;
  let admin: Session;
  let routes: string[];
  let fx: Fixtures;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    const doc = (await t.app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths)
      .filter(([p]) => p.startsWith('/api/v1/'))
      .flatMap(([p, ops]) =>
        Object.keys(ops)
          .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map((m) => `${m.toUpperCase()} ${p}`),
      );
    const key = await admin.request('POST', '/api/v1/org/api-keys', {
      name: 'matrix',
      scopes: ['org.department.read'],
    });
    const gridCode = (await admin.request('GET', '/api/v1/geo/grids?community=320508020017')).json().features[0]
      .properties.code as string;
    const assignment = await admin.request('POST', `/api/v1/geo/grids/${gridCode}/assignments`, {
      userId: (await userByUsername(admin, 'gridworker')).id,
      role: 'backup',
      validFrom: '2025-01-01',
    });
    fx = {
      departmentId: await departmentIdByCode(admin, 'CGJ-SR'),
      parentId: await departmentIdByCode(admin, 'CGJ'),
      userId: (await userByUsername(admin, 'reviewer')).id,
      apiKeyId: key.json().apiKey.id,
      gridCode,
      assignmentId: assignment.json().id,
    };
  });
  afterAll(() => t?.close());

  const call = (s: Session, route: string, c: Call) => s.request(route.split(' ')[0], c.url, c.body, c.headers);
  const verdict = (res: LightMyRequestResponse): 'allowed' | 'denied' | string => {
    if (res.statusCode === 403 && res.json().error?.code === 'FORBIDDEN') return 'denied';
    if (res.statusCode >= 500 || res.statusCode === 401 || res.statusCode === 403)
      return `${res.statusCode} ${res.body}`;
    return 'allowed';
  };

  it('has an expectation for every /api/v1 route in the OpenAPI document, and none for routes that are gone', () => {
    expect([...routes].sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it.each(ROLES)('gives %s exactly the routes its row of the table allows', async (role) => {
    const password = DEMO_PASSWORD;
    let s = await login(t.app, DEMO_USER[role], password);
    const wrong: string[] = [];
    const ordered = routes
      .filter((r) => MATRIX[r] !== 'public' && MATRIX[r] !== undefined)
      .sort((a, b) => Number(SESSION_ENDING.has(a)) - Number(SESSION_ENDING.has(b)));
    for (const route of ordered) {
      if (SESSION_ENDING.has(route)) s = await login(t.app, DEMO_USER[role], password);
      const expected = (MATRIX[route] as readonly Role[]).includes(role) ? 'allowed' : 'denied';
      const got = verdict(await call(s, route, callFor(route, fx)));
      if (got !== expected) wrong.push(`${route}: expected ${expected}, got ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers anonymous callers 401 on every /api/v1 route except the two login steps', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const c = callFor(route, fx);
      const res = await anonymous(t.app, route.split(' ')[0], c.url, c.body, c.headers);
      const unauthenticated = res.statusCode === 401 && errorCode(res) === 'UNAUTHENTICATED';
      if (MATRIX[route] === 'public' ? unauthenticated || res.statusCode >= 500 : !unauthenticated) {
        wrong.push(`${route}: ${res.statusCode} ${res.body}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  describe('department scope', () => {
    let cgjAdmin: Session;
    let inside: { user: number; department: number; parent: number };
    let outside: { user: number; department: number; parent: number };

    beforeAll(async () => {
      const cgj = await departmentIdByCode(admin, 'CGJ');
      const u = await createUser(admin, { departmentId: cgj, grants: [{ role: 'admin', departmentId: cgj }] });
      cgjAdmin = await login(t.app, u.username, u.password);
      inside = {
        user: (await userByUsername(admin, 'handler')).id,
        department: await departmentIdByCode(admin, 'CGJ-SR'),
        parent: cgj,
      };
      outside = {
        user: (await userByUsername(admin, 'steward')).id,
        department: await departmentIdByCode(admin, 'DSJJ-SJ'),
        parent: await departmentIdByCode(admin, 'DSJJ'),
      };
    });

    /** Routes whose target lies in a department, as (method, url, body) for a given target. */
    const scopedCalls = (x: { user: number; department: number; parent: number }): [string, string, unknown][] => [
      ['GET', `/api/v1/org/users/${x.user}`, undefined],
      ['PATCH', `/api/v1/org/users/${x.user}`, { displayName: '过期版本', version: 999_999 }],
      ['POST', `/api/v1/org/users/${x.user}/reset-password`, { password: 'weak' }],
      ['POST', `/api/v1/org/users/${x.user}/unlock`, undefined],
      ['POST', `/api/v1/org/users/${x.user}/reveal-contact`, undefined],
      ['PATCH', `/api/v1/org/departments/${x.department}`, { name: '过期版本', version: 999_999 }],
      ['POST', '/api/v1/org/departments', { code: 'CGJ', name: '重复编码', parentId: x.parent, kind: 'section' }],
      [
        'POST',
        '/api/v1/org/users',
        {
          username: uniqueName('m'),
          displayName: 'x',
          password: 'weak',
          departmentId: x.department,
          grants: [{ role: 'handler', departmentId: x.department }],
        },
      ],
    ];

    it('allows a department-scoped admin every user and department route inside its subtree', async () => {
      const wrong: string[] = [];
      for (const [method, url, body] of scopedCalls(inside)) {
        const got = verdict(await cgjAdmin.request(method, url, body));
        if (got !== 'allowed') wrong.push(`${method} ${url}: ${got}`);
      }
      expect(wrong).toEqual([]);
    });

    it('refuses a department-scoped admin every user and department route outside its subtree with 403', async () => {
      const wrong: string[] = [];
      for (const [method, url, body] of scopedCalls(outside)) {
        const got = verdict(await cgjAdmin.request(method, url, body));
        if (got !== 'denied') wrong.push(`${method} ${url}: ${got}`);
      }
      expect(wrong).toEqual([]);
    });

    it('shows the whole org chart to department- and area-scoped roles, with nothing they may manage', async () => {
      for (const username of ['handler', 'gridworker', 'agent']) {
        const s = await login(t.app, username, DEMO_PASSWORD);
        const items = (await s.request('GET', '/api/v1/org/departments')).json().items as {
          code: string;
          allowedActions: string[];
        }[];
        expect(items.map((d) => d.code)).toEqual(expect.arrayContaining(['CITY', 'CGJ-320508', 'C12345', 'DSJJ']));
        expect(items.filter((d) => d.allowedActions.length > 0)).toEqual([]);
      }
    });

    it('marks as manageable for a department-scoped admin exactly the departments of its subtree', async () => {
      const items = (await cgjAdmin.request('GET', '/api/v1/org/departments')).json().items as {
        code: string;
        allowedActions: string[];
      }[];
      const manageable = items.filter((d) => d.allowedActions.includes('org.department.manage')).map((d) => d.code);
      expect(manageable.length).toBeGreaterThan(5);
      expect(manageable.every((code) => code === 'CGJ' || code.startsWith('CGJ-'))).toBe(true);
    });

    it('lets the unscoped leader read users of every department', async () => {
      const s = await login(t.app, 'leader', DEMO_PASSWORD);
      const names = (
        (await s.request('GET', '/api/v1/org/users?limit=200')).json().items as { username: string }[]
      ).map((u) => u.username);
      expect(names).toEqual(expect.arrayContaining(['handler', 'steward', 'agent', 'citizen']));
    });

    it('lets a fresh user with no grants only see and manage their own account', async () => {
      const u = await createUser(admin);
      const s = await login(t.app, u.username, STRONG_PASSWORD);
      expect((await s.request('GET', '/api/v1/auth/me')).statusCode).toBe(200);
      expect((await s.request('GET', '/api/v1/org/departments')).statusCode).toBe(403);
      expect((await s.request('GET', '/api/v1/geo/divisions')).statusCode).toBe(403);
    });
  });
});
