import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Input, Modal, Row, Segmented, Spin, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { type Category, type CategoryKind, configApi } from '../../../api/cases-config';
import { ErrorAlert, errorMessage } from '../../../components/ErrorAlert';
import { PageTitle } from '../../../components/PageTitle';
import { CategoryEditor } from './CategoryEditor';
import { useConfigText } from './texts';

const matches = (c: Category, q: string) =>
  !q ||
  c.name.includes(q) ||
  c.keywords.includes(q) ||
  c.pinyinInitials.toLowerCase().startsWith(q.toLowerCase()) ||
  c.code.includes(q);

function NewCategory({
  parent,
  kind,
  onClose,
}: {
  parent: Category | null;
  kind: CategoryKind;
  onClose: (c?: Category) => void;
}) {
  const { t } = useConfigText();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () =>
      configApi.createCategory(parent ? { name: name.trim(), parentId: parent.id } : { name: name.trim(), kind }),
    onSuccess: (c) => onClose(c),
  });
  return (
    <Modal
      open
      title={parent ? `${t('newSub')} · ${parent.name}` : t('newTop')}
      onCancel={() => onClose()}
      onOk={() => create.mutate()}
      okText={t('create')}
      okButtonProps={{ disabled: !name.trim(), loading: create.isPending, 'data-testid': 'category-create' } as never}
    >
      <Input
        value={name}
        maxLength={50}
        onChange={(e) => setName(e.target.value)}
        placeholder={t('name')}
        autoFocus
        data-testid="category-new-name"
      />
      {create.error && <Alert type="error" title={errorMessage(create.error)} style={{ marginTop: 8 }} />}
    </Modal>
  );
}

/** 业务分类: the 大类/小类 tree beside the editor of the chosen one. */
export default function CategoriesPage() {
  const { t } = useConfigText();
  const client = useQueryClient();
  const [kind, setKind] = useState<CategoryKind | 'all'>('all');
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [creating, setCreating] = useState<{ parent: Category | null } | null>(null);
  const tree = useQuery({
    queryKey: ['cases-config', 'categories', kind],
    queryFn: () => configApi.categories(kind === 'all' ? undefined : kind),
  });
  const items = tree.data?.items ?? [];
  const byId = useMemo(() => {
    const m = new Map<number, Category>();
    for (const top of items) {
      m.set(top.id, top);
      for (const sub of top.children ?? []) m.set(sub.id, sub);
    }
    return m;
  }, [items]);
  const current = selected !== null ? byId.get(selected) : undefined;
  const parentOfCurrent = current ? (current.level === 1 ? current : byId.get(current.parentId ?? -1)) : undefined;

  const treeData = items
    .map((top) => {
      const subs = (top.children ?? []).filter((s) => matches(s, q.trim()));
      if (q.trim() && !subs.length && !matches(top, q.trim())) return null;
      const label = (c: Category) => (
        <span
          data-testid={c.level === 1 ? 'category-node-top' : 'category-node'}
          style={{ opacity: c.active ? 1 : 0.5 }}
        >
          {c.name}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.pinyinInitials}
          </Typography.Text>
        </span>
      );
      return {
        key: top.id,
        title: label(top),
        children: subs.map((s) => ({ key: s.id, title: label(s), isLeaf: true })),
      };
    })
    .filter((x) => x !== null);

  return (
    <>
      <PageTitle
        title={t('categoriesTitle')}
        intro={t('categoriesIntro')}
        extra={
          <>
            <Button icon={<PlusOutlined />} onClick={() => setCreating({ parent: null })} disabled={kind === 'all'}>
              {t('newTop')}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={!parentOfCurrent}
              onClick={() => setCreating({ parent: parentOfCurrent ?? null })}
              data-testid="category-new-sub"
            >
              {t('newSub')}
            </Button>
          </>
        }
      />
      {tree.error && <ErrorAlert error={tree.error} onRetry={() => tree.refetch()} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={9} xl={7}>
          <Card size="small" styles={{ body: { padding: 12 } }}>
            <Segmented
              block
              value={kind}
              onChange={(v) => setKind(v as CategoryKind | 'all')}
              options={(['all', 'component', 'event', 'hotline'] as const).map((k) => ({
                value: k,
                label: k === 'all' ? t('kindAll') : t(`kind_${k}`),
              }))}
              style={{ marginBottom: 8 }}
            />
            <Input.Search
              allowClear
              placeholder={t('search')}
              value={q}
              onChange={(e) => setQ(e.target.value)}
              style={{ marginBottom: 8 }}
              data-testid="category-filter"
            />
            {tree.isLoading ? (
              <Spin />
            ) : (
              <div style={{ maxHeight: 'calc(100vh - 300px)', minHeight: 240, overflow: 'auto' }}>
                <Tree
                  blockNode
                  treeData={treeData}
                  selectedKeys={selected !== null ? [selected] : []}
                  expandedKeys={q.trim() ? treeData.map((n) => n.key) : parentOfCurrent ? [parentOfCurrent.id] : []}
                  onExpand={(keys) => {
                    const last = keys[keys.length - 1];
                    if (last !== undefined) setSelected(Number(last));
                  }}
                  onSelect={(keys) => keys.length && setSelected(Number(keys[0]))}
                  data-testid="category-tree"
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} md={15} xl={17}>
          {current ? (
            <CategoryEditor key={`${current.id}-${current.version}`} category={current} />
          ) : (
            <Card>
              <Empty description={t('pickOne')} />
            </Card>
          )}
          {current?.level === 1 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {(current.children ?? []).map((s) => (
                <Tag key={s.id} style={{ cursor: 'pointer', marginBottom: 4 }} onClick={() => setSelected(s.id)}>
                  {s.name}
                </Tag>
              ))}
            </Typography.Paragraph>
          )}
        </Col>
      </Row>
      {creating && (
        <NewCategory
          parent={creating.parent}
          kind={kind === 'all' ? 'event' : kind}
          onClose={(c) => {
            setCreating(null);
            if (c) {
              setSelected(c.id);
              client.invalidateQueries({ queryKey: ['cases-config', 'categories'] });
            }
          }}
        />
      )}
    </>
  );
}
