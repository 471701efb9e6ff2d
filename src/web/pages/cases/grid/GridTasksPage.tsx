import { CameraOutlined, CheckSquareOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, List, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { gridApi } from '../../../api/cases-public';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { cityDate, cityDayStart, formatCityTime } from '../../../components/format';
import '../citizen/citizen.css';
import { GridReport } from './GridReport';
import { EmptyTasks, GridVerify } from './GridVerify';
import { useGridText } from './texts';

const SLA: Record<string, string> = { green: 'green', yellow: 'gold', red: 'red', paused: 'default', none: 'default' };

/** The grid worker's phone page: 上报 and 今日任务 (cases in their area waiting for 核查). */
export default function GridTasksPage() {
  const { t } = useGridText();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'tasks' ? 'tasks' : 'report';
  const [open, setOpen] = useState<number | null>(null);
  const startOfDay = cityDayStart(cityDate());
  const tasks = useQuery({ queryKey: ['grid', 'tasks'], queryFn: gridApi.toVerify });
  const today = useQuery({ queryKey: ['grid', 'today', startOfDay], queryFn: () => gridApi.reportedToday(startOfDay) });
  const count = tasks.data?.items.length ?? 0;

  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }} data-testid="grid-page">
      <Segmented
        block
        size="large"
        value={tab}
        onChange={(v) => {
          setOpen(null);
          setParams(v === 'tasks' ? { tab: 'tasks' } : {});
        }}
        style={{ marginBottom: 10 }}
        data-testid="grid-tabs"
        options={[
          {
            value: 'report',
            label: (
              <span data-testid="grid-tab-report">
                <CameraOutlined /> {t('tabReport')}
              </span>
            ),
          },
          {
            value: 'tasks',
            label: (
              <span data-testid="grid-tab-tasks">
                <CheckSquareOutlined /> {t('tabTasks')} <Badge count={count} size="small" />
              </span>
            ),
          },
        ]}
      />
      {tab === 'report' && (
        <>
          <Typography.Text type="secondary" data-testid="grid-today">
            {t('reportedToday', { n: today.data?.items.length ?? 0 })}
          </Typography.Text>
          <GridReport onFiled={() => client.invalidateQueries({ queryKey: ['grid', 'today'] })} />
        </>
      )}
      {tab === 'tasks' && open !== null && (
        <GridVerify
          id={open}
          onBack={() => setOpen(null)}
          onDone={(fixed) => {
            message.success(fixed ? t('verifiedFixed') : t('verifiedNotFixed'));
            setOpen(null);
            client.invalidateQueries({ queryKey: ['grid', 'tasks'] });
          }}
        />
      )}
      {tab === 'tasks' && open === null && (
        <>
          {tasks.error && <ErrorAlert error={tasks.error} onRetry={() => tasks.refetch()} />}
          <div className="oc-citizen-section" style={{ padding: 0 }}>
            <List
              loading={tasks.isLoading}
              dataSource={tasks.data?.items ?? []}
              locale={{ emptyText: <EmptyTasks /> }}
              header={
                <Typography.Text strong style={{ paddingInline: 12 }}>
                  {t('tasksCount', { n: count })}
                </Typography.Text>
              }
              renderItem={(c) => (
                <List.Item
                  style={{ padding: 12, cursor: 'pointer', minHeight: 64 }}
                  onClick={() => setOpen(c.id)}
                  extra={<RightOutlined />}
                  data-testid="grid-task"
                >
                  <List.Item.Meta
                    title={
                      <span>
                        <Tag color={SLA[c.sla] ?? 'default'}>{c.categoryName ?? '—'}</Tag>
                        {c.title}
                      </span>
                    }
                    description={
                      <>
                        {c.caseNo}
                        {c.address ? ` · ${c.address}` : ''}
                        {c.stageDueAt ? ` · ${t('due', { at: formatCityTime(c.stageDueAt, 'short') })}` : ''}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </div>
        </>
      )}
    </div>
  );
}
