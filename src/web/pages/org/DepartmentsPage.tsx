import { EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Input, Row, Skeleton, Tag, Tree, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useDepartments } from '../../api/queries';
import type { Department } from '../../api/types';
import { PERM } from '../../app/permissions';
import { buildDepartmentTree, type DepartmentNode, departmentLabel } from '../../components/departmentTree';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageTitle } from '../../components/PageTitle';
import { useI18n } from '../../i18n/I18nProvider';
import { DepartmentFormModal, type DepartmentFormMode } from './DepartmentFormModal';

/** Keeps the nodes that match `query` and the ancestors that lead to them. */
function filterTree(nodes: DepartmentNode[], query: string): DepartmentNode[] {
  const q = query.trim().toLowerCase();
  if (!q) return nodes;
  const out: DepartmentNode[] = [];
  for (const node of nodes) {
    const children = filterTree(node.children, q);
    const hit =
      node.title.toLowerCase().includes(q) ||
      node.department.name.toLowerCase().includes(q) ||
      node.department.code.toLowerCase().includes(q);
    if (hit || children.length) out.push({ ...node, children: hit && !children.length ? node.children : children });
  }
  return out;
}

function allKeys(nodes: DepartmentNode[]): number[] {
  return nodes.flatMap((n) => [n.key, ...allKeys(n.children)]);
}

export default function DepartmentsPage() {
  const { t, locale } = useI18n();
  const departments = useDepartments();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<number[] | null>(null);
  const [formMode, setFormMode] = useState<DepartmentFormMode | null>(null);
  const { message } = App.useApp();

  const tree = useMemo(() => buildDepartmentTree(departments.data ?? [], locale), [departments.data, locale]);
  const visibleTree = useMemo(() => filterTree(tree, search), [tree, search]);
  const byId = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, d])), [departments.data]);
  const selected = selectedId ? byId.get(selectedId) : undefined;

  useEffect(() => {
    // Open the top two levels the first time the tree arrives; select the root so the panel is not empty.
    if (expanded === null && tree.length) {
      setExpanded(tree.flatMap((root) => [root.key, ...root.children.map((c) => c.key)]));
      if (!selectedId) setSelectedId(tree[0].key);
    }
  }, [tree, expanded, selectedId]);

  const canManage = (d: Department) => d.allowedActions.includes(PERM.departmentManage);

  return (
    <>
      <PageTitle title={t('dept.title')} intro={t('dept.intro')} />
      {departments.error && <ErrorAlert error={departments.error} onRetry={() => departments.refetch()} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10} xl={9}>
          <Card className="oc-tree-panel" styles={{ body: { padding: 12 } }}>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('dept.search')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              style={{ marginBottom: 12 }}
              data-testid="dept-search"
            />
            {departments.isLoading ? (
              <Skeleton active />
            ) : tree.length === 0 ? (
              <Empty description={t('dept.empty')} />
            ) : (
              <div style={{ maxHeight: '65vh', overflow: 'auto' }}>
                <Tree<DepartmentNode>
                  data-testid="dept-tree"
                  treeData={visibleTree}
                  blockNode
                  showLine
                  selectedKeys={selectedId ? [selectedId] : []}
                  expandedKeys={search.trim() ? allKeys(visibleTree) : (expanded ?? [])}
                  onExpand={(keys) => setExpanded(keys.map(Number))}
                  onSelect={(keys) => keys.length && setSelectedId(Number(keys[0]))}
                  titleRender={(node) => (
                    <span data-testid={`dept-node-${node.department.code}`}>
                      {node.title}
                      <span className="oc-tree-code">{node.department.code}</span>
                    </span>
                  )}
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14} xl={15}>
          <Card
            data-testid="dept-detail"
            title={selected ? departmentLabel(selected, locale) : t('dept.title')}
            extra={
              selected &&
              canManage(selected) && (
                <Button
                  icon={<EditOutlined />}
                  onClick={() => setFormMode({ kind: 'edit', department: selected })}
                  data-testid="dept-edit"
                >
                  {t('common.edit')}
                </Button>
              )
            }
          >
            {!selected ? (
              <Empty description={t('dept.selectHint')} />
            ) : (
              <>
                <Descriptions
                  column={{ xs: 1, sm: 2 }}
                  size="small"
                  bordered
                  items={[
                    {
                      key: 'code',
                      label: t('dept.code'),
                      children: <Typography.Text code>{selected.code}</Typography.Text>,
                    },
                    { key: 'kind', label: t('dept.kind'), children: <Tag>{t(`dept.kind.${selected.kind}`)}</Tag> },
                    { key: 'name', label: t('dept.name'), children: selected.name },
                    { key: 'nameEn', label: t('dept.nameEn'), children: selected.nameEn || '—' },
                    {
                      key: 'parent',
                      label: t('dept.parent'),
                      children: selected.parentId
                        ? departmentLabel(byId.get(selected.parentId) ?? { name: '—', nameEn: null }, locale)
                        : '—',
                    },
                    { key: 'area', label: t('dept.areaCode'), children: selected.areaCode || '—' },
                    {
                      key: 'path',
                      label: t('dept.path'),
                      span: 'filled',
                      children: <span className="oc-mono">{selected.path}</span>,
                    },
                  ]}
                />
                <div style={{ marginTop: 16 }}>
                  {canManage(selected) ? (
                    <Button
                      type="primary"
                      icon={<PlusOutlined />}
                      onClick={() => setFormMode({ kind: 'create', parent: selected })}
                      data-testid="dept-create"
                    >
                      {t('dept.createChild')}
                    </Button>
                  ) : (
                    <Typography.Text type="secondary">{t('dept.readOnly')}</Typography.Text>
                  )}
                </div>
              </>
            )}
          </Card>
        </Col>
      </Row>
      {formMode && (
        <DepartmentFormModal
          mode={formMode}
          onClose={() => setFormMode(null)}
          onSaved={(department) => {
            message.success(formMode.kind === 'create' ? t('dept.created') : t('dept.updated'));
            setFormMode(null);
            setSelectedId(department.id);
            if (department.parentId) setExpanded((keys) => [...new Set([...(keys ?? []), department.parentId!])]);
          }}
        />
      )}
    </>
  );
}
