// The cases module as citizens and grid workers use it: the citizen web form, tracking by case number + last 4
// phone digits, "my cases", rating and 重办 (citizen-routes.ts); the grid worker's 上报 (POST /cases, channel grid)
// and 核查 (the verify action). Shapes follow the server's route schemas.
import { api } from './client';

export interface PhotoUpload {
  filename: string;
  mime: string;
  contentBase64: string;
}

export interface CategoryAttributeDef {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  description: string;
  order: number;
  values?: { key: string; name: string }[];
}

export interface Subcategory {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  keywords: string;
  pinyinInitials: string;
  allowAnonymous: boolean;
  concernsComponent: boolean;
  attributes: CategoryAttributeDef[];
  kind: 'component' | 'event' | 'hotline';
  active: boolean;
  children?: Subcategory[];
}

export interface CitizenTimelineEntry {
  at: string;
  action: string;
  text: string;
  status: string | null;
  statusText: string | null;
  department: string | null;
  note: string | null;
}

export interface CitizenCase {
  caseNo: string;
  title: string;
  category: string | null;
  status: string;
  statusText: string;
  mergedInto: string | null;
  department: string | null;
  createdAt: string;
  expectedBy: string | null;
  closedAt: string | null;
  result: string | null;
  rating: { satisfaction: string; satisfactionText: string; solved: boolean | null } | null;
  canRate: boolean;
  canReopen: boolean;
  timeline: CitizenTimelineEntry[];
}

export interface MyCaseItem {
  id: number;
  caseNo: string;
  title: string;
  status: string;
  statusText: string;
  createdAt: string;
  expectedBy: string | null;
  canRate: boolean;
}

export interface CitizenCaseCreated {
  caseNo: string;
  status: string;
  statusText: string;
  createdAt: string;
  trackWith: 'account' | 'phone' | 'none';
}

export interface Location {
  lat?: number;
  lng?: number;
  address?: string;
}

export interface CitizenReport {
  categoryId: number;
  description: string;
  location?: Location;
  reporter?: { name?: string; phone?: string; anonymous?: boolean };
  attributes?: Record<string, unknown>;
  photos?: PhotoUpload[];
}

export type Satisfaction = 'satisfied' | 'basically' | 'unsatisfied';
export interface Rating {
  satisfaction: Satisfaction;
  solved: boolean;
  comment?: string;
}

export interface Track {
  caseNo: string;
  phoneLast4: string;
}

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const CITIZEN = '/citizen/cases';

export const citizenApi = {
  /** Active 大类 with their 小类 that citizens may report (public: no account needed; 部件 left out). */
  categories: () => api.get<{ items: Subcategory[] }>('/citizen/categories'),
  create: (report: CitizenReport, key: string) =>
    api.post<CitizenCaseCreated>(CITIZEN, report, { headers: { 'Idempotency-Key': key } }),
  track: (t: Track) => api.post<CitizenCase>(`${CITIZEN}/track`, t),
  rateTracked: (t: Track & Rating) => api.post<CitizenCase>(`${CITIZEN}/track/rate`, t),
  reopenTracked: (t: Track & { reason: string }) => api.post<CitizenCase>(`${CITIZEN}/track/reopen`, t),
  mine: (cursor?: number) => api.get<{ items: MyCaseItem[]; nextCursor: number | null }>(CITIZEN, { cursor }),
  myCase: (id: number) => api.get<CitizenCase>(`${CITIZEN}/${id}`),
  rateMine: (id: number, r: Rating) => api.post<CitizenCase>(`${CITIZEN}/${id}/rate`, r),
  reopenMine: (id: number, reason: string) => api.post<CitizenCase>(`${CITIZEN}/${id}/reopen`, { reason }),
};

// ── grid worker ────────────────────────────────────────────────────────────────────────────────────────

export interface GridCaseItem {
  id: number;
  caseNo: string;
  title: string;
  status: string;
  categoryName: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  mainDepartmentName: string | null;
  stageDueAt: string | null;
  sla: string;
  createdAt: string;
}

export interface GridAttachment {
  id: number;
  stage: string;
  filename: string;
  mime: string;
  url: string;
  createdAt: string;
}

export interface GridCaseDetail {
  id: number;
  caseNo: string;
  title: string;
  description: string;
  status: string;
  version: number;
  categoryName?: string | null;
  category?: { name?: string; path?: string } | null;
  resultText?: string | null;
  result?: string | null;
  location: { address: string | null; lat: number | null; lng: number | null; gridCode: string | null };
  timeline: {
    id: number;
    at: string;
    action: string;
    actorName: string | null;
    note: string | null;
    data: Record<string, unknown> | null;
  }[];
  attachments: GridAttachment[];
  allowedActions: string[];
}

export interface GridReport {
  categoryId: number;
  description: string;
  location: Location;
  photos: PhotoUpload[];
  attributes?: Record<string, string | number | string[]>;
  componentId?: string;
}

export const gridApi = {
  /** Cases in the worker's area waiting for 核查 (status handled), oldest deadline first on the page. */
  toVerify: () =>
    api.get<{ items: GridCaseItem[]; nextCursor: string | null }>('/cases', { status: 'handled', limit: 100 }),
  /** What the worker reported today (their own grid reports are in their scope). */
  reportedToday: (from: string) =>
    api.get<{ items: GridCaseItem[]; nextCursor: string | null }>('/cases', { channel: 'grid', from, limit: 50 }),
  detail: (id: number) => api.get<GridCaseDetail>(`/cases/${id}`),
  report: (r: GridReport, key: string) =>
    api.post<{ id: number; caseNo: string; status: string }>(
      '/cases',
      { channel: 'grid', nature: 'report', ...r },
      { headers: { 'Idempotency-Key': key } },
    ),
  verify: (id: number, body: { expectedVersion: number; fixed: boolean; reason?: string; photos?: PhotoUpload[] }) =>
    api.post<{ id: number; status: string; version: number }>(`/cases/${id}/actions/verify`, body),
};
