// 数据中心: a published 库表 resource's dataset. Loading (streamed, validated, versioned) is in dataset-load.ts;
// here: rolling back the latest applied load, the quality history and reading rows as of a version. Every load
// is a version (rows carry valid_from_load / valid_to_load), so the dataset reads as of any version. Writes are
// audited and emit outbox events; the SQL is in dataset-repo.ts.
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { emit } from '../../platform/outbox/outbox.ts';
import { loadContext, readContext } from './dataset-context.ts';
import { CYCLE_DAYS, type Quality, timeliness } from './dataset-quality.ts';
import * as repo from './dataset-repo.ts';
import { datasetTable, rowData } from './dataset-table.ts';
import { type LoadView, presentLoad } from './dataset-view.ts';
import { decodeCursor, encodeCursor, isKeyCursor } from './page-cursor.ts';

export { maskValue } from './dataset-check.ts';
export { runDatasetLoad, type LoadResult, type LoadInput, type LoadMode } from './dataset-load.ts';
export type { LoadView } from './dataset-view.ts';

const daysSince = (d: Date, now: Date) => (now.getTime() - d.getTime()) / 86_400_000;

// ── rollback ────────────────────────────────────────────────────────────────────────────────────────────

export async function rollbackLoad(tx: Tx, actor: Actor, code: string, version: number): Promise<LoadView> {
  const { resource } = await loadContext(tx, actor, code);
  if (!(await repo.tryLoadLock(tx, resource.id))) throw conflict('DATASET_LOAD_IN_PROGRESS', { code });
  const ds = await repo.datasetOf(tx, resource.id);
  const load = ds ? await repo.loadByVersion(tx, ds.id, version) : undefined;
  if (!ds || !load) throw notFound('DATASET_LOAD', { code, version });
  const latest = await repo.lastAppliedLoad(tx, ds.id);
  if (load.status !== 'applied' || latest?.version !== version)
    throw new AppError('DATASET_ROLLBACK_NOT_LATEST', 409, {
      code,
      version,
      status: load.status,
      latest: latest?.version ?? null,
    });
  const undone = await repo.undoLoadRows(tx, datasetTable(ds, ds.columns), version);
  const saved = await repo.markRolledBack(tx, ds.id, version, actor.name);
  const summary = { version, asVersion: saved.rolled_back_as, ...undone };
  await recordAudit(tx, actor, 'catalog.dataset.rollback', { type: 'dataset', id: code }, summary);
  await emit(tx, { type: 'catalog.dataset.rolled_back', code, ...summary });
  return presentLoad(saved);
}

// ── reading ─────────────────────────────────────────────────────────────────────────────────────────────

export interface QualityView {
  code: string;
  updateCycle: string;
  cycleDays: number;
  latestVersion: number | null;
  daysSinceLastLoad: number | null;
  /** Timeliness now, and the latest applied load's score with today's timeliness. */
  timeliness: number;
  score: number | null;
  history: LoadView[];
}

export async function datasetQuality(tx: Tx, actor: Actor, code: string): Promise<QualityView> {
  const { resource } = await readContext(tx, actor, code);
  const ds = await repo.datasetOf(tx, resource.id);
  const loads = ds ? await repo.recentLoads(tx, ds.id, 200) : [];
  const history = loads.map(presentLoad);
  const cycleDays = CYCLE_DAYS[resource.update_cycle] ?? 31;
  const latest = loads.find((l) => l.status === 'applied');
  const days = latest ? daysSince(latest.finished_at ?? latest.started_at, new Date()) : null;
  const t = latest ? timeliness(days, cycleDays) : 0;
  let score: number | null = null;
  if (latest) {
    const q = latest.quality as Quality;
    score = Math.round(100 * (0.4 * q.validity + 0.3 * q.completeness + 0.2 * q.keyUniqueness + 0.1 * t));
  }
  return {
    code,
    updateCycle: resource.update_cycle,
    cycleDays,
    latestVersion: latest?.version ?? null,
    daysSinceLastLoad: days === null ? null : Math.round(days * 100) / 100,
    timeliness: Math.round(t * 10_000) / 10_000,
    score,
    history,
  };
}

export interface RowsPage {
  code: string;
  columns: string[];
  keyColumns: string[];
  asOf: number;
  items: { key: string[]; data: Record<string, string> }[];
  nextCursor: string | null;
}

export async function datasetRows(
  tx: Tx,
  actor: Actor,
  code: string,
  q: { asOf?: number; limit?: number; cursor?: string },
): Promise<RowsPage> {
  const { resource } = await readContext(tx, actor, code);
  const ds = await repo.datasetOf(tx, resource.id);
  if (!ds) throw notFound('DATASET', { code });
  const asOf = q.asOf ?? ds.last_version;
  if (asOf > ds.last_version) throw notFound('DATASET_LOAD', { code, version: asOf });
  const limit = q.limit ?? 100;
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, isKeyCursor);
  const rows = await repo.rowsAsOf(tx, datasetTable(ds, ds.columns), asOf, limit + 1, after);
  const page = rows.slice(0, limit);
  return {
    code,
    columns: ds.columns,
    keyColumns: ds.key_columns,
    asOf,
    items: page.map((r) => ({
      key: JSON.parse(r.key) as string[],
      data: rowData(ds.columns, r.cells),
    })),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].key) : null,
  };
}
