// SQL for the exchange module's own tables: requests, grants, credentials, settings and masking rules. No
// permission checks here; the services decide who may call what.
import { type Expression, type Selectable, type SqlBool, sql } from 'kysely';
import type { Tx } from '../../platform/db/tx.ts';
import type { ExchangeTables, MaskMethod, MaskTargetKind, RequestStatus } from './tables.ts';

export type RequestRow = Selectable<ExchangeTables['exchange_requests']>;
export type GrantRow = Selectable<ExchangeTables['exchange_grants']>;
export type SettingsRow = Selectable<ExchangeTables['exchange_settings']>;
export type MaskingRuleRow = Selectable<ExchangeTables['exchange_masking_rules']>;

export type NewRequest = Omit<
  RequestRow,
  'id' | 'created_at' | 'updated_at' | 'office_escalated_at' | 'provider_escalated_at' | 'provider_due'
> & { provider_due?: Date | null };

export async function insertRequest(tx: Tx, r: NewRequest): Promise<RequestRow> {
  return (await tx.insertInto('exchange_requests').values(r).returningAll().executeTakeFirstOrThrow()) as RequestRow;
}

export async function lockRequest(tx: Tx, id: number): Promise<RequestRow | undefined> {
  return (await tx.selectFrom('exchange_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) as
    | RequestRow
    | undefined;
}

export async function updateRequest(
  tx: Tx,
  id: number,
  set: {
    status: RequestStatus;
    office_reason?: string | null;
    decision_reason?: string | null;
    provider_due?: Date | null;
  },
): Promise<RequestRow> {
  return (await tx
    .updateTable('exchange_requests')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()) as RequestRow;
}

export interface RequestListFilter {
  /** The office's inbox: requests waiting for its check, and requests escalated to it. */
  officeInbox?: boolean;
  escalated?: boolean;
  /** Only requests in this status (the office's ledger of granted requests). */
  status?: RequestStatus;
  limit: number;
}

/** Escalated = overdue at its current stage and marked so by the escalation job. */
const escalatedNow = sql<boolean>`((status = 'pending_office' and office_escalated_at is not null)
  or (status = 'pending_provider' and provider_escalated_at is not null))`;

export async function selectRequests(tx: Tx, f: RequestListFilter): Promise<RequestRow[]> {
  let q = tx.selectFrom('exchange_requests').selectAll().orderBy('id', 'desc').limit(f.limit);
  if (f.officeInbox)
    q = q.where((eb) =>
      eb.or([
        eb('status', '=', 'pending_office'),
        eb.and([eb('status', '=', 'pending_provider'), eb('provider_escalated_at', 'is not', null)]),
      ]),
    );
  if (f.escalated !== undefined) q = q.where(f.escalated ? escalatedNow : sql<boolean>`not ${escalatedNow}`);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  return (await q.execute()) as RequestRow[];
}

export async function selectGrantsOfRequests(tx: Tx, requestIds: number[]): Promise<GrantRow[]> {
  if (requestIds.length === 0) return [];
  return (await tx
    .selectFrom('exchange_grants')
    .selectAll()
    .where('request_id', 'in', requestIds)
    .execute()) as GrantRow[];
}

export async function insertGrant(
  tx: Tx,
  g: Omit<GrantRow, 'id' | 'created_at' | 'revoked_at' | 'revoked_by' | 'row_filter'> & { row_filter: string | null },
): Promise<GrantRow> {
  return (await tx.insertInto('exchange_grants').values(g).returningAll().executeTakeFirstOrThrow()) as GrantRow;
}

export async function lockGrant(tx: Tx, id: number): Promise<GrantRow | undefined> {
  return (await tx.selectFrom('exchange_grants').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) as
    | GrantRow
    | undefined;
}

/** Revokes the grant and every credential of it, with the same timestamp. */
export async function revokeGrantRow(tx: Tx, id: number, by: string): Promise<GrantRow> {
  const now = new Date();
  const row = await tx
    .updateTable('exchange_grants')
    .set({ revoked_at: now, revoked_by: by })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('exchange_credentials')
    .set({ revoked_at: now, revoked_by: by })
    .where('grant_id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  return row as GrantRow;
}

export async function insertCredential(
  tx: Tx,
  c: { grant_id: number; prefix: string; secret_hash: string; created_by: string },
) {
  return tx
    .insertInto('exchange_credentials')
    .values(c)
    .returning(['id', 'prefix', 'created_at'])
    .executeTakeFirstOrThrow();
}

export type CredentialRow = Selectable<ExchangeTables['exchange_credentials']>;

/** The credential and the grant it belongs to, both locked (a revoke and a grant revoke never cross). */
export async function lockCredential(tx: Tx, id: number) {
  return tx
    .selectFrom('exchange_credentials as c')
    .innerJoin('exchange_grants as g', 'g.id', 'c.grant_id')
    .select([
      'c.id',
      'c.grant_id',
      'c.prefix',
      'c.revoked_at',
      'g.consumer_path',
      'g.resource_code',
      'g.revoked_at as grant_revoked_at',
    ])
    .where('c.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function revokeCredentialRow(tx: Tx, id: number, by: string): Promise<CredentialRow> {
  return (await tx
    .updateTable('exchange_credentials')
    .set({ revoked_at: new Date(), revoked_by: by })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()) as CredentialRow;
}

/** The credentials of some grants (never their secrets' digests), oldest first. */
export async function selectCredentialsOfGrants(tx: Tx, grantIds: number[]) {
  if (grantIds.length === 0) return [];
  return tx
    .selectFrom('exchange_credentials')
    .select(['id', 'grant_id', 'prefix', 'created_by', 'created_at', 'revoked_at', 'revoked_by'])
    .where('grant_id', 'in', grantIds)
    .orderBy('id')
    .execute();
}

export async function selectGrant(tx: Tx, id: number): Promise<GrantRow | undefined> {
  return (await tx.selectFrom('exchange_grants').selectAll().where('id', '=', id).executeTakeFirst()) as
    | GrantRow
    | undefined;
}

/** The credential with its grant, by the secret's digest (revoked ones too: the caller refuses them). */
export async function selectCredentialGrant(tx: Tx, secretHash: string) {
  return tx
    .selectFrom('exchange_credentials as c')
    .innerJoin('exchange_grants as g', 'g.id', 'c.grant_id')
    .select([
      'c.id as credential_id',
      'c.revoked_at as credential_revoked',
      'g.id as grant_id',
      'g.revoked_at as grant_revoked',
      'g.expires_at',
      'g.resource_code',
      'g.consumer_system',
      'g.consumer_path',
      'g.provider_path',
      'g.fields',
      'g.row_filter',
      'g.clear_values',
    ])
    .where('c.secret_hash', '=', secretHash)
    .executeTakeFirst();
}

// ---- escalation (督办) -------------------------------------------------------------------------------------

export type EscalationStage = 'office' | 'provider';

/** Claims one overdue, not yet escalated request, skipping rows another server holds; the lock lasts until the
 * caller's transaction ends, and a row escalated meanwhile no longer matches when PostgreSQL re-checks it. */
export async function claimOverdueRequest(tx: Tx): Promise<(RequestRow & { stage: EscalationStage }) | undefined> {
  const { rows } = await sql<RequestRow>`
    select * from exchange_requests
     where ((status = 'pending_office' and office_due < now() and office_escalated_at is null)
         or (status = 'pending_provider' and provider_due < now() and provider_escalated_at is null))
     order by id
     limit 1
     for update skip locked`.execute(tx);
  const r = rows[0];
  if (!r) return undefined;
  return { ...r, stage: r.status === 'pending_office' ? 'office' : 'provider' };
}

export async function markEscalated(tx: Tx, id: number, stage: EscalationStage, at: Date): Promise<RequestRow> {
  const q = tx.updateTable('exchange_requests');
  const set = stage === 'office' ? q.set({ office_escalated_at: at }) : q.set({ provider_escalated_at: at });
  return (await set.where('id', '=', id).returningAll().executeTakeFirstOrThrow()) as RequestRow;
}

// ---- settings ----------------------------------------------------------------------------------------------

export async function selectSettings(tx: Tx, opts: { forUpdate?: boolean } = {}): Promise<SettingsRow> {
  const q = tx.selectFrom('exchange_settings').selectAll().where('id', '=', 1);
  return (await (opts.forUpdate ? q.forUpdate() : q).executeTakeFirstOrThrow()) as SettingsRow;
}

export async function updateSettings(
  tx: Tx,
  s: Pick<
    SettingsRow,
    | 'office_check_working_days'
    | 'provider_reply_working_days'
    | 'provider_reply_offline_working_days'
    | 'export_concurrency'
  >,
  by: string,
): Promise<SettingsRow> {
  return (await tx
    .updateTable('exchange_settings')
    .set({ ...s, updated_by: by, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', 1)
    .returningAll()
    .executeTakeFirstOrThrow()) as SettingsRow;
}

// ---- masking rules -----------------------------------------------------------------------------------------

export async function selectMaskingRules(tx: Tx): Promise<MaskingRuleRow[]> {
  return (await tx
    .selectFrom('exchange_masking_rules')
    .selectAll()
    .orderBy('target_kind', 'desc')
    .orderBy('id')
    .execute()) as MaskingRuleRow[];
}

export async function lockMaskingRule(tx: Tx, id: number): Promise<MaskingRuleRow | undefined> {
  return (await tx
    .selectFrom('exchange_masking_rules')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()) as MaskingRuleRow | undefined;
}

export interface MaskingRuleValues {
  method: MaskMethod;
  keep_first: number;
  keep_last: number;
  note: string | null;
}

/** Inserts a rule; undefined when one for the same target exists already. */
export async function insertMaskingRule(
  tx: Tx,
  target: { kind: MaskTargetKind; target: string },
  v: MaskingRuleValues,
  by: string,
): Promise<MaskingRuleRow | undefined> {
  return (await tx
    .insertInto('exchange_masking_rules')
    .values({ target_kind: target.kind, target: target.target, ...v, updated_by: by })
    .onConflict((oc) => oc.columns(['target_kind', 'target']).doNothing())
    .returningAll()
    .executeTakeFirst()) as MaskingRuleRow | undefined;
}

export async function updateMaskingRule(tx: Tx, id: number, v: MaskingRuleValues, by: string): Promise<MaskingRuleRow> {
  return (await tx
    .updateTable('exchange_masking_rules')
    .set({ ...v, updated_by: by, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()) as MaskingRuleRow;
}

// ---- access log (read side; writing and sealing are access-log.ts) ------------------------------------------

/** Access-log rows the caller may see (`visible`, from scopeWhere), newest first, before an id. */
export async function selectAccessLog(
  tx: Tx,
  visible: Expression<SqlBool>,
  q: { resource?: string; before?: number; limit: number },
) {
  let query = tx.selectFrom('exchange_access_log').selectAll().where(visible).orderBy('id', 'desc').limit(q.limit);
  if (q.resource) query = query.where('resource_code', '=', q.resource);
  if (q.before !== undefined) query = query.where('id', '<', q.before);
  return query.execute();
}
