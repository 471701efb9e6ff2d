// Catalog migration 0003 (a table per dataset) on a database that holds datasets in the old shape: every module
// migrated except catalog/0003 (the catalog folder copied without it), rows of two datasets inserted into
// catalog_dataset_rows — current and closed versions, cells that are awkward in COPY text, a cell missing from a
// row's jsonb — then the real migrations: catalog_ds_<id> holds the same rows, versions and cells, the catalog
// reads them (rows as of a version, the change feed), and catalog_dataset_rows is gone. PGlite and PostgreSQL.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { migrationSources, registerManifests } from '../../src/server/app.ts';
import { readDatasetChanges, readDatasetRows } from '../../src/server/modules/catalog/sharing-api.ts';
import { type OpenedDatabase, openDatabase } from '../../src/server/platform/db/connect.ts';
import { migrate } from '../../src/server/platform/db/migrate.ts';
import { withDatabase } from '../support/global-setup.ts';
import { currentEngine, engineAvailable } from '../support/test-app.ts';

const CATALOG_0003 = '0003_dataset_tables.sql';

/** A fresh, empty database on the engine of this run; dropped by `close`. */
async function freshDatabase(): Promise<OpenedDatabase> {
  if (currentEngine() === 'pglite') return openDatabase({});
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('PostgreSQL unavailable');
  const name = `m_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: adminUrl, poolSize: 1 });
  await sql.raw(`create database ${name}`).execute(admin.db);
  const opened = await openDatabase({ databaseUrl: withDatabase(adminUrl, name), poolSize: 2 });
  return {
    ...opened,
    async close() {
      await opened.close();
      await sql.raw(`drop database if exists ${name} with (force)`).execute(admin.db);
      await admin.close();
    },
  };
}

interface OldRow {
  key: string;
  data: Record<string, string>;
  from: number;
  to: number | null;
}

describe.skipIf(!engineAvailable())('catalog migration 0003: datasets move to their own tables', () => {
  let opened: OpenedDatabase;
  let dir: string;

  beforeAll(async () => {
    registerManifests();
    opened = await freshDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-0002-'));
  });
  afterAll(async () => {
    await opened?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves every row version and cell of each dataset, then drops catalog_dataset_rows', async () => {
    const db = opened.db;
    // Every module's migrations, with the catalog folder copied without 0003.
    const real = migrationSources();
    const catalog = real.find((s) => s.owner === 'catalog');
    expect(catalog).toBeDefined();
    const catalogDir = new URL('.', catalog!.folder);
    const files = fs.readdirSync(catalogDir).filter((f) => /^\d{4}_.*\.sql$/.test(f));
    expect(files).toContain(CATALOG_0003);
    for (const f of files.filter((x) => x < CATALOG_0003)) fs.copyFileSync(new URL(f, catalogDir), path.join(dir, f));
    const partial = real.map((s) => (s.owner === 'catalog' ? { ...s, folder: pathToFileURL(`${dir}/`) } : s));
    const first = await migrate(db, partial);
    expect(first.applied).toContain('catalog/0002_datasets.sql');
    expect(first.applied).not.toContain(`catalog/${CATALOG_0003}`);

    // Two published resources with datasets in the old shape (ids chosen apart from the serials).
    const resource = async (code: string) =>
      (
        await sql<{ id: number }>`insert into catalog_resources (code, name, classification, kind,
            provider_department_id, provider_path, summary, format, share_type, share_method, openness, update_cycle,
            grade, status, created_by)
          values (${code}, ${`资源${code}`}, '313001', 'department', 1, '/1/', '迁移测试', 'table', 'unconditional',
            'api', 'open', 'daily', 'general', 'published', 'test') returning id`.execute(db)
      ).rows[0].id;
    const r1 = await resource('313001-900001');
    const r2 = await resource('313001-900002');
    const dataset = async (id: number, resourceId: number, columns: string[], keys: string[], last: number) => {
      await sql`insert into catalog_datasets (id, resource_id, columns, key_columns, last_version)
          values (${id}, ${resourceId}, ${columns}::text[], ${keys}::text[], ${last})`.execute(db);
    };
    await dataset(7, r1, ['编号', '名称', '地址'], ['编号'], 3);
    await dataset(12, r2, ['代码', "备注'说明"], ['代码'], 1); // a quote in a column name
    const d7: OldRow[] = [
      { key: '["A"]', data: { 编号: 'A', 名称: '旧名', 地址: 'x\ty' }, from: 1, to: 2 },
      { key: '["A"]', data: { 编号: 'A', 名称: '新名', 地址: 'a\\b\\N' }, from: 2, to: null },
      { key: '["B"]', data: { 编号: 'B', 名称: '第一行\r\n第二行' }, from: 1, to: null }, // 地址 never stored
      { key: '["C"]', data: { 编号: 'C', 名称: '', 地址: '\\.' }, from: 1, to: 3 }, // deleted by load 3
      { key: '["D"]', data: { 编号: 'D', 名称: '丁\u3000', 地址: '"引号",逗号' }, from: 3, to: null },
    ];
    const d12: OldRow[] = [{ key: '["X1"]', data: { 代码: 'X1', "备注'说明": '另一数据集' }, from: 1, to: null }];
    for (const [id, rows] of [
      [7, d7],
      [12, d12],
    ] as const)
      for (const r of rows)
        await sql`insert into catalog_dataset_rows (dataset_id, key, data, valid_from_load, valid_to_load)
            values (${id}, ${r.key}, ${JSON.stringify(r.data)}::jsonb, ${r.from}, ${r.to})`.execute(db);

    // The real migrations: only catalog/0003 and what came after it are pending.
    const second = await migrate(db, real);
    expect(second.applied).toEqual([`catalog/${CATALOG_0003}`, 'catalog/0004_rollback_version.sql']);

    const stored = await sql<{ id: number; columns: string[]; stored_columns: string[] }>`
        select id, columns, stored_columns from catalog_datasets order by id`.execute(db);
    expect(stored.rows).toEqual([
      { id: 7, columns: ['编号', '名称', '地址'], stored_columns: ['编号', '名称', '地址'] },
      { id: 12, columns: ['代码', "备注'说明"], stored_columns: ['代码', "备注'说明"] },
    ]);
    const table = async (id: number, width: number) => {
      const cols = Array.from({ length: width }, (_, i) => `c${i + 1}`).join(', ');
      return (
        await sql
          .raw<Record<string, unknown>>(`select _key, _from, _to, ${cols} from catalog_ds_${id}
          order by _key, _from`)
          .execute(db)
      ).rows;
    };
    const expected = (rows: OldRow[], columns: string[]) =>
      rows.map((r) => ({
        _key: r.key,
        _from: r.from,
        _to: r.to,
        ...Object.fromEntries(columns.map((c, i) => [`c${i + 1}`, r.data[c] ?? null])),
      }));
    expect(await table(7, 3)).toEqual(expected(d7, ['编号', '名称', '地址']));
    expect(await table(12, 2)).toEqual(expected(d12, ['代码', "备注'说明"]));
    const width = await sql<{ n: number }>`select count(*)::int as n from information_schema.columns
        where table_name = 'catalog_ds_7'`.execute(db);
    expect(width.rows[0].n).toBe(4 + 3);
    const old = await sql<{ t: string | null }>`select to_regclass('catalog_dataset_rows')::text as t`.execute(db);
    expect(old.rows[0].t).toBeNull();

    // The catalog reads the moved rows: current rows in key order, and the change feed since load 1.
    const now = await readDatasetRows(db, r1, { filters: {}, limit: 10 });
    expect(now).toMatchObject({ version: 3, nextCursor: null });
    expect(now.items).toEqual([
      { key: ['A'], data: { 编号: 'A', 名称: '新名', 地址: 'a\\b\\N' } },
      { key: ['B'], data: { 编号: 'B', 名称: '第一行\r\n第二行', 地址: '' } },
      { key: ['D'], data: { 编号: 'D', 名称: '丁\u3000', 地址: '"引号",逗号' } },
    ]);
    const filtered = await readDatasetRows(db, r1, { filters: { 地址: 'a\\b\\N' }, limit: 10 });
    expect(filtered.items.map((r) => r.key)).toEqual([['A']]);
    const feed = await readDatasetChanges(db, r1, 1, 10);
    expect(feed.changes.map((c) => [c.op, c.key[0]])).toEqual([
      ['upsert', 'A'],
      ['delete', 'C'],
      ['upsert', 'D'],
    ]);
    expect((await readDatasetRows(db, r2, { filters: {}, limit: 10 })).items).toEqual([
      { key: ['X1'], data: { 代码: 'X1', "备注'说明": '另一数据集' } },
    ]);
  });
});
