// The division tree (行政区划) as the rest of OneCity sees it. Other modules call getDivision, divisionExists,
// divisionName and divisionPathNames (e.g. org, to validate the area scope of a grant) instead of reading
// the divisions table.
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { notFound } from '../../platform/errors.ts';
import * as repo from './repo.ts';

export type Division = repo.DivisionRow;

export interface ListDivisionsOptions {
  /** Also list codes that have been retired (valid_to in the past) or are not valid yet. */
  includeRetired?: boolean;
}

/**
 * The children of `parentCode`, or the top of the tree (the city) when it is null; only codes valid today
 * unless asked. An unknown parent is a 404, not an empty list, so a typo does not look like a leaf.
 */
export async function listDivisions(
  tx: Tx,
  actor: Actor,
  parentCode: string | null,
  opts: ListDivisionsOptions = {},
): Promise<Division[]> {
  can(actor, 'geo.division.read');
  const includeRetired = opts.includeRetired ?? false;
  if (parentCode !== null && !(await repo.selectDivision(tx, parentCode, { includeRetired: true }))) {
    throw notFound('DIVISION', { code: parentCode });
  }
  return repo.selectChildren(tx, parentCode, { includeRetired });
}

/** One division for the API: permission-checked, and a 404 DIVISION_NOT_FOUND when the code is unknown. */
export async function viewDivision(tx: Tx, actor: Actor, code: string): Promise<Division> {
  can(actor, 'geo.division.read');
  const division = await getDivision(tx, code);
  if (!division) throw notFound('DIVISION', { code });
  return division;
}

/** A division by code, retired codes included: old records (ID numbers, archived cases) must still resolve. */
export function getDivision(tx: Tx, code: string): Promise<Division | undefined> {
  return repo.selectDivision(tx, code, { includeRetired: true });
}

/**
 * Whether `code` is a division valid today — what a new area-scoped grant or a new record may point at.
 * Pass includeRetired to accept retired codes too (validating historical data).
 */
export async function divisionExists(tx: Tx, code: string, opts: ListDivisionsOptions = {}): Promise<boolean> {
  return (await repo.selectDivision(tx, code, { includeRetired: opts.includeRetired ?? false })) !== undefined;
}

/** The division's own name ("双塔街道"), retired codes included; undefined when the code is unknown. */
export async function divisionName(tx: Tx, code: string): Promise<string | undefined> {
  return (await getDivision(tx, code))?.name;
}

/** The names from the city down, joined by "/": "苏州市/姑苏区/双塔街道"; undefined when the code is unknown. */
export async function divisionPathNames(tx: Tx, code: string): Promise<string | undefined> {
  const names = await repo.selectAncestorNames(tx, code);
  return names.length === 0 ? undefined : names.join('/');
}

// locate(point) for other modules (cases locate a report with it): see locate.ts for the index and the edge rule.
export { type LocateResult, locatePoint } from './locate.ts';
