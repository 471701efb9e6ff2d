// The agent console's field groups that talk to the server as the agent types: the category search (keywords or
// pinyin initials → 大类 › 小类 with its time limit and required attributes), the attributes rendered by their
// datatype, and the location (gazetteer search or a pin on the map, located into grid / community / street /
// district).
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, DatePicker, Flex, Input, InputNumber, Select, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { type CategoryAttribute, type CategoryHit, casesApi, type TimeLimit } from '../../api/cases';
import { geoApi, type LocateResult } from '../../api/geo';
import { errorMessage } from '../../components/ErrorAlert';
import { cityWallTime, fromCityWallTime } from '../../components/format';
import { GeoSearch, useDebounced } from '../geo/GeoSearch';
import { type CaseTextKey, useCaseText } from './labels';
import { CaseMap } from './widgets';

/** A field of the console: a small grey label over its control. */
export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ marginBottom: 10 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 2 }}>
        {label}
      </Typography.Text>
      {children}
    </div>
  );
}

export function limitText(limit: TimeLimit | undefined, locale: string): string {
  if (!limit) return '—';
  const zh = locale !== 'en';
  const unit =
    limit.unit === 'working_days'
      ? zh
        ? '个工作日'
        : ' working days'
      : limit.unit === 'working_hours'
        ? zh
          ? '个工作小时'
          : ' working hours'
        : ` ${limit.unit}`;
  return `${limit.amount}${unit}`;
}

/** Search box over active 小类: Enter takes the highlighted (first) hit. */
export function CategoryPicker({
  value,
  onChange,
}: {
  value: CategoryHit | null;
  onChange: (hit: CategoryHit | null) => void;
}) {
  const { t, locale } = useCaseText();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 150);
  const search = useQuery({
    queryKey: ['cases', 'category-search', q],
    queryFn: () => casesApi.searchCategories(q),
    enabled: q.length > 0,
    staleTime: 60_000,
  });
  const hits = search.data?.items ?? [];
  return (
    <div>
      <AutoComplete
        style={{ width: '100%' }}
        value={text}
        defaultActiveFirstOption
        onChange={(v: string) => {
          if (!hits.some((h) => String(h.id) === v)) setText(v);
        }}
        onSelect={(key: string) => {
          const hit = hits.find((h) => String(h.id) === key);
          if (!hit) return;
          setText(hit.path);
          onChange(hit);
        }}
        options={hits.map((h) => ({
          value: String(h.id),
          label: (
            <Flex justify="space-between" gap={12} data-testid={`category-hit-${h.code}`}>
              <span>{h.path}</span>
              <Typography.Text type="secondary" className="oc-mono">
                {h.pinyinInitials}
              </Typography.Text>
            </Flex>
          ),
        }))}
        notFoundContent={q && search.isFetching ? <Spin size="small" /> : null}
        popupMatchSelectWidth={420}
      >
        <Input
          placeholder={`${t('categorySearch')}  (Alt+K)`}
          data-testid="intake-category"
          allowClear
          onClear={() => onChange(null)}
        />
      </AutoComplete>
      {value && (
        <Flex gap={8} wrap align="center" style={{ marginTop: 6 }} data-testid="intake-category-picked">
          <Tag color="blue" style={{ marginInlineEnd: 0 }}>
            {value.path}
          </Tag>
          <Typography.Text type="secondary">
            {t('timeLimit')}: {t('normal')} {limitText(value.timeLimits?.normal, locale)} · {t('urgent')}{' '}
            {limitText(value.timeLimits?.urgent, locale)}
          </Typography.Text>
        </Flex>
      )}
    </div>
  );
}

type AttrValue = string | number | string[];

/** A category's attributes as fields, by Open311 datatype; required ones marked. */
export function AttributeFields({
  attributes,
  values,
  onChange,
}: {
  attributes: CategoryAttribute[];
  values: Record<string, AttrValue>;
  onChange: (code: string, value: AttrValue | undefined) => void;
}) {
  const { t } = useCaseText();
  if (attributes.length === 0) return null;
  const sorted = [...attributes].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  return (
    <Flex vertical gap={6} data-testid="intake-attributes">
      {sorted.map((a) => {
        const label = (
          <Typography.Text>
            {a.required && <span style={{ color: '#f5222d' }}>* </span>}
            {a.description ?? a.code}
          </Typography.Text>
        );
        const v = values[a.code];
        const common = { 'data-testid': `attr-${a.code}`, style: { width: '100%' } };
        let field: React.ReactNode;
        switch (a.datatype) {
          case 'number':
            field = (
              <InputNumber
                {...common}
                value={typeof v === 'number' ? v : null}
                onChange={(n) => onChange(a.code, n ?? undefined)}
              />
            );
            break;
          case 'datetime':
            field = (
              <DatePicker
                {...common}
                showTime
                // A wall time in city time, whatever the device's zone.
                value={typeof v === 'string' && v ? dayjs(cityWallTime(v)) : null}
                onChange={(d) => onChange(a.code, d ? fromCityWallTime(d.format('YYYY-MM-DDTHH:mm:ss')) : undefined)}
              />
            );
            break;
          case 'text':
            field = (
              <Input.TextArea
                {...common}
                autoSize={{ minRows: 1, maxRows: 4 }}
                value={typeof v === 'string' ? v : ''}
                onChange={(e) => onChange(a.code, e.target.value || undefined)}
              />
            );
            break;
          case 'singlevaluelist':
          case 'multivaluelist':
            field = (
              <Select
                {...common}
                mode={a.datatype === 'multivaluelist' ? 'multiple' : undefined}
                showSearch={{ optionFilterProp: 'label' }}
                value={v as string | string[] | undefined}
                options={(a.values ?? []).map((o) => ({ value: o.key, label: o.name }))}
                onChange={(x) => onChange(a.code, x)}
                allowClear
              />
            );
            break;
          default:
            field = (
              <Input
                {...common}
                value={typeof v === 'string' ? v : ''}
                onChange={(e) => onChange(a.code, e.target.value || undefined)}
              />
            );
        }
        return (
          <div key={a.code} className="oc-intake-attr">
            {label}
            {field}
          </div>
        );
      })}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        * {t('required')}
      </Typography.Text>
    </Flex>
  );
}

export interface PickedLocation {
  lat: number;
  lng: number;
  address?: string;
}

/** Gazetteer search or map pin; shows where the point was located. */
export function LocationPicker({
  value,
  address,
  onChange,
  onAddress,
}: {
  value: PickedLocation | null;
  address: string;
  onChange: (loc: PickedLocation | null) => void;
  onAddress: (address: string) => void;
}) {
  const { t } = useCaseText();
  const located = useQuery({
    queryKey: ['geo', 'locate', value?.lat, value?.lng],
    queryFn: () => geoApi.locate(value!.lat, value!.lng),
    enabled: !!value,
    staleTime: 60_000,
  });
  return (
    <Flex vertical gap={6}>
      <Flex gap={8}>
        <div style={{ flex: 1 }}>
          <GeoSearch
            data-testid="intake-address-search"
            placeholder={`${t('addressSearch')}  (Alt+A)`}
            onPick={(hit) => {
              if (hit.lat !== undefined && hit.lng !== undefined) onChange({ lat: hit.lat, lng: hit.lng });
              if (hit.kind === 'address') onAddress(hit.name);
            }}
          />
        </div>
        <Input
          style={{ flex: 1 }}
          value={address}
          placeholder={t('address')}
          onChange={(e) => onAddress(e.target.value)}
          data-testid="intake-address"
          maxLength={200}
        />
      </Flex>
      <CaseMap
        height={230}
        pin={value}
        gridCode={located.data?.inside ? located.data.grid.code : null}
        onPick={(lat, lng) => onChange({ lat, lng })}
        testId="intake-map"
      />
      <LocatedLine result={located.data} error={located.error} pending={!!value && located.isFetching} empty={!value} />
    </Flex>
  );
}

function LocatedLine({
  result,
  error,
  pending,
  empty,
}: {
  result?: LocateResult;
  error: unknown;
  pending: boolean;
  empty: boolean;
}) {
  const { t } = useCaseText();
  if (empty) return <Typography.Text type="secondary">{t('mapPinHint')}</Typography.Text>;
  if (pending) return <Spin size="small" />;
  if (error) return <Typography.Text type="danger">{errorMessage(error)}</Typography.Text>;
  if (!result) return null;
  if (!result.inside) return <Typography.Text type="warning">{t('outside')}</Typography.Text>;
  const parts: [CaseTextKey, string][] = [
    ['district', result.district?.name],
    ['street', result.street?.name],
    ['community', result.community?.name],
    ['grid', result.grid.name],
  ];
  return (
    <Flex gap={4} wrap data-testid="intake-located">
      <Tag color="green">{t('located')}</Tag>
      {parts.map(([k, v]) => (
        <Typography.Text key={k}>
          <Typography.Text type="secondary">{t(k)}</Typography.Text> {v ?? '—'}
        </Typography.Text>
      ))}
    </Flex>
  );
}
