import type { Catalogue } from '../../platform/i18n/messages.ts';

export const messages: Catalogue = {
  SHARE_NOT_ALLOWED: {
    'zh-CN': '资源 {code} 为不予共享，不能申请（依据：{basis}）',
    en: 'Resource {code} is not shared (不予共享) and cannot be requested (basis: {basis})',
  },
  EXCHANGE_UNKNOWN_FIELD: {
    'zh-CN': '资源 {code} 没有信息项“{name}”',
    en: 'Resource {code} has no item “{name}”',
  },
  EXCHANGE_DEPARTMENT_REQUIRED: {
    'zh-CN': '您的账号没有可代表的部门，不能提交共享申请',
    en: 'Your account does not act for a department and cannot request access',
  },
  EXCHANGE_REASON_REQUIRED: { 'zh-CN': '不同意时必须说明理由', en: 'A refusal needs a reason' },
  EXCHANGE_INVALID_TRANSITION: {
    'zh-CN': '申请当前状态为 {from}，不能执行 {action}',
    en: 'The request is {from}; {action} is not possible',
  },
  EXCHANGE_REQUEST_NOT_FOUND: { 'zh-CN': '找不到共享申请 {id}', en: 'Access request {id} not found' },
  EXCHANGE_GRANT_NOT_FOUND: { 'zh-CN': '找不到授权 {id}', en: 'Grant {id} not found' },
  EXCHANGE_GRANT_REVOKED: { 'zh-CN': '授权 {id} 已撤销', en: 'Grant {id} was revoked' },
  EXCHANGE_KEY_REQUIRED: {
    'zh-CN': '请在 X-Exchange-Key 请求头中提供交换凭证',
    en: 'Send the exchange credential in the X-Exchange-Key header',
  },
  EXCHANGE_GRANT_EXPIRED: { 'zh-CN': '授权已过期', en: 'The grant has expired' },
  EXCHANGE_CREDENTIAL_INVALID: {
    'zh-CN': '交换凭证无效或已撤销',
    en: 'The exchange credential is invalid or revoked',
  },
  EXCHANGE_NOT_GRANTED: {
    'zh-CN': '该凭证未获授权访问资源 {code}',
    en: 'This credential is not granted resource {code}',
  },
  EXCHANGE_FIELDS_NOT_GRANTED: {
    'zh-CN': '以下信息项未获授权：{fields}',
    en: 'These items are not granted: {fields}',
  },
  EXCHANGE_CHANGES_RESYNC: {
    'zh-CN':
      '第 {rolledBack} 版装载已被提供方回滚，自第 {since} 版起的增量无法撤销它：请重新全量导出（当前第 {version} 版），再从该版本继续同步',
    en: 'Load {rolledBack} was rolled back by the provider; changes since {since} cannot undo it: copy the dataset again (bulk export, now version {version}) and sync on from there',
  },
  EXCHANGE_RATE_LIMITED: {
    'zh-CN': '调用过于频繁：每 {windowMs} 毫秒最多 {limit} 次',
    en: 'Too many calls: at most {limit} per {windowMs} ms',
  },
  EXCHANGE_CREDENTIAL_NOT_FOUND: { 'zh-CN': '找不到交换凭证 {id}', en: 'Exchange credential {id} not found' },
  EXCHANGE_CREDENTIAL_REVOKED: {
    'zh-CN': '交换凭证 {prefix}… 已撤销',
    en: 'Exchange credential {prefix}… is already revoked',
  },
  EXCHANGE_EXPORT_BUSY: {
    'zh-CN': '同时进行的批量导出已达上限（{limit} 个），请等当前导出完成后再试',
    en: 'At most {limit} bulk exports may run at once; retry when one has finished',
  },
  EXCHANGE_MASK_KEEP_REQUIRED: {
    'zh-CN': '“保留首尾”规则至少要保留 1 个字符（keepFirst 或 keepLast）',
    en: 'A “keep” rule must keep at least one character (keepFirst or keepLast)',
  },
  EXCHANGE_MASK_UNKNOWN_KIND: {
    'zh-CN': '没有个人信息类别“{kind}”',
    en: 'There is no personal-information kind “{kind}”',
  },
  EXCHANGE_MASK_BAD_ELEMENT: {
    'zh-CN': '数据元标识符“{target}”格式不正确',
    en: '“{target}” is not a data element identifier',
  },
  EXCHANGE_MASK_RULE_EXISTS: {
    'zh-CN': '“{target}”已有脱敏规则，请修改该规则',
    en: '“{target}” already has a masking rule; update that rule instead',
  },
  EXCHANGE_MASK_RULE_NOT_FOUND: { 'zh-CN': '找不到脱敏规则 {id}', en: 'Masking rule {id} not found' },
};
