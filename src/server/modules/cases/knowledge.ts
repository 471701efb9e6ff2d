// 知识库: standard answers an agent reads out to close a consultation on the call (直接办结). Staff of the case loop
// search it (pg_trgm over question + keywords, substring hits first); admins (case.configure) edit it. Entries are
// deactivated, never deleted, so a case answered from one can still show what was said.
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, VersionConflictError, conflict, notFound } from '../../platform/errors.ts';
import { assertCaseStaff, assertConfigure } from './config-access.ts';
import * as repo from './config-repo.ts';

export interface KnowledgeEntry {
  id: number;
  categoryId: number | null;
  categoryName: string | null;
  question: string;
  answer: string;
  keywords: string;
  active: boolean;
  version: number;
  updatedBy: string | null;
  updatedAt: string;
  score?: number;
}

async function categoryNames(tx: Tx): Promise<Map<number, string>> {
  return new Map((await repo.listCategories(tx, {})).map((c) => [c.id, c.name]));
}

function present(r: repo.KnowledgeRow, names: Map<number, string>, score?: number): KnowledgeEntry {
  return {
    id: r.id,
    categoryId: r.category_id,
    categoryName: r.category_id === null ? null : (names.get(r.category_id) ?? null),
    question: r.question,
    answer: r.answer,
    keywords: r.keywords,
    active: r.active,
    version: r.version,
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at).toISOString(),
    ...(score === undefined ? {} : { score: Math.round(score * 1000) / 1000 }),
  };
}

/**
 * Search (q) or list the entries. A category filter takes the entries of that category and, for a 小类, those of
 * its 大类 too (a general answer about 社保 fits a question filed under 养老保险). Inactive entries only for admins
 * who ask for them.
 */
export async function searchKnowledge(
  tx: Tx,
  actor: Actor,
  input: { q?: string; categoryId?: number; active?: boolean; limit?: number },
): Promise<{ items: KnowledgeEntry[] }> {
  assertCaseStaff(actor);
  if (input.active === false) assertConfigure(actor);
  let categoryIds: number[] | undefined;
  if (input.categoryId !== undefined) {
    const c = await repo.getCategory(tx, input.categoryId);
    categoryIds = c ? [c.id, ...(c.parent_id === null ? [] : [c.parent_id])] : [];
  }
  const rows = await repo.searchKnowledge(tx, {
    q: input.q,
    categoryIds,
    active: input.active ?? true,
    limit: input.limit ?? 20,
  });
  const names = await categoryNames(tx);
  return { items: rows.map((r) => present(r, names, input.q?.trim() ? Number(r.score) : undefined)) };
}

export async function getKnowledge(tx: Tx, actor: Actor, id: number): Promise<KnowledgeEntry> {
  assertCaseStaff(actor);
  const r = await repo.getKnowledge(tx, id);
  if (!r) throw notFound('CASE_KNOWLEDGE', { id });
  return present(r, await categoryNames(tx));
}

interface KnowledgeFields {
  categoryId?: number | null;
  question?: string;
  answer?: string;
  keywords?: string;
}

const bad = (field: string, problem: string) => new AppError('CASE_KNOWLEDGE_INVALID', 400, { field, problem });

async function checkCategory(tx: Tx, id: number | null | undefined) {
  if (id === null || id === undefined) return;
  if (!(await repo.getCategory(tx, id))) throw bad('categoryId', 'is not a category');
}

function text(field: string, v: string, max: number): string {
  const t = v.trim();
  if (t === '') throw bad(field, 'must not be blank');
  if (t.length > max) throw bad(field, `at most ${max} characters`);
  return t;
}

export async function createKnowledge(
  tx: Tx,
  actor: Actor,
  input: KnowledgeFields & { question: string; answer: string },
): Promise<KnowledgeEntry> {
  assertConfigure(actor);
  await checkCategory(tx, input.categoryId);
  const row = await repo.insertKnowledge(tx, {
    category_id: input.categoryId ?? null,
    question: text('question', input.question, 500),
    answer: text('answer', input.answer, 4000),
    keywords: input.keywords?.trim() ?? '',
    updated_by: actor.name,
  });
  await recordAudit(
    tx,
    actor,
    'case.knowledge.create',
    { type: 'case_knowledge', id: row.id },
    { question: row.question, categoryId: row.category_id },
  );
  return present(row, await categoryNames(tx));
}

export async function updateKnowledge(
  tx: Tx,
  actor: Actor,
  id: number,
  input: KnowledgeFields & { version: number },
): Promise<KnowledgeEntry> {
  assertConfigure(actor);
  const current = await repo.getKnowledge(tx, id, true);
  if (!current) throw notFound('CASE_KNOWLEDGE', { id });
  if (current.version !== input.version) throw new VersionConflictError(current.version);
  if (!current.active) throw conflict('CASE_KNOWLEDGE_INACTIVE', { id });
  await checkCategory(tx, input.categoryId);
  const patch: Parameters<typeof repo.updateKnowledge>[3] = { updated_by: actor.name };
  if (input.categoryId !== undefined) patch.category_id = input.categoryId;
  if (input.question !== undefined) patch.question = text('question', input.question, 500);
  if (input.answer !== undefined) patch.answer = text('answer', input.answer, 4000);
  if (input.keywords !== undefined) patch.keywords = input.keywords.trim();
  const saved = await repo.updateKnowledge(tx, id, input.version, patch);
  if (!saved) throw new VersionConflictError(current.version);
  const changed = Object.keys(patch).filter((k) => k !== 'updated_by');
  await recordAudit(tx, actor, 'case.knowledge.update', { type: 'case_knowledge', id }, { changed });
  return present(saved, await categoryNames(tx));
}

export async function deactivateKnowledge(
  tx: Tx,
  actor: Actor,
  id: number,
  input: { version: number },
): Promise<KnowledgeEntry> {
  assertConfigure(actor);
  const current = await repo.getKnowledge(tx, id, true);
  if (!current) throw notFound('CASE_KNOWLEDGE', { id });
  if (current.version !== input.version) throw new VersionConflictError(current.version);
  if (!current.active) throw conflict('CASE_KNOWLEDGE_INACTIVE', { id });
  const saved = await repo.updateKnowledge(tx, id, input.version, { active: false, updated_by: actor.name });
  if (!saved) throw new VersionConflictError(current.version);
  await recordAudit(tx, actor, 'case.knowledge.deactivate', { type: 'case_knowledge', id }, {});
  return present(saved, await categoryNames(tx));
}
