// 共享规则: the sharing time limits and the masking rules as data (GET for any exchange permission, writes for the
// data office). Shapes follow src/server/modules/exchange/rules-routes.ts.
import { authApi } from '../../api/auth';
import { ApiError, api, apiUrl } from '../../api/client';

export interface SharingSettings {
  officeCheckWorkingDays: number;
  providerReplyWorkingDays: number;
  providerReplyOfflineWorkingDays: number;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface MaskingRule {
  id: number;
  targetKind: 'element' | 'pi_kind';
  target: string;
  method: string;
  keepFirst: number;
  keepLast: number;
  note: string | null;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface MaskingRuleInput {
  targetKind?: 'element' | 'pi_kind';
  target?: string;
  method: string;
  keepFirst?: number;
  keepLast?: number;
  note?: string | null;
  version?: number;
}

export const rulesApi = {
  settings: () => api.get<SharingSettings>('/exchange/settings'),
  saveSettings: (s: Omit<SharingSettings, 'updatedAt' | 'updatedBy'>) =>
    request<SharingSettings>('PUT', '/exchange/settings', s),
  maskingRules: () => api.get<{ items: MaskingRule[]; kinds: string[]; methods: string[] }>('/exchange/masking-rules'),
  createRule: (r: MaskingRuleInput) => api.post<MaskingRule>('/exchange/masking-rules', r),
  updateRule: (id: number, r: MaskingRuleInput) => request<MaskingRule>('PUT', `/exchange/masking-rules/${id}`, r),
};

/** The shared client has no PUT: the same headers (session cookie, CSRF token, language) and error shape here. */
async function request<T>(method: 'PUT', path: string, body: unknown): Promise<T> {
  const { csrfToken } = await authApi.me();
  const response = await fetch(apiUrl(path), {
    method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'Accept-Language': document.documentElement.lang || 'zh-CN',
      'X-CSRF-Token': csrfToken,
    },
    body: JSON.stringify(body),
  });
  const data = (await response.json().catch(() => null)) as
    | (T & { error?: { code?: string; message?: string; details?: Record<string, unknown> } })
    | null;
  if (!response.ok)
    throw new ApiError(
      response.status,
      data?.error?.code ?? `HTTP_${response.status}`,
      data?.error?.message ?? `${response.status} ${response.statusText}`,
      data?.error?.details ?? {},
    );
  return data as T;
}
