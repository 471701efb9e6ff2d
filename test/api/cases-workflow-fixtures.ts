// Factories for the case-loop tests: a case row with its centre party, entered into its stage by the real clock
// (intake's createCase is another engineer's; these tests only need a case in a given state).
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '../../src/server/platform/db/connect.ts';
import { enterStage } from '../../src/server/modules/cases/clock.ts';
import type { CaseStatus } from '../../src/server/modules/cases/workflow.ts';
import type { Session } from '../support/test-app.ts';

export async function departmentByCode(db: Db, code: string): Promise<{ id: number; path: string }> {
  const d = await db.selectFrom('departments').select(['id', 'path']).where('code', '=', code).executeTakeFirst();
  if (!d) throw new Error(`no department ${code}`);
  return d;
}

export async function userIdOf(db: Db, username: string): Promise<number> {
  const u = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return u.id;
}

export interface NewCase {
  status?: CaseStatus;
  nature?: 'consult' | 'help' | 'complaint' | 'report' | 'suggestion' | 'praise' | 'other';
  urgency?: 'normal' | 'urgent';
  areaCode?: string;
  mainDepartmentCode?: string | null;
  reporterUserId?: number | null;
  /** The instant the case enters its first stage (deadlines are computed from it). */
  at?: Date;
}

/** Inserts a case in `status` (default received) with the centre party, and enters the stage via the clock. */
export async function insertCase(db: Db, o: NewCase = {}): Promise<{ id: number; caseNo: string }> {
  const centre = await departmentByCode(db, 'C12345');
  const main = o.mainDepartmentCode === null ? null : await departmentByCode(db, o.mainDepartmentCode ?? 'CGJ-320508');
  const at = o.at ?? new Date();
  const status = o.status ?? 'received';
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('cases')
      .values({
        case_no: `T${randomBytes(6).toString('hex')}`,
        channel: 'phone',
        nature: o.nature ?? 'complaint',
        urgency: o.urgency ?? 'normal',
        title: '井盖缺失',
        description: '平江路口井盖缺失，存在安全隐患',
        status,
        area_code: o.areaCode ?? '320508001001',
        district_code: '320508',
        main_department_id: main?.id ?? null,
        reporter_user_id: o.reporterUserId ?? null,
        reporter_name: '王先生',
        reporter_phone: '13912345678',
        created_at: at,
        updated_at: at,
      })
      .returning(['id', 'case_no', 'category_id', 'urgency', 'nature'])
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('case_parties')
      .values({
        case_id: row.id,
        department_id: centre.id,
        department_path: centre.path,
        role: 'centre',
        signed_at: null,
      })
      .execute();
    await enterStage(tx, { id: row.id, status, category_id: null, urgency: row.urgency, nature: row.nature }, at);
    return { id: row.id, caseNo: row.case_no };
  });
}

export async function caseRow(db: Db, id: number) {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** POST an action; returns the response. */
export function act(s: Session, id: number, action: string, body: Record<string, unknown>) {
  return s.request('POST', `/api/v1/cases/${id}/actions/${action}`, body);
}

/** POST an action with the case's current version and expect 200; returns the new version. */
export async function step(db: Db, s: Session, id: number, action: string, body: Record<string, unknown> = {}) {
  const { version } = await caseRow(db, id);
  const res = await act(s, id, action, { expectedVersion: version, ...body });
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json() as { id: number; status: string; version: number };
}

export async function events(db: Db, id: number) {
  return db.selectFrom('case_events').selectAll().where('case_id', '=', id).orderBy('id').execute();
}

/** A tiny valid PNG (1×1). */
export const PNG_1X1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
