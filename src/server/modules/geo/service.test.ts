import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { type Actor, SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { silentProgress } from '../../platform/cli/progress.ts';
import { type OpenedDatabase, openDatabase } from '../../platform/db/connect.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { AppError, ForbiddenError } from '../../platform/errors.ts';
import { seedDemoDivisions } from './seed-demo.ts';
import {
  divisionExists,
  divisionName,
  divisionPathNames,
  getDivision,
  listDivisions,
  viewDivision,
} from './service.ts';

async function seededDatabase(): Promise<OpenedDatabase> {
  const opened = await openDatabase({});
  await migrate(opened.db, [{ owner: 'geo', folder: new URL('./migrations/', import.meta.url) }]);
  await seedDemoDivisions({
    db: opened.db,
    config: loadConfig({}),
    progress: silentProgress,
    demoAccounts: [],
    out: () => {},
  });
  return opened;
}

const userWithout = (permission: string): Actor => ({
  kind: 'user',
  id: 7,
  name: 'nobody',
  grants: [
    {
      role: 'citizen',
      permissions: new Set([`not.${permission}`]),
      departmentPath: null,
      departmentId: null,
      areaCode: null,
    },
  ],
});

let opened: OpenedDatabase;
beforeAll(async () => {
  opened = await seededDatabase();
}, 60_000);
afterAll(async () => {
  await opened?.close();
});

const codeOf = (err: unknown) => (err instanceof AppError ? err.code : String(err));

describe('the 苏州市 division tree', () => {
  it('has 苏州市 320500 as its only top-level division', async () => {
    const top = await listDivisions(opened.db, SYSTEM_ACTOR, null);
    expect(top).toEqual([{ code: '320500', name: '苏州市', level: 'city', parentCode: null }]);
  });

  it('lists the ten county-level units of 苏州市 under their NBS 2023 codes', async () => {
    const districts = await listDivisions(opened.db, SYSTEM_ACTOR, '320500');
    expect(districts.map((d) => [d.code, d.name, d.level, d.parentCode])).toEqual([
      ['320505', '虎丘区', 'district', '320500'],
      ['320506', '吴中区', 'district', '320500'],
      ['320507', '相城区', 'district', '320500'],
      ['320508', '姑苏区', 'district', '320500'],
      ['320509', '吴江区', 'district', '320500'],
      // NBS codes the industrial park 320576 (some older lists say 320571).
      ['320576', '苏州工业园区', 'district', '320500'],
      ['320581', '常熟市', 'district', '320500'],
      ['320582', '张家港市', 'district', '320500'],
      ['320583', '昆山市', 'district', '320500'],
      ['320585', '太仓市', 'district', '320500'],
    ]);
  });

  it('puts every street directly under a district, within that district’s code', async () => {
    const districts = await listDivisions(opened.db, SYSTEM_ACTOR, '320500');
    const streets = (await Promise.all(districts.map((d) => listDivisions(opened.db, SYSTEM_ACTOR, d.code)))).flat();
    expect(streets).toHaveLength(118);
    for (const s of streets) {
      expect(s.level).toBe('street');
      expect(s.code).toMatch(/^\d{9}$/);
      expect(s.code.startsWith(s.parentCode!)).toBe(true);
    }
  });

  it('puts every community under a street whose code it starts with', async () => {
    const districts = await listDivisions(opened.db, SYSTEM_ACTOR, '320500');
    const streets = (await Promise.all(districts.map((d) => listDivisions(opened.db, SYSTEM_ACTOR, d.code)))).flat();
    const communities = (await Promise.all(streets.map((s) => listDivisions(opened.db, SYSTEM_ACTOR, s.code)))).flat();
    expect(communities).toHaveLength(2248);
    for (const c of communities) {
      expect(c.level).toBe('community');
      expect(c.code).toMatch(/^\d{12}$/);
      expect(c.code.startsWith(c.parentCode!)).toBe(true);
    }
    // Communities are leaves.
    expect(await listDivisions(opened.db, SYSTEM_ACTOR, communities[0].code)).toEqual([]);
  });

  it('names the path from the city down to a street and a community', async () => {
    expect(await divisionPathNames(opened.db, '320508021')).toBe('苏州市/姑苏区/双塔街道');
    expect(await divisionPathNames(opened.db, '320508020014')).toBe('苏州市/姑苏区/沧浪街道/桂花社区居委会');
    expect(await divisionPathNames(opened.db, '320500')).toBe('苏州市');
    expect(await divisionPathNames(opened.db, '999999')).toBeUndefined();
  });

  it('looks up one division by code, and gives undefined for an unknown code', async () => {
    expect(await getDivision(opened.db, '320508021')).toEqual({
      code: '320508021',
      name: '双塔街道',
      level: 'street',
      parentCode: '320508',
    });
    expect(await getDivision(opened.db, '320508999')).toBeUndefined();
    expect(await divisionName(opened.db, '320583')).toBe('昆山市');
    expect(await divisionName(opened.db, '320583999')).toBeUndefined();
    expect(await divisionExists(opened.db, '320583')).toBe(true);
    expect(await divisionExists(opened.db, '110101')).toBe(false);
  });

  it('refuses an unknown code with DIVISION_NOT_FOUND, as a parent and as a division', async () => {
    const asParent = await listDivisions(opened.db, SYSTEM_ACTOR, '320599').catch((e: unknown) => e);
    expect(codeOf(asParent)).toBe('DIVISION_NOT_FOUND');
    expect((asParent as AppError).status).toBe(404);
    expect((asParent as AppError).details).toEqual({ code: '320599' });
    const asItself = await viewDivision(opened.db, SYSTEM_ACTOR, '320599').catch((e: unknown) => e);
    expect(codeOf(asItself)).toBe('DIVISION_NOT_FOUND');
  });

  it('refuses to list or show divisions to an actor without geo.division.read', async () => {
    const actor = userWithout('geo.division.read');
    await expect(listDivisions(opened.db, actor, null)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(viewDivision(opened.db, actor, '320500')).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('a retired division code', () => {
  it('drops out of lists and of divisionExists, but still resolves by code', async () => {
    const db = await seededDatabase();
    try {
      // Retire 双塔街道 from today on (codes are never deleted).
      await sql`update divisions set valid_to = current_date where code = '320508021'`.execute(db.db);

      const streets = await listDivisions(db.db, SYSTEM_ACTOR, '320508');
      expect(streets.map((s) => s.code)).not.toContain('320508021');
      const all = await listDivisions(db.db, SYSTEM_ACTOR, '320508', { includeRetired: true });
      expect(all.map((s) => s.code)).toContain('320508021');
      expect(await divisionExists(db.db, '320508021')).toBe(false);
      expect(await divisionExists(db.db, '320508021', { includeRetired: true })).toBe(true);
      expect(await divisionName(db.db, '320508021')).toBe('双塔街道');
      expect(await divisionPathNames(db.db, '320508021')).toBe('苏州市/姑苏区/双塔街道');
      // Its communities may still be listed under it by code, e.g. to re-parent them.
      expect((await listDivisions(db.db, SYSTEM_ACTOR, '320508021')).length).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  }, 60_000);
});
