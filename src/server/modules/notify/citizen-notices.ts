// Notices to citizens by SMS and e-mail: the outbox consumer turns case events into delivery rows (in its batch
// transaction, so once per event), and the delivery job sends them (deliveries.ts). Who is told what:
//   case.created                     → the reporter: 受理回执 (case number, how to track it)
//   case.transitioned to 'closed'    → the reporter: 办结通知 + 回访邀请; reporters of merged cases: the outcome
//   case.merged                      → the merged case's reporter: 并案告知
// Anonymous reporters and reporters without a phone / e-mail are not contacted.
import type { Config } from '../../config.ts';
import type { Tx } from '../../platform/db/tx.ts';
import type { OutboxConsumer, OutboxRecord } from '../../platform/outbox/consumer.ts';
import { maskEmail, maskPhone } from '../../platform/privacy/mask.ts';
import { caseNoticeFacts, type NoticeContact } from '../cases/citizen-notice.ts';
import * as repo from './repo.ts';
import { type CitizenTemplate, renderCitizenNotice } from './templates.ts';

/** Landlines cannot take an SMS: only mainland mobiles (1xxxxxxxxxx, +86 allowed) get one. */
export function smsNumber(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[\s-]/g, '').replace(/^(\+?86)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

function deliveriesFor(
  e: OutboxRecord,
  to: NoticeContact,
  template: CitizenTemplate,
  config: Config,
  masterCaseNo: string | null = null,
): repo.NewDelivery[] {
  const m = renderCitizenNotice(template, { caseNo: to.caseNo, publicUrl: config.notify.publicUrl, masterCaseNo });
  const base = {
    template,
    case_id: to.caseId,
    case_no: to.caseNo,
    subject: m.subject,
    message: m.text,
    event_id: e.id,
  };
  const out: repo.NewDelivery[] = [];
  const mobile = smsNumber(to.phone);
  if (mobile) out.push({ ...base, channel: 'sms', recipient: mobile, recipient_masked: maskPhone(mobile) ?? '' });
  // Without an SMTP server there is nothing to send e-mail with: no row rather than a row that can only fail.
  if (to.email && config.notify.smtpUrl)
    out.push({ ...base, channel: 'email', recipient: to.email, recipient_masked: maskEmail(to.email) ?? '' });
  return out;
}

export function citizenNoticeConsumer(config: Config): OutboxConsumer {
  return {
    name: 'notify.citizen',
    startAt: 'end',
    types: ['case.created', 'case.transitioned', 'case.merged'],
    async handle(tx: Tx, events: readonly OutboxRecord[]) {
      for (const e of events) {
        const caseId = Number(e.payload.caseId);
        if (!Number.isSafeInteger(caseId)) continue;
        const closing = e.type === 'case.transitioned' && e.payload.to === 'closed' && e.payload.from !== 'closed';
        if (e.type === 'case.transitioned' && !closing) continue;
        const facts = await caseNoticeFacts(tx, caseId);
        if (!facts) continue;
        const rows: repo.NewDelivery[] = [];
        if (e.type === 'case.created') rows.push(...deliveriesFor(e, facts, 'receipt', config));
        if (e.type === 'case.merged') {
          const masterNo = typeof e.payload.masterCaseNo === 'string' ? e.payload.masterCaseNo : facts.masterCaseNo;
          rows.push(...deliveriesFor(e, facts, 'merged', config, masterNo));
        }
        if (closing) {
          rows.push(...deliveriesFor(e, facts, 'closed', config));
          for (const m of facts.merged) rows.push(...deliveriesFor(e, m, 'merged_closed', config, facts.caseNo));
        }
        await repo.insertDeliveries(tx, rows);
      }
    },
  };
}
