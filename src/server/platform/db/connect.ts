// Opens the one database OneCity runs on: embedded PGlite (default) or a PostgreSQL server (DATABASE_URL).
// Both speak the same SQL; the rest of the code sees only Kysely<Database>.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../database.ts';
import { registerCopyClients } from './copy.ts';
import { PGliteDialect } from './pglite-dialect.ts';

export type Db = Kysely<Database>;
export type Engine = 'pglite' | 'postgres';

export interface OpenedDatabase {
  db: Db;
  engine: Engine;
  /** Only for PGlite: the instance, for dumps (test templates, backups). */
  pglite?: PGlite;
  close(): Promise<void>;
}

const INT8 = 20;
// Our bigint ids and counters stay far below 2^53; numbers are what the code and JSON want.
pg.types.setTypeParser(INT8, (v) => Number(v));

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data directory; undefined = in memory. */
  dataDir?: string;
  /** PGlite: start from a dumped data directory (test templates). */
  loadDataDir?: Blob;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<OpenedDatabase> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle pooled connection can be killed by the server (restart, failover, pg_terminate_backend). pg reports
    // that as an 'error' event on the pool; unhandled, it would crash the process. The pool replaces the client.
    pool.on('error', (err: Error & { code?: string }) => {
      if (err.code !== '57P01')
        process.stderr.write(
          `${JSON.stringify({ level: 40, msg: 'idle database connection lost', err: err.message })}\n`,
        );
    });
    registerCopyClients(pool);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(opts.dataDir ? { dataDir: path.join(opts.dataDir, 'pgdata') } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    extensions: { pg_trgm },
    parsers: { [INT8]: (v: string) => Number(v) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    engine: 'pglite',
    pglite,
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
