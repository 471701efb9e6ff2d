// Who sees which resource. Published and deprecated resources are the city's catalog: every catalog reader
// sees them. A draft is its provider's business (stewards whose scope covers the provider); a submitted
// resource is also the data office's, which reviews it. can() and the SQL condition say the same thing.
import { sql, type SqlBool } from 'kysely';
import type { Actor, ScopedResource } from '../../platform/auth/actor.ts';
import { allows, canSomewhere, scopeWhere } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { ForbiddenError } from '../../platform/errors.ts';
import { type DepartmentDirectory, dataOfficeScope, loadDirectory } from './department-directory.ts';
import type { ResourceRow, Visibility } from './resource-repo.ts';

export interface CatalogAccess {
  actor: Actor;
  dir: DepartmentDirectory;
  /** The data office's department, the resource that review, element and demand management are checked on. */
  office: ScopedResource;
  canReview: boolean;
}

/**
 * Gates on holding one of `actions` somewhere (so a caller without any learns nothing, not even whether a
 * code exists), then loads what the scoped checks need.
 */
export async function catalogAccess(tx: Tx, actor: Actor, ...actions: string[]): Promise<CatalogAccess> {
  if (!actions.some((action) => canSomewhere(actor, action))) throw new ForbiddenError(actions[0]);
  const dir = await loadDirectory(tx);
  const office = dataOfficeScope(dir);
  return { actor, dir, office, canReview: allows(actor, 'catalog.resource.review', office) };
}

export function canSeeResource(a: CatalogAccess, r: Pick<ResourceRow, 'status' | 'provider_path'>): boolean {
  if (r.status === 'published' || r.status === 'deprecated') return true;
  if (r.status === 'submitted' && a.canReview) return true;
  return allows(a.actor, 'catalog.resource.edit', { departmentPath: r.provider_path });
}

export function resourceVisibility(a: CatalogAccess): Visibility {
  return ({ providerPath, status }) => {
    const own = scopeWhere(a.actor, 'catalog.resource.edit', { departmentPath: providerPath });
    const review = a.canReview ? sql<SqlBool>`${status} = 'submitted'` : sql<SqlBool>`false`;
    return sql<SqlBool>`(${status} in ('published', 'deprecated') or ${own} or ${review})`;
  };
}
