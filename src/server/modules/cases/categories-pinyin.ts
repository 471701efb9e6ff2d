// Pinyin initials of a category name for the agent's keyboard search (井盖 → jg). pinyin-pro is pure JS with its
// own word dictionary; a polyphone it reads wrongly in a name is fixed in the data (DefaultSubcategory.initials)
// or by the admin (pinyinInitials on create/update).
import { pinyin } from 'pinyin-pro';

/** Lower-case initials of the Han characters; Latin letters and digits are kept, everything else dropped. */
export function pinyinInitials(name: string): string {
  const parts = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' });
  return parts
    .map((p) => p.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .join('')
    .slice(0, 40);
}
