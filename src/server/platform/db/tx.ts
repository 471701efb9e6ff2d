// One transaction per state change. On PostgreSQL Kysely runs it on one pooled connection; on PGlite the
// dialect's queue gives the single connection to one transaction at a time.
import type { Transaction } from 'kysely';
import type { Database } from '../../database.ts';
import type { Db } from './connect.ts';

export type Tx = Transaction<Database> | Db;

export function inTransaction<T>(db: Db, fn: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}
