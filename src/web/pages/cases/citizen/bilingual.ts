// Page texts kept beside the pages that use them, in both languages: a [zh-CN, en] pair per key. The shared
// dictionaries (src/web/i18n) hold the app-wide words; these hold the words of one group of pages.
export type Pair = readonly [zh: string, en: string];

export function translator<K extends string>(texts: Record<K, Pair>, locale: string) {
  const i = locale === 'en' ? 1 : 0;
  const t = (key: K, vars?: Record<string, string | number>) => {
    let s: string = texts[key][i];
    for (const [k, v] of Object.entries(vars ?? {})) s = s.replace(`{${k}}`, String(v));
    return s;
  };
  return { t, locale };
}
