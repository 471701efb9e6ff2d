import { describe, expect, it } from 'vitest';
import { cityDate, cityDayEnd, cityDayStart, cityWallTime, formatCityTime, fromCityWallTime } from './format';

// 16:12:34 UTC on 29 November is 00:12:34 on 30 November in the city: the day changes too.
const AT = '2026-11-29T16:12:34.000Z';

describe('city time', () => {
  it('shows an instant as the wall time in Asia/Shanghai, in every style', () => {
    expect(formatCityTime(AT)).toBe('2026-11-30 00:12:34');
    expect(formatCityTime(AT, 'minute')).toBe('2026-11-30 00:12');
    expect(formatCityTime(AT, 'compact')).toBe('26-11-30 00:12');
    expect(formatCityTime(AT, 'short')).toBe('11-30 00:12');
    expect(formatCityTime(AT, 'date')).toBe('2026-11-30');
    expect(formatCityTime(new Date(AT))).toBe('2026-11-30 00:12:34');
    expect(cityDate(new Date(AT))).toBe('2026-11-30');
  });

  it('shows nothing for no time, and text that is not a time as it is', () => {
    expect(formatCityTime(null)).toBe('');
    expect(formatCityTime('')).toBe('');
    expect(formatCityTime('soon')).toBe('soon');
  });

  it('reads a city day and a city wall time as instants at +08:00', () => {
    expect(new Date(cityDayStart('2026-11-30')).toISOString()).toBe('2026-11-29T16:00:00.000Z');
    expect(new Date(cityDayEnd('2026-11-30')).toISOString()).toBe('2026-11-30T15:59:59.999Z');
    expect(new Date(fromCityWallTime('2026-12-31T17:00')).toISOString()).toBe('2026-12-31T09:00:00.000Z');
    expect(fromCityWallTime(cityWallTime(AT))).toBe('2026-11-30T00:12:34+08:00');
    expect(cityWallTime('not a time')).toBe('');
  });
});
