// Search and faceted browse of the catalog, in Chinese: filters by department, classification prefix, kind,
// share type, openness, format, grade and status, plus a text query over name and summary (pg_trgm: every word
// must occur; results ranked by trigram word similarity). Each facet counts the resources that match every
// other filter, so the counts say what choosing a value would give — the usual multi-select facet semantics.
import type { Actor } from '../../platform/auth/actor.ts';
import type { Tx } from '../../platform/db/tx.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import { catalogAccess, resourceVisibility } from './catalog-access.ts';
import { labelOf } from './catalog-labels.ts';
import { decodeCursor, encodeCursor } from './page-cursor.ts';
import * as repo from './resource-repo.ts';
import { type ResourceSummary, presentSummary } from './resource-view.ts';

export interface ResourceQuery {
  q?: string;
  departmentId?: number[];
  classification?: string;
  kind?: repo.ResourceRow['kind'][];
  shareType?: repo.ResourceRow['share_type'][];
  openness?: repo.ResourceRow['openness'][];
  format?: repo.ResourceRow['format'][];
  grade?: repo.ResourceRow['grade'][];
  status?: repo.ResourceRow['status'][];
  limit?: number;
  cursor?: string;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface ResourcePage {
  items: (ResourceSummary & { score: number | null })[];
  total: number;
  facets: Record<repo.FacetDimension, FacetValue[]>;
  nextCursor: string | null;
}

type Cursor = { s?: string; c: string };
const isCursor = (v: unknown): v is Cursor => {
  const c = v as Cursor;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.c === 'string' &&
    c.c.length <= 40 &&
    (c.s === undefined || (typeof c.s === 'string' && /^\d(\.\d{1,4})?$/.test(c.s)))
  );
};

export async function searchResources(
  tx: Tx,
  actor: Actor,
  query: ResourceQuery,
  locale: Locale,
): Promise<ResourcePage> {
  const a = await catalogAccess(tx, actor, 'catalog.read');
  const visible = resourceVisibility(a);
  const text = query.q?.trim() || undefined;
  const filter: repo.ResourceFilter = {
    facets: {
      department: query.departmentId ?? [],
      kind: query.kind ?? [],
      shareType: query.shareType ?? [],
      openness: query.openness ?? [],
      format: query.format ?? [],
      grade: query.grade ?? [],
      status: query.status ?? [],
    },
    classification: query.classification,
    words: text ? text.split(/\s+/).slice(0, 8) : [],
  };
  const limit = query.limit ?? 20;
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isCursor);
  const rows = await repo.searchResources(tx, visible, filter, {
    query: text,
    after: after && { code: after.c, score: text === undefined ? undefined : (after.s ?? '0') },
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const facets = {} as Record<repo.FacetDimension, FacetValue[]>;
  for (const dim of Object.keys(repo.FACET_COLUMNS) as repo.FacetDimension[]) {
    const counts = await repo.facetCounts(tx, visible, filter, dim);
    facets[dim] = counts.map(({ value, count }) => ({
      value,
      count,
      label:
        dim === 'department'
          ? (() => {
              const d = a.dir.byId.get(Number(value));
              return (locale === 'en' ? d?.nameEn : d?.name) ?? d?.name ?? value;
            })()
          : labelOf(dim, value, locale),
    }));
  }
  return {
    items: page.map((r) => ({ ...presentSummary(a, r), score: r.score === null ? null : Number(r.score) })),
    total: await repo.countResources(tx, visible, filter),
    facets,
    nextCursor:
      rows.length > limit && last
        ? encodeCursor(text === undefined ? { c: last.code } : { s: last.score, c: last.code })
        : null,
  };
}
