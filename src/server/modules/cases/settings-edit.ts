// Editing the case settings (settings.ts holds the shape, the defaults and getCaseSettings). Each key is validated
// against the shape of its default: a time limit is {amount > 0, unit}, a share lies in (0, 1), counts are whole
// numbers, the centre department must exist. A PUT carries only the keys it changes; nested limits (per nature,
// per stage) may be given in part and are merged over the current value. Audited with before/after per key.
import type { Actor } from '../../platform/auth/actor.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { listDepartments } from '../org/departments.ts';
import { validateTimeLimit } from './categories-validation.ts';
import { assertConfigure } from './config-access.ts';
import * as repo from './config-repo.ts';
import { type CaseSettings, DEFAULT_CASE_SETTINGS, getCaseSettings } from './settings.ts';

export interface CaseSettingsView {
  values: CaseSettings;
  defaults: CaseSettings;
  /** Keys stored (changed from the default), with who changed them last. */
  changed: { key: string; updatedBy: string | null; updatedAt: string }[];
}

export async function viewCaseSettings(tx: Tx, actor: Actor): Promise<CaseSettingsView> {
  assertConfigure(actor);
  const rows = await repo.listSettingRows(tx);
  return {
    values: await getCaseSettings(tx),
    defaults: DEFAULT_CASE_SETTINGS,
    changed: rows
      .filter((r) => Object.hasOwn(DEFAULT_CASE_SETTINGS, r.key))
      .map((r) => ({ key: r.key, updatedBy: r.updated_by, updatedAt: new Date(r.updated_at).toISOString() })),
  };
}

const invalid = (field: string, problem: string) => new AppError('CASE_SETTING_INVALID', 400, { field, problem });

/** Bounds of the plain numeric settings: [min, max, whole number?, min exclusive?]. */
const NUMBERS: Record<string, [number, number, boolean, boolean]> = {
  yellow_share: [0, 1, false, true],
  escalate_after_working_days: [1, 60, true, false],
  duplicate_radius_m: [1, 5000, true, false],
  duplicate_window_days: [1, 365, true, false],
  duplicate_min_similarity: [0, 1, false, false],
  return_limit_hours: [0, 240, false, true],
  reopen_within_working_days: [1, 60, true, false],
  reopen_max: [0, 10, true, false],
};

const isLimit = (v: unknown) => typeof v === 'object' && v !== null && 'unit' in v && 'amount' in v;

/** Validates one value against the shape of its default (and the bounds above); returns the value to store. */
function validateValue(field: string, value: unknown, dflt: unknown, current: unknown): unknown {
  if (isLimit(dflt)) return validateTimeLimit(field, value);
  if (typeof dflt === 'number') {
    const [min, max, whole, exclusive] = NUMBERS[field] ?? [0, Number.MAX_SAFE_INTEGER, false, false];
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, 'must be a number');
    if (whole && !Number.isInteger(value)) throw invalid(field, 'must be a whole number');
    if ((exclusive ? value <= min : value < min) || value > max) {
      throw invalid(field, `must be ${exclusive ? '>' : '≥'} ${min} and ≤ ${max}`);
    }
    return value;
  }
  if (typeof dflt === 'string') {
    if (typeof value !== 'string' || value.trim() === '' || value.length > 100) {
      throw invalid(field, 'must be 1–100 characters');
    }
    return value.trim();
  }
  if (typeof dflt === 'boolean') {
    if (typeof value !== 'boolean') throw invalid(field, 'must be true or false');
    return value;
  }
  if (typeof dflt === 'object' && dflt !== null) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, 'must be an object');
    const base = { ...(current as Record<string, unknown>) };
    for (const [k, v] of Object.entries(value)) {
      if (!Object.hasOwn(dflt, k)) throw new AppError('CASE_SETTING_UNKNOWN', 400, { field: `${field}.${k}` });
      base[k] = validateValue(`${field}.${k}`, v, (dflt as Record<string, unknown>)[k], base[k]);
    }
    return base;
  }
  throw invalid(field, 'cannot be edited');
}

/** Sets the given keys (partial); nothing is written unless every key is valid. Returns the new settings view. */
export async function updateCaseSettings(
  tx: Tx,
  actor: Actor,
  input: Record<string, unknown>,
): Promise<CaseSettingsView> {
  assertConfigure(actor);
  const keys = Object.keys(input);
  if (keys.length === 0) throw invalid('body', 'names no setting');
  const unknown = keys.find((k) => !Object.hasOwn(DEFAULT_CASE_SETTINGS, k));
  if (unknown !== undefined) throw new AppError('CASE_SETTING_UNKNOWN', 400, { field: unknown });
  await repo.listSettingRows(tx, true);
  const current = (await getCaseSettings(tx)) as unknown as Record<string, unknown>;
  const defaults = DEFAULT_CASE_SETTINGS as unknown as Record<string, unknown>;
  const next: Record<string, unknown> = {};
  for (const k of keys) next[k] = validateValue(k, input[k], defaults[k], current[k]);
  if (next.centre_department_code !== undefined) {
    const codes = new Set((await listDepartments(tx, SYSTEM_ACTOR)).map((d) => d.code));
    if (!codes.has(next.centre_department_code as string)) {
      throw new AppError('CASE_SETTING_INVALID', 400, {
        field: 'centre_department_code',
        problem: 'is not a department code',
      });
    }
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of keys) {
    await repo.upsertSetting(tx, k, next[k], actor.name);
    changes[k] = { from: current[k], to: next[k] };
  }
  await recordAudit(tx, actor, 'case.settings.update', { type: 'case_settings', id: null }, changes);
  return viewCaseSettings(tx, actor);
}
