// The clock of a case (owned by the workflow engineer): stage deadlines from the category and urgency on the
// working-day calendar, SLA light (green/yellow/red), pause while a suspension holds, and the timers it arms.
//
// CONTRACT used by intake.ts (do not change the signature without telling its owner): called in the same
// transaction whenever a case enters a status (including its first one at intake). It sets stage_due_at /
// handle_due_at on the case and (re)arms case_timers.
import type { Tx } from '../../platform/db/tx.ts';
import type { CaseStatus } from './workflow.ts';

export interface ClockCase {
  id: number;
  status: CaseStatus;
  category_id: number | null;
  urgency: 'normal' | 'urgent';
  nature: string;
}

export async function enterStage(_tx: Tx, _c: ClockCase, _at: Date): Promise<void> {}
