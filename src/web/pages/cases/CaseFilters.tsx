// The filter bar shared by the case list (and usable by any queue): status, category, department, area, channel,
// nature, urgency, filed between (city days), SLA light and keyword. Changes apply at once; the keyword on Enter.
import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Flex, Input, Select, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { CASE_STATUSES, type CaseFilter, CHANNELS, casesApi, NATURES } from '../../api/cases';
import { AreaPicker } from '../../components/AreaPicker';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { cityDayEnd, cityDayStart, formatDate } from '../../components/format';
import { useCaseText } from './labels';

export function useCategoryTree() {
  const { locale } = useCaseText();
  return useQuery({
    queryKey: ['cases', 'category-tree', locale],
    queryFn: async () => (await casesApi.categoryTree()).items,
    staleTime: 10 * 60_000,
  });
}

export function CaseFilters({ value, onChange }: { value: CaseFilter; onChange: (f: CaseFilter) => void }) {
  const { t, label, locale } = useCaseText();
  const [q, setQ] = useState(value.q ?? '');
  // The filter can change under the box (back/forward, a status tag, reset): show the keyword it holds.
  useEffect(() => setQ(value.q ?? ''), [value.q]);
  const tree = useCategoryTree();
  const set = (patch: Partial<CaseFilter>) => onChange({ ...value, ...patch });
  const name = (n: { name: string; nameEn: string | null }) => (locale === 'en' && n.nameEn ? n.nameEn : n.name);
  const w = { width: 150 };
  return (
    <Flex gap={8} wrap align="center" data-testid="case-filters">
      <Input.Search
        style={{ width: 240 }}
        placeholder={t('keyword')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(v) => set({ q: v.trim() || undefined })}
        allowClear
        data-testid="filter-q"
      />
      <Select
        mode="multiple"
        maxTagCount="responsive"
        style={{ width: 200 }}
        placeholder={t('status')}
        value={value.status ?? []}
        onChange={(v) => set({ status: v.length ? v : undefined })}
        options={CASE_STATUSES.map((s) => ({ value: s, label: label('status', s) }))}
        data-testid="filter-status"
      />
      <TreeSelect
        style={{ width: 180 }}
        placeholder={t('category')}
        allowClear
        showSearch={{ treeNodeFilterProp: 'title' }}
        value={value.category}
        onChange={(v) => set({ category: v ?? undefined })}
        treeData={(tree.data ?? []).map((p) => ({
          value: p.id,
          title: name(p),
          children: (p.children ?? []).map((c) => ({ value: c.id, title: name(c) })),
        }))}
        popupMatchSelectWidth={false}
        data-testid="filter-category"
      />
      <DepartmentSelect
        style={{ width: 180 }}
        placeholder={t('department')}
        allowClear
        value={value.department}
        onChange={(v) => set({ department: v })}
        data-testid="filter-department"
      />
      <div style={{ width: 200 }}>
        <AreaPicker
          placeholder={t('area')}
          value={value.area}
          onChange={(v) => set({ area: v })}
          data-testid="filter-area"
        />
      </div>
      <Select
        mode="multiple"
        maxTagCount="responsive"
        style={w}
        placeholder={t('channel')}
        value={value.channel ?? []}
        onChange={(v) => set({ channel: v.length ? v : undefined })}
        options={CHANNELS.map((c) => ({ value: c, label: label('channel', c) }))}
        data-testid="filter-channel"
      />
      <Select
        mode="multiple"
        maxTagCount="responsive"
        style={w}
        placeholder={t('nature')}
        value={value.nature ?? []}
        onChange={(v) => set({ nature: v.length ? v : undefined })}
        options={NATURES.map((n) => ({ value: n, label: label('nature', n) }))}
        data-testid="filter-nature"
      />
      <Select
        style={{ width: 110 }}
        allowClear
        placeholder={t('urgency')}
        value={value.urgency}
        onChange={(v) => set({ urgency: v })}
        options={['normal', 'urgent'].map((u) => ({ value: u, label: label('urgency', u) }))}
        data-testid="filter-urgency"
      />
      <Select
        style={{ width: 110 }}
        allowClear
        placeholder={t('sla')}
        value={value.sla}
        onChange={(v) => set({ sla: v })}
        options={['green', 'yellow', 'red', 'paused', 'none'].map((s) => ({ value: s, label: label('sla', s) }))}
        data-testid="filter-sla"
      />
      <DatePicker.RangePicker
        style={{ width: 240 }}
        placeholder={[t('dateFrom'), t('dateTo')]}
        // The days picked are the city's days, whatever the device's time zone.
        value={[value.from ? dayjs(formatDate(value.from)) : null, value.to ? dayjs(formatDate(value.to)) : null]}
        onChange={(r) =>
          set({
            from: r?.[0] ? cityDayStart(r[0].format('YYYY-MM-DD')) : undefined,
            to: r?.[1] ? cityDayEnd(r[1].format('YYYY-MM-DD')) : undefined,
          })
        }
      />
      <Button
        onClick={() => {
          setQ('');
          onChange({});
        }}
        data-testid="filter-reset"
      >
        {t('reset')}
      </Button>
    </Flex>
  );
}
