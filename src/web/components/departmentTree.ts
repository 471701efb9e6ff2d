import type { Department } from '../api/types';
import type { Locale } from '../i18n/I18nProvider';

export interface DepartmentNode {
  key: number;
  value: number;
  title: string;
  department: Department;
  children: DepartmentNode[];
}

export function departmentLabel(department: Pick<Department, 'name' | 'nameEn'>, locale: Locale): string {
  return locale === 'en' && department.nameEn ? department.nameEn : department.name;
}

/** Builds the tree from the flat list; a department whose parent is not visible to the caller becomes a root. */
export function buildDepartmentTree(departments: Department[], locale: Locale): DepartmentNode[] {
  const nodes = new Map<number, DepartmentNode>();
  for (const d of departments) {
    nodes.set(d.id, { key: d.id, value: d.id, title: departmentLabel(d, locale), department: d, children: [] });
  }
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.department.parentId ? nodes.get(node.department.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: DepartmentNode[]) => {
    list.sort((a, b) => a.department.code.localeCompare(b.department.code));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}
