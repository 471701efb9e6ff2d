// 重复件 and 并案. Duplicate candidates of a report: open cases (not terminal, not merged) of the same duplicate group
// (the 小类's duplicate_group, else its 大类's, else the 大类 code) within settings.duplicate_radius_m and
// settings.duplicate_window_days whose text similarity (pg_trgm over title + description, punctuation removed) is at
// least settings.duplicate_min_similarity, ranked by a score that combines that similarity with closeness. The
// distance is the haversine distance computed in SQL after a bounding-box prefilter on (lat, lng) (index
// cases_latlng).
//
// Merge: an agent (case.accept) folds a case into a master through the case loop (applyAction 'merge'): status
// 'merged', master_case_id, timeline event, audit record and a 'case.merged' event (the notify part tells the merged
// case's reporter the outcome when the master closes).
import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { canSomewhere } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, ForbiddenError } from '../../platform/errors.ts';
import { caseScopeWhere } from './case-scope.ts';
import * as repo from './intake-repo.ts';
import { type CaseSettings, getCaseSettings } from './settings.ts';
import { applyAction } from './transitions.ts';
import { TERMINAL } from './workflow.ts';

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
 * Candidates for a report, best first. `scope` (caseScopeWhere(actor, 'case.read', 'c')) limits them to cases the
 * caller may read: a candidate names a case (id, number, title, status), so it is never wider than the lists. It is
 * required on purpose — every caller (intake's answer, the check before filing, the detail) passes the reader's scope.
 */
export async function findDuplicates(
  tx: Tx,
  q: DuplicateQuery,
  settings: CaseSettings | undefined,
  scope: ReturnType<typeof caseScopeWhere>,
): Promise<DuplicateCandidate[]> {
  const s = settings ?? (await getCaseSettings(tx));
  const group = await groupOf(tx, q.categoryId);
  if (group === null) return [];
  const radius = s.duplicate_radius_m;
  const dLat = radius / 111_320;
  const dLng = radius / (111_320 * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)));
  const text = normaliseForSimilarity(q.text.slice(0, 4200));
  // "Open" cases only: a closed case (结案, awaiting only its 回访) is done — a new report of the same matter is a
  // new problem or a 重办 request, not a duplicate to merge into it.
  const terminal = [...TERMINAL, 'closed'];
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
         and ${scope}
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

/**
 * 并案: folds case `caseId` into `masterCaseId` through the case loop (transitions.ts applyAction 'merge': permission,
 * scope, version, state, event, audit, 'case.merged' outbox event). Cases merged earlier into this one then follow
 * the new master directly (one level of merging).
 */
export async function mergeCase(
  tx: Tx,
  actor: Actor,
  caseId: number,
  input: MergeInput,
): Promise<{ id: number; status: string; version: number; masterCaseId: number }> {
  const r = await applyAction(tx, actor, caseId, 'merge', {
    masterCaseId: input.masterCaseId,
    ...(input.expectedVersion !== undefined ? { expectedVersion: input.expectedVersion } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
  });
  await repo.repointMerged(tx, caseId, input.masterCaseId);
  return { ...r, masterCaseId: input.masterCaseId };
}
