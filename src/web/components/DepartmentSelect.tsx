import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useDepartments } from '../api/queries';
import { useI18n } from '../i18n/I18nProvider';
import { buildDepartmentTree } from './departmentTree';

interface Props {
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'data-testid'?: string;
  /** Shown while the value is not among the departments the caller can see. */
  fallbackLabel?: string | null;
}

/** A department picker over the whole tree the caller may see, searchable by name or code. */
export function DepartmentSelect({ value, onChange, placeholder, allowClear, style, fallbackLabel, ...rest }: Props) {
  const { locale } = useI18n();
  const departments = useDepartments();
  const tree = useMemo(() => buildDepartmentTree(departments.data ?? [], locale), [departments.data, locale]);
  const known = !value || departments.data === undefined || departments.data.some((d) => d.id === value);
  const treeData =
    known || !fallbackLabel
      ? tree
      : [...tree, { key: value, value, title: fallbackLabel, department: { code: '' }, children: [] }];
  return (
    <TreeSelect
      data-testid={rest['data-testid']}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={treeData}
      labelInValue={false}
      placeholder={placeholder}
      allowClear={allowClear}
      loading={departments.isLoading}
      showSearch={{
        filterTreeNode: (input, node) => {
          const n = node as unknown as { title: string; department: { code: string } };
          const q = input.toLowerCase();
          return n.title.toLowerCase().includes(q) || n.department.code.toLowerCase().includes(q);
        },
      }}
      treeDefaultExpandAll
      popupMatchSelectWidth={false}
      style={{ width: '100%', minWidth: 160, ...style }}
    />
  );
}
