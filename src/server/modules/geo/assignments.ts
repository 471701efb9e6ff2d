// 网格员 / 网格长: who is responsible for a grid, from when to when. Dates are the city's calendar days and the
// period is [validFrom, validTo). A grid has at most one primary worker and one chief at a time — a new one
// ends the previous one the day it starts — and any number of backups. Nothing is deleted: the history stays.
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { cityToday } from './city-time.ts';
import * as repo from './grid-repo.ts';
import type { AssignmentRole } from './tables.ts';
import { userSummaries } from '../org/user-summaries.ts';

export interface AssignmentView {
  id: number;
  gridCode: string;
  userId: number;
  displayName: string;
  role: AssignmentRole;
  validFrom: string;
  validTo: string | null;
  /** In force today. */
  current: boolean;
  createdAt: string;
  createdBy: string;
}

const ROLE_LABEL: Record<AssignmentRole, string> = { primary: '网格员（主）', backup: '网格员（备）', chief: '网格长' };
/** Roles a grid holds one of at a time. */
const SINGLE_HOLDER: ReadonlySet<AssignmentRole> = new Set(['primary', 'chief']);

export async function assignmentViews(tx: Tx, rows: repo.AssignmentRow[]): Promise<AssignmentView[]> {
  const users = await userSummaries(
    tx,
    rows.map((r) => r.userId),
  );
  const today = cityToday();
  return rows.map((r) => ({
    id: r.id,
    gridCode: r.gridCode,
    userId: r.userId,
    displayName: users.get(r.userId)?.displayName ?? '',
    role: r.role,
    validFrom: r.validFrom,
    validTo: r.validTo,
    current: r.validFrom <= today && (r.validTo === null || r.validTo > today),
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
  }));
}

async function gridInForce(tx: Tx, code: string): Promise<void> {
  const { currentVersion } = await repo.selectSettings(tx);
  if (currentVersion === null || !(await repo.existingGridCodes(tx, currentVersion, [code])).has(code)) {
    throw notFound('GRID', { code });
  }
}

/** GET /geo/grids/:code/assignments: every assignment of the grid, newest first. */
export async function listAssignments(tx: Tx, actor: Actor, code: string): Promise<AssignmentView[]> {
  can(actor, 'geo.grid.read');
  await gridInForce(tx, code);
  return assignmentViews(tx, await repo.selectAssignments(tx, code));
}

export interface AssignInput {
  userId: number;
  role: AssignmentRole;
  validFrom: string;
  validTo?: string | null;
}

function checkPeriod(validFrom: string, validTo: string | null) {
  if (validTo !== null && validTo <= validFrom) {
    throw badRequest('ASSIGNMENT_DATES_INVALID', { field: 'validTo', validFrom, validTo });
  }
}

/** POST /geo/grids/:code/assignments. */
export async function assignToGrid(tx: Tx, actor: Actor, code: string, input: AssignInput): Promise<AssignmentView> {
  // An area-scoped administrator assigns inside their area: a grid code starts with its division codes.
  can(actor, 'geo.grid.assign', { areaCode: code });
  await gridInForce(tx, code);
  const validTo = input.validTo ?? null;
  checkPeriod(input.validFrom, validTo);
  const user = (await userSummaries(tx, [input.userId])).get(input.userId);
  if (!user || user.disabled) throw badRequest('ASSIGNMENT_USER_NOT_FOUND', { field: 'userId', userId: input.userId });

  const open = await repo.selectOpenAssignmentsForUpdate(tx, code, input.role, input.validFrom);
  const overlapsNew = (a: repo.AssignmentRow) => validTo === null || a.validFrom < validTo;
  if (open.some((a) => a.userId === input.userId && overlapsNew(a))) {
    throw conflict('ASSIGNMENT_DUPLICATE', { role: input.role, roleLabel: ROLE_LABEL[input.role] });
  }
  const ended: number[] = [];
  if (SINGLE_HOLDER.has(input.role)) {
    for (const a of open.filter(overlapsNew)) {
      if (a.validFrom >= input.validFrom) {
        throw conflict('ASSIGNMENT_OVERLAP', {
          role: input.role,
          roleLabel: ROLE_LABEL[input.role],
          validFrom: a.validFrom,
          assignmentId: a.id,
        });
      }
      // The previous holder hands over the day the new one starts.
      await repo.setAssignmentEnd(tx, a.id, input.validFrom);
      ended.push(a.id);
    }
  }
  const row = await repo.insertAssignment(tx, {
    gridCode: code,
    userId: input.userId,
    role: input.role,
    validFrom: input.validFrom,
    validTo,
    createdBy: actor.name,
  });
  await recordAudit(
    tx,
    actor,
    'geo.grid.assign',
    { type: 'grid_assignment', id: row.id },
    {
      gridCode: code,
      userId: input.userId,
      role: input.role,
      validFrom: input.validFrom,
      validTo,
      ended,
    },
  );
  await emit(tx, {
    type: 'geo.grid.assigned',
    assignmentId: row.id,
    gridCode: code,
    userId: input.userId,
    role: input.role,
    ended,
  });
  return (await assignmentViews(tx, [row]))[0];
}

/** POST /geo/assignments/:id/end: brings the end of an assignment forward to `validTo` (never later). */
export async function endAssignment(tx: Tx, actor: Actor, id: number, validTo: string): Promise<AssignmentView> {
  const a = await repo.selectAssignmentForUpdate(tx, id);
  if (!a) throw notFound('ASSIGNMENT', { id });
  can(actor, 'geo.grid.assign', { areaCode: a.gridCode });
  if (a.validTo !== null && a.validTo <= cityToday()) {
    throw conflict('ASSIGNMENT_ALREADY_ENDED', { validTo: a.validTo });
  }
  checkPeriod(a.validFrom, validTo);
  if (a.validTo !== null && validTo > a.validTo) {
    throw new AppError('ASSIGNMENT_END_NOT_EARLIER', 400, { field: 'validTo', validTo, current: a.validTo });
  }
  const row = await repo.setAssignmentEnd(tx, id, validTo);
  await recordAudit(
    tx,
    actor,
    'geo.grid.assignment_end',
    { type: 'grid_assignment', id },
    {
      gridCode: a.gridCode,
      from: a.validTo,
      to: validTo,
    },
  );
  await emit(tx, { type: 'geo.grid.assignment_ended', assignmentId: id, gridCode: a.gridCode, validTo });
  return (await assignmentViews(tx, [row]))[0];
}
