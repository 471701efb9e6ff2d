import type { Category } from '../../../api/cases-config';

/** The category tree as TreeSelect data: 大类 selectable too (rules may name a 大类). */
export function categoryTreeOptions(items: Category[], topsSelectable = true) {
  return items.map((top) => ({
    value: top.id,
    title: top.name,
    selectable: topsSelectable,
    children: (top.children ?? []).map((s) => ({
      value: s.id,
      title: `${s.name} (${s.pinyinInitials})`,
      searchText: `${s.name} ${s.pinyinInitials} ${s.keywords}`,
    })),
  }));
}
