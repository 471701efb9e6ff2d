import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Popover, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { type Notification, notifyApi } from '../../api/notify';
import { formatCityTime } from '../../components/format';
import { useI18n } from '../../i18n/I18nProvider';
import { type Pair, translator } from '../cases/citizen/bilingual';

const TEXTS = {
  title: ['通知', 'Notifications'],
  empty: ['没有通知', 'No notifications'],
  readAll: ['全部已读', 'Mark all read'],
  unread: ['{n} 条未读', '{n} unread'],
} as const satisfies Record<string, Pair>;

function useBellText() {
  return translator(TEXTS, useI18n().locale);
}

/** Polled every 30 s while the page is open; the list is fetched only when the dropdown opens. */
export const BELL_POLL_MS = 30_000;

/** The header bell: unread count, the latest notifications, read marks; a click opens the case. */
export function NotificationBell() {
  const { t } = useBellText();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const count = useQuery({
    queryKey: ['notify', 'unread'],
    queryFn: notifyApi.unreadCount,
    refetchInterval: BELL_POLL_MS,
    retry: false,
  });
  const list = useQuery({ queryKey: ['notify', 'list'], queryFn: () => notifyApi.list({ limit: 20 }), enabled: open });
  const refresh = () => client.invalidateQueries({ queryKey: ['notify'] });
  const markRead = useMutation({ mutationFn: notifyApi.markRead, onSuccess: refresh });
  const markAll = useMutation({ mutationFn: notifyApi.markAllRead, onSuccess: refresh });

  const openOne = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    setOpen(false);
    if (n.caseId !== null) navigate(`/cases/${n.caseId}`);
  };

  const unread = count.data?.unread ?? 0;
  const content = (
    <div style={{ width: 340, maxWidth: '86vw' }} data-testid="bell-panel">
      {list.isLoading ? (
        <Spin />
      ) : (
        <List
          size="small"
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
          style={{ maxHeight: 420, overflow: 'auto' }}
          renderItem={(n) => (
            <List.Item
              onClick={() => openOne(n)}
              style={{ cursor: 'pointer', background: n.readAt ? undefined : '#f0f6ff', paddingInline: 8 }}
              data-testid="bell-item"
            >
              <List.Item.Meta
                title={
                  <Typography.Text strong={!n.readAt} ellipsis>
                    {n.title}
                  </Typography.Text>
                }
                description={
                  <>
                    <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
                      {n.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {n.caseNo ? `${n.caseNo} · ` : ''}
                      {formatCityTime(n.createdAt, 'short')}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <span>
            {t('title')}{' '}
            {unread > 0 && <Typography.Text type="secondary">· {t('unread', { n: unread })}</Typography.Text>}
          </span>
          <Button
            size="small"
            type="link"
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
            data-testid="bell-read-all"
          >
            {t('readAll')}
          </Button>
        </div>
      }
      content={content}
    >
      <Button type="text" aria-label={t('title')} data-testid="bell" style={{ paddingInline: 8 }}>
        <Badge count={unread} title={String(unread)} size="small" overflowCount={99} data-testid="bell-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
