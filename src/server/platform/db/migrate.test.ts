import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenedDatabase, openDatabase } from './connect.ts';
import { MigrationChecksumError, migrate } from './migrate.ts';

describe('migrations', () => {
  let dir: string;
  let opened: OpenedDatabase;
  const source = () => [{ owner: 'demo', folder: pathToFileURL(`${dir}/`) }];

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mig-'));
    opened = await openDatabase({});
  });
  afterEach(async () => {
    await opened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies numbered files in order once, and records them with checksums', async () => {
    fs.writeFileSync(`${dir}/0002_b.sql`, 'insert into t values (2);');
    fs.writeFileSync(`${dir}/0001_a.sql`, 'create table t (x int); insert into t values (1);');
    fs.writeFileSync(`${dir}/notes.txt`, 'not a migration');
    expect((await migrate(opened.db, source())).applied).toEqual(['demo/0001_a.sql', 'demo/0002_b.sql']);
    expect((await migrate(opened.db, source())).applied).toEqual([]);
    const rows = await sql<{ x: number }>`select x from t order by x`.execute(opened.db);
    expect(rows.rows.map((r) => r.x)).toEqual([1, 2]);
  });

  it('stops, naming the file, when an applied migration was edited', async () => {
    fs.writeFileSync(`${dir}/0001_a.sql`, 'create table t (x int);');
    await migrate(opened.db, source());
    fs.writeFileSync(`${dir}/0001_a.sql`, 'create table t (x bigint);');
    await expect(migrate(opened.db, source())).rejects.toThrowError(MigrationChecksumError);
    await expect(migrate(opened.db, source())).rejects.toThrowError(/0001_a\.sql/);
  });

  it('applies nothing when one pending migration fails (one transaction)', async () => {
    fs.writeFileSync(`${dir}/0001_a.sql`, 'create table t (x int);');
    fs.writeFileSync(`${dir}/0002_b.sql`, 'insert into nowhere values (1);');
    await expect(migrate(opened.db, source())).rejects.toThrow();
    const exists = await sql<{ n: number }>`select count(*)::int as n from pg_tables where tablename = 't'`.execute(
      opened.db,
    );
    expect(exists.rows[0].n).toBe(0);
  });
});
