// API 密钥: credentials for machine clients. Shown once, stored as a digest, limited to named permissions
// (and optionally a department subtree / area), expiring, revocable with immediate effect.
import { type Actor, CITY_WIDE } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/can.ts';
import { isPermission } from '../../platform/auth/roles.ts';
import { newApiKey, tokenDigest } from '../../platform/auth/tokens.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { divisionExists } from '../geo/service.ts';
import * as repo from './repo.ts';
import * as sessions from './session-repo.ts';

/** Named bundles a key can be created with (e.g. `--scope open311`); modules add theirs. */
const SCOPE_BUNDLES = new Map<string, string[]>();
export function defineApiKeyScope(name: string, permissions: string[]) {
  SCOPE_BUNDLES.set(name, permissions);
}

export interface ApiKeyView {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  departmentId: number | null;
  areaCode: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  createdBy: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentApiKey(k: sessions.ApiKeyRow): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    departmentId: k.department_id,
    areaCode: k.area_code,
    expiresAt: iso(k.expires_at),
    revokedAt: iso(k.revoked_at),
    lastUsedAt: iso(k.last_used_at),
    createdAt: k.created_at.toISOString(),
    createdBy: k.created_by,
  };
}

// Machine credentials are a city-wide concern (等保: separated security administration): only an unscoped
// grant of org.apikey.manage creates, lists or revokes them.
export async function listApiKeys(tx: Tx, actor: Actor): Promise<ApiKeyView[]> {
  can(actor, 'org.apikey.manage', CITY_WIDE);
  return (await sessions.listApiKeys(tx)).map(presentApiKey);
}

export interface CreateApiKeyInput {
  name: string;
  scopes: string[];
  expiresAt?: string | null;
  departmentId?: number | null;
  areaCode?: string | null;
}

export async function createApiKey(
  tx: Tx,
  actor: Actor,
  input: CreateApiKeyInput,
): Promise<{ apiKey: ApiKeyView; key: string }> {
  can(actor, 'org.apikey.manage', CITY_WIDE);
  const permissions = new Set<string>();
  for (const [i, s] of input.scopes.entries()) {
    const bundle = SCOPE_BUNDLES.get(s);
    if (bundle) for (const p of bundle) permissions.add(p);
    else if (isPermission(s)) permissions.add(s);
    else throw new AppError('API_KEY_SCOPE_UNKNOWN', 400, { field: `scopes[${i}]`, scope: s });
  }
  if (permissions.size === 0)
    throw new AppError('VALIDATION_FAILED', 400, { field: 'scopes', problem: 'must not be empty' });
  let expiresAt: Date | null = null;
  if (input.expiresAt) {
    expiresAt = new Date(input.expiresAt);
    if (Number.isNaN(expiresAt.getTime()))
      throw new AppError('VALIDATION_FAILED', 400, { field: 'expiresAt', problem: 'is not a date' });
    if (expiresAt <= new Date())
      throw new AppError('VALIDATION_FAILED', 400, { field: 'expiresAt', problem: 'is in the past' });
  }
  const dept = input.departmentId ? await repo.getDepartment(tx, input.departmentId) : null;
  if (input.departmentId && !dept) throw new AppError('DEPARTMENT_NOT_FOUND', 400, { field: 'departmentId' });
  if (input.areaCode && !(await divisionExists(tx, input.areaCode)))
    throw new AppError('AREA_UNKNOWN', 400, { field: 'areaCode' });
  // A key can do at most what its creator can, within the key's own scope: no privilege escalation through keys.
  for (const p of permissions) can(actor, p, { departmentPath: dept?.path ?? null, areaCode: input.areaCode || null });
  const key = newApiKey();
  const row = await sessions.insertApiKey(tx, {
    name: input.name.trim(),
    prefix: key.slice(0, 10),
    key_hash: tokenDigest(key),
    scopes: [...permissions].sort(),
    department_id: dept?.id ?? null,
    area_code: input.areaCode || null,
    created_by: actor.name,
    expires_at: expiresAt,
  });
  await recordAudit(
    tx,
    actor,
    'org.apikey.create',
    { type: 'api_key', id: row.id },
    { name: row.name, scopes: row.scopes, expiresAt: iso(expiresAt) },
  );
  return { apiKey: presentApiKey(row), key };
}

export async function revokeApiKey(tx: Tx, actor: Actor, id: number): Promise<ApiKeyView> {
  can(actor, 'org.apikey.manage', CITY_WIDE);
  const existing = await sessions.getApiKey(tx, id);
  if (!existing) throw notFound('API_KEY', { id });
  if (existing.revoked_at) return presentApiKey(existing);
  const row = await sessions.revokeApiKey(tx, id);
  await recordAudit(tx, actor, 'org.apikey.revoke', { type: 'api_key', id }, { name: existing.name });
  return presentApiKey(row ?? existing);
}
