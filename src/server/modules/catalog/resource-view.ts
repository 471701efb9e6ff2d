// A resource as the API shows it: its catalog metadata, its items with the data elements they are bound to
// (flagging bindings to an element version that is no longer the latest), and what the caller may do next.
import { allows } from '../../platform/auth/can.ts';
import type { Tx } from '../../platform/db/tx.ts';
import type { CatalogAccess } from './catalog-access.ts';
import { elementsByKeys, latestVersionsOf } from './element-repo.ts';
import { type ItemRow, type ResourceRow, itemsOf } from './resource-repo.ts';
import { ACTION_PERMISSIONS, type ResourceAction, actionsFrom } from './resource-lifecycle.ts';

export interface ResourceSummary {
  code: string;
  name: string;
  classification: string;
  kind: ResourceRow['kind'];
  providerDepartmentId: number;
  providerCode: string | null;
  providerName: string | null;
  summary: string;
  format: ResourceRow['format'];
  shareType: ResourceRow['share_type'];
  openness: ResourceRow['openness'];
  updateCycle: ResourceRow['update_cycle'];
  grade: ResourceRow['grade'];
  status: ResourceRow['status'];
  publishDate: string | null;
  version: number;
}

export interface ResourceItemView {
  name: string;
  element: {
    identifier: string;
    version: number;
    latestVersion: number;
    nameZh: string | null;
    dataType: string | null;
  };
  isKey: boolean;
  personalInfo: ItemRow['personal_info'];
  example: string | null;
}

export interface ResourceView extends ResourceSummary {
  items: ResourceItemView[];
  shareConditions: string | null;
  shareBasis: string | null;
  shareMethod: ResourceRow['share_method'];
  relatedCodes: string[];
  /** The return reason while back in draft, the deprecation reason once deprecated. */
  statusNote: string | null;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  allowedActions: ResourceAction[];
}

/** Whether the caller's grants allow `action` on this resource (state aside). */
export function mayAct(a: CatalogAccess, r: Pick<ResourceRow, 'provider_path'>, action: ResourceAction): boolean {
  return ACTION_PERMISSIONS[action].some((p) =>
    allows(a.actor, p, p === 'catalog.resource.review' ? a.office : { departmentPath: r.provider_path }),
  );
}

export function presentSummary(a: CatalogAccess, r: ResourceRow): ResourceSummary {
  const provider = a.dir.byId.get(r.provider_department_id);
  return {
    code: r.code,
    name: r.name,
    classification: r.classification,
    kind: r.kind,
    providerDepartmentId: r.provider_department_id,
    providerCode: provider?.code ?? null,
    providerName: provider?.name ?? null,
    summary: r.summary,
    format: r.format,
    shareType: r.share_type,
    openness: r.openness,
    updateCycle: r.update_cycle,
    grade: r.grade,
    status: r.status,
    publishDate: r.publish_date,
    version: r.version,
  };
}

export async function presentResource(
  tx: Tx,
  a: CatalogAccess,
  r: ResourceRow,
  items?: ItemRow[],
): Promise<ResourceView> {
  const rows = items ?? (await itemsOf(tx, [r.id]));
  const keys = rows.map((i) => ({ identifier: i.element_identifier, version: i.element_version }));
  const elements = new Map((await elementsByKeys(tx, keys)).map((e) => [`${e.identifier}@${e.version}`, e]));
  const latest = await latestVersionsOf(
    tx,
    keys.map((k) => k.identifier),
  );
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    ...presentSummary(a, r),
    items: rows.map((i) => {
      const e = elements.get(`${i.element_identifier}@${i.element_version}`);
      return {
        name: i.name,
        element: {
          identifier: i.element_identifier,
          version: i.element_version,
          latestVersion: latest.get(i.element_identifier) ?? i.element_version,
          nameZh: e?.name_zh ?? null,
          dataType: e?.data_type ?? null,
        },
        isKey: i.is_key,
        personalInfo: i.personal_info,
        example: i.example,
      };
    }),
    shareConditions: r.share_conditions,
    shareBasis: r.share_basis,
    shareMethod: r.share_method,
    relatedCodes: r.related_codes,
    statusNote: r.status_note,
    submittedAt: iso(r.submitted_at),
    reviewedBy: r.reviewed_by,
    reviewedAt: iso(r.reviewed_at),
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    allowedActions: actionsFrom(r.status).filter((act) => mayAct(a, r, act)),
  };
}
