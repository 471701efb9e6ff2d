// A Kysely dialect for PGlite (PostgreSQL in WASM, in-process).
// PGlite is a single connection, so the driver hands it out to one holder at a time: a transaction owns it
// from BEGIN to COMMIT and every other query waits its turn. That is what "transactions on PGlite are
// serialised" means. (We do not use the kysely-pglite package: its dependency tree carries a code generator
// and a CLI framework, and we need control over this queue — see docs/decisions.md.)
import type { PGlite } from '@electric-sql/pglite';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Kysely } from 'kysely';

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters, use the simple protocol (as node-postgres does) so a migration file holding many
    // statements runs as one; the last statement's rows are the result.
    const res =
      compiled.parameters.length === 0
        ? ((await this.pg.exec(compiled.sql)).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.pg.query<R>(compiled.sql, compiled.parameters as unknown[]);
    const affected = res.affectedRows;
    return {
      rows: res.rows as R[],
      ...(affected !== undefined && affected > 0 ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(compiled);
  }
}

/** A FIFO lock: at most one holder of the PGlite connection at a time. */
class ConnectionQueue {
  private tail: Promise<void> = Promise.resolve();
  private releaseCurrent: (() => void) | undefined;

  async acquire(): Promise<void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    this.releaseCurrent = release;
  }

  release(): void {
    const r = this.releaseCurrent;
    this.releaseCurrent = undefined;
    r?.();
  }
}

class PGliteDriver implements Driver {
  private readonly queue = new ConnectionQueue();
  private readonly connection: PGliteConnection;

  constructor(private readonly pg: PGlite) {
    this.connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {
    await this.pg.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.queue.acquire();
    return this.connection;
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const level = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await this.pg.exec(`begin${level}`);
    void conn;
  }

  async commitTransaction(): Promise<void> {
    await this.pg.exec('commit');
  }

  async rollbackTransaction(): Promise<void> {
    await this.pg.exec('rollback');
  }

  async releaseConnection(): Promise<void> {
    this.queue.release();
  }

  async destroy(): Promise<void> {
    // The owner of the PGlite instance closes it (see connect.ts), after Kysely is done with it.
  }
}

export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg);
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
