// What the notify module may know about a case to tell people about it (exported; notify never reads the cases
// tables): who reported it and how to reach them, which departments take part and in what role, and the cases
// merged into it (their reporters are told the master's outcome).
import type { Tx } from '../../platform/db/tx.ts';

export interface NoticeContact {
  caseId: number;
  caseNo: string;
  /** Mainland mobile or landline as filed; null when anonymous or not given. */
  phone: string | null;
  email: string | null;
}

export interface CaseNoticeFacts extends NoticeContact {
  status: string;
  title: string;
  reporterUserId: number | null;
  mainDepartmentId: number | null;
  centreDepartmentIds: number[];
  masterCaseId: number | null;
  masterCaseNo: string | null;
  /** 并案: cases merged into this one, with their reporters' contacts. */
  merged: NoticeContact[];
}

const contactOf = (r: {
  id: number;
  case_no: string;
  anonymous: boolean;
  reporter_phone: string | null;
  reporter_email: string | null;
}): NoticeContact => ({
  caseId: Number(r.id),
  caseNo: r.case_no,
  phone: r.anonymous ? null : r.reporter_phone,
  email: r.anonymous ? null : r.reporter_email,
});

export async function caseNoticeFacts(tx: Tx, caseId: number): Promise<CaseNoticeFacts | null> {
  const c = await tx
    .selectFrom('cases')
    .select([
      'id',
      'case_no',
      'status',
      'title',
      'anonymous',
      'reporter_phone',
      'reporter_email',
      'reporter_user_id',
      'main_department_id',
      'master_case_id',
    ])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!c) return null;
  const [parties, merged, master] = await Promise.all([
    tx
      .selectFrom('case_parties')
      .select(['department_id', 'role'])
      .where('case_id', '=', caseId)
      .where('active', '=', true)
      .execute(),
    tx
      .selectFrom('cases')
      .select(['id', 'case_no', 'anonymous', 'reporter_phone', 'reporter_email'])
      .where('master_case_id', '=', caseId)
      .where('status', '=', 'merged')
      .orderBy('id')
      .execute(),
    c.master_case_id === null
      ? Promise.resolve(undefined)
      : tx.selectFrom('cases').select('case_no').where('id', '=', c.master_case_id).executeTakeFirst(),
  ]);
  const main = parties.find((p) => p.role === 'main');
  return {
    ...contactOf(c),
    status: c.status,
    title: c.title,
    reporterUserId: c.reporter_user_id,
    mainDepartmentId: main?.department_id ?? c.main_department_id,
    centreDepartmentIds: parties.filter((p) => p.role === 'centre').map((p) => p.department_id),
    masterCaseId: c.master_case_id === null ? null : Number(c.master_case_id),
    masterCaseNo: master?.case_no ?? null,
    merged: merged.map(contactOf),
  };
}
