// Who may read and edit the configuration of the case loop. Categories, settings and the knowledge base belong
// to the whole city: editing needs case.configure on a city-wide grant. Reading categories needs any case
// permission (agents, handlers, grid workers and citizens pick a category when filing); the knowledge base and
// routing rules are for staff.
import type { Actor } from '../../platform/auth/actor.ts';
import { CITY_WIDE } from '../../platform/auth/actor.ts';
import { can, canSomewhere } from '../../platform/auth/can.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import { CASE_PERMISSIONS } from './workflow.ts';

export function assertConfigure(actor: Actor): void {
  can(actor, 'case.configure', CITY_WIDE);
}

/** Signed in with any case permission (citizens included). */
export function assertCaseUser(actor: Actor): void {
  if (!CASE_PERMISSIONS.some((p) => canSomewhere(actor, p))) throw new ForbiddenError('case.read');
}

/** Back-office staff of the case loop: the knowledge base is theirs (agents answer from it). */
export function assertCaseStaff(actor: Actor): void {
  if (!['case.read', 'case.create', 'case.configure'].some((p) => canSomewhere(actor, p))) {
    throw new ForbiddenError('case.read');
  }
}

/** Routing rules and the route test: configurers and dispatchers (who need to know why a case went where). */
export function assertRoutingReader(actor: Actor): void {
  if (!canSomewhere(actor, 'case.configure') && !canSomewhere(actor, 'case.dispatch')) {
    throw new ForbiddenError('case.configure');
  }
}
