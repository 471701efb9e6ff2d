import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Table, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { type KnowledgeEntry, type KnowledgeFields, configApi } from '../../../api/cases-config';
import { ErrorAlert, errorMessage } from '../../../components/ErrorAlert';
import { formatDate } from '../../../components/format';
import { PageTitle } from '../../../components/PageTitle';
import { categoryTreeOptions } from './categoryOptions';
import { ActiveRowActions, ShowInactive } from './rowActions';
import { useConfigText } from './texts';

function EntryModal({ entry, onClose }: { entry: KnowledgeEntry | 'new'; onClose: (saved: boolean) => void }) {
  const { t } = useConfigText();
  const [form] = Form.useForm<KnowledgeFields>();
  const cats = useQuery({ queryKey: ['cases-config', 'categories', 'all'], queryFn: () => configApi.categories() });
  const save = useMutation({
    mutationFn: (v: KnowledgeFields) => {
      const body = { ...v, categoryId: v.categoryId ?? null };
      return entry === 'new'
        ? configApi.createKnowledge({ ...body, question: v.question!, answer: v.answer! })
        : configApi.updateKnowledge(entry.id, { ...body, version: entry.version });
    },
    onSuccess: () => onClose(true),
  });
  return (
    <Modal
      open
      width={640}
      title={entry === 'new' ? t('knowledgeAdd') : t('edit')}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form form={form} layout="vertical" initialValues={entry === 'new' ? {} : entry} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="categoryId" label={t('ruleCategory')}>
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeData={categoryTreeOptions(cats.data?.items ?? [])}
          />
        </Form.Item>
        <Form.Item name="question" label={t('question')} rules={[{ required: true }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="answer" label={t('answer')} rules={[{ required: true }]}>
          <Input.TextArea rows={6} maxLength={4000} />
        </Form.Item>
        <Form.Item name="keywords" label={t('keywords')} extra={t('keywordsHint')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
      {save.error && <Alert type="error" showIcon title={errorMessage(save.error)} />}
    </Modal>
  );
}

/** 知识库: the standard answers agents close consultations with. */
export default function KnowledgePage() {
  const { t } = useConfigText();
  const client = useQueryClient();
  const [q, setQ] = useState('');
  const [showInactive, setShowInactive] = useState(false);
  const [editing, setEditing] = useState<KnowledgeEntry | 'new' | null>(null);
  const list = useQuery({
    queryKey: ['cases-config', 'knowledge', q, showInactive],
    queryFn: () => configApi.knowledge({ q: q || undefined, active: showInactive ? undefined : true, limit: 100 }),
  });
  const deactivate = useMutation({
    mutationFn: (e: KnowledgeEntry) => configApi.deactivateKnowledge(e.id, e.version),
    onSuccess: () => client.invalidateQueries({ queryKey: ['cases-config', 'knowledge'] }),
  });
  return (
    <>
      <PageTitle
        title={t('knowledgeTitle')}
        intro={t('knowledgeIntro')}
        extra={
          <>
            <Input.Search allowClear placeholder={t('knowledgeSearch')} onSearch={setQ} style={{ width: 240 }} />
            <ShowInactive checked={showInactive} onChange={setShowInactive} />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('knowledgeAdd')}
            </Button>
          </>
        }
      />
      {list.error && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      {deactivate.error && <Alert type="error" title={errorMessage(deactivate.error)} style={{ marginBottom: 8 }} />}
      <Table<KnowledgeEntry>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 800 }}
        data-testid="knowledge-table"
        expandable={{
          expandedRowRender: (e) => (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{e.answer}</Typography.Paragraph>
          ),
        }}
        columns={[
          { title: t('question'), dataIndex: 'question' },
          { title: t('ruleCategory'), dataIndex: 'categoryName', width: 140, render: (v) => v ?? '—' },
          { title: t('keywords'), dataIndex: 'keywords', width: 180, ellipsis: true },
          { title: t('updatedAt'), dataIndex: 'updatedAt', width: 130, render: (v) => formatDate(v) },
          {
            title: t('actions'),
            width: 130,
            render: (_, e) => (
              <ActiveRowActions
                active={e.active}
                onEdit={() => setEditing(e)}
                onDeactivate={() => deactivate.mutate(e)}
              />
            ),
          },
        ]}
      />
      {editing && (
        <EntryModal
          entry={editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) client.invalidateQueries({ queryKey: ['cases-config', 'knowledge'] });
          }}
        />
      )}
    </>
  );
}
