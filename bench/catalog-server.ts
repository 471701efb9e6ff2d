// The server of `npm run bench -- catalog`, in a process of its own so that its memory (peak RSS) and CPU are
// its own, as in production, and the bench's CSV generator and HTTP client do not share its event loop.
// Usage (by bench/catalog.ts): node --import tsx bench/catalog-server.ts <database url> <max upload bytes>
// Prints `listening <port>` on stdout when ready; stops on SIGTERM.
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.ts';
import { openDatabase } from '../src/server/platform/db/connect.ts';
import { testConfig } from '../test/support/template.ts';

const [url, maxBytes] = process.argv.slice(2);
const opened = await openDatabase({ databaseUrl: url, poolSize: 8 });
const app = await buildApp({
  config: testConfig({ ONECITY_DATASET_MAX_BYTES: maxBytes }),
  db: opened.db,
  engine: opened.engine,
  logger: false,
  serveWeb: false,
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening ${(app.server.address() as AddressInfo).port}\n`);
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => opened.close())
    .finally(() => process.exit(0));
});
