import { api } from './client';
import { downloadFile } from './download';
import type { AuditEntry, Page } from './types';

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  result?: 'ok' | 'denied' | 'failed';
  from?: string;
  to?: string;
}

export const auditApi = {
  list: (filter: AuditFilter, cursor: string | null, limit = 50) =>
    api.get<Page<AuditEntry>>('/audit', { ...filter, limit, cursor }),
  export: (filter: AuditFilter, format: 'csv' | 'xlsx', locale: string) =>
    downloadFile('/audit/export', { ...filter, format }, `audit.${format}`, locale),
};
