// COPY … FROM STDIN inside a running transaction (platform/db/copy.ts), which dataset loads stream their rows
// through on PostgreSQL: it must run on the transaction's own connection (its rows visible to the transaction,
// gone with a rollback), leave that connection usable after a cancelled COPY, and be absent on PGlite.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFromStdin } from '../../src/server/platform/db/copy.ts';
import { createTestApp, engineAvailable, type TestApp } from '../support/test-app.ts';

describe.skipIf(!engineAvailable())('COPY inside a transaction', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await sql`create table copy_probe (a text, b int)`.execute(t.app.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  const count = async () =>
    Number((await sql<{ n: number }>`select count(*)::int as n from copy_probe`.execute(t.app.db)).rows[0].n);

  it('streams rows into the transaction on PostgreSQL (none on PGlite), and a rollback takes them back', async () => {
    const seen = await t.app.db
      .transaction()
      .execute(async (tx) => {
        const copy = await copyFromStdin(tx, 'copy copy_probe (a, b) from stdin');
        if (t.engine === 'pglite') {
          expect(copy).toBeNull();
          return -1;
        }
        expect(copy).not.toBeNull();
        await copy!.write('x\\ty\t1\n');
        await copy!.write(Buffer.from('中文\t2\n'));
        expect(await copy!.end()).toBe(2);
        const inside = await sql<{ a: string }>`select a from copy_probe order by b`.execute(tx);
        expect(inside.rows.map((r) => r.a)).toEqual(['x\ty', '中文']);
        throw new Error('roll back');
      })
      .catch((e: Error) => {
        if (e.message !== 'roll back') throw e;
        return 0;
      });
    if (t.engine === 'postgres') expect(seen).toBe(0);
    expect(await count()).toBe(0);
  });

  it('a cancelled COPY aborts its transaction only; the pool goes on working', async () => {
    if (t.engine === 'pglite') return;
    await expect(
      t.app.db.transaction().execute(async (tx) => {
        const copy = await copyFromStdin(tx, 'copy copy_probe (a, b) from stdin');
        await copy!.write('a\t1\n');
        copy!.abort(new Error('the upload broke off'));
        throw new Error('upload failed');
      }),
    ).rejects.toThrow('upload failed');
    expect(await count()).toBe(0);
    // Every pooled connection still answers, including the one the COPY ran on.
    await Promise.all(Array.from({ length: 12 }, () => sql`select 1`.execute(t.app.db)));
    await t.app.db.transaction().execute(async (tx) => {
      const copy = await copyFromStdin(tx, 'copy copy_probe (a, b) from stdin');
      await copy!.write('ok\t3\n');
      await copy!.end();
    });
    expect(await count()).toBe(1);
  });
});
