// can(actor, action, resource): the one permission check. A grant allows an action on a resource when its
// role carries the permission and the resource lies inside the grant's department subtree and area.
// scopeWhere() expresses the very same rule in SQL, so lists never show what can() would refuse.
import { type Expression, type SqlBool, sql } from 'kysely';
import { ForbiddenError } from '../errors.ts';
import type { Actor, Grant, ScopedResource } from './actor.ts';

function grantCovers(g: Grant, resource: ScopedResource | undefined): boolean {
  if (!resource) return true;
  if (g.departmentPath !== null) {
    if (resource.departmentPath === undefined) {
      // The resource has no department dimension: a department-limited grant does not reach it.
      return false;
    }
    if (!resource.departmentPath?.startsWith(g.departmentPath)) return false;
  }
  if (g.areaCode !== null) {
    if (!resource.areaCode?.startsWith(g.areaCode)) return false;
  }
  return true;
}

export function allows(actor: Actor, action: string, resource?: ScopedResource): boolean {
  if (actor.kind === 'system') return true;
  return actor.grants.some((g) => g.permissions.has(action) && grantCovers(g, resource));
}

/** Throws ForbiddenError (403, audited as a denial) unless the actor may do `action` on `resource`. */
export function can(actor: Actor, action: string, resource?: ScopedResource): void {
  if (!allows(actor, action, resource)) throw new ForbiddenError(action);
}

/** Whether the actor holds `action` anywhere (used to gate list endpoints before scoping them in SQL). */
export function canSomewhere(actor: Actor, action: string): boolean {
  return actor.kind === 'system' || actor.grants.some((g) => g.permissions.has(action));
}

/** The allowedActions a detail response carries, so the UI hides what the caller cannot do. */
export function allowedActions(actor: Actor, actions: readonly string[], resource?: ScopedResource): string[] {
  return actions.filter((a) => allows(actor, a, resource));
}

export interface ScopeColumns {
  /** SQL expression of the row's department path ("/1/4/"), if the rows have a department. */
  departmentPath?: Expression<string | null>;
  /** SQL expression of the row's division code, if the rows have an area. */
  areaCode?: Expression<string | null>;
}

const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A WHERE condition selecting exactly the rows on which can(actor, action, row) would pass. */
export function scopeWhere(actor: Actor, action: string, cols: ScopeColumns): Expression<SqlBool> {
  if (actor.kind === 'system') return sql<SqlBool>`true`;
  const parts = actor.grants
    .filter((g) => g.permissions.has(action))
    .map((g) => {
      const conds: Expression<SqlBool>[] = [];
      if (g.departmentPath !== null) {
        conds.push(
          cols.departmentPath
            ? sql<SqlBool>`${cols.departmentPath} like ${likePrefix(g.departmentPath)}`
            : sql<SqlBool>`false`,
        );
      }
      if (g.areaCode !== null) {
        conds.push(cols.areaCode ? sql<SqlBool>`${cols.areaCode} like ${likePrefix(g.areaCode)}` : sql<SqlBool>`false`);
      }
      return conds.length === 0 ? sql<SqlBool>`true` : sql<SqlBool>`(${sql.join(conds, sql` and `)})`;
    });
  if (parts.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
