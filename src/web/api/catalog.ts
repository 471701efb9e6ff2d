// The catalog module's API (数据目录): resource search with facets, resource detail and its review workflow,
// data elements, systems and demands. Shapes follow src/server/modules/catalog/*schemas.ts.
import { api } from './client';

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}
export type FacetName = 'department' | 'kind' | 'shareType' | 'openness' | 'format' | 'grade' | 'status';

export interface ResourceSummary {
  code: string;
  name: string;
  classification: string;
  kind: string;
  providerDepartmentId: number;
  providerCode: string | null;
  providerName: string | null;
  summary: string;
  format: string;
  shareType: string;
  openness: string;
  updateCycle: string;
  grade: string;
  status: string;
  publishDate: string | null;
  version: number;
  score?: number | null;
}

export interface ResourceItem {
  name: string;
  element: {
    identifier: string;
    version: number;
    latestVersion: number;
    nameZh: string | null;
    dataType: string | null;
  };
  isKey: boolean;
  personalInfo: string;
  example: string | null;
}

export interface Resource extends ResourceSummary {
  items: ResourceItem[];
  shareConditions: string | null;
  shareBasis: string | null;
  shareMethod: string | null;
  relatedCodes: string[];
  statusNote: string | null;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  allowedActions: string[];
}

export interface ResourcePage {
  items: ResourceSummary[];
  total: number;
  facets: Record<FacetName, FacetValue[]>;
  nextCursor: string | null;
}

export interface ResourceFilter {
  q?: string;
  departmentId?: string[];
  kind?: string[];
  shareType?: string[];
  openness?: string[];
  format?: string[];
  grade?: string[];
  status?: string[];
}

export interface ResourceItemInput {
  name: string;
  element: { identifier: string; version: number };
  isKey?: boolean;
  personalInfo: 'none' | 'personal' | 'sensitive';
  example?: string | null;
}

export interface ResourceCreate {
  name: string;
  summary: string;
  format: string;
  items: ResourceItemInput[];
  shareType: string;
  shareConditions?: string | null;
  shareBasis?: string | null;
  shareMethod?: string | null;
  openness: string;
  updateCycle: string;
  grade: string;
  classification: string;
  kind: string;
  providerDepartmentId?: number | null;
}

export interface Element {
  identifier: string;
  version: number;
  latestVersion: number;
  nameZh: string;
  nameEn: string | null;
  definition: string;
  dataType: string;
  format: string | null;
  valueDomain: {
    kind: string;
    codeListId?: string;
    pattern?: string;
    min?: number | null;
    max?: number | null;
    validator?: string;
  };
  unit: string | null;
  status: string;
  createdBy: string;
  createdAt: string;
  allowedActions: string[];
}

export interface ElementDetail {
  element: Element;
  versions: { version: number; status: string; createdBy: string; createdAt: string }[];
}

export interface ElementImpact {
  identifier: string;
  latestVersion: number;
  resources: {
    code: string;
    name: string;
    status: string;
    providerDepartmentId: number;
    providerName: string | null;
    items: { name: string; elementVersion: number }[];
  }[];
}

export interface CatalogSystem {
  id: number;
  name: string;
  ownerDepartmentId: number;
  ownerCode: string | null;
  ownerName: string | null;
  purpose: string;
  users: string;
  hosting: string;
  network: string;
  status: string;
  resources: { code: string; name: string }[];
  version: number;
}

export interface Demand {
  id: number;
  requestingDepartmentId: number;
  requestingDepartmentName: string | null;
  title: string;
  description: string;
  wantedFields: string[];
  status: string;
  matchedCodes: string[];
  createdAt: string;
  version: number;
}

export type Transition = 'submit' | 'approve' | 'return' | 'deprecate';

/** Repeated keys for list filters (departmentId=1&departmentId=2), which the plain client cannot express. */
function searchPath(filter: ResourceFilter, cursor: string | null): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else if (typeof value === 'string' && value.trim()) params.set(key, value.trim());
  }
  params.set('limit', '20');
  if (cursor) params.set('cursor', cursor);
  return `/catalog/resources?${params.toString()}`;
}

export const catalogApi = {
  resources: (filter: ResourceFilter, cursor: string | null) => api.get<ResourcePage>(searchPath(filter, cursor)),
  resource: (code: string) => api.get<Resource>(`/catalog/resources/${encodeURIComponent(code)}`),
  createResource: (input: ResourceCreate) => api.post<Resource>('/catalog/resources', input),
  transition: (code: string, step: Transition, version: number, reason?: string) =>
    api.post<Resource>(
      `/catalog/resources/${encodeURIComponent(code)}/${step}`,
      reason ? { version, reason } : { version },
    ),

  elements: (q: string | undefined, cursor: string | null, limit = 50) =>
    api.get<{ items: Element[]; nextCursor: string | null }>('/catalog/elements', { q, cursor, limit }),
  element: (identifier: string) => api.get<ElementDetail>(`/catalog/elements/${identifier}`),
  elementImpact: (identifier: string) => api.get<ElementImpact>(`/catalog/elements/${identifier}/impact`),

  systems: (q: string | undefined, cursor: string | null) =>
    api.get<{ items: CatalogSystem[]; nextCursor: string | null }>('/catalog/systems', { q, cursor, limit: 50 }),
  demands: (cursor: string | null) =>
    api.get<{ items: Demand[]; nextCursor: string | null }>('/catalog/demands', { cursor, limit: 50 }),
  suggestions: (id: number) =>
    api.get<{
      demandId: number;
      items: {
        code: string;
        name: string;
        providerName: string | null;
        shareType: string;
        score: number;
        matchedFields: string[];
      }[];
    }>(`/catalog/demands/${id}/suggestions`, { limit: 5 }),
};
