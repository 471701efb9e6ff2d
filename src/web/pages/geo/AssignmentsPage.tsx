import { EnvironmentOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Grid,
  Modal,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { type GridDetail, type GridWorker, geoApi, WORKER_ROLES, type WorkerRole } from '../../api/geo';
import { orgApi } from '../../api/org';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { formatArea } from '../../components/MapStyle';
import { PageTitle } from '../../components/PageTitle';
import { useT } from '../../i18n/I18nProvider';
import { GeoSearch, useDebounced } from './GeoSearch';
import { gridTypeLabel, ROLE_TAG_COLOURS, TYPE_TAG_COLOURS, todayIso, workerRoleLabel } from './labels';
import './geo.css';

type State = 'active' | 'future' | 'ended';
const STATE_COLOURS: Record<State, string> = { active: 'green', future: 'blue', ended: 'default' };

/** Assignments hold for [validFrom, validTo): ended on the day validTo is reached. The server's `current` wins. */
function stateOf(a: GridWorker, today: string): State {
  if (a.current) return 'active';
  if (a.validTo && a.validTo <= today) return 'ended';
  if (a.validFrom > today) return 'future';
  return a.current === false ? 'ended' : 'active';
}

const DATE = 'YYYY-MM-DD';

export default function AssignmentsPage() {
  const t = useT();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const code = params.get('grid');
  const mobile = !Grid.useBreakpoint().lg;
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<GridWorker | null>(null);

  const grid = useQuery({ queryKey: ['geo', 'grid', code], queryFn: () => geoApi.grid(code!), enabled: !!code });
  const assignments = useQuery({
    queryKey: ['geo', 'assignments', code],
    queryFn: async () => (await geoApi.assignments(code!)).items,
    enabled: !!code,
  });

  const today = todayIso();
  const rows = assignments.data ?? [];
  const current = rows.filter((a) => stateOf(a, today) !== 'ended');
  const history = rows.filter((a) => stateOf(a, today) === 'ended');

  const columns = (withEnd: boolean): TableColumnsType<GridWorker> => [
    { title: t('geo.assign.user'), dataIndex: 'displayName', width: 160 },
    {
      title: t('geo.assign.role'),
      dataIndex: 'role',
      width: 140,
      render: (r: WorkerRole) => <Tag color={ROLE_TAG_COLOURS[r]}>{workerRoleLabel(t, r)}</Tag>,
    },
    { title: t('geo.assign.validFrom'), dataIndex: 'validFrom', width: 120 },
    { title: t('geo.assign.validTo'), dataIndex: 'validTo', width: 140, render: (v: string | null) => v ?? '—' },
    {
      title: t('geo.assign.state'),
      key: 'state',
      width: 100,
      render: (_, a) => {
        const s = stateOf(a, today);
        return <Tag color={STATE_COLOURS[s]}>{t(`geo.assign.state.${s}`)}</Tag>;
      },
    },
    ...(withEnd
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, a: GridWorker) => (
              <Button
                type="link"
                danger
                size={mobile ? 'middle' : 'small'}
                onClick={() => setEnding(a)}
                data-testid={`assignment-end-${a.assignmentId}`}
              >
                {t('geo.assign.end')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageTitle title={t('geo.assign.title')} intro={t('geo.assign.intro')} />
      <Card style={{ marginBottom: 16 }}>
        <GeoSearch
          kinds={['grid']}
          placeholder={t('geo.assign.pickGrid')}
          size={mobile ? 'large' : 'middle'}
          onPick={(hit) => setParams({ grid: hit.code })}
          data-testid="assign-grid-search"
        />
      </Card>

      {!code ? (
        <Card>
          <Empty description={t('geo.assign.pickHint')} />
        </Card>
      ) : (
        <Flex vertical gap={16}>
          {grid.error && <ErrorAlert error={grid.error} onRetry={() => grid.refetch()} />}
          <Card
            title={grid.data ? grid.data.name : code}
            extra={
              <Button
                icon={<EnvironmentOutlined />}
                onClick={() => navigate(`/geo/map?grid=${encodeURIComponent(code)}`)}
              >
                {mobile ? null : t('geo.assign.onMap')}
              </Button>
            }
            data-testid="assign-grid"
          >
            {grid.isLoading ? (
              <Skeleton active paragraph={{ rows: 2 }} />
            ) : (
              grid.data && <GridSummary grid={grid.data} />
            )}
          </Card>

          <Card
            title={t('geo.assign.current')}
            extra={
              <Button
                type="primary"
                icon={<UserAddOutlined />}
                size={mobile ? 'large' : 'middle'}
                onClick={() => setAdding(true)}
                data-testid="assignment-add"
              >
                {t('geo.assign.add')}
              </Button>
            }
          >
            {assignments.error && <ErrorAlert error={assignments.error} onRetry={() => assignments.refetch()} />}
            <Table<GridWorker>
              rowKey="assignmentId"
              data-testid="assignments-current"
              size="middle"
              columns={columns(true)}
              dataSource={current}
              loading={assignments.isLoading}
              pagination={false}
              scroll={{ x: 700 }}
              locale={{ emptyText: <Empty description={t('geo.assign.emptyCurrent')} /> }}
            />
          </Card>

          <Card title={t('geo.assign.history')}>
            <Table<GridWorker>
              rowKey="assignmentId"
              data-testid="assignments-history"
              size="small"
              columns={columns(false)}
              dataSource={history}
              loading={assignments.isLoading}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 620 }}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('geo.assign.emptyHistory')} />,
              }}
            />
          </Card>
        </Flex>
      )}

      {adding && code && (
        <AddAssignmentModal code={code} gridName={grid.data?.name ?? code} onClose={() => setAdding(false)} />
      )}
      {ending && code && <EndAssignmentModal code={code} assignment={ending} onClose={() => setEnding(null)} />}
    </>
  );
}

function GridSummary({ grid }: { grid: GridDetail }) {
  const t = useT();
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
      <Descriptions.Item label={t('geo.grid.code')}>
        <span className="oc-mono" data-testid="assign-grid-code">
          {grid.code}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('geo.grid.type')}>
        <Tag color={TYPE_TAG_COLOURS[grid.type]}>{gridTypeLabel(t, grid.type)}</Tag>
      </Descriptions.Item>
      <Descriptions.Item label={t('geo.grid.area')}>{formatArea(grid.areaM2)}</Descriptions.Item>
      <Descriptions.Item label={t('geo.grid.path')}>
        {[grid.districtName, grid.streetName, grid.communityName].filter(Boolean).join(' / ')}
      </Descriptions.Item>
    </Descriptions>
  );
}

function useInvalidateGrid(code: string) {
  const queryClient = useQueryClient();
  return () => {
    queryClient.invalidateQueries({ queryKey: ['geo', 'assignments', code] });
    queryClient.invalidateQueries({ queryKey: ['geo', 'grid', code] });
    queryClient.invalidateQueries({ queryKey: ['geo', 'grids'] }); // worker counts on the map
  };
}

interface AddValues {
  userId: number;
  role: WorkerRole;
  validFrom: Dayjs;
  validTo?: Dayjs | null;
}

function AddAssignmentModal({ code, gridName, onClose }: { code: string; gridName: string; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim());
  const invalidate = useInvalidateGrid(code);
  const users = useQuery({
    queryKey: ['org', 'users', 'grid_worker', query],
    queryFn: async () => (await orgApi.users({ role: 'grid_worker', q: query || undefined }, null, 20)).items,
  });
  const save = useMutation({
    mutationFn: (v: AddValues) =>
      geoApi.assign(code, {
        userId: v.userId,
        role: v.role,
        validFrom: v.validFrom.format(DATE),
        validTo: v.validTo ? v.validTo.format(DATE) : undefined,
      }),
    onSuccess: () => {
      message.success(t('geo.assign.added'));
      invalidate();
      onClose();
    },
  });
  const validFrom = Form.useWatch('validFrom', form);

  return (
    <Modal
      open
      title={t('geo.assign.addTitle', { grid: gridName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, ...({ 'data-testid': 'assignment-submit' } as Record<string, string>) }}
      destroyOnHidden
    >
      {save.error && <ErrorAlert error={save.error} />}
      <Form<AddValues>
        form={form}
        layout="vertical"
        initialValues={{ role: 'primary', validFrom: dayjs(todayIso()) }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="userId"
          label={t('geo.assign.user')}
          rules={[{ required: true, message: t('common.required', { field: t('geo.assign.user') }) }]}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            placeholder={t('geo.assign.userPlaceholder')}
            loading={users.isFetching}
            notFoundContent={users.isFetching ? undefined : t('user.empty')}
            options={(users.data ?? []).map((u) => ({
              value: u.id,
              label: `${u.displayName}（${u.username}）${u.departmentName ? ` · ${u.departmentName}` : ''}`,
            }))}
            data-testid="assignment-user"
          />
        </Form.Item>
        <Form.Item name="role" label={t('geo.assign.role')} rules={[{ required: true }]}>
          <Select
            options={WORKER_ROLES.map((r) => ({ value: r, label: workerRoleLabel(t, r) }))}
            data-testid="assignment-role"
          />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item
            name="validFrom"
            label={t('geo.assign.validFrom')}
            rules={[{ required: true, message: t('common.required', { field: t('geo.assign.validFrom') }) }]}
            style={{ flex: '1 1 180px' }}
          >
            <DatePicker style={{ width: '100%' }} data-testid="assignment-from" />
          </Form.Item>
          <Form.Item
            name="validTo"
            label={t('geo.assign.validTo')}
            extra={t('geo.assign.validToHelp')}
            style={{ flex: '1 1 180px' }}
          >
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => !!validFrom && !d.isAfter(validFrom, 'day')}
              data-testid="assignment-to"
            />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

function EndAssignmentModal({
  code,
  assignment,
  onClose,
}: {
  code: string;
  assignment: GridWorker;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidateGrid(code);
  const earliest = dayjs(assignment.validFrom).add(1, 'day');
  const [date, setDate] = useState<Dayjs>(() => {
    const today = dayjs(todayIso());
    return today.isBefore(earliest) ? earliest : today;
  });
  const end = useMutation({
    mutationFn: () => geoApi.endAssignment(assignment.assignmentId, date.format(DATE)),
    onSuccess: () => {
      message.success(t('geo.assign.ended'));
      invalidate();
      onClose();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Modal
      open
      title={t('geo.assign.endTitle', { name: assignment.displayName })}
      onCancel={onClose}
      onOk={() => end.mutate()}
      okText={t('geo.assign.end')}
      okButtonProps={{
        danger: true,
        loading: end.isPending,
        ...({ 'data-testid': 'assignment-end-submit' } as Record<string, string>),
      }}
    >
      <Typography.Paragraph>
        <Tag color={ROLE_TAG_COLOURS[assignment.role]}>{workerRoleLabel(t, assignment.role)}</Tag>
        {assignment.displayName} · {t('geo.grid.since', { date: assignment.validFrom })}
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('geo.assign.endDate')}>
          <DatePicker
            value={date}
            onChange={(d) => d && setDate(d)}
            allowClear={false}
            disabledDate={(d) => d.isBefore(earliest, 'day')}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
