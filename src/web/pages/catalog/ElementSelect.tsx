import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { type Element, catalogApi } from '../../api/catalog';

/** Picks a data element (latest version) by searching the dictionary as the user types. */
export function ElementSelect({
  value,
  onChange,
  placeholder,
  testId,
  status,
}: {
  value?: Element | null;
  onChange: (element: Element | null) => void;
  placeholder?: string;
  testId?: string;
  status?: 'error';
}) {
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['catalog', 'elements', 'pick', q],
    queryFn: () => catalogApi.elements(q || undefined, null, 30),
    staleTime: 60_000,
  });
  const items = found.data?.items ?? [];
  const options = items.map((e) => ({
    value: e.identifier,
    label: `${e.identifier} v${e.version} ${e.nameZh}`,
  }));
  if (value && !items.some((e) => e.identifier === value.identifier)) {
    options.unshift({ value: value.identifier, label: `${value.identifier} v${value.version} ${value.nameZh}` });
  }
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      data-testid={testId}
      status={status}
      placeholder={placeholder}
      value={value?.identifier}
      loading={found.isFetching}
      options={options}
      onChange={(id: string | undefined) => {
        onChange(id ? (items.find((e) => e.identifier === id) ?? value ?? null) : null);
      }}
      popupMatchSelectWidth={360}
      style={{ width: '100%' }}
    />
  );
}
