// Error and notice messages in zh-CN (default) and en. Modules add their own catalogues through their
// manifest; a code with no entry falls back to a generic message per HTTP status, never to a stack trace.
export type Locale = 'zh-CN' | 'en';
export type Catalogue = Record<string, { 'zh-CN': string; en: string }>;

const catalogue: Catalogue = {
  NOT_FOUND: { 'zh-CN': '找不到请求的资源', en: 'The requested resource was not found' },
  ROUTE_NOT_FOUND: { 'zh-CN': '接口不存在：{method} {url}', en: 'No such endpoint: {method} {url}' },
  VALIDATION_FAILED: { 'zh-CN': '请求内容不正确：{field} {problem}', en: 'Invalid request: {field} {problem}' },
  MALFORMED_JSON: { 'zh-CN': '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
  BODY_TOO_LARGE: { 'zh-CN': '请求体过大（上限 {limit} 字节）', en: 'Request body too large (limit {limit} bytes)' },
  UNAUTHENTICATED: { 'zh-CN': '请先登录', en: 'Please log in' },
  SESSION_EXPIRED: { 'zh-CN': '会话已过期，请重新登录', en: 'Your session has expired, please log in again' },
  FORBIDDEN: { 'zh-CN': '没有权限执行此操作（{action}）', en: 'You are not allowed to do this ({action})' },
  CSRF_INVALID: {
    'zh-CN': '缺少或无效的 CSRF 令牌，请刷新页面后重试',
    en: 'Missing or invalid CSRF token; reload the page and try again',
  },
  CONFLICT: { 'zh-CN': '数据已被他人修改，请刷新后重试', en: 'Someone else changed this; reload and try again' },
  VERSION_CONFLICT: {
    'zh-CN': '数据已被他人修改（当前版本 {current}），请刷新后重试',
    en: 'Someone else changed this (current version {current}); reload and try again',
  },
  URI_TOO_LONG: { 'zh-CN': '请求地址过长', en: 'The request URL is too long' },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' },
  INTERNAL: {
    'zh-CN': '服务器内部错误，已记录（请求编号 {requestId}）',
    en: 'Internal error, logged (request {requestId})',
  },
  SERVICE_UNAVAILABLE: { 'zh-CN': '服务暂不可用', en: 'Service unavailable' },
};

export function registerMessages(more: Catalogue): void {
  for (const [code, m] of Object.entries(more)) catalogue[code] = m;
}

export function hasMessage(code: string): boolean {
  return code in catalogue;
}

const GENERIC_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** The message for a code; a code without an entry gets the generic message of its HTTP status. */
export function translate(code: string, locale: Locale, params: Record<string, unknown> = {}, status?: number): string {
  const entry =
    catalogue[code] ?? (status !== undefined ? catalogue[GENERIC_BY_STATUS[status] ?? 'INTERNAL'] : undefined);
  const template = entry ? entry[locale] : code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined ? '' : String(params[k])));
}

/** zh-CN unless the client prefers English (Accept-Language with en before any zh). */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const prefs = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((p) => p.tag && p.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const p of prefs) {
    if (p.tag.startsWith('zh')) return 'zh-CN';
    if (p.tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}
