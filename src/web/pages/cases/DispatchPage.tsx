// 派遣台 — the dispatcher's queue (received / accepted / registered) beside a map of it, dots coloured by SLA.
// Select cases and dispatch them in one go: each to the chosen department, or to its suggested one (the routing
// rule's, with its reason shown per case). Cases still to be accepted or registered are taken through those steps
// first. On the right, the 退单 / 延期 / 挂起 requests waiting for a decision.
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Flex, Input, List, Modal, Row, Select, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { type CaseFilter, casesApi, type PendingRequest } from '../../api/cases';
import { useDepartments } from '../../api/queries';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { formatTime } from '../../components/format';
import { LoadMore } from '../../components/LoadMore';
import { PageTitle } from '../../components/PageTitle';
import { actOnCase, useCaseRefresh } from './CaseActions';
import { CaseTable } from './CaseTable';
import { SLA_COLOR, useCaseText } from './labels';
import { useCaseList } from './useCaseList';
import { CaseMap, type MapPoint } from './widgets';

const QUEUE: CaseFilter = { status: ['received', 'accepted', 'registered'] };

/** Takes one case from wherever it waits to dispatched. */
async function dispatchOne(id: number, mainDepartmentId: number | undefined, coDepartmentIds: number[]) {
  const d = await casesApi.detail(id);
  let version = d.version;
  if (d.status === 'received') version = (await casesApi.action(id, 'accept', { expectedVersion: version })).version;
  if (d.status === 'received' || d.status === 'accepted') {
    version = (await casesApi.action(id, 'register', { expectedVersion: version })).version;
  }
  return casesApi.action(id, 'dispatch', {
    expectedVersion: version,
    mainDepartmentId,
    coDepartmentIds: coDepartmentIds.length ? coDepartmentIds : undefined,
  });
}

function WhyRow({ id }: { id: number }) {
  const { t } = useCaseText();
  const d = useQuery({ queryKey: ['cases', 'detail', id], queryFn: () => casesApi.detail(id) });
  if (!d.data) return <Typography.Text type="secondary">…</Typography.Text>;
  return (
    <Typography.Text data-testid="why">
      <Typography.Text type="secondary">{t('why')}: </Typography.Text>
      {d.data.routing.reason ?? t('noRule')}
    </Typography.Text>
  );
}

export default function DispatchPage() {
  const { t } = useCaseText();
  const { message } = App.useApp();
  const refresh = useCaseRefresh();
  const { query, items } = useCaseList(QUEUE, 100, 'queue');
  const [selected, setSelected] = useState<number[]>([]);
  const [main, setMain] = useState<number | undefined>();
  const [co, setCo] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [focusId, setFocusId] = useState<number | null>(null);
  const departments = useDepartments();

  const points = useMemo<MapPoint[]>(
    () =>
      items
        .filter((c) => c.lat !== null && c.lng !== null)
        .map((c) => ({
          id: c.id,
          lat: c.lat!,
          lng: c.lng!,
          colour: SLA_COLOR[c.sla] ?? SLA_COLOR.none,
          label: `${c.caseNo} ${c.title}`,
          selected: selected.includes(c.id) || c.id === focusId,
        })),
    [items, selected, focusId],
  );

  const dispatch = async () => {
    setBusy(true);
    let ok = 0;
    const failed: string[] = [];
    for (const id of selected) {
      const c = items.find((x) => x.id === id);
      const target = main ?? c?.mainDepartmentId ?? undefined;
      try {
        await dispatchOne(id, target, co);
        ok++;
      } catch (e) {
        failed.push(`${c?.caseNo ?? id}: ${errorMessage(e)}`);
      }
    }
    setBusy(false);
    if (ok) message.success(t('dispatchDone', { n: ok }));
    if (failed.length) Modal.error({ title: t('dispatchFailed', { n: failed.length }), content: failed.join('\n') });
    setSelected([]);
    refresh();
  };

  return (
    <div className="oc-page">
      <PageTitle title={t('dispatchTitle')} intro={t('dispatchIntro')} />
      <Row gutter={12}>
        <Col xs={24} xl={16}>
          <Card size="small" styles={{ body: { padding: 10 } }}>
            <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }} data-testid="dispatch-bar">
              <DepartmentSelect
                style={{ width: 220 }}
                allowClear
                placeholder={`${t('mainDepartment')}（${t('useSuggested')}）`}
                value={main}
                onChange={setMain}
                data-testid="dispatch-department"
              />
              <Select
                mode="multiple"
                maxTagCount="responsive"
                style={{ width: 220 }}
                placeholder={t('coDepartments')}
                value={co}
                onChange={setCo}
                showSearch={{ optionFilterProp: 'label' }}
                options={(departments.data ?? []).map((d) => ({ value: d.id, label: `${d.name} ${d.code}` }))}
              />
              <Button
                type="primary"
                disabled={selected.length === 0}
                loading={busy}
                onClick={dispatch}
                data-testid="dispatch-selected"
              >
                {t('dispatchSelected', { n: selected.length })}
              </Button>
            </Flex>
            {query.error ? (
              <ErrorAlert error={query.error} onRetry={() => query.refetch()} />
            ) : (
              <CaseTable
                data-testid="dispatch-table"
                items={items}
                loading={query.isPending}
                columns={['sla', 'caseNo', 'title', 'status', 'due']}
                minWidth={720}
                extraColumns={[
                  {
                    key: 'suggested',
                    title: t('suggested'),
                    width: 130,
                    ellipsis: true,
                    render: (_, c) =>
                      c.mainDepartmentName ?? <Typography.Text type="warning">{t('noRuleShort')}</Typography.Text>,
                  },
                ]}
                rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
                expandable={{ expandedRowRender: (c) => <WhyRow id={c.id} />, columnWidth: 32 }}
                onRow={(c) => ({ onMouseEnter: () => setFocusId(c.id) })}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('queueEmpty')} /> }}
              />
            )}
            <LoadMore
              count={items.length}
              hasMore={!!query.hasNextPage}
              loading={query.isFetchingNextPage}
              onLoadMore={() => query.fetchNextPage()}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('map')} styles={{ body: { padding: 0 } }} style={{ marginBottom: 12 }}>
            <CaseMap
              height={320}
              points={points}
              testId="dispatch-map"
              onSelect={(id) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]))}
            />
          </Card>
          <PendingRequests />
        </Col>
      </Row>
    </div>
  );
}

const DECIDE_ACTION: Record<string, string> = {
  return: 'decideReturn',
  extension: 'decideExtension',
  suspension: 'decideSuspension',
};

function PendingRequests() {
  const { t, label } = useCaseText();
  const { message } = App.useApp();
  const refresh = useCaseRefresh();
  const pending = useQuery({ queryKey: ['cases', 'pending-requests'], queryFn: casesApi.pendingRequests });
  const [refusing, setRefusing] = useState<PendingRequest | null>(null);
  const [reason, setReason] = useState('');

  const decide = async (r: PendingRequest, approve: boolean, why?: string) => {
    try {
      await actOnCase(r.caseId, DECIDE_ACTION[r.kind], { approve, reason: why });
      message.success(t('actionDone', { a: label('action', DECIDE_ACTION[r.kind]) }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      refresh();
    }
  };

  return (
    <Card size="small" title={t('pending')} data-testid="pending-requests">
      {pending.error ? (
        <ErrorAlert error={pending.error} />
      ) : (
        <List
          size="small"
          loading={pending.isPending}
          dataSource={pending.data?.items ?? []}
          locale={{ emptyText: t('pendingEmpty') }}
          renderItem={(r) => (
            <List.Item style={{ padding: '6px 0', display: 'block' }} data-testid="pending-request">
              <Flex gap={6} align="center" wrap>
                <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                  {label('kind', r.kind)}
                </Tag>
                <Link to={`/cases/${r.caseId}`} className="oc-mono">
                  {r.caseNo}
                </Link>
                <span style={{ flex: 1 }} />
                <Button size="small" type="primary" onClick={() => decide(r, true)}>
                  {t('approve')}
                </Button>
                <Button size="small" danger onClick={() => setRefusing(r)}>
                  {t('refuse')}
                </Button>
              </Flex>
              <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '2px 0 0' }} title={r.reason}>
                {r.reason}
              </Typography.Paragraph>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.requestedByName} · {formatTime(r.createdAt)}
                {r.requestedDueAt && ` · ${t('requestedDue')} ${formatTime(r.requestedDueAt)}`}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
      <Modal
        open={!!refusing}
        title={t('refuseReason')}
        onCancel={() => setRefusing(null)}
        okButtonProps={{ disabled: !reason.trim() }}
        onOk={async () => {
          if (refusing) await decide(refusing, false, reason.trim());
          setRefusing(null);
          setReason('');
        }}
      >
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} autoSize={{ minRows: 2 }} />
      </Modal>
    </Card>
  );
}
