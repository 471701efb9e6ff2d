// The agent console's side panels: the caller's history, duplicate suggestions (checked as the form fills), and
// the knowledge base of standard answers with 直接办结.
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Input, List, Popconfirm, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { casesApi, type DuplicateCandidate, type KnowledgeEntry } from '../../api/cases';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../components/format';
import { useDebounced } from '../geo/GeoSearch';
import { useCaseText } from './labels';
import { SlaDot, StatusTag } from './widgets';

const cardProps = { size: 'small' as const, styles: { body: { padding: '8px 12px' } } };

export function CallerHistory({ phone }: { phone: string }) {
  const { t } = useCaseText();
  const digits = useDebounced(phone.replace(/\D/g, ''), 300);
  const history = useQuery({
    queryKey: ['cases', 'caller-history', digits],
    queryFn: () => casesApi.callerHistory(digits),
    enabled: digits.length >= 7,
    staleTime: 30_000,
  });
  return (
    <Card
      {...cardProps}
      title={t('callerHistory')}
      extra={
        history.data ? (
          <Typography.Text type="secondary">{t('callerTotal', { n: history.data.total })}</Typography.Text>
        ) : null
      }
      data-testid="caller-history"
    >
      {digits.length < 7 ? (
        <Typography.Text type="secondary">{t('callerHistoryHint')}</Typography.Text>
      ) : history.isPending ? (
        <Spin size="small" />
      ) : history.error ? (
        <ErrorAlert error={history.error} />
      ) : history.data.items.length === 0 ? (
        <Typography.Text type="secondary">{t('callerHistoryEmpty')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={history.data.items}
          renderItem={(c) => (
            <List.Item style={{ padding: '4px 0' }}>
              <Flex gap={6} align="center" style={{ width: '100%', minWidth: 0 }}>
                <SlaDot sla={c.sla} />
                <Link to={`/cases/${c.id}`} target="_blank" className="oc-mono" style={{ flex: 'none' }}>
                  {c.caseNo}
                </Link>
                <Typography.Text ellipsis style={{ flex: 1, minWidth: 0 }} title={c.title}>
                  {c.categoryName ?? c.title}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ flex: 'none' }}>
                  {formatDate(c.createdAt)}
                </Typography.Text>
                <StatusTag status={c.status} />
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

export interface DuplicateInput {
  categoryId: number;
  lat: number;
  lng: number;
  description: string;
}

export function DuplicatesPanel({
  input,
  onMerge,
  busy,
}: {
  input: DuplicateInput | null;
  onMerge: (c: DuplicateCandidate) => void;
  busy: boolean;
}) {
  const { t } = useCaseText();
  const settled = useDebounced(input, 600);
  const check = useQuery({
    queryKey: ['cases', 'duplicates', settled],
    queryFn: () => casesApi.duplicates(settled!),
    enabled: !!settled,
    staleTime: 15_000,
  });
  const items = check.data?.items ?? [];
  return (
    <Card
      {...cardProps}
      title={
        <span>
          {t('duplicates')}
          {items.length > 0 && <Typography.Text type="danger"> ({items.length})</Typography.Text>}
        </span>
      }
      data-testid="duplicates-panel"
    >
      {!settled ? (
        <Typography.Text type="secondary">{t('duplicatesHint')}</Typography.Text>
      ) : check.isPending ? (
        <Spin size="small" />
      ) : check.error ? (
        <ErrorAlert error={check.error} />
      ) : items.length === 0 ? (
        <Typography.Text type="secondary">{t('duplicatesNone')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={items}
          style={{ maxHeight: 300, overflow: 'auto' }}
          renderItem={(c) => (
            <List.Item
              style={{ padding: '4px 0' }}
              actions={[
                <Popconfirm
                  key="merge"
                  title={t('mergeConfirm', { no: c.caseNo })}
                  onConfirm={() => onMerge(c)}
                  disabled={busy}
                >
                  <Button size="small" disabled={busy} data-testid={`merge-into-${c.id}`}>
                    {t('mergeInto')}
                  </Button>
                </Popconfirm>,
              ]}
            >
              <Flex vertical style={{ minWidth: 0 }}>
                <Flex gap={6} align="center">
                  <Link to={`/cases/${c.id}`} target="_blank" className="oc-mono">
                    {c.caseNo}
                  </Link>
                  <StatusTag status={c.status} />
                </Flex>
                <Typography.Text ellipsis title={c.title}>
                  {c.title}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('distance', { m: Math.round(c.distanceM) })} ·{' '}
                  {t('similarity', { p: Math.round(c.similarity * 100) })} · {formatDate(c.createdAt)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

export function KnowledgePanel({
  categoryName,
  canAnswer,
  onAnswer,
  busy,
}: {
  categoryName: string | undefined;
  canAnswer: boolean;
  onAnswer: (k: KnowledgeEntry) => void;
  busy: boolean;
}) {
  const { t } = useCaseText();
  const [text, setText] = useState('');
  // What the agent types, else the chosen 小类's name: the standard answers are matched on their words.
  const q = useDebounced(text.trim(), 300) || categoryName || '';
  const enabled = q.length > 0;
  const search = useQuery({
    queryKey: ['cases', 'knowledge', q],
    queryFn: () => casesApi.knowledge(q, undefined),
    enabled,
    staleTime: 60_000,
  });
  const items = search.data?.items ?? [];
  return (
    <Card {...cardProps} title={t('knowledge')} data-testid="knowledge-panel">
      <Input
        size="small"
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={categoryName ? `${categoryName} · ${t('knowledgeHint')}` : t('knowledgeHint')}
        style={{ marginBottom: 6 }}
        data-testid="knowledge-search"
      />
      {!enabled ? null : search.isPending ? (
        <Spin size="small" />
      ) : search.error ? (
        <ErrorAlert error={search.error} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('knowledgeNone')} style={{ margin: 4 }} />
      ) : (
        <List
          size="small"
          dataSource={items}
          style={{ maxHeight: 320, overflow: 'auto' }}
          renderItem={(k) => (
            <List.Item style={{ padding: '6px 0', display: 'block' }}>
              <Typography.Text strong>{k.question}</Typography.Text>
              <Typography.Paragraph
                ellipsis={{ rows: 3, expandable: true, symbol: t('expand') }}
                style={{ margin: '2px 0', fontSize: 13 }}
              >
                {k.answer}
              </Typography.Paragraph>
              {canAnswer && (
                <Popconfirm title={t('answerConfirm')} onConfirm={() => onAnswer(k)} disabled={busy}>
                  <Button size="small" type="primary" ghost disabled={busy} data-testid={`answer-${k.id}`}>
                    {t('answerDirectly')}
                  </Button>
                </Popconfirm>
              )}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
