import { api } from '../../api/client';

export interface SharingSettings {
  officeCheckWorkingDays: number;
  providerReplyWorkingDays: number;
  providerReplyOfflineWorkingDays: number;
  /** Bulk exports one credential may run at once (per server process). */
  exportConcurrency: number;
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
    api.put<SharingSettings>('/exchange/settings', s),
  maskingRules: () => api.get<{ items: MaskingRule[]; kinds: string[]; methods: string[] }>('/exchange/masking-rules'),
  createRule: (r: MaskingRuleInput) => api.post<MaskingRule>('/exchange/masking-rules', r),
  updateRule: (id: number, r: MaskingRuleInput) => api.put<MaskingRule>(`/exchange/masking-rules/${id}`, r),
};
