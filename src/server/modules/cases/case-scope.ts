// Who may act on a case. A case is scoped by the departments taking part in it (case_parties: the accepting
// centre, the main department, co-handling departments) and by its area (area_code). A grant reaches a case when
// it reaches any one of its active parties together with the case's area — the same rule in TS (allowsCase) and in
// SQL (caseScopeWhere), so lists never show what a detail would refuse.
//
// CONTRACT: every cases service checks access only through these two functions.
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { allows, scopeWhere } from '../../platform/auth/can.ts';
import { ForbiddenError } from '../../platform/errors.ts';

export interface CaseScope {
  areaCode: string | null;
  /** Materialised paths ("/1/4/") of the case's active parties. */
  partyPaths: readonly string[];
}

export function allowsCase(actor: Actor, action: string, c: CaseScope): boolean {
  if (actor.kind === 'system') return true;
  // A case with no party yet still has an area: area-only grants (grid workers) reach it.
  const paths = c.partyPaths.length > 0 ? c.partyPaths : [undefined];
  return paths.some((p) => allows(actor, action, { departmentPath: p, areaCode: c.areaCode }));
}

export function canOnCase(actor: Actor, action: string, c: CaseScope): void {
  if (!allowsCase(actor, action, c)) throw new ForbiddenError(action);
}

/** WHERE condition on a query over `cases` (aliased as given): rows on which allowsCase would pass. */
export function caseScopeWhere(actor: Actor, action: string, casesAlias = 'cases'): Expression<SqlBool> {
  if (actor.kind === 'system') return sql<SqlBool>`true`;
  const area = sql.ref<string | null>(`${casesAlias}.area_code`);
  const id = sql.ref<number>(`${casesAlias}.id`);
  const viaParty = scopeWhere(actor, action, { departmentPath: sql.ref('cp.department_path'), areaCode: area });
  const noParty = scopeWhere(actor, action, { areaCode: area });
  return sql<SqlBool>`(exists (select 1 from case_parties cp where cp.case_id = ${id} and cp.active and ${viaParty})
    or (not exists (select 1 from case_parties cp where cp.case_id = ${id} and cp.active) and ${noParty}))`;
}
