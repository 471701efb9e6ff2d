// The cases module (12345 hotline + 数字城管 case loop) as the staff pages use it: intake, lists, detail, the
// workflow actions, the dispatcher's pending requests, and the configuration the agent console reads (category
// search, knowledge base). Shapes follow the server's route schemas (src/server/modules/cases/*-routes.ts).
import { api } from './client';

export type SlaState = 'green' | 'yellow' | 'red' | 'paused' | 'none';
export type Nature = 'consult' | 'help' | 'complaint' | 'report' | 'suggestion' | 'praise' | 'other';
export const NATURES: Nature[] = ['consult', 'help', 'complaint', 'report', 'suggestion', 'praise', 'other'];
export const CHANNELS = ['phone', 'web', 'app', 'letter', 'leader', 'department', 'grid', 'sensor', 'open311'] as const;
export const CASE_STATUSES = [
  'received',
  'rejected',
  'accepted',
  'registered',
  'dispatched',
  'in_progress',
  'handled',
  'verified',
  'closed',
  'revisited',
  'parked',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface ReporterView {
  name: string | null;
  phone: string | null;
  idNumber: string | null;
  kind: 'person' | 'enterprise';
  anonymous: boolean;
  confidential: boolean;
  masked: true;
  hidden: boolean;
}

export interface CaseListItem {
  id: number;
  caseNo: string;
  title: string;
  status: string;
  channel: string;
  nature: string;
  urgency: string;
  categoryId: number | null;
  categoryName: string | null;
  address: string | null;
  areaCode: string | null;
  districtCode: string | null;
  streetCode: string | null;
  gridCode: string | null;
  lat: number | null;
  lng: number | null;
  mainDepartmentId: number | null;
  mainDepartmentName: string | null;
  masterCaseId: number | null;
  stageDueAt: string | null;
  handleDueAt: string | null;
  sla: SlaState;
  createdAt: string;
  reporter: ReporterView;
}

export interface CaseList {
  items: CaseListItem[];
  nextCursor: string | null;
  counts?: { total: number; byStatus: Record<string, number> };
}

export interface CaseFilter {
  status?: string[];
  category?: number;
  department?: number;
  area?: string;
  channel?: string[];
  nature?: string[];
  urgency?: 'normal' | 'urgent';
  from?: string;
  to?: string;
  sla?: SlaState;
  q?: string;
}

export interface CaseSummary {
  id: number;
  caseNo: string;
  title: string;
  status: string;
  channel: string;
  createdAt: string;
}

export interface DuplicateCandidate extends CaseSummary {
  distanceM: number;
  similarity: number;
  score: number;
}

export interface TimelineEntry {
  id: number;
  at: string;
  actorName: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  departmentId: number | null;
  public: boolean;
  note: string | null;
  data: Record<string, unknown> | null;
}

export interface Attachment {
  id: number;
  eventId: number | null;
  stage: string;
  filename: string;
  mime: string;
  size: number;
  public: boolean;
  createdAt: string;
  url: string;
}

export interface CaseDetail {
  id: number;
  caseNo: string;
  version: number;
  status: string;
  channel: string;
  nature: string;
  urgency: string;
  title: string;
  description: string;
  category: { id: number; code: string; name: string; parentId: number | null; parentName: string | null } | null;
  componentId: string | null;
  attributes: Record<string, unknown> | null;
  reporter: ReporterView;
  location: {
    address: string | null;
    lat: number | null;
    lng: number | null;
    gridCode: string | null;
    communityCode: string | null;
    streetCode: string | null;
    districtCode: string | null;
    areaCode: string | null;
  };
  routing: { departmentId: number | null; departmentName: string | null; ruleId: number | null; reason: string | null };
  masterCaseId: number | null;
  clock: {
    sla: SlaState;
    stageDueAt: string | null;
    handleDueAt: string | null;
    pausedSince: string | null;
    overdueLevel: number | null;
  };
  satisfaction: string | null;
  solved: boolean | null;
  createdBy: string | null;
  createdAt: string;
  acceptedAt: string | null;
  dispatchedAt: string | null;
  closedAt: string | null;
  parties: {
    departmentId: number;
    departmentName: string | null;
    role: string;
    active: boolean;
    signedAt: string | null;
  }[];
  timeline: TimelineEntry[];
  attachments: Attachment[];
  related: {
    master: CaseSummary | null;
    merged: CaseSummary[];
    sameReporter: CaseSummary[];
    duplicates: DuplicateCandidate[];
  };
  allowedActions: string[];
}

export interface CategoryAttribute {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required?: boolean;
  description?: string;
  order?: number;
  values?: { key: string; name: string }[];
}

export interface TimeLimit {
  amount: number;
  unit: string;
}

export interface CategoryHit {
  id: number;
  code: string;
  kind: string;
  name: string;
  nameEn: string | null;
  path: string;
  pinyinInitials: string | null;
  natureHint: string | null;
  timeLimits: { normal?: TimeLimit; urgent?: TimeLimit } | null;
  attributes: CategoryAttribute[] | null;
  concernsComponent: boolean;
  allowAnonymous: boolean;
  score: number;
}

export interface CategoryNode {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  level: number;
  children?: CategoryNode[];
}

export interface KnowledgeEntry {
  id: number;
  categoryId: number | null;
  categoryName: string | null;
  question: string;
  answer: string;
  keywords: string;
  score?: number;
}

export interface CaseRequest {
  id: number;
  caseId: number;
  kind: 'return' | 'extension' | 'suspension' | 'reopen';
  status: 'pending' | 'approved' | 'refused' | 'withdrawn';
  reason: string;
  requestedDueAt: string | null;
  requestedByName: string;
  departmentId: number | null;
  decidedByName: string | null;
  decisionReason: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface PendingRequest extends CaseRequest {
  caseNo: string;
  caseTitle: string;
  caseStatus: string;
  handleDueAt: string | null;
}

export interface Photo {
  filename?: string;
  mime?: string;
  contentBase64: string;
}

export interface CreateCaseInput {
  channel: string;
  nature: Nature;
  categoryId: number;
  urgency?: 'normal' | 'urgent';
  title?: string;
  description: string;
  reporter?: {
    name?: string;
    phone?: string;
    anonymous?: boolean;
    confidential?: boolean;
  };
  location?: { lat?: number; lng?: number; address?: string };
  componentId?: string;
  attributes?: Record<string, string | number | string[]>;
  photos?: Photo[];
}

export interface CreatedCase {
  id: number;
  caseNo: string;
  status: string;
  version: number;
  title: string;
  location: {
    located: boolean;
    address: string | null;
    gridCode: string | null;
    districtCode: string | null;
  };
  routing: { departmentId: number | null; ruleId: number | null; reason: string | null };
  duplicates: DuplicateCandidate[];
}

export interface ActionResult {
  id: number;
  status: string;
  version: number;
}

/** Query string with repeatable keys (status=a&status=b), which the shared client's scalar Query cannot say. */
export function filterQuery(filter: CaseFilter, extra: Record<string, string | number | boolean | undefined> = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, ...extra })) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.set(key, String(value));
  }
  return params;
}

const withQs = (path: string, params: URLSearchParams) => {
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
};

export const casesApi = {
  list: (filter: CaseFilter, cursor?: string | null, limit = 50, counts = false) =>
    api.get<CaseList>(withQs('/cases', filterQuery(filter, { cursor: cursor ?? undefined, limit, counts }))),
  exportPath: (filter: CaseFilter, format: 'csv' | 'xlsx') => withQs('/cases/export', filterQuery(filter, { format })),
  detail: (id: number) => api.get<CaseDetail>(`/cases/${id}`),
  requests: (id: number) => api.get<{ items: CaseRequest[] }>(`/cases/${id}/requests`),
  pendingRequests: () => api.get<{ items: PendingRequest[]; nextAfterId: number | null }>('/cases/pending-requests'),
  create: (input: CreateCaseInput, idempotencyKey: string) =>
    api.post<CreatedCase>('/cases', input, { headers: { 'Idempotency-Key': idempotencyKey } }),
  duplicates: (input: { categoryId: number; lat: number; lng: number; description: string }) =>
    api.post<{ items: DuplicateCandidate[] }>('/cases/duplicates', input),
  merge: (id: number, masterCaseId: number, reason?: string) =>
    api.post<ActionResult>(`/cases/${id}/merge`, { masterCaseId, reason }),
  callerHistory: (phone: string) =>
    api.get<{ phone: string; total: number; items: CaseListItem[] }>('/cases/caller-history', { phone, limit: 10 }),
  reveal: (id: number) =>
    api.post<{ name: string | null; phone: string | null; idNumber: string | null }>(`/cases/${id}/reveal`, {}),
  action: (id: number, action: string, body: Record<string, unknown>) =>
    api.post<ActionResult>(`/cases/${id}/actions/${action}`, body),
  categoryTree: () => api.get<{ items: CategoryNode[] }>('/cases/config/categories', { active: true }),
  category: (id: number) => api.get<CategoryHit>(`/cases/config/categories/${id}`),
  searchCategories: (q: string) => api.get<{ items: CategoryHit[] }>('/cases/config/categories/search', { q }),
  knowledge: (q: string | undefined, categoryId: number | undefined) =>
    api.get<{ items: KnowledgeEntry[] }>('/cases/config/knowledge', { q, categoryId, limit: 8 }),
};

/** A file as the base64 the intake and workflow schemas take (without the data: prefix). */
export async function toPhoto(file: File): Promise<Photo> {
  const buffer = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < buffer.length; i += 0x8000) {
    binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
  }
  return { filename: file.name, mime: file.type || undefined, contentBase64: btoa(binary) };
}
