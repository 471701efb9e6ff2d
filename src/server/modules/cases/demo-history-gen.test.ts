import { describe, expect, it } from 'vitest';
import { type HistoryCategory, generateHistory } from './demo-history-gen.ts';

const CATS: HistoryCategory[] = [
  { id: 1, code: 'BJ-01-01', name: '上水井盖', kind: 'component', parentName: '公用设施' },
  { id: 2, code: 'SJ-01-01', name: '暴露垃圾', kind: 'event', parentName: '市容环境' },
  { id: 3, code: 'RX-01-01', name: '物业服务', kind: 'hotline', parentName: '住房保障' },
  { id: 4, code: 'RX-02-01', name: '社保咨询', kind: 'hotline', parentName: '劳动社保' },
];

const NOW = new Date('2026-11-29T06:00:00Z');

function run(count = 3000, seed = 7) {
  return generateHistory({
    count,
    now: NOW,
    seed,
    categories: CATS,
    placeAt: (u1, u2) => ({
      lng: 120.58 + u1 * 0.08,
      lat: 31.28 + u2 * 0.06,
      gridCode: '32050800100101',
      communityCode: '320508001001',
      road: '平江路',
    }),
    slowness: () => 1,
  });
}

describe('demo case history', () => {
  const cases = run();

  it('is deterministic for a seed and differs for another', () => {
    const again = run();
    expect(again.map((c) => c.title + c.createdAt.toISOString())).toEqual(
      cases.map((c) => c.title + c.createdAt.toISOString()),
    );
    expect(run(3000, 8)[0]!.createdAt.getTime()).not.toBe(cases[0]!.createdAt.getTime());
  });

  it('spans the past year, ordered, with every event in order and none in the future', () => {
    expect(cases.length).toBe(3000);
    const first = cases[0]!.createdAt.getTime();
    expect(NOW.getTime() - first).toBeGreaterThan(300 * 86_400_000);
    for (let i = 1; i < cases.length; i++) {
      expect(cases[i]!.createdAt.getTime()).toBeGreaterThanOrEqual(cases[i - 1]!.createdAt.getTime());
    }
    for (const c of cases) {
      let t = 0;
      for (const e of c.events) {
        expect(e.at.getTime()).toBeGreaterThanOrEqual(t);
        expect(e.at.getTime()).toBeLessThanOrEqual(NOW.getTime());
        t = e.at.getTime();
      }
      // The state is where the last event left it.
      expect(c.events.at(-1)!.toStatus).toBe(c.status);
    }
  });

  it('has the rhythm of a real centre: weekdays busier, old cases finished, most citizens satisfied', () => {
    const weekday = cases.filter((c) => {
      const d = new Date(c.createdAt.getTime() + 8 * 3_600_000).getUTCDay();
      return d !== 0 && d !== 6;
    }).length;
    // 5 weekdays vs 2 weekend days at 55 % intensity: ≈ 82 % on weekdays.
    expect(weekday / cases.length).toBeGreaterThan(0.75);
    const old = cases.filter((c) => NOW.getTime() - c.createdAt.getTime() > 60 * 86_400_000);
    const finished = old.filter((c) => ['closed', 'revisited', 'rejected', 'merged', 'parked'].includes(c.status));
    expect(finished.length / old.length).toBeGreaterThan(0.97);
    const rated = cases.filter((c) => c.satisfaction !== null);
    const satisfied = rated.filter((c) => c.satisfaction === 'satisfied').length;
    expect(satisfied / rated.length).toBeGreaterThan(0.65);
    expect(satisfied / rated.length).toBeLessThan(0.9);
    // Some cases are still in the loop today, so queues are not empty.
    expect(
      cases.filter((c) =>
        ['received', 'accepted', 'registered', 'dispatched', 'in_progress', 'handled'].includes(c.status),
      ).length,
    ).toBeGreaterThan(5);
    // Grid workers report 数字城管 matters only; merged cases point at an earlier case.
    expect(cases.filter((c) => c.channel === 'grid' && c.category.kind === 'hotline')).toHaveLength(0);
    cases.forEach((c, i) => {
      if (c.mergedInto !== null) expect(c.mergedInto).toBeLessThan(i);
    });
    expect(cases.some((c) => c.reworkCount > 0)).toBe(true);
    expect(cases.some((c) => c.reopenCount > 0)).toBe(true);
    expect(cases.some((c) => c.directAnswer)).toBe(true);
    const merged = cases.filter((c) => c.mergedInto !== null);
    expect(merged.length).toBeGreaterThan(10);
    for (const c of merged) expect(cases[c.mergedInto!]!.category.id).toBe(c.category.id);
  });
});
