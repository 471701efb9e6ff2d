// Access requests (共享申请) and grants (授权): a consuming department's data steward asks for fields of a resource;
// the data office checks every request (2 working days by default); 无条件共享 is then granted, 有条件共享 goes to
// the providing department (5 working days, 10 when no data is on the platform yet), which approves or refuses with
// a reason; 不予共享 cannot be requested. The limits are data (settings.ts); overdue requests escalate to the data
// office (escalation.ts). A grant is what the consumer's credentials (exchange_credentials, `ox_…`, SHA-256 kept)
// may read.
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import { allows, canSomewhere } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { digestHex } from '../../platform/crypto/digest.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError, badRequest, conflict, notFound } from '../../platform/errors.ts';
import { datasetVersionOf, getResourceForSharing, sharingDirectory } from '../catalog/sharing-api.ts';
import { addWorkingDays } from '../calendar/service.ts';
import { presentCredential } from './credentials.ts';
import * as repo from './repo.ts';
import type { GrantRow, RequestRow } from './repo.ts';
import { sharingTimeLimits } from './settings.ts';
import type { RequestStatus } from './tables.ts';

export interface CreateRequestInput {
  resourceCode: string;
  purpose: string;
  fields: string[];
  legalBasis: string;
  periodDays: number;
  consumerSystem: string;
}

export function presentRequest(r: RequestRow, grant?: GrantRow, credentials?: ReturnType<typeof presentCredential>[]) {
  return {
    id: r.id,
    resourceCode: r.resource_code,
    shareType: r.share_type,
    consumerSystem: r.consumer_system,
    consumerDepartmentId: r.consumer_department_id,
    purpose: r.purpose,
    legalBasis: r.legal_basis,
    fields: r.fields,
    periodDays: r.period_days,
    status: r.status,
    officeReason: r.office_reason,
    decisionReason: r.decision_reason,
    officeDue: r.office_due ? new Date(r.office_due).toISOString() : null,
    providerDue: r.provider_due ? new Date(r.provider_due).toISOString() : null,
    // 督办: overdue at the current stage and escalated to the data office.
    escalated:
      (r.status === 'pending_office' && r.office_escalated_at !== null) ||
      (r.status === 'pending_provider' && r.provider_escalated_at !== null),
    officeEscalatedAt: r.office_escalated_at ? new Date(r.office_escalated_at).toISOString() : null,
    providerEscalatedAt: r.provider_escalated_at ? new Date(r.provider_escalated_at).toISOString() : null,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    grant: grant ? { ...presentGrant(grant), ...(credentials ? { credentials } : {}) } : null,
  };
}

export function presentGrant(g: GrantRow) {
  return {
    id: g.id,
    requestId: g.request_id,
    resourceCode: g.resource_code,
    consumerSystem: g.consumer_system,
    fields: g.fields,
    rowFilter: g.row_filter,
    clearValues: g.clear_values,
    expiresAt: new Date(g.expires_at).toISOString(),
    revokedAt: g.revoked_at ? new Date(g.revoked_at).toISOString() : null,
  };
}

async function due(tx: Tx, n: number): Promise<Date> {
  return (await addWorkingDays(tx, new Date(), n)).due;
}

export async function createRequest(tx: Tx, actor: Actor, input: CreateRequestInput) {
  if (!canSomewhere(actor, 'exchange.request')) throw new ForbiddenError('exchange.request');
  const departmentId =
    actor.grants.find((g) => g.permissions.has('exchange.request') && g.departmentId !== null)?.departmentId ?? null;
  const dir = await sharingDirectory(tx);
  const consumerPath = departmentId === null ? undefined : dir.pathOf(departmentId);
  if (departmentId === null || consumerPath === undefined)
    throw badRequest('EXCHANGE_DEPARTMENT_REQUIRED', { field: 'department' });
  const r = await getResourceForSharing(tx, input.resourceCode);
  if (r?.status !== 'published') throw notFound('RESOURCE', { code: input.resourceCode });
  if (r.shareType === 'none') throw conflict('SHARE_NOT_ALLOWED', { code: r.code, basis: r.shareBasis ?? '' });
  const names = new Set(r.items.map((i) => i.name));
  const unknown = input.fields.find((f) => !names.has(f));
  if (unknown !== undefined)
    throw badRequest('EXCHANGE_UNKNOWN_FIELD', { field: 'body.fields', name: unknown, code: r.code });
  const fields = [...new Set(input.fields)];
  const limits = await sharingTimeLimits(tx);
  const row = await repo.insertRequest(tx, {
    resource_id: r.id,
    resource_code: r.code,
    share_type: r.shareType,
    provider_path: r.providerPath,
    consumer_department_id: departmentId,
    consumer_path: consumerPath,
    consumer_system: input.consumerSystem,
    purpose: input.purpose,
    legal_basis: input.legalBasis,
    fields,
    period_days: input.periodDays,
    status: 'pending_office',
    office_reason: null,
    decision_reason: null,
    office_due: await due(tx, limits.officeCheckWorkingDays),
    created_by: actor.name,
  });
  await recordAudit(
    tx,
    actor,
    'exchange.request.create',
    { type: 'exchange_request', id: row.id },
    {
      resource: r.code,
      fields,
      consumerSystem: input.consumerSystem,
      purpose: input.purpose,
    },
  );
  return presentRequest(row);
}

async function lockRequest(tx: Tx, rawId: string): Promise<RequestRow> {
  const id = Number(rawId);
  const row = Number.isSafeInteger(id) ? await repo.lockRequest(tx, id) : undefined;
  if (!row) throw notFound('EXCHANGE_REQUEST', { id: rawId });
  return row;
}

/** The provider's reply limit: longer when the resource has no data on the platform yet (DOMAIN.md §4). */
async function providerDue(tx: Tx, r: RequestRow): Promise<Date> {
  const limits = await sharingTimeLimits(tx);
  const onPlatform = (await datasetVersionOf(tx, r.resource_id)) > 0;
  return due(tx, onPlatform ? limits.providerReplyWorkingDays : limits.providerReplyOfflineWorkingDays);
}

export interface DecisionInput {
  approve: boolean;
  reason?: string;
  rowFilter?: Record<string, string>;
  clearValues?: boolean;
}

function needReason(d: DecisionInput) {
  if (!d.approve && !d.reason?.trim()) throw badRequest('EXCHANGE_REASON_REQUIRED', { field: 'body.reason' });
}

function wrongStatus(r: RequestRow, action: string): AppError {
  return new AppError('EXCHANGE_INVALID_TRANSITION', 409, { from: r.status, action });
}

/** The data office's check: refusal ends the request; approval grants 无条件 and forwards 有条件 to the provider. */
export async function officeCheck(tx: Tx, actor: Actor, rawId: string, d: DecisionInput) {
  if (!canSomewhere(actor, 'exchange.office')) throw new ForbiddenError('exchange.office');
  const dir = await sharingDirectory(tx);
  if (!allows(actor, 'exchange.office', dir.office)) throw new ForbiddenError('exchange.office');
  const r = await lockRequest(tx, rawId);
  if (r.status !== 'pending_office') throw wrongStatus(r, 'office-check');
  needReason(d);
  let status: RequestStatus;
  let grant: GrantRow | undefined;
  if (!d.approve) status = 'refused';
  else if (r.share_type === 'unconditional') {
    status = 'granted';
    grant = await createGrant(tx, r, d);
  } else status = 'pending_provider';
  const updated = await repo.updateRequest(tx, r.id, {
    status,
    office_reason: d.reason ?? null,
    provider_due: status === 'pending_provider' ? await providerDue(tx, r) : null,
  });
  await recordAudit(
    tx,
    actor,
    'exchange.request.office_check',
    { type: 'exchange_request', id: r.id },
    {
      approve: d.approve,
      reason: d.reason ?? null,
      status,
      grant: grant?.id ?? null,
    },
  );
  return presentRequest(updated, grant);
}

/** The providing department's decision on a 有条件共享 request. */
export async function providerDecision(tx: Tx, actor: Actor, rawId: string, d: DecisionInput) {
  if (!canSomewhere(actor, 'exchange.decide')) throw new ForbiddenError('exchange.decide');
  const r = await lockRequest(tx, rawId);
  if (!allows(actor, 'exchange.decide', { departmentPath: r.provider_path }))
    throw new ForbiddenError('exchange.decide');
  if (r.status !== 'pending_provider') throw wrongStatus(r, 'decision');
  needReason(d);
  const status: RequestStatus = d.approve ? 'granted' : 'refused';
  const grant = d.approve ? await createGrant(tx, r, d) : undefined;
  const updated = await repo.updateRequest(tx, r.id, { status, decision_reason: d.reason ?? null });
  await recordAudit(
    tx,
    actor,
    'exchange.request.decision',
    { type: 'exchange_request', id: r.id },
    {
      approve: d.approve,
      reason: d.reason ?? null,
      grant: grant?.id ?? null,
    },
  );
  return presentRequest(updated, grant);
}

async function createGrant(tx: Tx, r: RequestRow, d: DecisionInput): Promise<GrantRow> {
  if (d.rowFilter) {
    const bad = Object.keys(d.rowFilter).find((f) => !r.fields.includes(f));
    if (bad !== undefined)
      throw badRequest('EXCHANGE_UNKNOWN_FIELD', { field: 'body.rowFilter', name: bad, code: r.resource_code });
  }
  return repo.insertGrant(tx, {
    request_id: r.id,
    resource_id: r.resource_id,
    resource_code: r.resource_code,
    provider_path: r.provider_path,
    consumer_path: r.consumer_path,
    consumer_system: r.consumer_system,
    fields: r.fields,
    row_filter: d.rowFilter && Object.keys(d.rowFilter).length > 0 ? JSON.stringify(d.rowFilter) : null,
    clear_values: d.clearValues ?? false,
    expires_at: new Date(Date.now() + r.period_days * 86_400_000),
  });
}

export type Box = 'mine' | 'provider' | 'office' | 'granted';

/** A request inbox; `escalated` narrows it to requests escalated (督办) at their current stage, or to the others.
 * The office's inbox holds the requests waiting for its check and those escalated to it from the providers; its
 * `granted` box is the ledger of every granted request (grants live, expired or revoked), with their credentials,
 * so the data office can revoke a credential or a whole grant of any department. */
export async function listRequests(tx: Tx, actor: Actor, box: Box, escalated?: boolean) {
  const action = box === 'mine' ? 'exchange.request' : box === 'provider' ? 'exchange.decide' : 'exchange.office';
  if (!canSomewhere(actor, action)) throw new ForbiddenError(action);
  const forOffice = box === 'office' || box === 'granted';
  const office = forOffice ? (await sharingDirectory(tx)).office : undefined;
  if (office && !allows(actor, action, office)) throw new ForbiddenError(action);
  const rows = await repo.selectRequests(tx, {
    officeInbox: box === 'office',
    escalated,
    ...(box === 'granted' ? { status: 'granted' as const } : {}),
    limit: 500,
  });
  const mine = rows.filter((r) =>
    forOffice
      ? true
      : allows(actor, action, { departmentPath: box === 'mine' ? r.consumer_path : r.provider_path }) &&
        (box === 'mine' || r.status !== 'pending_office'),
  );
  const grants = await repo.selectGrantsOfRequests(
    tx,
    mine.map((r) => r.id),
  );
  const byRequest = new Map(grants.map((g) => [g.request_id, g]));
  // The consumer and the data office see each grant's credentials (prefixes only), to revoke one of them.
  const creds =
    box === 'provider'
      ? undefined
      : await repo.selectCredentialsOfGrants(
          tx,
          grants.map((g) => g.id),
        );
  const credsOf = (g: GrantRow | undefined) =>
    g && creds ? creds.filter((c) => c.grant_id === g.id).map(presentCredential) : undefined;
  return {
    items: mine.slice(0, 200).map((r) => {
      const g = byRequest.get(r.id);
      return presentRequest(r, g, credsOf(g));
    }),
  };
}

async function grantFor(tx: Tx, rawId: string): Promise<GrantRow> {
  const id = Number(rawId);
  const g = Number.isSafeInteger(id) ? await repo.lockGrant(tx, id) : undefined;
  if (!g) throw notFound('EXCHANGE_GRANT', { id: rawId });
  return g;
}

export function hashSecret(secret: string): string {
  return digestHex(secret);
}

/** A new credential for the consumer's system, limited to the grant; the secret is shown only here. */
export async function issueCredential(tx: Tx, actor: Actor, rawId: string) {
  if (!canSomewhere(actor, 'exchange.request')) throw new ForbiddenError('exchange.request');
  const g = await grantFor(tx, rawId);
  if (!allows(actor, 'exchange.request', { departmentPath: g.consumer_path }))
    throw new ForbiddenError('exchange.request');
  if (g.revoked_at) throw conflict('EXCHANGE_GRANT_REVOKED', { id: g.id });
  if (new Date(g.expires_at).getTime() <= Date.now()) throw conflict('EXCHANGE_GRANT_EXPIRED', { id: g.id });
  const secret = `ox_${randomBytes(24).toString('base64url')}`;
  const row = await repo.insertCredential(tx, {
    grant_id: g.id,
    prefix: secret.slice(0, 8),
    secret_hash: hashSecret(secret),
    created_by: actor.name,
  });
  await recordAudit(
    tx,
    actor,
    'exchange.credential.issue',
    { type: 'exchange_grant', id: g.id },
    {
      credential: row.id,
      prefix: row.prefix,
    },
  );
  return {
    id: row.id,
    grantId: g.id,
    prefix: row.prefix,
    key: secret,
    expiresAt: new Date(g.expires_at).toISOString(),
  };
}

/** Revokes a grant and its credentials with immediate effect (provider, consumer or data office). */
export async function revokeGrant(tx: Tx, actor: Actor, rawId: string) {
  const acts = ['exchange.decide', 'exchange.request', 'exchange.office'];
  if (!acts.some((a) => canSomewhere(actor, a))) throw new ForbiddenError('exchange.decide');
  const g = await grantFor(tx, rawId);
  const office = (await sharingDirectory(tx)).office;
  if (
    !allows(actor, 'exchange.decide', { departmentPath: g.provider_path }) &&
    !allows(actor, 'exchange.request', { departmentPath: g.consumer_path }) &&
    !allows(actor, 'exchange.office', office)
  )
    throw new ForbiddenError('exchange.decide');
  if (g.revoked_at) return presentGrant(g);
  const row = await repo.revokeGrantRow(tx, g.id, actor.name);
  await recordAudit(
    tx,
    actor,
    'exchange.grant.revoke',
    { type: 'exchange_grant', id: g.id },
    {
      resource: g.resource_code,
    },
  );
  return presentGrant(row);
}
