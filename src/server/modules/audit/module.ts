// audit: reading, exporting and verifying the audit log (审计日志). The table and its sealer are platform-owned
// (platform/audit); this module adds no tables, only the readers' side and the sealing timer.
import { sealAuditLog } from '../../platform/audit/seal.ts';
import { defineModule } from '../../platform/module.ts';
import { registerAuditRoutes } from './routes.ts';

const PERMISSIONS = ['audit.read', 'audit.export'] as const;

export const auditModule = defineModule({
  name: 'audit',
  permissions: PERMISSIONS,
  // 等保 2.0 wants a separate audit administrator (审计管理员) holding these instead of admin; that role does
  // not exist yet, so admin carries them for now.
  roleGrants: { admin: PERMISSIONS },
  messages: {
    AUDIT_BAD_TIME: {
      'zh-CN': '时间格式不正确：{field}={value}，请使用带时区的 ISO 8601 时间，例如 2024-05-01T00:00:00+08:00',
      en: 'Invalid time {field}={value}: use ISO 8601 with an offset, e.g. 2024-05-01T00:00:00+08:00',
    },
    AUDIT_BAD_RANGE: {
      'zh-CN': '开始时间 {from} 必须早于结束时间 {to}',
      en: 'The start time {from} must be before the end time {to}',
    },
    AUDIT_BAD_CURSOR: {
      'zh-CN': '分页游标无效，请从第一页重新查询',
      en: 'Invalid paging cursor; start again from the first page',
    },
    AUDIT_EXPORT_TOO_LARGE: {
      'zh-CN': '符合条件的记录超过 {max} 条，无法一次导出：请缩小时间范围或增加筛选条件',
      en: 'More than {max} records match; narrow the time range or add filters to export',
    },
  },
  routes: registerAuditRoutes,
  jobs: [{ name: 'audit.seal', everyMs: 1000, run: ({ db }) => sealAuditLog(db).then(() => {}) }],
});
