// The quality report of one load: completeness, validity, key uniqueness and timeliness against the resource's
// update cycle, folded into a 0–100 score. Pure.

export interface Quality {
  rows: number;
  cells: number;
  /** Non-empty cells / cells (1 for an empty file). */
  completeness: number;
  /** Rows without any error / rows. */
  validity: number;
  /** Distinct keys / rows that carry a complete key. */
  keyUniqueness: number;
  /** Days since the previous applied load; null for the first load. */
  daysSincePrevious: number | null;
  cycleDays: number;
  /** 1 within the cycle, falling linearly to 0 at twice the cycle. */
  timeliness: number;
  score: number;
}

export const CYCLE_DAYS: Record<string, number> = {
  realtime: 1,
  daily: 1,
  weekly: 7,
  monthly: 31,
  quarterly: 92,
  yearly: 366,
};

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export function timeliness(daysSince: number | null, cycleDays: number): number {
  if (daysSince === null || daysSince <= cycleDays) return 1;
  return Math.max(0, 1 - (daysSince - cycleDays) / cycleDays);
}

/**
 * Weights of the score: validity 40 %, completeness 30 %, key uniqueness 20 %, timeliness 10 % — wrong values
 * hurt a consumer most, missing values next, duplicate keys make rows ambiguous, a late load is least harmful.
 */
export function score(q: Pick<Quality, 'completeness' | 'validity' | 'keyUniqueness' | 'timeliness'>): number {
  return Math.round(100 * (0.4 * q.validity + 0.3 * q.completeness + 0.2 * q.keyUniqueness + 0.1 * q.timeliness));
}

export function buildQuality(input: {
  rows: number;
  cells: number;
  nonEmptyCells: number;
  validRows: number;
  keyedRows: number;
  distinctKeys: number;
  daysSincePrevious: number | null;
  cycle: string;
}): Quality {
  const cycleDays = CYCLE_DAYS[input.cycle] ?? 31;
  const q = {
    rows: input.rows,
    cells: input.cells,
    completeness: round4(ratio(input.nonEmptyCells, input.cells)),
    validity: round4(ratio(input.validRows, input.rows)),
    keyUniqueness: round4(ratio(input.distinctKeys, input.keyedRows)),
    daysSincePrevious: input.daysSincePrevious === null ? null : round4(input.daysSincePrevious),
    cycleDays,
    timeliness: round4(timeliness(input.daysSincePrevious, cycleDays)),
  };
  return { ...q, score: score(q) };
}
