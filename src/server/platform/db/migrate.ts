// Numbered .sql migrations owned by each module, applied in order inside one transaction and recorded with a
// SHA-256 checksum. An applied migration whose file has since changed stops start-up, naming the file:
// silently diverging schemas are worse than a refusal.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './connect.ts';

export interface MigrationSource {
  /** Owner name, e.g. "platform.audit" or "org". */
  owner: string;
  folder: URL;
}

export interface MigrationFile {
  owner: string;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export class MigrationChecksumError extends Error {
  constructor(readonly file: string) {
    super(
      `迁移文件已被修改 / applied migration was changed: ${file} — restore the original file and add a new numbered migration instead`,
    );
  }
}

export function readMigrations(sources: MigrationSource[]): MigrationFile[] {
  const out: MigrationFile[] = [];
  for (const src of sources) {
    const dir = fileURLToPath(src.folder);
    if (!fs.existsSync(dir)) continue;
    const names = fs
      .readdirSync(dir)
      .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
      .sort();
    for (const name of names) {
      const file = `${dir.replace(/\/$/, '')}/${name}`;
      const text = fs.readFileSync(file, 'utf8');
      out.push({ owner: src.owner, name, file, sql: text, checksum: createHash('sha256').update(text).digest('hex') });
    }
  }
  return out;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(
  db: Db,
  sources: MigrationSource[],
  onProgress?: (m: MigrationFile) => void,
): Promise<MigrateResult> {
  const files = readMigrations(sources);
  await sql`create table if not exists schema_migrations (
    owner text not null,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now(),
    primary key (owner, name)
  )`.execute(db);

  return db.transaction().execute(async (tx) => {
    // Two servers starting at once against one PostgreSQL: the second waits, then finds nothing to do.
    await sql`select pg_advisory_xact_lock(7301001)`.execute(tx);
    const rows = await sql<{ owner: string; name: string; checksum: string }>`
      select owner, name, checksum from schema_migrations`.execute(tx);
    const done = new Map(rows.rows.map((r) => [`${r.owner}/${r.name}`, r.checksum]));
    const applied: string[] = [];
    for (const m of files) {
      const prev = done.get(`${m.owner}/${m.name}`);
      if (prev !== undefined) {
        if (prev !== m.checksum) throw new MigrationChecksumError(m.file);
        continue;
      }
      onProgress?.(m);
      await sql.raw(m.sql).execute(tx);
      await sql`insert into schema_migrations (owner, name, checksum) values (${m.owner}, ${m.name}, ${m.checksum})`.execute(
        tx,
      );
      applied.push(`${m.owner}/${m.name}`);
    }
    return { applied, alreadyApplied: files.length - applied.length };
  });
}
