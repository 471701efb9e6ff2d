// Runs on every start (production too): when case_categories is empty, the default taxonomy (default-taxonomy.ts)
// is loaded; when the knowledge base is empty, the default answers. Idempotent: a table that holds anything —
// an admin's edits included — is left alone. Settings need no rows: getCaseSettings merges stored rows over the
// DOMAIN §1 defaults. Routing rules name departments, which a fresh install does not have yet: the demo's rules
// are in seed-demo-config.ts; a real city enters its own (admin API).
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import type { ModuleContext } from '../../platform/module.ts';
import { validateAttributes, validateTimeLimits } from './categories-validation.ts';
import { pinyinInitials } from './categories-pinyin.ts';
import * as repo from './config-repo.ts';
import { DEFAULT_TAXONOMY, KIND_PREFIX } from './default-taxonomy.ts';
import { DEFAULT_KNOWLEDGE } from './default-taxonomy-knowledge.ts';

export async function bootstrapCases(ctx: ModuleContext): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    // One loader at a time (two servers starting on one PostgreSQL): the second waits, then sees the rows.
    await sql`select pg_advisory_xact_lock(hashtext('cases.bootstrap'))`.execute(tx);
    if ((await repo.countCategories(tx)) === 0) {
      const n = await loadDefaultTaxonomy(tx);
      ctx.out(`业务分类：已载入默认分类 ${n.top} 个大类、${n.sub} 个小类 (default case categories loaded)`);
    }
    if ((await repo.countKnowledge(tx)) === 0) await loadDefaultKnowledge(tx);
  });
}

/** Inserts the default tree; the data passes the same validation an admin's edit does. */
export async function loadDefaultTaxonomy(tx: Tx): Promise<{ top: number; sub: number }> {
  let top = 0;
  let sub = 0;
  for (const [i, c] of DEFAULT_TAXONOMY.entries()) {
    const code = `${KIND_PREFIX[c.kind]}-${c.no}`;
    const parent = await repo.insertCategory(tx, {
      code,
      parent_id: null,
      level: 1,
      kind: c.kind,
      name: c.name,
      name_en: c.en,
      keywords: c.keywords ?? '',
      pinyin_initials: pinyinInitials(c.name),
      description: '',
      concerns_component: c.kind === 'component',
      allow_anonymous: true,
      attributes: [],
      time_limits: null,
      duplicate_group: null,
      sort: i + 1,
    });
    top++;
    for (const [j, s] of c.children.entries()) {
      const subCode = `${code}-${s.no}`;
      await repo.insertCategory(tx, {
        code: subCode,
        parent_id: parent.id,
        level: 2,
        kind: c.kind,
        name: s.name,
        name_en: s.en,
        keywords: s.keywords ?? '',
        pinyin_initials: s.initials ?? pinyinInitials(s.name),
        description: '',
        concerns_component: c.kind === 'component',
        allow_anonymous: s.anonymous ?? true,
        attributes: validateAttributes(s.attributes ?? [], `${subCode}.attributes`),
        time_limits: validateTimeLimits(s.limits, `${subCode}.timeLimits`),
        duplicate_group: s.group ?? null,
        sort: j + 1,
      });
      sub++;
    }
  }
  await recordAudit(tx, SYSTEM_ACTOR, 'case.category.load_defaults', { type: 'case_category', id: null }, { top, sub });
  return { top, sub };
}

async function loadDefaultKnowledge(tx: Tx): Promise<void> {
  for (const k of DEFAULT_KNOWLEDGE) {
    const category = k.category === null ? undefined : await repo.getCategoryByCode(tx, k.category);
    await repo.insertKnowledge(tx, {
      category_id: category?.id ?? null,
      question: k.question,
      answer: k.answer,
      keywords: k.keywords,
      updated_by: 'system',
    });
  }
}
