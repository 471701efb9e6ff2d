// 督办: a request still waiting after its working-day deadline — the data office's check (office_due) or the
// provider's reply (provider_due) — escalates to the data office, once per stage. The job runs at start-up and
// periodically; each request is claimed with FOR UPDATE SKIP LOCKED and escalated in its own transaction with
// its audit record and outbox event, so with any number of servers every overdue request escalates exactly once,
// and one failing request does not hold back the others.
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Db } from '../../platform/db/connect.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import * as repo from './repo.ts';

/** At most this many requests per run; the next run goes on. */
const MAX_PER_RUN = 500;

export interface EscalationRun {
  escalated: { id: number; stage: repo.EscalationStage }[];
}

export async function escalateOverdueRequests(db: Db): Promise<EscalationRun> {
  const escalated: EscalationRun['escalated'] = [];
  for (let i = 0; i < MAX_PER_RUN; i++) {
    const done = await db.transaction().execute(async (tx) => {
      const r = await repo.claimOverdueRequest(tx);
      if (!r) return null;
      const at = new Date();
      const dueAt = r.stage === 'office' ? r.office_due : r.provider_due;
      await repo.markEscalated(tx, r.id, r.stage, at);
      await recordAudit(
        tx,
        SYSTEM_ACTOR,
        'exchange.request.escalate',
        { type: 'exchange_request', id: r.id },
        {
          stage: r.stage,
          due: dueAt ? new Date(dueAt).toISOString() : null,
          resource: r.resource_code,
          consumerSystem: r.consumer_system,
        },
      );
      await emit(tx, {
        type: 'exchange.request.escalated',
        requestId: r.id,
        stage: r.stage,
        resourceCode: r.resource_code,
        providerPath: r.provider_path,
        consumerPath: r.consumer_path,
        due: dueAt ? new Date(dueAt).toISOString() : null,
      });
      return { id: r.id, stage: r.stage };
    });
    if (!done) break;
    escalated.push(done);
  }
  return { escalated };
}
