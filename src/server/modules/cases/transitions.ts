// The case loop applied (owned by the workflow engineer).
//
// CONTRACT used by citizen*.ts, intake.ts (merge) and open311: apply one workflow action to a case in the
// caller's transaction — permission + scope check, optimistic version (expectedVersion → 409 CASE_VERSION_CONFLICT),
// invalid transition → 409 INVALID_TRANSITION with details.allowed, audit record, case_events row, outbox event
// {type:'case.transitioned', caseId, caseNo, action, from, to, departmentIds, actorId}.
import type { Actor } from '../../platform/auth/actor.ts';
import type { Tx } from '../../platform/db/tx.ts';
import type { SideActionName, TransitionName } from './workflow.ts';

export interface ActionInput {
  expectedVersion?: number;
  reason?: string;
  /** Action-specific fields (e.g. dispatch: mainDepartmentId, coDepartmentIds; verify: fixed; revisit:
   * satisfaction, solved). */
  [key: string]: unknown;
}

export async function applyAction(
  _tx: Tx,
  _actor: Actor,
  _caseId: number,
  _action: TransitionName | SideActionName,
  _input: ActionInput,
): Promise<{ id: number; status: string; version: number }> {
  throw new Error('not implemented yet');
}
