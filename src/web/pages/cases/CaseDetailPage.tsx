// 工单详情 — header (number, status, SLA, countdown, the actions the server allows), the case itself, its timeline
// (internal entries marked), photos, the place on the map, the departments and why, requests, related and merged
// cases. The reporter is masked; "查看完整号码" asks the server (case.reveal, audited).
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Image,
  List,
  Row,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { type CaseSummary, casesApi } from '../../api/cases';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { formatCityTime, formatTime } from '../../components/format';
import { ActionModal } from './CaseActions';
import { useCaseText } from './labels';
import { CaseMap, DueIn, SlaDot, StatusTag, useGrid } from './widgets';

const HIDDEN_BUTTONS = new Set(['reveal']);

export default function CaseDetailPage() {
  const { id } = useParams();
  const caseId = Number(id);
  const { t, label } = useCaseText();
  const { message } = App.useApp();
  const [action, setAction] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<{
    name: string | null;
    phone: string | null;
    idNumber: string | null;
  } | null>(null);
  const detail = useQuery({ queryKey: ['cases', 'detail', caseId], queryFn: () => casesApi.detail(caseId) });
  const requests = useQuery({ queryKey: ['cases', 'requests', caseId], queryFn: () => casesApi.requests(caseId) });
  const grid = useGrid(detail.data?.location.gridCode);
  const categoryId = detail.data?.category?.id;
  // The 小类's attribute definitions turn stored codes (cover_state: missing) into words (井盖状况: 缺失).
  const category = useQuery({
    queryKey: ['cases', 'category', categoryId],
    queryFn: () => casesApi.category(categoryId!),
    enabled: !!categoryId && !!detail.data?.attributes && Object.keys(detail.data.attributes).length > 0,
    staleTime: 10 * 60_000,
    retry: false,
  });

  if (detail.error) return <ErrorAlert error={detail.error} onRetry={() => detail.refetch()} />;
  if (!detail.data) return <Card loading />;
  const d = detail.data;
  const r = revealed ?? d.reporter;

  const reveal = async () => {
    try {
      setRevealed(await casesApi.reveal(d.id));
      message.info(t('revealed'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const buttons = d.allowedActions.filter((a) => !HIDDEN_BUTTONS.has(a));
  const pin = d.location.lat !== null && d.location.lng !== null ? { lat: d.location.lat, lng: d.location.lng } : null;

  return (
    <div className="oc-page" data-testid="case-detail">
      <Card size="small" styles={{ body: { padding: '10px 14px' } }} style={{ marginBottom: 12 }}>
        <Flex justify="space-between" align="center" wrap gap={12}>
          <Flex align="center" gap={12} wrap>
            <Typography.Title level={3} className="oc-mono" style={{ margin: 0 }} copyable data-testid="detail-case-no">
              {d.caseNo}
            </Typography.Title>
            <StatusTag status={d.status} />
            <Space size={4}>
              <SlaDot sla={d.clock.sla} />
              <Typography.Text type="secondary">{label('sla', d.clock.sla)}</Typography.Text>
            </Space>
            {d.urgency === 'urgent' && <Tag color="red">{t('urgent')}</Tag>}
            <Typography.Text>
              <Typography.Text type="secondary">{t('deadline')} </Typography.Text>
              <span data-testid="detail-deadline">{formatTime(d.clock.stageDueAt)}</span>{' '}
              <DueIn at={d.clock.stageDueAt} sla={d.clock.sla} />
            </Typography.Text>
          </Flex>
          <Space wrap data-testid="detail-actions">
            {buttons.map((a) => (
              <Button
                key={a}
                size="small"
                type={
                  ['sign', 'submitResult', 'dispatch', 'register', 'close', 'verify', 'accept'].includes(a)
                    ? 'primary'
                    : 'default'
                }
                onClick={() => setAction(a)}
                data-testid={`action-${a}`}
              >
                {label('action', a)}
              </Button>
            ))}
          </Space>
        </Flex>
      </Card>
      <Row gutter={12}>
        <Col xs={24} lg={15}>
          <Card size="small" title={t('basic')} style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={2} bordered>
              <Descriptions.Item label={t('title')} span={2}>
                {d.title}
              </Descriptions.Item>
              <Descriptions.Item label={t('category')}>
                {d.category ? `${d.category.parentName ?? ''} › ${d.category.name}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('nature')}>
                {label('nature', d.nature)} · {label('channel', d.channel)}
              </Descriptions.Item>
              <Descriptions.Item label={t('description')} span={2}>
                <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="detail-description">
                  {d.description}
                </Typography.Paragraph>
              </Descriptions.Item>
              {d.attributes && Object.keys(d.attributes).length > 0 && (
                <Descriptions.Item label={t('attributes')} span={2}>
                  {Object.entries(d.attributes)
                    .map(([k, v]) => {
                      const def = category.data?.attributes?.find((a) => a.code === k);
                      const name = (x: unknown) =>
                        def?.datatype === 'datetime' && typeof x === 'string'
                          ? formatCityTime(x, 'minute')
                          : (def?.values?.find((o) => o.key === x)?.name ?? String(x));
                      return `${def?.description ?? k}: ${Array.isArray(v) ? v.map(name).join('、') : name(v)}`;
                    })
                    .join('；')}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('address')} span={2}>
                {d.location.address ?? '—'}
                {grid.data && (
                  <Typography.Text type="secondary">
                    {' '}
                    · {grid.data.districtName} › {grid.data.streetName} › {grid.data.communityName} › {grid.data.name}
                  </Typography.Text>
                )}
                {!grid.data && d.location.gridCode && (
                  <Typography.Text type="secondary" className="oc-mono">
                    {' '}
                    · {t('grid')} {d.location.gridCode}
                  </Typography.Text>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('reporter')} span={2}>
                {d.reporter.hidden && !revealed ? (
                  <Typography.Text type="secondary">{t('confidential')}</Typography.Text>
                ) : (
                  <span className="oc-mono" data-testid="detail-reporter">
                    {[r.name, r.phone, r.idNumber].filter(Boolean).join('  ') || '—'}
                  </span>
                )}
                {d.reporter.confidential && <Tag style={{ marginLeft: 8 }}>{t('confidential')}</Tag>}
                {d.allowedActions.includes('reveal') && !revealed && (d.reporter.phone || d.reporter.hidden) && (
                  <Button size="small" type="link" onClick={reveal} data-testid="reveal">
                    {t('reveal')}
                  </Button>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('createdAt')}>
                <span data-testid="detail-created">{formatTime(d.createdAt)}</span> {d.createdBy ?? ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('handleDeadline')}>
                {d.clock.handleDueAt ? formatTime(d.clock.handleDueAt) : '—'}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card size="small" title={t('timeline')} style={{ marginBottom: 12 }} data-testid="detail-timeline">
            <Timeline
              items={d.timeline.map((e) => ({
                color: e.public ? 'blue' : 'gray',
                content: (
                  <div data-testid="timeline-entry">
                    <Flex gap={8} wrap align="center">
                      <Typography.Text strong>{label('action', e.action)}</Typography.Text>
                      {e.toStatus && e.toStatus !== e.fromStatus && (
                        <Typography.Text type="secondary">→ {label('status', e.toStatus)}</Typography.Text>
                      )}
                      {!e.public && <Tag color="orange">{t('internal')}</Tag>}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        <span data-testid="timeline-at">{formatTime(e.at)}</span> · {e.actorName ?? '—'}
                      </Typography.Text>
                    </Flex>
                    {e.note && (
                      <Typography.Paragraph style={{ margin: '2px 0 0', whiteSpace: 'pre-wrap' }}>
                        {e.note}
                      </Typography.Paragraph>
                    )}
                  </div>
                ),
              }))}
            />
          </Card>
          <Card size="small" title={`${t('photos')} (${d.attachments.length})`} data-testid="detail-photos">
            {d.attachments.length === 0 ? (
              <Typography.Text type="secondary">{t('noPhotos')}</Typography.Text>
            ) : (
              <Image.PreviewGroup>
                <Space wrap>
                  {d.attachments.map((a) => (
                    <Flex key={a.id} vertical align="center" gap={2}>
                      <Image src={a.url} width={120} height={90} style={{ objectFit: 'cover' }} alt={a.filename} />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {label('stage', a.stage)}
                      </Typography.Text>
                    </Flex>
                  ))}
                </Space>
              </Image.PreviewGroup>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('map')} style={{ marginBottom: 12 }} styles={{ body: { padding: 0 } }}>
            {pin ? (
              <CaseMap height={240} pin={pin} gridCode={d.location.gridCode} testId="detail-map" />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} />
            )}
          </Card>
          <Card size="small" title={t('parties')} style={{ marginBottom: 12 }}>
            <List
              size="small"
              dataSource={d.parties}
              locale={{ emptyText: t('none') }}
              renderItem={(p) => (
                <List.Item style={{ padding: '4px 0' }}>
                  <Flex gap={6} align="center" style={{ width: '100%' }}>
                    <Tag color={p.role === 'main' ? 'blue' : p.role === 'co' ? 'cyan' : 'default'}>
                      {label('role', p.role)}
                    </Tag>
                    <Typography.Text delete={!p.active} style={{ flex: 1 }}>
                      {p.departmentName ?? p.departmentId}
                    </Typography.Text>
                    {p.signedAt && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('signed')} {formatTime(p.signedAt)}
                      </Typography.Text>
                    )}
                  </Flex>
                </List.Item>
              )}
            />
            <Typography.Paragraph
              type="secondary"
              style={{ margin: '6px 0 0', fontSize: 12 }}
              data-testid="detail-routing"
            >
              {t('routingReason')}: {d.routing.reason ?? t('noRule')}
            </Typography.Paragraph>
          </Card>
          {(requests.data?.items.length ?? 0) > 0 && (
            <Card size="small" title={t('requests')} style={{ marginBottom: 12 }}>
              <List
                size="small"
                dataSource={requests.data?.items ?? []}
                renderItem={(q) => (
                  <List.Item style={{ padding: '4px 0', display: 'block' }}>
                    <Flex gap={6} align="center">
                      <Tag>{label('kind', q.kind)}</Tag>
                      <Typography.Text>{label('req', q.status)}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {q.requestedByName} {formatTime(q.createdAt)}
                      </Typography.Text>
                    </Flex>
                    <Typography.Text>{q.reason}</Typography.Text>
                    {q.decisionReason && <Typography.Text type="secondary"> — {q.decisionReason}</Typography.Text>}
                  </List.Item>
                )}
              />
            </Card>
          )}
          <Card size="small" title={t('related')}>
            <Related title={t('master')} items={d.related.master ? [d.related.master] : []} />
            <Related title={t('mergedCases')} items={d.related.merged} />
            <Related title={t('duplicates')} items={d.related.duplicates} />
            <Related title={t('sameReporter')} items={d.related.sameReporter} />
          </Card>
        </Col>
      </Row>
      <ActionModal detail={d} action={action} onClose={() => setAction(null)} />
    </div>
  );
}

function Related({ title, items }: { title: string; items: CaseSummary[] }) {
  const { t } = useCaseText();
  return (
    <div style={{ marginBottom: 6 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {title}
      </Typography.Text>
      {items.length === 0 ? (
        <div>
          <Typography.Text type="secondary">{t('none')}</Typography.Text>
        </div>
      ) : (
        items.map((c) => (
          <Flex key={c.id} gap={6} align="center">
            <Link to={`/cases/${c.id}`} className="oc-mono">
              {c.caseNo}
            </Link>
            <StatusTag status={c.status} />
            <Typography.Text ellipsis style={{ flex: 1, minWidth: 0 }}>
              {c.title}
            </Typography.Text>
          </Flex>
        ))
      )}
    </div>
  );
}
