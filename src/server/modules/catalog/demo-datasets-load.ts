// Loads the synthetic demo datasets (demo-datasets.ts) through the data centre's own load service, as the system
// actor inside the demo seed's transaction — so versions, quality reports, audit records and outbox events are
// exactly what a real upload leaves. A load refused on purpose (all or nothing with an error) is recorded as a
// failed version and does not stop the seed.
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import type { Tx } from '../../platform/db/tx.ts';
import { AppError } from '../../platform/errors.ts';
import { runDatasetLoad } from './dataset.ts';
import { demoDatasets } from './demo-datasets.ts';

type LoadInput = Parameters<typeof runDatasetLoad>[3];

const csv = (header: string[], rows: string[][]) =>
  `${[header, ...rows].map((cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\n')}\n`;

/** `codes`: resource name → code, as the catalog seed registered them. Returns the number of loads run. */
export async function seedDemoDatasets(tx: Tx, codes: Map<string, string>): Promise<number> {
  let n = 0;
  for (const ds of demoDatasets()) {
    const code = codes.get(ds.resource);
    if (!code) throw new Error(`demo dataset for unknown resource ${ds.resource}`);
    for (const load of ds.loads) {
      const input = {
        body: Buffer.from(csv(ds.header, load.rows), 'utf8'),
        mode: load.mode,
        format: 'csv',
        replace: load.replace ?? false,
        maxBytes: 50 * 1024 * 1024,
        receivedAt: performance.now(),
      } as LoadInput;
      try {
        await runDatasetLoad(SYSTEM_ACTOR, (fn) => fn(tx, SYSTEM_ACTOR), code, input);
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'DATASET_LOAD_INVALID')) throw err;
      }
      n += 1;
    }
  }
  return n;
}
