// Case settings (case_settings rows): every time limit, threshold and policy of the loop is data, with the
// DOMAIN.md §1 defaults below. getCaseSettings() merges stored rows over the defaults.
//
// CONTRACT: intake, clock, timers and citizen code read settings only through getCaseSettings(). The admin API
// to edit them lives in config-routes.ts.
import type { Tx } from '../../platform/db/tx.ts';
import type { Nature } from './tables.ts';

export type LimitUnit = 'working_hours' | 'working_days';
export interface TimeLimit {
  amount: number;
  unit: LimitUnit;
}

export interface CaseSettings {
  /** Handling limit by request nature when the 小类 has none (DOMAIN §1: 咨询/求助 3, 投诉/举报/建议 13 working days). */
  nature_time_limits: Record<Nature, TimeLimit>;
  /** Urgent cases: respond within 2 working hours, handle the same day. */
  urgent_time_limit: TimeLimit;
  /** Limits of the centre's own stages (受理, 立案, 派遣, 签收, 核查, 结案, 回访). */
  stage_limits: {
    accept: TimeLimit;
    register: TimeLimit;
    dispatch: TimeLimit;
    sign: TimeLimit;
    verify: TimeLimit;
    close: TimeLimit;
    revisit: TimeLimit;
  };
  /** Share of the stage's time after which the SLA light turns yellow. */
  yellow_share: number;
  /** Overdue → 催办 at once; still overdue this many working days later → 督办. */
  escalate_after_working_days: number;
  /** Duplicate detection: open cases of the same category group within this radius and window. */
  duplicate_radius_m: number;
  duplicate_window_days: number;
  /** pg_trgm similarity (title + description, punctuation removed) below which a candidate is not suggested. */
  duplicate_min_similarity: number;
  /** 退单 must be asked within this many working hours of dispatch. */
  return_limit_hours: number;
  /** 重办: the citizen may ask for it within this many working days after closing when unsatisfied or unsolved. */
  reopen_within_working_days: number;
  reopen_max: number;
  /** The department that takes part in every case as the accepting centre (its staff see the whole queue). */
  centre_department_code: string;
}

export const DEFAULT_CASE_SETTINGS: CaseSettings = {
  nature_time_limits: {
    consult: { amount: 3, unit: 'working_days' },
    help: { amount: 3, unit: 'working_days' },
    complaint: { amount: 13, unit: 'working_days' },
    report: { amount: 13, unit: 'working_days' },
    suggestion: { amount: 13, unit: 'working_days' },
    praise: { amount: 3, unit: 'working_days' },
    other: { amount: 13, unit: 'working_days' },
  },
  urgent_time_limit: { amount: 2, unit: 'working_hours' },
  stage_limits: {
    accept: { amount: 1, unit: 'working_hours' },
    register: { amount: 1, unit: 'working_hours' },
    dispatch: { amount: 2, unit: 'working_hours' },
    sign: { amount: 2, unit: 'working_hours' },
    verify: { amount: 1, unit: 'working_days' },
    close: { amount: 1, unit: 'working_days' },
    revisit: { amount: 1, unit: 'working_days' },
  },
  yellow_share: 0.8,
  escalate_after_working_days: 5,
  duplicate_radius_m: 200,
  duplicate_window_days: 30,
  // Measured on the labelled set of test/api/cases-duplicates.test.ts (intake): repeat reports score 0.12–0.45,
  // different matters nearby ≤ 0.12 (trigrams over the text without spaces and punctuation).
  duplicate_min_similarity: 0.12,
  return_limit_hours: 2,
  reopen_within_working_days: 5,
  reopen_max: 1,
  centre_department_code: 'C12345',
};

export type CaseSettingKey = keyof CaseSettings;

export async function getCaseSettings(tx: Tx): Promise<CaseSettings> {
  const rows = await tx.selectFrom('case_settings').select(['key', 'value']).execute();
  const merged: Record<string, unknown> = { ...DEFAULT_CASE_SETTINGS };
  for (const r of rows) if (r.key in DEFAULT_CASE_SETTINGS) merged[r.key] = r.value;
  return merged as unknown as CaseSettings;
}
