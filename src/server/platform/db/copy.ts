// COPY … FROM STDIN inside a running transaction, on PostgreSQL. Kysely keeps its pg client private, so the pool
// registers every client it opens under (port, database, backend pid), and copyFromStdin asks the transaction's
// own backend for its pid to find the client the transaction runs on. The COPY then runs on that client, between
// the transaction's other statements (pg queues them behind it). On PGlite there is no such client: null, and
// the caller writes with INSERTs instead.
import type { Writable } from 'node:stream';
import { sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Tx } from './tx.ts';

// Keyed by database name and backend pid — what the server reports about the connection. (The port is left out:
// behind port mapping or a proxy the client's port is not the server's.) Two clients under one key — two servers
// in one process whose pids collide — make the key ambiguous (null): no COPY through it, INSERTs instead.
const clients = new Map<string, pg.PoolClient | null>();
const keyOf = (database: string | undefined, pid: number) => `${database}/${pid}`;
let warnedMiss = false;

/** Called once per pool by openDatabase. */
export function registerCopyClients(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const c = client as pg.PoolClient & { processID: number; database?: string };
    const key = keyOf(c.database, c.processID);
    clients.set(key, clients.has(key) && clients.get(key) !== client ? null : client);
    client.once('end', () => {
      if (clients.get(key) === client) clients.delete(key);
    });
  });
}

export interface CopyStream {
  /** Writes COPY data; resolves when the stream can take more (backpressure). */
  write(data: Buffer | string): Promise<void>;
  /** Ends the COPY; resolves with the rows PostgreSQL took once they are visible to the transaction. */
  end(): Promise<number>;
  /** Gives up: PostgreSQL is told CopyFail, which aborts the transaction (the caller then rolls it back). */
  abort(reason: Error): void;
}

/**
 * Starts `statement` (a COPY … FROM STDIN) on the connection of `tx`; null when the database is not a
 * PostgreSQL server reached through a registered pool (PGlite).
 */
export async function copyFromStdin(tx: Tx, statement: string): Promise<CopyStream | null> {
  if (clients.size === 0) return null;
  const me = await sql<{ pid: number; db: string }>`
    select pg_backend_pid() as pid, current_database() as db`.execute(tx);
  const row = me.rows[0];
  const client = row ? clients.get(keyOf(row.db, row.pid)) : undefined;
  if (!client) {
    // On PostgreSQL this costs loads their speed (INSERTs instead of COPY): say so once.
    if (!warnedMiss) {
      warnedMiss = true;
      process.stderr.write(
        `${JSON.stringify({ level: 40, msg: 'COPY unavailable: the transaction’s connection is not a registered pool client (a proxy in between?); dataset loads fall back to INSERTs' })}\n`,
      );
    }
    return null;
  }
  const stream = client.query(copyFrom(statement)) as unknown as Writable & { rowCount: number };
  let failure: Error | null = null;
  stream.on('error', (e: Error) => {
    failure = e;
  });
  return {
    write(data) {
      if (failure) return Promise.reject(failure);
      if (stream.write(data)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const onDrain = () => {
          stream.off('error', onError);
          resolve();
        };
        const onError = (e: Error) => {
          stream.off('drain', onDrain);
          reject(e);
        };
        stream.once('drain', onDrain);
        stream.once('error', onError);
      });
    },
    end() {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        stream.once('error', reject);
        stream.once('finish', () => resolve(stream.rowCount));
        stream.end();
      });
    },
    abort(reason) {
      if (!stream.destroyed) stream.destroy(reason);
    },
  };
}
