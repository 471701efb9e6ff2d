import { SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Input, Spin, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { geoApi, type SearchHit, type SearchKind } from '../../api/geo';
import { useT } from '../../i18n/I18nProvider';

const KIND_COLOURS: Record<SearchKind, string> = { division: 'geekblue', grid: 'blue', address: 'green' };

/** Waits until typing pauses before the value counts. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const hitKey = (h: SearchHit) => `${h.kind}:${h.code}`;

/** One box for grid codes, grid names, division names and addresses (GET /geo/search). */
export function GeoSearch({
  onPick,
  kinds,
  placeholder,
  size,
  'data-testid': testId,
}: {
  onPick: (hit: SearchHit) => void;
  /** Only these kinds are offered; all when omitted. */
  kinds?: SearchKind[];
  placeholder?: string;
  size?: 'middle' | 'large';
  'data-testid'?: string;
}) {
  const t = useT();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const search = useQuery({
    queryKey: ['geo', 'search', q],
    queryFn: () => geoApi.search(q),
    enabled: q.length > 0,
    staleTime: 30_000,
  });
  const hits = (search.data?.items ?? []).filter((h) => !kinds || kinds.includes(h.kind));

  return (
    <AutoComplete
      style={{ width: '100%' }}
      value={text}
      // Picking an option reports its key as the new text; the name (set in onSelect) is what should stay.
      onChange={(v: string) => {
        if (!hits.some((h) => hitKey(h) === v)) setText(v);
      }}
      onSelect={(key: string) => {
        const hit = hits.find((h) => hitKey(h) === key);
        if (!hit) return;
        setText(hit.name);
        onPick(hit);
      }}
      options={hits.map((h) => ({
        value: hitKey(h),
        label: (
          <div className="oc-search-hit" data-testid={`search-hit-${h.code}`}>
            <Tag color={KIND_COLOURS[h.kind]}>{t(`geo.kind.${h.kind}`)}</Tag>
            <span className="oc-search-hit-name">{h.name}</span>
            {h.kind !== 'address' && <span className="oc-tree-code">{h.code}</span>}
          </div>
        ),
      }))}
      notFoundContent={
        q && search.isFetching ? <Spin size="small" /> : q && search.isSuccess ? t('geo.map.searchEmpty') : null
      }
      popupMatchSelectWidth={false}
    >
      <Input
        size={size}
        allowClear
        prefix={<SearchOutlined />}
        placeholder={placeholder ?? t('geo.map.search')}
        data-testid={testId}
      />
    </AutoComplete>
  );
}
