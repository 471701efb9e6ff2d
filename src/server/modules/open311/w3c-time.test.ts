// GeoReport v2 datetimes: W3C-DTF with a timezone in, city time (+08:00) out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseW3cTime, toW3cCityTime } from './w3c-time.ts';

describe('W3C datetimes', () => {
  it('writes city time with +08:00', () => {
    expect(toW3cCityTime(new Date('2026-11-29T16:30:05.900Z'))).toBe('2026-11-30T00:30:05+08:00');
  });

  it('reads Z, offsets and plain dates (city midnight)', () => {
    expect(parseW3cTime('2010-01-01T00:00:00Z')?.toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseW3cTime('1994-11-05T08:15:30-05:00')?.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseW3cTime('2026-03-01T08:30+08:00')?.toISOString()).toBe('2026-03-01T00:30:00.000Z');
    expect(parseW3cTime('2026-03-01')?.toISOString()).toBe('2026-02-28T16:00:00.000Z');
  });

  it('refuses what is not a W3C datetime with a timezone', () => {
    for (const s of ['2026-01-01T00:00:00', '2026-02-30', '2026-13-01T00:00Z', 'yesterday', '', '2026-01-01T24:00Z']) {
      expect(parseW3cTime(s), s).toBeNull();
    }
  });

  it('reads back what it writes, to the second, for any instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }), (d) => {
        const back = parseW3cTime(toW3cCityTime(d));
        expect(back?.getTime()).toBe(Math.floor(d.getTime() / 1000) * 1000);
      }),
    );
  });
});
