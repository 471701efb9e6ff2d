import { RightOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, List, Spin, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { citizenApi } from '../../../api/cases-public';
import { useAuth } from '../../../app/auth';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatCityTime } from '../../../components/format';
import { CaseProgress } from './CaseProgress';
import { useCitizenText } from './texts';

function MyCase({ id }: { id: number }) {
  const { t } = useCitizenText();
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['citizen', 'mine', id], queryFn: () => citizenApi.myCase(id) });
  return (
    <>
      <Link to="/my-cases">
        <Button type="link" style={{ paddingInline: 0 }}>
          ‹ {t('back')}
        </Button>
      </Link>
      {q.error && <ErrorAlert error={q.error} onRetry={() => q.refetch()} />}
      {q.isLoading && <Spin />}
      {q.data && (
        <CaseProgress
          data={q.data}
          onRate={(r) => citizenApi.rateMine(id, r)}
          onReopen={(reason) => citizenApi.reopenMine(id, reason)}
          onChanged={(c) => {
            client.setQueryData(['citizen', 'mine', id], c);
            client.invalidateQueries({ queryKey: ['citizen', 'mine', 'list'] });
          }}
        />
      )}
    </>
  );
}

/** 我的诉求: the cases filed from this citizen account. */
export default function MyCasesPage() {
  const { t } = useCitizenText();
  const { state } = useAuth();
  const { id } = useParams();
  const list = useInfiniteQuery({
    queryKey: ['citizen', 'mine', 'list'],
    queryFn: ({ pageParam }) => citizenApi.mine(pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: state.status === 'signedIn' && !id,
  });
  if (state.status !== 'signedIn') {
    return (
      <div className="oc-citizen-section">
        <Empty description={t('mineSignIn')}>
          <Link to="/login" state={{ from: '/my-cases' }}>
            <Button type="primary">{t('signIn')}</Button>
          </Link>
        </Empty>
      </div>
    );
  }
  if (id) return <MyCase id={Number(id)} />;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Typography.Title level={4} style={{ margin: '4px 0 10px' }}>
        {t('mineTitle')}
      </Typography.Title>
      {list.error && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <div className="oc-citizen-section" style={{ padding: 0 }}>
        <List
          loading={list.isLoading}
          dataSource={items}
          locale={{
            emptyText: (
              <Empty description={t('mineEmpty')}>
                <Link to="/report">
                  <Button type="primary">{t('navReport')}</Button>
                </Link>
              </Empty>
            ),
          }}
          renderItem={(c) => (
            <Link to={`/my-cases/${c.id}`} data-testid="mine-item">
              <List.Item style={{ padding: 12 }} extra={<RightOutlined />}>
                <List.Item.Meta
                  title={
                    <span>
                      {c.title} <Tag style={{ marginInlineStart: 4 }}>{c.statusText}</Tag>
                    </span>
                  }
                  description={`${c.caseNo} · ${formatCityTime(c.createdAt, 'minute')}`}
                />
              </List.Item>
            </Link>
          )}
        />
      </div>
      {list.hasNextPage && (
        <Button block onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('loadMore')}
        </Button>
      )}
    </>
  );
}
