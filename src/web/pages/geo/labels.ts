// Labels for the geo module's codes (grid types, worker duties, statuses, problem kinds) in the chosen language.
import type { GridType, WorkerRole } from '../../api/geo';
import { cityDate } from '../../components/format';
import type { Translate } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/zh-CN';

function labelOr(t: Translate, key: string, fallback: string): string {
  const text = t(key as MessageKey);
  return text === key ? fallback : text;
}

export const gridTypeLabel = (t: Translate, type: GridType | string) => labelOr(t, `geo.type.${type}`, type);
export const workerRoleLabel = (t: Translate, role: WorkerRole | string) => labelOr(t, `geo.role.${role}`, role);
export const gridStatusLabel = (t: Translate, status: string) => labelOr(t, `geo.status.${status}`, status);
export const problemKindLabel = (t: Translate, kind: string) => labelOr(t, `geo.problem.${kind}`, kind);

export const ROLE_TAG_COLOURS: Record<string, string> = { primary: 'blue', backup: 'cyan', chief: 'gold' };
export const TYPE_TAG_COLOURS: Record<string, string> = { urban: 'blue', rural: 'green', special: 'purple' };

/** GB/T 2260 + GB/T 10114 codes nest by length: 6 digits a county (or a city when it ends in 00), 9 a street, 12 a community. */
export function divisionLevel(code: string): 'city' | 'district' | 'street' | 'community' {
  if (code.length >= 12) return 'community';
  if (code.length >= 9) return 'street';
  return code.endsWith('00') ? 'city' : 'district';
}

/** The grid query filter that selects the grids inside a division. */
export function divisionFilter(code: string): { district?: string; street?: string; community?: string } {
  const level = divisionLevel(code);
  if (level === 'community') return { community: code };
  if (level === 'street') return { street: code };
  if (level === 'district') return { district: code };
  return {};
}

/** The city's today (Asia/Shanghai), which assignment dates are counted in, whatever the device's zone. */
export function todayIso(): string {
  return cityDate();
}
