import { LeftOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Drawer, Empty, Input, List, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { Subcategory } from '../../../api/cases-public';
import { useCitizenText } from './texts';

interface Props {
  tree: Subcategory[];
  value: Subcategory | null;
  onChange: (c: Subcategory) => void;
  testId?: string;
}

const nameOf = (c: Subcategory, locale: string) => (locale === 'en' && c.nameEn ? c.nameEn : c.name);

/** 小类 whose name, keywords or pinyin initials hold the query (jg → 井盖), initials-prefix hits first. */
function searchTree(tree: Subcategory[], q: string): { top: Subcategory; sub: Subcategory }[] {
  const needle = q.trim().toLowerCase();
  if (!needle) return [];
  const hits: { top: Subcategory; sub: Subcategory; rank: number }[] = [];
  for (const top of tree) {
    for (const sub of top.children ?? []) {
      const initials = sub.pinyinInitials.toLowerCase();
      let rank = -1;
      if (initials.startsWith(needle)) rank = 0;
      else if (sub.name.includes(q.trim())) rank = 1;
      else if (sub.keywords.toLowerCase().includes(needle) || top.name.includes(q.trim())) rank = 2;
      else if (sub.nameEn.toLowerCase().includes(needle)) rank = 3;
      if (rank >= 0) hits.push({ top, sub, rank });
    }
  }
  return hits.sort((a, b) => a.rank - b.rank).slice(0, 30);
}

/** A big tappable 大类 → 小类 chooser with a search box, in a full-height sheet: built for a thumb on a phone. */
export function CategoryPicker({ tree, value, onChange, testId = 'category-picker' }: Props) {
  const { t, locale } = useCitizenText();
  const [open, setOpen] = useState(false);
  const [top, setTop] = useState<Subcategory | null>(null);
  const [q, setQ] = useState('');
  const hits = useMemo(() => searchTree(tree, q), [tree, q]);

  const pick = (c: Subcategory) => {
    onChange(c);
    setOpen(false);
    setTop(null);
    setQ('');
  };
  const parentOf = (c: Subcategory) => tree.find((p) => p.children?.some((s) => s.id === c.id));

  return (
    <>
      <Button
        block
        size="large"
        data-testid={testId}
        onClick={() => setOpen(true)}
        className="oc-citizen-picker"
        style={{
          justifyContent: 'space-between',
          display: 'flex',
          height: 'auto',
          minHeight: 48,
          whiteSpace: 'normal',
        }}
      >
        {value ? (
          <span style={{ textAlign: 'left' }}>
            <Typography.Text type="secondary">
              {parentOf(value) ? `${nameOf(parentOf(value)!, locale)} › ` : ''}
            </Typography.Text>
            <strong>{nameOf(value, locale)}</strong>
          </span>
        ) : (
          <Typography.Text type="secondary">{t('categoryPick')}</Typography.Text>
        )}
        <RightOutlined />
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        placement="bottom"
        size="90%"
        title={t('category')}
        styles={{ body: { padding: 12 } }}
        data-testid={`${testId}-sheet`}
      >
        <Input
          size="large"
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('categorySearch')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid={`${testId}-search`}
          style={{ marginBottom: 12 }}
        />
        {q.trim() ? (
          hits.length === 0 ? (
            <Empty description={t('categoryNone')} />
          ) : (
            <List
              dataSource={hits}
              renderItem={({ top: p, sub }) => (
                <List.Item className="oc-citizen-option" onClick={() => pick(sub)} data-testid="category-option">
                  <span>
                    <Typography.Text type="secondary">{nameOf(p, locale)} › </Typography.Text>
                    {nameOf(sub, locale)}
                  </span>
                  <RightOutlined />
                </List.Item>
              )}
            />
          )
        ) : top ? (
          <>
            <Button icon={<LeftOutlined />} type="link" onClick={() => setTop(null)} style={{ paddingInline: 0 }}>
              {t('categoryBack')} · {nameOf(top, locale)}
            </Button>
            <List
              dataSource={top.children ?? []}
              renderItem={(sub) => (
                <List.Item className="oc-citizen-option" onClick={() => pick(sub)} data-testid="category-option">
                  <span>{nameOf(sub, locale)}</span>
                  <RightOutlined />
                </List.Item>
              )}
            />
          </>
        ) : (
          (['event', 'hotline', 'component'] as const).map((kind) => {
            const tops = tree.filter((p) => p.kind === kind && (p.children ?? []).length > 0);
            if (!tops.length) return null;
            return (
              <div key={kind} style={{ marginBottom: 12 }}>
                <Typography.Text type="secondary" style={{ display: 'block', margin: '4px 0 6px' }}>
                  {t(`kind_${kind}`)}
                </Typography.Text>
                <div className="oc-citizen-tiles">
                  {tops.map((p) => (
                    <button
                      type="button"
                      key={p.id}
                      className="oc-citizen-tile"
                      onClick={() => setTop(p)}
                      data-testid="category-top"
                    >
                      {nameOf(p, locale)}
                      <small>{(p.children ?? []).length}</small>
                    </button>
                  ))}
                </div>
              </div>
            );
          })
        )}
      </Drawer>
    </>
  );
}
