// A load as the API shows it.
import type { Quality } from './dataset-quality.ts';
import type { LoadMode, LoadRow, LoadStatus } from './dataset-repo.ts';

export interface LoadView {
  version: number;
  mode: LoadMode;
  replace: boolean;
  status: LoadStatus;
  actor: string;
  startedAt: string;
  finishedAt: string | null;
  rowCount: number;
  inserted: number;
  updated: number;
  deleted: number;
  rejected: number;
  quality: Quality;
  /** The version a rollback of this load took; null unless rolled back. */
  rolledBackAs: number | null;
}

export function presentLoad(l: LoadRow): LoadView {
  return {
    version: l.version,
    mode: l.mode,
    replace: l.replace,
    status: l.status,
    actor: l.actor,
    startedAt: l.started_at.toISOString(),
    finishedAt: l.finished_at?.toISOString() ?? null,
    rowCount: l.row_count,
    inserted: l.inserted,
    updated: l.updated,
    deleted: l.deleted,
    rejected: l.rejected,
    quality: l.quality as Quality,
    rolledBackAs: l.rolled_back_as ?? null,
  };
}
