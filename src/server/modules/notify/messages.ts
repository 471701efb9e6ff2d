// Error messages of the notify module, zh-CN and en.
import type { Catalogue } from '../../platform/i18n/messages.ts';

export const messages: Catalogue = {
  NOTIFICATION_NOT_FOUND: { 'zh-CN': '通知不存在', en: 'Notification not found' },
  NOTIFY_BAD_CURSOR: {
    'zh-CN': '分页游标无效，请从第一页重新查询',
    en: 'Invalid paging cursor; start again from the first page',
  },
  WEBHOOK_NOT_FOUND: { 'zh-CN': '订阅不存在', en: 'Webhook subscription not found' },
  WEBHOOK_URL_INVALID: {
    'zh-CN': '回调地址不正确：{problem}。请使用 http(s) 地址，不要在地址中包含用户名或密码',
    en: 'Invalid webhook URL: {problem}. Use an http(s) URL without user name or password',
  },
  WEBHOOK_HOST_NOT_ALLOWED: {
    'zh-CN': '回调主机 {host} 不在允许列表中（ONECITY_WEBHOOK_ALLOWED_HOSTS）',
    en: 'Webhook host {host} is not in the allow-list (ONECITY_WEBHOOK_ALLOWED_HOSTS)',
  },
  WEBHOOK_EVENT_TYPE_UNKNOWN: {
    'zh-CN': '未知的事件类型：{type}。可选：{allowed}',
    en: 'Unknown event type {type}; choose from {allowed}',
  },
};
