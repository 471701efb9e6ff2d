// 站内通知: the outbox consumer that tells staff what they must act on. Who is told:
//   派遣 / 重办 (case enters 'dispatched')      → handlers of the main department (and its units)
//   催办 / 督办 (case.urged, case.supervised)    → handlers of the main department and the centre's dispatchers
//   延期 / 退单 / 挂起 asked (case.request pending) → the centre's dispatchers, who decide
// Recipients are resolved when the event is handled (org: users with the permission in the department subtree),
// and the rows are written in the consumer's batch transaction: exactly once per event and person.
import type { Tx } from '../../platform/db/tx.ts';
import type { OutboxConsumer, OutboxRecord } from '../../platform/outbox/consumer.ts';
import { caseNoticeFacts } from '../cases/citizen-notice.ts';
import { usersWithPermissionInDepartments } from '../org/department-members.ts';
import * as repo from './repo.ts';

const REQUEST_KIND_ZH: Record<string, string> = {
  extension: '延期',
  return: '退单',
  suspension: '挂起',
  reopen: '重办',
};

interface StaffNotice {
  kind: string;
  title: (caseNo: string) => string;
  body: (caseTitle: string) => string;
  /** [permission, 'main' | 'centre'] pairs naming who is told. */
  audience: readonly (readonly [string, 'main' | 'centre'])[];
}

/** What to tell whom about an event, decided from the event alone (the case is read only when someone is told). */
function noticeFor(e: OutboxRecord): StaffNotice | null {
  const p = e.payload;
  if (e.type === 'case.transitioned' && p.to === 'dispatched' && p.from !== 'dispatched') {
    const reopen = p.action === 'reopen';
    return {
      kind: reopen ? 'case.reopened' : 'case.dispatched',
      title: (caseNo) => `${reopen ? '重办工单' : '新派遣工单'} ${caseNo}`,
      body: (title) => `${title}：请及时签收办理`,
      audience: [['case.handle', 'main']],
    };
  }
  if (e.type === 'case.urged' || e.type === 'case.supervised') {
    const urged = e.type === 'case.urged';
    return {
      kind: e.type,
      title: (caseNo) => `${urged ? '催办' : '督办'} ${caseNo}`,
      body: (title) =>
        `${title}：${typeof p.note === 'string' && p.note ? p.note : urged ? '已超期，请尽快办理' : '已督办，请立即办理'}`,
      audience: [
        ['case.handle', 'main'],
        ['case.dispatch', 'centre'],
      ],
    };
  }
  if (e.type === 'case.request' && p.decision === 'pending' && typeof p.kind === 'string') {
    const zh = REQUEST_KIND_ZH[p.kind] ?? p.kind;
    return {
      kind: `case.request.${p.kind}`,
      title: (caseNo) => `${zh}申请待审核 ${caseNo}`,
      body: (title) => title,
      audience: [[p.kind === 'return' ? 'case.dispatch' : 'case.supervise', 'centre']],
    };
  }
  return null;
}

async function handleStaffEvents(tx: Tx, events: readonly OutboxRecord[]): Promise<void> {
  for (const e of events) {
    const caseId = Number(e.payload.caseId);
    const notice = noticeFor(e);
    if (!notice || !Number.isSafeInteger(caseId)) continue;
    const facts = await caseNoticeFacts(tx, caseId);
    if (!facts) continue;
    const users = new Set<number>();
    for (const [permission, party] of notice.audience) {
      const departments =
        party === 'main'
          ? facts.mainDepartmentId === null
            ? []
            : [facts.mainDepartmentId]
          : facts.centreDepartmentIds;
      for (const u of await usersWithPermissionInDepartments(tx, permission, departments)) users.add(u);
    }
    // The one who acted is not told about their own action.
    if (typeof e.payload.actorId === 'number') users.delete(e.payload.actorId);
    await repo.insertNotifications(
      tx,
      [...users].map((userId) => ({
        user_id: userId,
        kind: notice.kind,
        case_id: caseId,
        case_no: facts.caseNo,
        title: notice.title(facts.caseNo),
        body: notice.body(facts.title),
        data: JSON.stringify({ action: e.payload.action ?? null, eventType: e.type }),
        event_id: e.id,
      })),
    );
  }
}

export const staffNoticeConsumer: OutboxConsumer = {
  name: 'notify.staff',
  startAt: 'end',
  types: ['case.transitioned', 'case.urged', 'case.supervised', 'case.request'],
  handle: handleStaffEvents,
};
