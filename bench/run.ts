// `npm run bench [-- name…]`: runs the benchmarks, prints a table for each and writes bench/results/<name>.json.
// Every figure is reported against a baseline measured in the same run: these machines are noisy.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogBench } from './catalog.ts';
import { casesBench } from './cases.ts';
import { foundationBench } from './foundation.ts';
import { geoBench } from './geo.ts';

export interface BenchRow {
  case: string;
  baseline: string;
  value: number;
  baselineValue: number;
  unit: string;
  /** value / baselineValue (for times: how many times slower than the baseline). */
  ratio: number;
}

const BENCHES: Record<string, () => Promise<BenchRow[]>> = {
  foundation: foundationBench,
  geo: geoBench,
  catalog: catalogBench,
  cases: casesBench,
};

// Options with a value (catalog: --rows N; cases: --cases N, --creates N) are read by the bench itself.
const VALUED = new Set(['--rows', '--cases', '--creates']);
const wanted = process.argv.slice(2).filter((a, i, all) => !a.startsWith('-') && !VALUED.has(all[i - 1] ?? ''));
const names = wanted.length ? wanted : Object.keys(BENCHES);
const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
fs.mkdirSync(outDir, { recursive: true });
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    process.stderr.write(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exit(2);
  }
  process.stderr.write(`== ${name}\n`);
  const rows = await bench();
  console.table(
    rows.map((r) => ({
      ...r,
      value: Number(r.value.toFixed(3)),
      baselineValue: Number(r.baselineValue.toFixed(3)),
      ratio: Number(r.ratio.toFixed(2)),
    })),
  );
  fs.writeFileSync(
    path.join(outDir, `${name}.json`),
    JSON.stringify({ name, at: new Date().toISOString(), node: process.version, rows }, null, 2),
  );
}
process.exit(0);
