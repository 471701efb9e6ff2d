// The configuration of the case loop (src/server/modules/cases/config-routes.ts): categories (大类/小类), routing
// rules and the route test, settings, the knowledge base. Writes carry the version they were read at.
import { api } from './client';

export type CategoryKind = 'component' | 'event' | 'hotline';
export type LimitUnit = 'working_hours' | 'working_days';
export interface TimeLimit {
  amount: number;
  unit: LimitUnit;
}
export type TimeLimits = Partial<Record<'normal' | 'urgent', TimeLimit>>;
export type AttributeDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
export const DATATYPES: AttributeDatatype[] = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
];

export interface CategoryAttribute {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  description: string;
  order: number;
  values?: { key: string; name: string }[];
}

export interface Category {
  id: number;
  code: string;
  parentId: number | null;
  level: 1 | 2;
  kind: CategoryKind;
  name: string;
  nameEn: string;
  keywords: string;
  pinyinInitials: string;
  description: string;
  concernsComponent: boolean;
  allowAnonymous: boolean;
  attributes: CategoryAttribute[];
  timeLimits: TimeLimits | null;
  duplicateGroup: string;
  active: boolean;
  sort: number;
  version: number;
  updatedAt: string;
  children?: Category[];
}

export interface CategoryChanges {
  name?: string;
  nameEn?: string;
  keywords?: string;
  pinyinInitials?: string;
  description?: string;
  concernsComponent?: boolean;
  allowAnonymous?: boolean;
  attributes?: CategoryAttribute[];
  timeLimits?: TimeLimits | null;
  duplicateGroup?: string | null;
  sort?: number;
}

export interface RoutingRule {
  id: number;
  categoryId: number | null;
  categoryCode: string | null;
  categoryName: string | null;
  areaPrefix: string;
  areaName: string | null;
  departmentId: number;
  departmentCode: string | null;
  departmentName: string | null;
  level: 'city' | 'district' | 'street';
  priority: number;
  note: string;
  active: boolean;
  version: number;
  updatedAt: string;
}

export interface RuleFields {
  categoryId?: number | null;
  areaPrefix?: string;
  departmentId?: number;
  level?: 'city' | 'district' | 'street';
  priority?: number;
  note?: string;
}

export interface RouteTestResult {
  categoryId: number;
  categoryPath: string;
  areaCode: string | null;
  located: { gridCode: string; communityCode: string; streetCode: string; districtCode: string } | null;
  rule: RoutingRule | null;
  departmentId: number | null;
  departmentCode: string | null;
  departmentName: string | null;
  reason: string;
  candidates: RoutingRule[];
}

export type CaseSettings = {
  nature_time_limits: Record<string, TimeLimit>;
  urgent_time_limit: TimeLimit;
  stage_limits: Record<string, TimeLimit>;
  yellow_share: number;
  escalate_after_working_days: number;
  duplicate_radius_m: number;
  duplicate_window_days: number;
  duplicate_min_similarity: number;
  return_limit_hours: number;
  reopen_within_working_days: number;
  reopen_max: number;
  centre_department_code: string;
} & Record<string, unknown>;

export interface SettingsView {
  values: CaseSettings;
  defaults: CaseSettings;
  changed: { key: string; updatedBy: string | null; updatedAt: string }[];
}

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
}

export interface KnowledgeFields {
  categoryId?: number | null;
  question?: string;
  answer?: string;
  keywords?: string;
}

const BASE = '/cases/config';

export const configApi = {
  categories: (kind?: CategoryKind) => api.get<{ items: Category[] }>(`${BASE}/categories`, { kind }),
  category: (id: number) => api.get<Category & { path: string }>(`${BASE}/categories/${id}`),
  createCategory: (
    body: CategoryChanges & { name: string; parentId?: number | null; kind?: CategoryKind; code?: string },
  ) => api.post<Category>(`${BASE}/categories`, body),
  updateCategory: (id: number, body: CategoryChanges & { version: number }) =>
    api.patch<Category>(`${BASE}/categories/${id}`, body),
  setCategoryActive: (id: number, version: number, active: boolean) =>
    api.post<Category>(`${BASE}/categories/${id}/${active ? 'activate' : 'deactivate'}`, { version }),

  rules: (active?: boolean) => api.get<{ items: RoutingRule[] }>(`${BASE}/routing-rules`, { active }),
  createRule: (body: RuleFields & { departmentId: number }) => api.post<RoutingRule>(`${BASE}/routing-rules`, body),
  updateRule: (id: number, body: RuleFields & { version: number }) =>
    api.patch<RoutingRule>(`${BASE}/routing-rules/${id}`, body),
  deactivateRule: (id: number, version: number) =>
    api.post<RoutingRule>(`${BASE}/routing-rules/${id}/deactivate`, { version }),
  routeTest: (q: { categoryId: number; areaCode?: string; lat?: number; lng?: number }) =>
    api.get<RouteTestResult>(`${BASE}/route-test`, q),

  settings: () => api.get<SettingsView>(`${BASE}/settings`),
  updateSettings: (changes: Record<string, unknown>) => api.put<SettingsView>(`${BASE}/settings`, changes),

  knowledge: (q: { q?: string; categoryId?: number; active?: boolean; limit?: number }) =>
    api.get<{ items: KnowledgeEntry[] }>(`${BASE}/knowledge`, q),
  createKnowledge: (body: KnowledgeFields & { question: string; answer: string }) =>
    api.post<KnowledgeEntry>(`${BASE}/knowledge`, body),
  updateKnowledge: (id: number, body: KnowledgeFields & { version: number }) =>
    api.patch<KnowledgeEntry>(`${BASE}/knowledge/${id}`, body),
  deactivateKnowledge: (id: number, version: number) =>
    api.post<KnowledgeEntry>(`${BASE}/knowledge/${id}/deactivate`, { version }),
};
