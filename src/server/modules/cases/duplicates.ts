// 重复件 and 并案. Duplicate candidates of a report: open cases (not terminal, not merged) of the same duplicate group
// (the 小类's duplicate_group, else its 大类's, else the 大类 code) within settings.duplicate_radius_m and
// settings.duplicate_window_days whose text similarity (pg_trgm over title + description, punctuation removed) is at
// least settings.duplicate_min_similarity, ranked by a score that combines that similarity with closeness. The
// distance is the haversine distance computed in SQL after a bounding-box prefilter on (lat, lng) (index
// cases_latlng).
//
// Merge: an agent (case.accept) folds a case into a master; the merged case gets status 'merged' and
// master_case_id, a public timeline event on both, an audit record and a 'case.merged' event (the notify part tells
// the merged case's reporter the outcome when the master closes).
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSomewhere } from '../../platform/auth/can.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError, conflict, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { canOnCase, caseScopeWhere } from './case-scope.ts';
import { enterStage } from './clock.ts';
import * as repo from './intake-repo.ts';
import { type CaseSettings, getCaseSettings } from './settings.ts';
import { TERMINAL, TRANSITIONS } from './workflow.ts';

/** Weights of the ranking score: text similarity dominates, closeness breaks ties among similar texts. */
export const DUPLICATE_WEIGHTS = { text: 0.7, distance: 0.3 } as const;
/** Similarity at which the text part of the score is full (repeat reports measure 0.12–0.45). */
const FULL_SIMILARITY = 0.35;

/**
 * Spaces and punctuation (ASCII and CJK) removed before trigrams are taken: pg_trgm splits words at them, and
 * Chinese text has no spaces between words, so clause boundaries would otherwise decide which trigrams exist. The
 * same pattern runs in SQL (PostgreSQL ARE) and here.
 */
const PUNCT = '[\\s!-/:-@\\[-`{-~，。、；：？！“”‘’（）《》【】…—·「」『』〈〉～]+';
const PUNCT_RE = new RegExp(PUNCT, 'g');
export const normaliseForSimilarity = (text: string) => text.replace(PUNCT_RE, '');

export interface DuplicateQuery {
  categoryId: number;
  lat: number;
  lng: number;
  /** Title + description of the report. */
  text: string;
  excludeCaseId?: number;
  limit?: number;
}

export interface DuplicateCandidate {
  id: number;
  caseNo: string;
  title: string;
  status: string;
  createdAt: string;
  distanceM: number;
  similarity: number;
  score: number;
}

const EARTH_M = 6_371_000;

/** The duplicate group of a category: its own group, else its 大类's group, else the 大类 code. */
async function groupOf(tx: Tx, categoryId: number): Promise<string | null> {
  const r = await sql<{ grp: string }>`
    select coalesce(c.duplicate_group, p.duplicate_group, p.code, c.code) as grp
      from case_categories c left join case_categories p on p.id = c.parent_id
     where c.id = ${categoryId}`.execute(tx);
  return r.rows[0]?.grp ?? null;
}

/**
 * Candidates for a report, best first. `scope` (a caseScopeWhere over the alias `c`) limits them to cases the caller
 * may read (intake passes none: only ids, numbers and titles come back, to the filing agent).
 */
export async function findDuplicates(
  tx: Tx,
  q: DuplicateQuery,
  settings?: CaseSettings,
  scope?: ReturnType<typeof caseScopeWhere>,
): Promise<DuplicateCandidate[]> {
  const s = settings ?? (await getCaseSettings(tx));
  const group = await groupOf(tx, q.categoryId);
  if (group === null) return [];
  const radius = s.duplicate_radius_m;
  const dLat = radius / 111_320;
  const dLng = radius / (111_320 * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)));
  const text = normaliseForSimilarity(q.text.slice(0, 4200));
  const terminal = [...TERMINAL];
  const minSim = s.duplicate_min_similarity;
  const rows = await sql<{
    id: string | number;
    case_no: string;
    title: string;
    status: string;
    created_at: Date;
    distance_m: number;
    sim: number;
  }>`
    select * from (
      select c.id, c.case_no, c.title, c.status, c.created_at,
             (2 * ${EARTH_M} * asin(least(1, sqrt(
                power(sin(radians(c.lat - ${q.lat}) / 2), 2)
                + cos(radians(${q.lat})) * cos(radians(c.lat)) * power(sin(radians(c.lng - ${q.lng}) / 2), 2)))))::float8
               as distance_m,
             similarity(regexp_replace(c.title || c.description, ${PUNCT}, '', 'g'), ${text})::float8 as sim
        from cases c
        join case_categories cc on cc.id = c.category_id
        left join case_categories p on p.id = cc.parent_id
       where c.lat between ${q.lat - dLat} and ${q.lat + dLat}
         and c.lng between ${q.lng - dLng} and ${q.lng + dLng}
         and c.master_case_id is null
         and c.status not in (${sql.join(terminal)})
         and c.created_at >= now() - make_interval(days => ${s.duplicate_window_days})
         and coalesce(cc.duplicate_group, p.duplicate_group, p.code, cc.code) = ${group}
         and c.id <> ${q.excludeCaseId ?? -1}
         and ${scope ?? sql`true`}
    ) x
    where x.distance_m <= ${radius} and x.sim >= ${minSim}
    limit 200`.execute(tx);
  const out = rows.rows.map((r) => {
    const closeness = 1 - Math.min(1, r.distance_m / radius);
    const score =
      DUPLICATE_WEIGHTS.text * Math.min(1, r.sim / FULL_SIMILARITY) + DUPLICATE_WEIGHTS.distance * closeness;
    return {
      id: Number(r.id),
      caseNo: r.case_no,
      title: r.title,
      status: r.status,
      createdAt: new Date(r.created_at).toISOString(),
      distanceM: Math.round(r.distance_m),
      similarity: Math.round(r.sim * 1000) / 1000,
      score: Math.round(score * 1000) / 1000,
    };
  });
  return out.sort((a, b) => b.score - a.score || a.distanceM - b.distanceM).slice(0, q.limit ?? 10);
}

/** POST /cases/duplicates: the agent's check before filing (case.create or case.accept), scoped to what they read. */
export async function checkDuplicates(
  tx: Tx,
  actor: Actor,
  q: DuplicateQuery,
): Promise<{ items: DuplicateCandidate[] }> {
  if (!canSomewhere(actor, 'case.create') && !canSomewhere(actor, 'case.accept')) {
    throw new ForbiddenError('case.create');
  }
  const cat = await repo.getCategory(tx, q.categoryId);
  if (!cat) throw new AppError('CASE_CATEGORY_UNKNOWN', 400, { field: 'categoryId' });
  return { items: await findDuplicates(tx, q, undefined, caseScopeWhere(actor, 'case.read', 'c')) };
}

export interface MergeInput {
  masterCaseId: number;
  expectedVersion?: number;
  reason?: string;
}

/** 并案: folds case `caseId` into `masterCaseId`. One transaction: status, events, audit, outbox. */
export async function mergeCase(
  tx: Tx,
  actor: Actor,
  caseId: number,
  input: MergeInput,
): Promise<{ id: number; status: string; version: number; masterCaseId: number }> {
  if (!canSomewhere(actor, 'case.accept')) throw new ForbiddenError('case.accept');
  const c = await repo.caseScopeOf(tx, caseId);
  if (!c) throw notFound('CASE', { id: caseId });
  const scopeOf = (x: NonNullable<typeof c>) => ({
    areaCode: x.area_code,
    partyPaths: x.parties.filter((p) => p.active).map((p) => p.department_path),
  });
  canOnCase(actor, 'case.accept', scopeOf(c));
  if (input.masterCaseId === caseId) {
    throw new AppError('CASE_MERGE_INVALID', 400, {
      field: 'masterCaseId',
      problem: 'a case cannot be its own master',
    });
  }
  const m = await repo.caseScopeOf(tx, input.masterCaseId);
  if (!m) throw new AppError('CASE_MERGE_INVALID', 400, { field: 'masterCaseId', problem: 'no such case' });
  canOnCase(actor, 'case.read', scopeOf(m));
  if (m.status === 'merged' || m.master_case_id !== null || TERMINAL.has(m.status)) {
    throw new AppError('CASE_MERGE_INVALID', 400, { field: 'masterCaseId', problem: `the master is ${m.status}` });
  }
  const allowedFrom = TRANSITIONS.merge.from as readonly string[];
  if (!allowedFrom.includes(c.status)) {
    throw conflict('INVALID_TRANSITION', { action: 'merge', from: c.status, allowed: [] });
  }
  if (input.expectedVersion !== undefined && input.expectedVersion !== c.version) {
    throw conflict('CASE_VERSION_CONFLICT', { current: c.version });
  }
  const updated = await tx
    .updateTable('cases')
    .set({
      status: 'merged',
      master_case_id: m.id,
      version: sql`version + 1`,
      stage_due_at: null,
      updated_at: sql`now()`,
    })
    .where('id', '=', caseId)
    .where('version', '=', c.version)
    .returning(['version'])
    .executeTakeFirst();
  if (!updated) throw conflict('CASE_VERSION_CONFLICT', { current: c.version });
  await enterStage(
    tx,
    { id: caseId, status: 'merged', category_id: c.category_id, urgency: c.urgency, nature: c.nature },
    new Date(),
  );
  // A case that was merged earlier into this one now follows the new master directly (one level of merging).
  await tx.updateTable('cases').set({ master_case_id: m.id }).where('master_case_id', '=', caseId).execute();
  const name = actor.name;
  const actorId = actor.kind === 'user' ? actor.id : null;
  await repo.insertEvent(tx, {
    caseId,
    actorId,
    actorName: name,
    action: 'merge',
    fromStatus: c.status,
    toStatus: 'merged',
    public: true,
    note: `已并入工单 ${m.case_no}，将随主工单一并办理和答复${input.reason ? `（${input.reason}）` : ''}`,
    data: { masterCaseId: m.id, masterCaseNo: m.case_no },
  });
  await repo.insertEvent(tx, {
    caseId: m.id,
    actorId,
    actorName: name,
    action: 'merged_in',
    fromStatus: null,
    toStatus: null,
    public: false,
    note: `工单 ${c.case_no} 并入本工单`,
    data: { mergedCaseId: caseId, mergedCaseNo: c.case_no },
  });
  await recordAudit(
    tx,
    actor,
    'case.merge',
    { type: 'case', id: caseId },
    {
      caseNo: c.case_no,
      masterCaseId: m.id,
      masterCaseNo: m.case_no,
      from: c.status,
    },
  );
  const departmentIds = [...new Set([...c.parties, ...m.parties].map((p) => p.department_id))];
  await emit(tx, {
    type: 'case.merged',
    caseId,
    caseNo: c.case_no,
    masterCaseId: m.id,
    masterCaseNo: m.case_no,
    departmentIds,
    ...(c.reporter_user_id ? { reporterUserId: c.reporter_user_id } : {}),
  });
  return { id: caseId, status: 'merged', version: updated.version, masterCaseId: m.id };
}
