// 我的待办 — the department's cases to sign for and to handle, soonest deadline first, with their SLA lights:
// 签收 in one click, 处置反馈 with the result and photos, and the requests a department may make (延期 / 退单 / 挂起).
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Segmented, Space } from 'antd';
import { useMemo, useState } from 'react';
import { type CaseFilter, type CaseListItem, casesApi } from '../../api/cases';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';
import { ActionModal, actOnCase, useCaseRefresh } from './CaseActions';
import { CaseTable } from './CaseTable';
import { useCaseText } from './labels';
import { useCaseList } from './useCaseList';

const VIEWS: Record<string, CaseFilter> = {
  all: { status: ['dispatched', 'in_progress'] },
  dispatched: { status: ['dispatched'] },
  in_progress: { status: ['in_progress'] },
};

const due = (c: CaseListItem) => (c.stageDueAt ? new Date(c.stageDueAt).getTime() : Number.POSITIVE_INFINITY);

/** The action modal for a case known from a list row: loads its detail (version, routing) first. */
function RowAction({ id, action, onClose }: { id: number; action: string; onClose: () => void }) {
  const d = useQuery({ queryKey: ['cases', 'detail', id], queryFn: () => casesApi.detail(id) });
  if (!d.data) return null;
  return <ActionModal detail={d.data} action={action} onClose={onClose} />;
}

export default function InboxPage() {
  const { t, label } = useCaseText();
  const { message } = App.useApp();
  const refresh = useCaseRefresh();
  const [view, setView] = useState('all');
  const { query, items } = useCaseList(VIEWS[view], 200, 'inbox');
  const [acting, setActing] = useState<{ id: number; action: string } | null>(null);
  const [signing, setSigning] = useState<number | null>(null);
  const sorted = useMemo(() => [...items].sort((a, b) => due(a) - due(b)), [items]);

  const sign = async (c: CaseListItem) => {
    setSigning(c.id);
    try {
      await actOnCase(c.id, 'sign');
      message.success(t('actionDone', { a: t('sign') }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setSigning(null);
      refresh();
    }
  };

  return (
    <div className="oc-page">
      <PageTitle title={t('inboxTitle')} intro={t('inboxIntro')} />
      <Card size="small" styles={{ body: { padding: 10 } }}>
        <Segmented
          value={view}
          onChange={(v) => setView(v as string)}
          options={[
            { value: 'all', label: `${label('status', 'dispatched')} + ${label('status', 'in_progress')}` },
            { value: 'dispatched', label: label('status', 'dispatched') },
            { value: 'in_progress', label: label('status', 'in_progress') },
          ]}
          style={{ marginBottom: 8 }}
        />
        {query.error ? (
          <ErrorAlert error={query.error} onRetry={() => query.refetch()} />
        ) : (
          <CaseTable
            data-testid="inbox-table"
            items={sorted}
            loading={query.isPending}
            columns={['sla', 'caseNo', 'title', 'category', 'status', 'due', 'createdAt']}
            minWidth={1000}
            extraColumns={[
              {
                key: 'actions',
                title: t('actionsCol'),
                fixed: 'right',
                width: 250,
                render: (_, c) => (
                  <Space size={4} wrap>
                    {c.status === 'dispatched' && (
                      <Button
                        size="small"
                        type="primary"
                        loading={signing === c.id}
                        onClick={() => sign(c)}
                        data-testid={`inbox-sign-${c.id}`}
                      >
                        {t('sign')}
                      </Button>
                    )}
                    {c.status === 'in_progress' && (
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => setActing({ id: c.id, action: 'submitResult' })}
                        data-testid={`inbox-handle-${c.id}`}
                      >
                        {t('handle')}
                      </Button>
                    )}
                    {(
                      [
                        ['requestExtension', 'extension'],
                        ['requestReturn', 'return'],
                        ['requestSuspension', 'suspension'],
                      ] as const
                    ).map(([a, kind]) => (
                      <Button
                        key={a}
                        size="small"
                        onClick={() => setActing({ id: c.id, action: a })}
                        data-testid={`inbox-${kind}-${c.id}`}
                      >
                        {label('kind', kind)}
                      </Button>
                    ))}
                  </Space>
                ),
              },
            ]}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inboxEmpty')} /> }}
          />
        )}
        <LoadMore
          count={items.length}
          hasMore={!!query.hasNextPage}
          loading={query.isFetchingNextPage}
          onLoadMore={() => query.fetchNextPage()}
        />
      </Card>
      {acting && <RowAction id={acting.id} action={acting.action} onClose={() => setActing(null)} />}
    </div>
  );
}
