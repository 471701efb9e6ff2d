import type { Catalogue } from '../../platform/i18n/messages.ts';

export const messages: Catalogue = {
  LOGIN_FAILED: { 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: {
    'zh-CN': '登录失败次数过多，账号已锁定至 {until}',
    en: 'Too many failed logins; the account is locked until {until}',
  },
  ACCOUNT_DISABLED: { 'zh-CN': '账号已停用，请联系管理员', en: 'This account is disabled; contact an administrator' },
  MFA_TOKEN_INVALID: {
    'zh-CN': '登录已超时，请重新输入用户名和密码',
    en: 'The login timed out; enter your username and password again',
  },
  MFA_CODE_INVALID: { 'zh-CN': '动态验证码错误', en: 'Wrong verification code' },
  MFA_SETUP_REQUIRED: {
    'zh-CN': '您的角色要求双因素登录，请先绑定动态验证码',
    en: 'Your role requires two-factor login; set up TOTP first',
  },
  MFA_ALREADY_ENABLED: { 'zh-CN': '已启用动态验证码', en: 'TOTP is already enabled' },
  MFA_NOT_SET_UP: { 'zh-CN': '请先开始绑定动态验证码', en: 'Start TOTP enrolment first' },
  MFA_NOT_ENABLED: { 'zh-CN': '尚未启用动态验证码', en: 'TOTP is not enabled' },
  MFA_REQUIRED_BY_ROLE: {
    'zh-CN': '您的角色要求双因素登录，不能停用',
    en: 'Your role requires two-factor login; it cannot be disabled',
  },
  API_KEY_INVALID: {
    'zh-CN': 'API 密钥无效、已过期或已吊销（{reason}）',
    en: 'The API key is invalid, expired or revoked ({reason})',
  },
  API_KEY_NOT_FOUND: { 'zh-CN': '找不到该 API 密钥', en: 'API key not found' },
  API_KEY_SCOPE_UNKNOWN: { 'zh-CN': '未知的权限范围：{scope}', en: 'Unknown scope: {scope}' },
  PASSWORD_POLICY: {
    'zh-CN':
      '密码不符合要求：至少 {minLength} 位，且包含大写字母、小写字母、数字、符号中的至少 {minClasses} 类，不得包含用户名',
    en: 'Password too weak: at least {minLength} characters, {minClasses} of upper case, lower case, digits, symbols, and not containing the username',
  },
  PASSWORD_WRONG: { 'zh-CN': '当前密码错误', en: 'The current password is wrong' },
  USER_NOT_FOUND: { 'zh-CN': '找不到该用户', en: 'User not found' },
  USERNAME_TAKEN: { 'zh-CN': '用户名 {username} 已被使用', en: 'The username {username} is taken' },
  CANNOT_DISABLE_SELF: { 'zh-CN': '不能停用自己的账号', en: 'You cannot disable your own account' },
  ROLE_UNKNOWN: { 'zh-CN': '未知角色：{role}', en: 'Unknown role: {role}' },
  GRANT_DUPLICATE: { 'zh-CN': '授权重复', en: 'Duplicate grant' },
  AREA_UNKNOWN: { 'zh-CN': '行政区划代码不存在：{areaCode}', en: 'Unknown division code: {areaCode}' },
  DEPARTMENT_NOT_FOUND: { 'zh-CN': '找不到该部门', en: 'Department not found' },
  DEPARTMENT_PARENT_NOT_FOUND: { 'zh-CN': '上级部门不存在', en: 'The parent department does not exist' },
  DEPARTMENT_CODE_TAKEN: { 'zh-CN': '部门编码 {code} 已存在', en: 'The department code {code} already exists' },
};
