// The exchange module's API (共享交换) as the web pages read it: request inboxes, the office check and provider
// decision, grants and credentials, the access log. Shapes follow src/server/modules/exchange/requests.ts.
import { useQueries } from '@tanstack/react-query';
import { api } from '../../api/client';
import { catalogApi } from '../../api/catalog';
import { downloadFile } from '../../api/download';
import { useDepartments } from '../../api/queries';

export type RequestStatus = 'pending_office' | 'pending_provider' | 'granted' | 'refused';
/** `granted`: the data office's ledger of every granted request, with grants and credentials. */
export type Box = 'mine' | 'provider' | 'office' | 'granted';

export interface ExchangeGrant {
  id: number;
  requestId: number;
  resourceCode: string;
  consumerSystem: string;
  fields: string[];
  rowFilter: Record<string, string> | null;
  clearValues: boolean;
  expiresAt: string;
  revokedAt: string | null;
  /** The grant's credentials (prefixes only), on the consumer's own grants and in the office's ledger. */
  credentials?: GrantCredential[];
}

export interface GrantCredential {
  id: number;
  grantId: number;
  prefix: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export type ExportFormat = 'csv' | 'ndjson';

export interface ExchangeRequest {
  id: number;
  resourceCode: string;
  shareType: 'unconditional' | 'conditional';
  consumerSystem: string;
  consumerDepartmentId: number;
  purpose: string;
  legalBasis: string;
  fields: string[];
  periodDays: number;
  status: RequestStatus | string;
  officeReason: string | null;
  decisionReason: string | null;
  officeDue: string | null;
  providerDue: string | null;
  createdBy: string;
  createdAt: string;
  grant: ExchangeGrant | null;
  /** 督办: overdue at its current stage and escalated to the data office. */
  escalated?: boolean;
  officeEscalatedAt?: string | null;
  providerEscalatedAt?: string | null;
}

export interface RequestInput {
  resourceCode: string;
  purpose: string;
  fields: string[];
  legalBasis: string;
  periodDays: number;
  consumerSystem: string;
}

export interface DecisionInput {
  approve: boolean;
  reason?: string;
  rowFilter?: Record<string, string>;
  clearValues?: boolean;
}

export interface IssuedCredential {
  id: number;
  grantId: number;
  prefix: string;
  key: string;
  expiresAt: string;
}

export interface AccessLogItem {
  id: number;
  at: string;
  seenAs: 'provider' | 'consumer';
  consumerSystem: string;
  credentialId: number | null;
  grantId: number | null;
  userId: string | null;
  purpose: string | null;
  resourceCode: string;
  endpoint: string;
  fields: string[];
  rowCount: number;
  status: number;
  requestHash: string;
  responseHash: string | null;
  sealed: boolean;
}

export const exchangeApi = {
  requests: (box: Box) => api.get<{ items: ExchangeRequest[] }>('/exchange/requests', { box }),
  create: (input: RequestInput) => api.post<ExchangeRequest>('/exchange/requests', input),
  officeCheck: (id: number, d: DecisionInput) => api.post<ExchangeRequest>(`/exchange/requests/${id}/office-check`, d),
  decide: (id: number, d: DecisionInput) => api.post<ExchangeRequest>(`/exchange/requests/${id}/decision`, d),
  issueCredential: (grantId: number) => api.post<IssuedCredential>(`/exchange/grants/${grantId}/credentials`),
  revokeGrant: (grantId: number) => api.post<ExchangeGrant>(`/exchange/grants/${grantId}/revoke`),
  revokeCredential: (id: number) => api.post<GrantCredential>(`/exchange/credentials/${id}/revoke`),
  /** Downloads the grant's data with the session (logged with the user and the purpose). */
  exportGrant: (g: ExchangeGrant, format: ExportFormat, purpose: string, locale: string) =>
    downloadFile(`/exchange/grants/${g.id}/export`, { format, purpose }, `${g.resourceCode}.${format}`, locale),
  accessLog: (resource: string | undefined, before: string | number | null, limit = 100) =>
    api.get<{ items: AccessLogItem[]; nextBefore?: string | number | null }>('/exchange/access-log', {
      resource,
      limit,
      before,
    }),
};

/** Names of the resources behind a list of codes (each read once and cached with the resource page's key). */
export function useResourceNames(codes: string[]): Map<string, string> {
  const unique = [...new Set(codes)];
  const results = useQueries({
    queries: unique.map((code) => ({
      queryKey: ['catalog', 'resource', code],
      queryFn: () => catalogApi.resource(code),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const names = new Map<string, string>();
  results.forEach((r, i) => {
    if (r.data) names.set(unique[i], r.data.name);
  });
  return names;
}

/** Department names by id, when the caller may read the org chart (else the id is shown). */
export function useDepartmentNames(): Map<number, string> {
  const departments = useDepartments();
  return new Map((departments.data ?? []).map((d) => [d.id, d.name]));
}
