// Property-based: random bodies and ids thrown at the case-loop action routes, by a role that may do everything and
// by one that may do little. Whatever arrives, never a 5xx, and every refusal in the one error shape.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/platform/db/connect.ts';
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
import { act, insertCase } from './cases-workflow-fixtures.ts';

const ACTIONS = [
  'accept',
  'reject',
  'answerDirectly',
  'register',
  'dispatch',
  'sign',
  'submitResult',
  'verify',
  'close',
  'park',
  'unpark',
  'revisit',
  'reopen',
  'requestReturn',
  'decideReturn',
  'requestExtension',
  'decideExtension',
  'requestSuspension',
  'decideSuspension',
  'resume',
  'urge',
  'supervise',
  'addNote',
];

const value = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('2026-13-45T99:00:00Z', '  ', 'satisfied', 'unsatisfied', 'city', '\u0000', 'iVBORw0KGgo='),
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
);
const body = fc.record(
  {
    expectedVersion: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constant(1)),
    reason: value,
    note: value,
    result: value,
    answer: value,
    fixed: value,
    approve: value,
    satisfaction: value,
    solved: value,
    mainDepartmentId: value,
    coDepartmentIds: value,
    level: value,
    requestedDueAt: value,
    photos: fc.array(fc.record({ contentBase64: fc.string(), mime: fc.string() }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

describe.skipIf(!engineAvailable())('case-loop actions under random input', () => {
  let t: TestApp;
  let db: Db;
  let admin: Session;
  let handler: Session;
  const ids: number[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    db = t.opened.db;
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    handler = await login(t.app, 'handler', DEMO_PASSWORD);
    for (const status of ['received', 'registered', 'dispatched', 'in_progress', 'handled', 'closed'] as const) {
      ids.push((await insertCase(db, { status })).id);
    }
  });
  afterAll(() => t?.close());

  it('never answers 5xx and always uses the error shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACTIONS),
        fc.oneof(fc.constantFrom(...ids), fc.integer({ min: 1, max: 2 ** 40 })),
        body,
        fc.boolean(),
        async (action, id, b, asAdmin) => {
          const res = await act(asAdmin ? admin : handler, id, action, b);
          expect(res.statusCode).toBeLessThan(500);
          if (res.statusCode >= 400) errorCode(res);
        },
      ),
      { numRuns: 250 },
    );
  });
});
