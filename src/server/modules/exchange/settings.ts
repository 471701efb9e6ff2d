// The sharing time limits as data (DOMAIN.md §4 defaults: the data office checks in 2 working days, the provider
// replies in 5, or 10 when the data is not yet on the platform). Read by everyone who works with requests, edited
// by the data office; an edit applies to deadlines set after it. The bulk-export concurrency limit lives here too.
import type { Actor } from '../../platform/auth/actor.ts';
import { allows, canSomewhere } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { ForbiddenError, VersionConflictError } from '../../platform/errors.ts';
import { sharingDirectory } from '../catalog/sharing-api.ts';
import * as repo from './repo.ts';

export interface SharingSettings {
  officeCheckWorkingDays: number;
  providerReplyWorkingDays: number;
  providerReplyOfflineWorkingDays: number;
  /** Bulk exports one credential (or one user on one grant) may run at once, per server process. */
  exportConcurrency: number;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

function present(s: repo.SettingsRow): SharingSettings {
  return {
    officeCheckWorkingDays: s.office_check_working_days,
    providerReplyWorkingDays: s.provider_reply_working_days,
    providerReplyOfflineWorkingDays: s.provider_reply_offline_working_days,
    exportConcurrency: s.export_concurrency,
    version: s.version,
    updatedAt: new Date(s.updated_at).toISOString(),
    updatedBy: s.updated_by,
  };
}

/** The current limits, for computing deadlines (no permission check: callers are services). */
export async function sharingTimeLimits(tx: Tx): Promise<SharingSettings> {
  return present(await repo.selectSettings(tx));
}

const EXCHANGE_ACTIONS = ['exchange.request', 'exchange.decide', 'exchange.office'];

export async function getSharingSettings(tx: Tx, actor: Actor): Promise<SharingSettings> {
  if (!EXCHANGE_ACTIONS.some((a) => canSomewhere(actor, a))) throw new ForbiddenError('exchange.request');
  return sharingTimeLimits(tx);
}

/** Only the data office (a grant of exchange.office reaching it) edits the limits; audited with before/after. */
export async function assertDataOffice(tx: Tx, actor: Actor): Promise<void> {
  if (!canSomewhere(actor, 'exchange.office')) throw new ForbiddenError('exchange.office');
  const { office } = await sharingDirectory(tx);
  if (!allows(actor, 'exchange.office', office)) throw new ForbiddenError('exchange.office');
}

export async function setSharingSettings(
  tx: Tx,
  actor: Actor,
  input: {
    officeCheckWorkingDays: number;
    providerReplyWorkingDays: number;
    providerReplyOfflineWorkingDays: number;
    /** Unchanged when left out. */
    exportConcurrency?: number;
    version: number;
  },
): Promise<SharingSettings> {
  await assertDataOffice(tx, actor);
  const before = present(await repo.selectSettings(tx, { forUpdate: true }));
  if (before.version !== input.version) throw new VersionConflictError(before.version);
  const after = present(
    await repo.updateSettings(
      tx,
      {
        office_check_working_days: input.officeCheckWorkingDays,
        provider_reply_working_days: input.providerReplyWorkingDays,
        provider_reply_offline_working_days: input.providerReplyOfflineWorkingDays,
        export_concurrency: input.exportConcurrency ?? before.exportConcurrency,
      },
      actor.name,
    ),
  );
  const limits = (s: SharingSettings) => ({
    officeCheckWorkingDays: s.officeCheckWorkingDays,
    providerReplyWorkingDays: s.providerReplyWorkingDays,
    providerReplyOfflineWorkingDays: s.providerReplyOfflineWorkingDays,
    exportConcurrency: s.exportConcurrency,
  });
  await recordAudit(
    tx,
    actor,
    'exchange.settings.update',
    { type: 'exchange_settings', id: 1 },
    { before: limits(before), after: limits(after) },
  );
  return after;
}
