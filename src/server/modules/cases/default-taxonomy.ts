// The default matter category tree (业务分类 大类/小类), loaded by bootstrap.ts when case_categories is empty and
// edited by admins afterwards (DESIGN principle 4: data, not code). Three parts:
//   BJ 部件 (数字城管 components, CJ/T 214 / GB/T 30428 大类 01–06): codes BJ-<大类>-<小类>, so a 16-digit component
//      id (6 division + 2 大类 + 2 小类 + 6 serial, e.g. 3205080101000001 = 姑苏区 上水井盖 000001) can be checked
//      against the 小类 it is reported under.
//   SJ 事件 (数字城管 events, 大类 01–06).
//   RX 12345 热线 domains (GB/T 39666 code table not verified: these codes are ours; the tree stays importable).
// 数字城管 limits are in working hours (工作时), 12345 limits in working days. Attributes are the Open311 shape.
// The data is in default-taxonomy-city.ts (部件, 事件) and default-taxonomy-hotline.ts (12345), with shared attributes
// in default-taxonomy-attributes.ts; DOMAIN.md §1 has the sources.
import type { CategoryAttribute, TimeLimits } from './categories-validation.ts';
import { CITY_MANAGEMENT_TAXONOMY } from './default-taxonomy-city.ts';
import { HOTLINE_TAXONOMY } from './default-taxonomy-hotline.ts';

export interface DefaultSubcategory {
  /** Two digits within the 大类. */
  no: string;
  name: string;
  en: string;
  keywords?: string;
  /** Pinyin initials when the library's reading of a polyphone is wrong (e.g. 行道树 → xds). */
  initials?: string;
  limits: TimeLimits;
  attributes?: CategoryAttribute[];
  anonymous?: boolean;
  /** Duplicate-detection group shared across 大类 (default: the 大类 code). */
  group?: string;
}

export interface DefaultCategory {
  kind: 'component' | 'event' | 'hotline';
  /** Two digits. */
  no: string;
  name: string;
  en: string;
  keywords?: string;
  children: DefaultSubcategory[];
}

/** Code prefixes of the three parts of the tree. */
export const KIND_PREFIX = { component: 'BJ', event: 'SJ', hotline: 'RX' } as const;

/** The whole default tree: 部件, 事件, then the 12345 domains. */
export const DEFAULT_TAXONOMY: DefaultCategory[] = [...CITY_MANAGEMENT_TAXONOMY, ...HOTLINE_TAXONOMY];
