// Descriptions of Open311 errors (the <description> of each <error>), zh-CN and en, plus the service notices.
import type { Catalogue } from '../../platform/i18n/messages.ts';

export const messages: Catalogue = {
  OPEN311_API_KEY_MISSING: {
    'zh-CN': '缺少 api_key，无法提交诉求',
    en: 'api_key is missing -- cannot create the service request',
  },
  OPEN311_API_KEY_INVALID: {
    'zh-CN': 'api_key 无效（{reason}），无法提交诉求',
    en: 'Invalid api_key received ({reason}) -- cannot create the service request',
  },
  OPEN311_API_KEY_SCOPE: {
    'zh-CN': '该 api_key 没有 Open311 提交权限（创建密钥时使用 --scope open311）',
    en: 'This api_key may not submit Open311 requests (create the key with --scope open311)',
  },
  OPEN311_RATE_LIMITED: {
    'zh-CN': '提交过于频繁：每分钟最多 {limit} 次，请 {retryAfter} 秒后再试',
    en: 'Too many requests: at most {limit} per minute, try again in {retryAfter} s',
  },
  OPEN311_FORMAT_UNSUPPORTED: {
    'zh-CN': '不支持的格式 .{format}，请使用 .xml 或 .json',
    en: 'Unsupported format .{format}: use .xml or .json',
  },
  OPEN311_ROUTE_NOT_FOUND: {
    'zh-CN': '没有这个 Open311 接口：{method} {url}',
    en: 'No such Open311 method: {method} {url}',
  },
  OPEN311_SERVICE_CODE_REQUIRED: { 'zh-CN': '缺少 service_code', en: 'service_code was not provided' },
  OPEN311_SERVICE_NOT_FOUND: {
    'zh-CN': '服务类型 {service_code} 不存在或已停用',
    en: 'service_code {service_code} was not found',
  },
  OPEN311_REQUEST_NOT_FOUND: {
    'zh-CN': '诉求 {service_request_id} 不存在',
    en: 'service_request_id {service_request_id} was not found',
  },
  OPEN311_TOKEN_NOT_FOUND: { 'zh-CN': '令牌 {token} 不存在', en: 'token {token} was not found' },
  OPEN311_LOCATION_REQUIRED: {
    'zh-CN': '缺少位置：请提供 lat 和 long，或 address_string，或 address_id',
    en: 'A location is required: lat & long, or address_string, or address_id',
  },
  OPEN311_LAT_LONG_PAIR: {
    'zh-CN': 'lat 和 long 必须同时提供',
    en: 'lat and long must both be sent',
  },
  OPEN311_LAT_LONG_INVALID: {
    'zh-CN': '{field} 不是有效的 WGS84 坐标：{value}',
    en: '{field} is not a valid WGS84 coordinate: {value}',
  },
  OPEN311_FIELD_TOO_LONG: {
    'zh-CN': '{field} 过长（最多 {max} 个字符）',
    en: '{field} is too long (at most {max} characters)',
  },
  OPEN311_FIELD_INVALID: { 'zh-CN': '{field} 不正确：{problem}', en: '{field} is invalid: {problem}' },
  OPEN311_ATTRIBUTE_REQUIRED: {
    'zh-CN': '缺少必填属性 attribute[{code}]（{description}）',
    en: 'Required attribute attribute[{code}] is missing ({description})',
  },
  OPEN311_ATTRIBUTE_INVALID: {
    'zh-CN': '属性 attribute[{code}] 的值不正确：{problem}',
    en: 'attribute[{code}] has an invalid value: {problem}',
  },
  OPEN311_DATE_INVALID: {
    'zh-CN': '{field} 不是带时区的 W3C 日期时间，例如 2026-01-01T00:00:00+08:00：{value}',
    en: '{field} is not a W3C datetime with a timezone, e.g. 2026-01-01T00:00:00+08:00: {value}',
  },
  OPEN311_DATE_RANGE: {
    'zh-CN': 'start_date 到 end_date 不能超过 90 天，且 start_date 不能晚于 end_date',
    en: 'start_date to end_date may not span more than 90 days, and start_date must not be after end_date',
  },
  OPEN311_STATUS_INVALID: {
    'zh-CN': 'status 只能是 open、closed（逗号分隔）：{value}',
    en: 'status must be open and/or closed, comma delimited: {value}',
  },
  OPEN311_BODY_INVALID: {
    'zh-CN': '请求体必须是 application/x-www-form-urlencoded 表单',
    en: 'The request body must be application/x-www-form-urlencoded',
  },
  OPEN311_NOTICE_DUE: {
    'zh-CN': '已进入 12345 统一受理，编号 {caseNo}，预计 {due} 前办理完毕',
    en: 'Received by the 12345 one-queue as {caseNo}; expected to be handled by {due}',
  },
  OPEN311_NOTICE_RECEIVED: {
    'zh-CN': '已进入 12345 统一受理，编号 {caseNo}，将按时限办理并在此更新状态',
    en: 'Received by the 12345 one-queue as {caseNo}; it will be handled within the time limit and updated here',
  },
  OPEN311_CONTACT: {
    'zh-CN': '12345 政务服务便民热线（OneCity），Open311 接入问题请联系系统管理员',
    en: '12345 citizen service hotline (OneCity); for Open311 access contact the system administrator',
  },
  OPEN311_KEY_SERVICE: {
    'zh-CN': 'api_key 由系统管理员签发：onecity apikey create --name 应用名 --scope open311',
    en: 'api_key values are issued by the system administrator: onecity apikey create --name APP --scope open311',
  },
};
