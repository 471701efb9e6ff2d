// The working-day calendar: 2026 facts (DOMAIN.md §3), deadlines across 春节 and make-up Saturdays, working hours
// across lunch and overnight, the Mon–Fri fallback + alarm for a year not loaded, edits and imports taking effect
// at once, working-hours settings, and who may do what.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workingTimeBetween } from '../../src/server/modules/calendar/service.ts';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  errorCode,
  login,
  type Session,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../support/test-app.ts';

/** An instant given in city local time (UTC+8). */
const local = (s: string) => new Date(`${s}+08:00`).toISOString();

describe.skipIf(!engineAvailable())('working-day calendar', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
  });
  afterAll(() => t?.close());

  const days = async (from: string, to: string, s = admin) => {
    const res = await s.request('GET', `/api/v1/calendar/days?from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      items: { day: string; kind: string; name: string | null; working: boolean; source: string }[];
      uncoveredYears: number[];
    };
  };
  const deadline = async (from: string, q: string, s = admin) => {
    const res = await s.request('GET', `/api/v1/calendar/deadline?from=${encodeURIComponent(from)}&${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { due: string; alarm?: string; uncoveredYears?: number[] };
  };

  it('holds the 2026 holidays and make-up working days from chinese-days', async () => {
    const { items, uncoveredYears } = await days('2026-01-01', '2026-12-31');
    expect(items).toHaveLength(365);
    expect(uncoveredYears).toEqual([]);
    const byDay = new Map(items.map((d) => [d.day, d]));
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      expect(byDay.get(d)).toMatchObject({ kind: 'makeup_workday', working: true, source: 'chinese-days' });
    }
    for (let i = 15; i <= 23; i++) {
      expect(byDay.get(`2026-02-${i}`)).toMatchObject({ kind: 'holiday', name: '春节', working: false });
    }
    expect(byDay.get('2026-03-07')).toMatchObject({ kind: 'weekend', working: false });
    expect(byDay.get('2026-03-09')).toMatchObject({ kind: 'workday', working: true });
    const years = (await admin.request('GET', '/api/v1/calendar/settings')).json().coveredYears as number[];
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
  });

  it('refuses a range of more than 400 days', async () => {
    const res = await admin.request('GET', '/api/v1/calendar/days?from=2025-01-01&to=2026-03-01');
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('CALENDAR_RANGE');
  });

  it('counts working days across 春节 and across a make-up Saturday', async () => {
    // Fri 02-13 + 1 → Sat 02-14 (调休上班); + 2 → Tue 02-24 (02-15..23 off).
    expect((await deadline(local('2026-02-13T10:00:00'), 'workingDays=1')).due).toBe(local('2026-02-15T00:00:00'));
    const r = await deadline(local('2026-02-13T10:00:00'), 'workingDays=2');
    expect(r.due).toBe(local('2026-02-25T00:00:00'));
    expect(r.alarm).toBeUndefined();
    // Fri 02-27 + 1 → Sat 02-28 (调休上班); + 2 → Mon 03-02.
    expect((await deadline(local('2026-02-27T16:00:00'), 'workingDays=1')).due).toBe(local('2026-03-01T00:00:00'));
    expect((await deadline(local('2026-02-27T16:00:00'), 'workingDays=2')).due).toBe(local('2026-03-03T00:00:00'));
  });

  it('adds working hours across lunch, overnight and a weekend', async () => {
    // Mon 11:00 + 2 h: 11:00–12:00, then 13:30–14:30.
    expect((await deadline(local('2026-03-02T11:00:00'), 'workingHours=2')).due).toBe(local('2026-03-02T14:30:00'));
    // Mon 17:00 + 1 h: 17:00–17:30, then Tue 08:30–09:00.
    expect((await deadline(local('2026-03-02T17:00:00'), 'workingHours=1')).due).toBe(local('2026-03-03T09:00:00'));
    // Fri 17:00 + 1 h → Mon 09:00; from lunchtime, the clock starts at 13:30.
    expect((await deadline(local('2026-03-06T17:00:00'), 'workingHours=1')).due).toBe(local('2026-03-09T09:00:00'));
    expect((await deadline(local('2026-03-02T12:30:00'), 'workingHours=0.5')).due).toBe(local('2026-03-02T14:00:00'));
  });

  it('measures working time between two instants', async () => {
    const r = await workingTimeBetween(
      t.opened.db,
      new Date(local('2026-03-02T08:00:00')),
      new Date(local('2026-03-03T12:00:00')),
    );
    expect(r).toEqual({ hours: 11 });
    const holiday = await workingTimeBetween(
      t.opened.db,
      new Date(local('2026-02-15T00:00:00')),
      new Date(local('2026-02-24T00:00:00')),
    );
    expect(holiday.hours).toBe(0);
  });

  it('falls back to Mon–Fri in a year not loaded, raises the alarm and records it once', async () => {
    // 2031-03-07 is a Friday.
    const r = await deadline(local('2031-03-07T10:00:00'), 'workingDays=1');
    expect(r).toEqual({ due: local('2031-03-11T00:00:00'), alarm: 'year_not_covered', uncoveredYears: [2031] });
    const h = await deadline(local('2031-03-07T17:00:00'), 'workingHours=1');
    expect(h.alarm).toBe('year_not_covered');
    expect(h.due).toBe(local('2031-03-10T09:00:00'));
    const audits = await sql<{ n: number }>`
      select count(*)::int as n from audit_log where action = 'calendar.year_not_covered' and target_id = '2031'`.execute(
      t.opened.db,
    );
    expect(audits.rows[0].n).toBe(1);
    const listed = await days('2031-03-07', '2031-03-10');
    expect(listed.uncoveredYears).toEqual([2031]);
    expect(listed.items.map((d) => d.working)).toEqual([true, false, false, true]);
  });

  it('applies an edited day at once, audited; refuses editing a year not loaded', async () => {
    const before = await deadline(local('2026-03-02T10:00:00'), 'workingDays=1');
    expect(before.due).toBe(local('2026-03-04T00:00:00'));
    const res = await admin.request('PUT', '/api/v1/calendar/days/2026-03-03', { kind: 'holiday', name: '临时放假' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'holiday', name: '临时放假', working: false, source: 'manual' });
    expect((await deadline(local('2026-03-02T10:00:00'), 'workingDays=1')).due).toBe(local('2026-03-05T00:00:00'));
    const audits = await sql<{ n: number }>`
      select count(*)::int as n from audit_log where action = 'calendar.day.update' and target_id = '2026-03-03'`.execute(
      t.opened.db,
    );
    expect(audits.rows[0].n).toBe(1);
    await admin.request('PUT', '/api/v1/calendar/days/2026-03-03', { kind: 'workday', name: null });
    expect((await deadline(local('2026-03-02T10:00:00'), 'workingDays=1')).due).toBe(local('2026-03-04T00:00:00'));

    const uncovered = await admin.request('PUT', '/api/v1/calendar/days/2099-01-01', { kind: 'holiday' });
    expect(uncovered.statusCode).toBe(409);
    expect(errorCode(uncovered)).toBe('CALENDAR_YEAR_NOT_COVERED');
    const invalid = await admin.request('PUT', '/api/v1/calendar/days/2026-02-30', { kind: 'holiday' });
    expect(invalid.statusCode).toBe(400);
  });

  it('imports a new year all-or-nothing, and its deadlines stop alarming', async () => {
    const bad = await admin.request('POST', '/api/v1/calendar/import', [
      { day: '2028-01-01', kind: 'holiday', name: '元旦' },
      { day: '2028-02-30', kind: 'holiday', name: '春节' },
      { day: '2028-01-01', kind: 'holiday', name: '元旦' },
    ]);
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('CALENDAR_IMPORT_INVALID');
    expect(bad.json().error.details.errors.map((e: { code: string }) => e.code)).toEqual([
      'CALENDAR_DAY_INVALID',
      'CALENDAR_DAY_DUPLICATE',
    ]);
    expect((await days('2028-01-01', '2028-01-02')).uncoveredYears).toEqual([2028]);

    const spring = ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'];
    const res = await admin.request('POST', '/api/v1/calendar/import', [
      { day: '2027-01-01', kind: 'holiday', name: '元旦' },
      ...spring.map((day) => ({ day, kind: 'holiday', name: '春节' })),
      { day: '2027-02-13', kind: 'makeup_workday', name: '春节' },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ years: [2027], days: 365, listed: 9 });
    const feb = await days('2027-02-05', '2027-02-15');
    expect(feb.uncoveredYears).toEqual([]);
    expect(feb.items.find((d) => d.day === '2027-02-08')).toMatchObject({ kind: 'holiday', source: 'import' });
    expect(feb.items.find((d) => d.day === '2027-02-13')).toMatchObject({ kind: 'makeup_workday', working: true });
    // Fri 02-05 + 1 → Sat 02-13 (make-up), no alarm.
    const r = await deadline(local('2027-02-05T10:00:00'), 'workingDays=1');
    expect(r).toEqual({ due: local('2027-02-14T00:00:00') });
  });

  it('edits the working hours, refusing overlapping windows', async () => {
    const overlap = await admin.request('PUT', '/api/v1/calendar/settings', {
      workHours: [
        { start: '08:30', end: '12:00' },
        { start: '11:30', end: '17:30' },
      ],
    });
    expect(overlap.statusCode).toBe(400);
    expect(errorCode(overlap)).toBe('CALENDAR_HOURS_OVERLAP');
    const backwards = await admin.request('PUT', '/api/v1/calendar/settings', {
      workHours: [{ start: '12:00', end: '08:30' }],
    });
    expect(errorCode(backwards)).toBe('CALENDAR_HOURS_INVALID');

    const res = await admin.request('PUT', '/api/v1/calendar/settings', {
      workHours: [
        { start: '14:00', end: '18:00' },
        { start: '09:00', end: '12:00' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().workHours).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '18:00' },
    ]);
    expect((await deadline(local('2026-03-02T11:00:00'), 'workingHours=2')).due).toBe(local('2026-03-02T15:00:00'));
    await admin.request('PUT', '/api/v1/calendar/settings', {
      workHours: [
        { start: '08:30', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
    });
    expect((await deadline(local('2026-03-02T11:00:00'), 'workingHours=2')).due).toBe(local('2026-03-02T14:30:00'));
  });

  it('asks for exactly one of workingDays and workingHours', async () => {
    const res = await admin.request(
      'GET',
      `/api/v1/calendar/deadline?from=${encodeURIComponent(local('2026-03-02T10:00:00'))}`,
    );
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('CALENDAR_DEADLINE_ONE_OF');
  });

  it('lets back-office roles read and compute, only the administrator edit; citizens get nothing', async () => {
    const handler = await login(t.app, 'handler', DEMO_PASSWORD);
    expect((await deadline(local('2026-02-13T10:00:00'), 'workingDays=2', handler)).due).toBe(
      local('2026-02-25T00:00:00'),
    );
    expect((await handler.request('PUT', '/api/v1/calendar/days/2026-03-03', { kind: 'holiday' })).statusCode).toBe(
      403,
    );
    expect(
      (await handler.request('POST', '/api/v1/calendar/import', [{ day: '2029-01-01', kind: 'holiday' }])).statusCode,
    ).toBe(403);
    expect(
      (await handler.request('PUT', '/api/v1/calendar/settings', { workHours: [{ start: '09:00', end: '17:00' }] }))
        .statusCode,
    ).toBe(403);
    const citizen = await login(t.app, 'citizen', DEMO_PASSWORD);
    expect((await citizen.request('GET', '/api/v1/calendar/days?from=2026-01-01&to=2026-01-02')).statusCode).toBe(403);
    expect((await days('2026-03-03', '2026-03-03')).items[0].kind).toBe('workday');
  });
});
