import { Empty, Skeleton, Tree } from 'antd';
import type { Key } from 'react';
import { useEffect, useState } from 'react';
import { geoApi } from '../../api/geo';
import type { Division } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useT } from '../../i18n/I18nProvider';

interface Node {
  key: string;
  title: string;
  division: Division;
  isLeaf: boolean;
  children?: Node[];
}

const toNode = (d: Division): Node => ({ key: d.code, title: d.name, division: d, isLeaf: d.level === 'community' });

function withChildren(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((n) =>
    n.key === key
      ? { ...n, children, isLeaf: children.length === 0 }
      : n.children
        ? { ...n, children: withChildren(n.children, key, children) }
        : n,
  );
}

/**
 * The division tree (city → district → street → community), each level loaded from /geo/divisions when opened.
 * Touch-friendly when `large`: taller rows for a phone.
 */
export function DivisionTree({
  selected,
  onSelect,
  large,
}: {
  selected: string | null;
  onSelect: (division: Division) => void;
  large?: boolean;
}) {
  const t = useT();
  const [nodes, setNodes] = useState<Node[] | null>(null);
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [error, setError] = useState<unknown>(null);

  const loadRoot = () => {
    setError(null);
    geoApi
      .divisions()
      .then(async ({ items }) => {
        const roots = items.map(toNode);
        // Open the city so that its districts show at once.
        if (roots.length === 1) {
          const { items: districts } = await geoApi.divisions(roots[0].key);
          roots[0] = { ...roots[0], children: districts.map(toNode) };
          setExpanded([roots[0].key]);
        }
        setNodes(roots);
      })
      .catch(setError);
  };
  useEffect(loadRoot, []);

  if (error) return <ErrorAlert error={error} onRetry={loadRoot} />;
  if (!nodes) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (nodes.length === 0) return <Empty description={t('dept.empty')} />;

  return (
    <Tree<Node>
      className={large ? 'oc-geo-tree oc-geo-tree-large' : 'oc-geo-tree'}
      data-testid="division-tree"
      treeData={nodes}
      blockNode
      showLine
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys)}
      selectedKeys={selected ? [selected] : []}
      loadData={async (node) => {
        if (node.children || node.isLeaf) return;
        const { items } = await geoApi.divisions(node.key);
        setNodes((current) => (current ? withChildren(current, node.key, items.map(toNode)) : current));
      }}
      onSelect={(_, info) => onSelect(info.node.division)}
      titleRender={(node) => (
        <span data-testid={`division-node-${node.key}`}>
          {node.title}
          <span className="oc-tree-code">{node.key}</span>
        </span>
      )}
    />
  );
}
