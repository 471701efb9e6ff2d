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

/**
 * The codes that may enclose `code`, outermost first. GB/T 2260 codes nest by prefix: province 2 digits + 0000,
 * city 4 + 00, county 6; GB/T 10114 adds 3 digits for the street and 3 more for the community.
 */
function enclosingCodes(code: string): string[] {
  const candidates = [
    `${code.slice(0, 2)}0000`,
    `${code.slice(0, 4)}00`,
    code.slice(0, 6),
    code.length > 9 ? code.slice(0, 9) : '',
  ];
  return [...new Set(candidates.filter((c) => c && c !== code))];
}

async function loadChildren(option: AreaOption): Promise<void> {
  if (option.children || option.isLeaf) return;
  try {
    const { items } = await geoApi.divisions(option.value);
    option.children = items.map(toOption);
    if (items.length === 0) option.isLeaf = true;
  } catch {
    option.isLeaf = true;
  }
}

/** Loads the branches leading to `code` so that the picker can show where an existing value sits. */
async function pathTo(options: AreaOption[], code: string): Promise<string[] | null> {
  let level = options;
  const path: string[] = [];
  for (const c of [...enclosingCodes(code), code]) {
    const node = level.find((o) => o.value === c);
    if (!node) continue;
    path.push(c);
    if (c === code) return path;
    await loadChildren(node);
    level = node.children ?? [];
  }
  return null;
}

interface Props {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  'data-testid'?: string;
}

/**
 * Picks an administrative division (district → street → community) from /geo/divisions, loading each level
 * on demand. Any level may be chosen. Falls back to a plain code input when the division service is unavailable.
 */
export function AreaPicker({ value, onChange, placeholder, ...rest }: Props) {
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

  useEffect(() => {
    if (!options || !value || path[path.length - 1] === value) return;
    let live = true;
    pathTo(options, value).then((found) => {
      if (!live || !found) return;
      setPath(found);
      setOptions([...options]);
    });
    return () => {
      live = false;
    };
  }, [options, value, path]);

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

  return (
    <Cascader<AreaOption>
      data-testid={rest['data-testid']}
      options={options ?? []}
      loading={options === null || (!!value && path[path.length - 1] !== value)}
      loadData={async (selected) => {
        const target = selected[selected.length - 1];
        if (!target) return;
        await loadChildren(target);
        setOptions((current) => (current ? [...current] : current));
      }}
      changeOnSelect
      value={value && path[path.length - 1] === value ? path : []}
      placeholder={value && path[path.length - 1] !== value ? value : placeholder}
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
