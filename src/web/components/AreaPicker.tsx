import { Cascader, Input } from 'antd';
import { useEffect, useState } from 'react';
import { geoApi } from '../api/geo';
import type { Division } from '../api/types';

interface AreaOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: AreaOption[];
}

function toOption(d: Division): AreaOption {
  return { value: d.code, label: d.name, isLeaf: d.level === 'community' };
}

interface Props {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  /** The name the server gave for `value`, shown until the picker has loaded that branch. */
  knownName?: string | null;
  'data-testid'?: string;
}

/**
 * Picks an administrative division (district → street → community) from /geo/divisions, loading each level
 * on demand. Any level may be chosen. Falls back to a plain code input when the division service is unavailable.
 */
export function AreaPicker({ value, onChange, placeholder, knownName, ...rest }: Props) {
  const [options, setOptions] = useState<AreaOption[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [path, setPath] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    geoApi
      .divisions()
      .then(({ items }) => live && setOptions(items.map(toOption)))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);

  if (failed) {
    return (
      <Input
        data-testid={rest['data-testid']}
        value={value ?? ''}
        placeholder={placeholder}
        onChange={(e) => onChange?.(e.target.value.trim() || undefined)}
        allowClear
      />
    );
  }

  const loadData = async (selected: AreaOption[]) => {
    const target = selected[selected.length - 1];
    if (!target || target.children) return;
    try {
      const { items } = await geoApi.divisions(target.value);
      target.children = items.map(toOption);
      if (items.length === 0) target.isLeaf = true;
    } catch {
      target.isLeaf = true;
    }
    setOptions((current) => (current ? [...current] : current));
  };

  const cascaderValue = value ? (path[path.length - 1] === value ? path : [value]) : [];

  return (
    <Cascader<AreaOption>
      data-testid={rest['data-testid']}
      options={options ?? []}
      loading={options === null}
      loadData={loadData}
      changeOnSelect
      value={cascaderValue}
      placeholder={placeholder}
      displayRender={(labels) =>
        labels.length === 1 && labels[0] === value && knownName ? knownName : labels.join(' / ')
      }
      onChange={(next) => {
        const codes = (next ?? []).map(String);
        setPath(codes);
        onChange?.(codes[codes.length - 1]);
      }}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}
