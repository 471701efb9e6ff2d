// The case table the list, the dispatcher's queue and the inbox share: SLA light, number, title, category, status,
// department, deadline, filed. Dense rows; the number opens the case.
import type { TableColumnsType, TableProps } from 'antd';
import { Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { CaseListItem } from '../../api/cases';
import { formatCityTime, formatTime } from '../../components/format';
import { useCaseText } from './labels';
import { DueIn, SlaDot, StatusTag } from './widgets';

export type CaseColumn =
  | 'sla'
  | 'caseNo'
  | 'title'
  | 'category'
  | 'status'
  | 'channel'
  | 'nature'
  | 'department'
  | 'due'
  | 'createdAt'
  | 'reporter';

export function CaseTable({
  items,
  columns,
  loading,
  extraColumns = [],
  titleWidth,
  minWidth = 960,
  ...rest
}: {
  items: CaseListItem[];
  columns: CaseColumn[];
  loading?: boolean;
  /** Fixed width of the title; by default it takes what the other columns leave. */
  titleWidth?: number;
  /** Below this width the table scrolls sideways. */
  minWidth?: number;
  extraColumns?: TableColumnsType<CaseListItem>;
} & Omit<TableProps<CaseListItem>, 'columns' | 'dataSource'>) {
  const { t, label } = useCaseText();
  const all: Record<CaseColumn, TableColumnsType<CaseListItem>[number]> = {
    sla: { key: 'sla', width: 36, render: (_, c) => <SlaDot sla={c.sla} /> },
    caseNo: {
      key: 'caseNo',
      title: t('caseNo'),
      width: 140,
      render: (_, c) => (
        <Link to={`/cases/${c.id}`} className="oc-mono" data-testid="case-link">
          {c.caseNo}
        </Link>
      ),
    },
    title: {
      key: 'title',
      title: t('title'),
      width: titleWidth,
      ellipsis: true,
      render: (_, c) => (
        <Typography.Text title={c.title} data-testid="case-title">
          {c.urgency === 'urgent' && <Typography.Text type="danger">[{t('urgent')}] </Typography.Text>}
          {c.title}
        </Typography.Text>
      ),
    },
    category: {
      key: 'category',
      title: t('category'),
      width: 120,
      ellipsis: true,
      render: (_, c) => c.categoryName ?? '—',
    },
    status: { key: 'status', title: t('status'), width: 84, render: (_, c) => <StatusTag status={c.status} /> },
    channel: { key: 'channel', title: t('channel'), width: 90, render: (_, c) => label('channel', c.channel) },
    nature: { key: 'nature', title: t('nature'), width: 60, render: (_, c) => label('nature', c.nature) },
    department: {
      key: 'department',
      title: t('department'),
      width: 130,
      ellipsis: true,
      render: (_, c) => c.mainDepartmentName ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    due: {
      key: 'due',
      title: t('due'),
      width: 124,
      render: (_, c) => <DueIn at={c.stageDueAt} sla={c.sla} />,
    },
    createdAt: {
      key: 'createdAt',
      title: t('createdAt'),
      width: 116,
      render: (_, c) => (
        <span title={formatTime(c.createdAt)} data-testid="case-created">
          {formatCityTime(c.createdAt, 'compact')}
        </span>
      ),
    },
    reporter: {
      key: 'reporter',
      title: t('reporter'),
      width: 130,
      render: (_, c) =>
        c.reporter.hidden ? (
          <Typography.Text type="secondary">{t('confidential')}</Typography.Text>
        ) : (
          <span className="oc-mono">{[c.reporter.name, c.reporter.phone].filter(Boolean).join(' ') || '—'}</span>
        ),
    },
  };
  return (
    <Table<CaseListItem>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={items}
      columns={[...columns.map((c) => all[c]), ...extraColumns]}
      pagination={false}
      tableLayout="fixed"
      scroll={{ x: minWidth }}
      {...rest}
    />
  );
}
