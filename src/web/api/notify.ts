// My notifications (站内通知, src/server/modules/notify/routes.ts): the bell's unread count, the list, read marks.
import { api } from './client';

export interface Notification {
  id: number;
  kind: string;
  caseId: number | null;
  caseNo: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export const notifyApi = {
  unreadCount: () => api.get<{ unread: number }>('/notify/notifications/unread-count'),
  list: (q: { cursor?: string; unread?: boolean; limit?: number } = {}) =>
    api.get<{ items: Notification[]; nextCursor: string | null; unread: number }>('/notify/notifications', q),
  markRead: (id: number) => api.post<{ updated: number }>(`/notify/notifications/${id}/read`),
  markAllRead: () => api.post<{ updated: number }>('/notify/notifications/read-all'),
};
