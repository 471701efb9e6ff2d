// Who is acting. Every service function takes an Actor; every permission check and scoped query reads it.
import type { Role } from './roles.ts';

/** One scoped grant: a role (or an API key's scope list) limited to a department subtree and/or an area. */
export interface Grant {
  /** The role name, or "apikey" for an API key's own scope. */
  role: Role | 'apikey';
  permissions: ReadonlySet<string>;
  /** Department subtree this grant covers, as the materialised path "/1/4/"; null = every department. */
  departmentPath: string | null;
  departmentId: number | null;
  /** Division code prefix (district 6 / street 9 / community 12 digits); null = the whole city. */
  areaCode: string | null;
}

export interface Actor {
  kind: 'user' | 'apikey' | 'system';
  id: number;
  /** Username, API key name or "system"; what the audit log shows. */
  name: string;
  grants: readonly Grant[];
  /** For API-key actors: the key's id (audit), for users the session id is not exposed here. */
  apiKeyId?: number;
  ip?: string;
  requestId?: string;
}

export const SYSTEM_ACTOR: Actor = {
  kind: 'system',
  id: 0,
  name: 'system',
  grants: [],
};

/** What a scoped thing exposes to the permission check. */
export interface ScopedResource {
  departmentPath?: string | null;
  areaCode?: string | null;
}

/** A resource that belongs to the whole city (role policies, API keys, the audit log): only grants without a
 * department or area limit reach it. */
export const CITY_WIDE: ScopedResource = { departmentPath: null, areaCode: null };
