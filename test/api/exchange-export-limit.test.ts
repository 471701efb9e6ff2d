// Concurrent bulk exports per caller: at most `exportConcurrency` (a data-office setting, default 2) at once per
// credential — and per user and grant for web downloads; the next one gets 429 EXCHANGE_EXPORT_BUSY with
// Retry-After and is logged as refused. A slot is freed when the download ends and when the client hangs up. The
// held downloads are real HTTP connections whose client stops reading: a dataset of a few MB cannot fit in the
// socket buffers, so the server's stream stays open until the test lets go.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTuning } from '../../src/server/modules/exchange/export.ts';
import { runningExports } from '../../src/server/modules/exchange/export-slots.ts';
import { createTestApp, engineAvailable, errorCode, type TestApp } from '../support/test-app.ts';
import { element, publishedResource } from './catalog-fixtures.ts';
import { callWith, csv, grantedKey, loadRows, type Parties, parties } from './exchange-fixtures.ts';

const ROWS = 3000;
const PAD = '江苏省苏州市姑苏区平江街道'.repeat(60); // ~2.4 kB a row: ~7 MB in all
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A valid GB 11643 number for row i: born 1 January of 1980 + i / 1000, sequence i % 1000. */
function idOf(i: number): string {
  const body = `110105${1980 + Math.floor(i / 1000)}0101${String(i % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, k) => s + Number(d) * W[k], 0);
  return body + '10X98765432'[sum % 11];
}

/** Opens a download on a raw connection, waits for the response head, then stops reading. */
function holdDownload(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ socket: net.Socket; status: number }>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.join('')}\r\n`);
    });
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.pause();
      socket.off('data', onData);
      resolve({ socket, status: Number(head.slice(9, 12)) });
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });
}

describe.skipIf(!engineAvailable())('exchange concurrent-export limit', () => {
  let t: TestApp;
  let p: Parties;
  let code: string;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
    p = await parties(t);
    const r = await publishedResource(p.provider, p.office, {
      items: [
        {
          name: '公民身份号码',
          element: await element(p.provider, '公民身份号码'),
          isKey: true,
          personalInfo: 'sensitive',
        },
        { name: '姓名', element: await element(p.provider, '姓名'), personalInfo: 'personal' },
        { name: '地址', element: await element(p.provider, '地址'), personalInfo: 'personal' },
      ],
      shareType: 'unconditional',
      openness: 'closed',
      grade: 'important',
      updateCycle: 'daily',
    });
    code = r.code;
    const lines = Array.from({ length: ROWS }, (_, i) => `${idOf(i)},姓名${i},${PAD}${i}`);
    await loadRows(p, code, csv('公民身份号码,姓名,地址', ...lines));
  }, 120_000);
  afterAll(() => t?.close());

  const db = () => t.opened.db;
  async function setLimit(n: number) {
    const current = (await p.office.request('GET', '/api/v1/exchange/settings')).json();
    const res = await p.office.request('PUT', '/api/v1/exchange/settings', {
      officeCheckWorkingDays: current.officeCheckWorkingDays,
      providerReplyWorkingDays: current.providerReplyWorkingDays,
      providerReplyOfflineWorkingDays: current.providerReplyOfflineWorkingDays,
      exportConcurrency: n,
      version: current.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().exportConcurrency).toBe(n);
  }
  const credentialIds = async (grantId: number) =>
    (
      await sql<{ id: number }>`select id from exchange_credentials where grant_id = ${grantId} order by id`.execute(
        db(),
      )
    ).rows.map((r) => r.id);
  const statuses = async (grantId: number, endpoint: string) =>
    (
      await sql<{ status: number }>`
        select status from exchange_access_log where grant_id = ${grantId} and endpoint = ${endpoint} order by id`.execute(
        db(),
      )
    ).rows.map((r) => r.status);
  const fields = ['公民身份号码', '姓名', '地址'];

  it('defaults to 2; the data office sets 1–20 (audited), anything else is refused', async () => {
    const s = (await p.consumer.request('GET', '/api/v1/exchange/settings')).json();
    expect(s.exportConcurrency).toBe(2);
    for (const n of [0, 21, 1.5]) {
      const res = await p.office.request('PUT', '/api/v1/exchange/settings', {
        officeCheckWorkingDays: 2,
        providerReplyWorkingDays: 5,
        providerReplyOfflineWorkingDays: 10,
        exportConcurrency: n,
        version: s.version,
      });
      expect(res.statusCode, String(n)).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
    }
    const consumerTry = await p.consumer.request('PUT', '/api/v1/exchange/settings', {
      officeCheckWorkingDays: 2,
      providerReplyWorkingDays: 5,
      providerReplyOfflineWorkingDays: 10,
      exportConcurrency: 5,
      version: s.version,
    });
    expect(consumerTry.statusCode).toBe(403);
    await setLimit(3);
    const audit = await sql<{
      summary: { before: { exportConcurrency: number }; after: { exportConcurrency: number } };
    }>`
      select summary from audit_log where action = 'exchange.settings.update' order by id desc limit 1`.execute(db());
    expect(audit.rows[0].summary.before.exportConcurrency).toBe(2);
    expect(audit.rows[0].summary.after.exportConcurrency).toBe(3);
    // Leaving it out keeps it.
    const current = (await p.office.request('GET', '/api/v1/exchange/settings')).json();
    const kept = await p.office.request('PUT', '/api/v1/exchange/settings', {
      officeCheckWorkingDays: 3,
      providerReplyWorkingDays: 5,
      providerReplyOfflineWorkingDays: 10,
      version: current.version,
    });
    expect(kept.json()).toMatchObject({ officeCheckWorkingDays: 3, exportConcurrency: 3 });
    await setLimit(2);
  });

  it('refuses the N+1-th concurrent export of a credential with 429 and Retry-After, logged; a hang-up frees the slot', async () => {
    const { grantId, key } = await grantedKey(p, code, fields, { clearValues: true });
    const other = await p.consumer.request('POST', `/api/v1/exchange/grants/${grantId}/credentials`);
    const [credentialId] = await credentialIds(grantId);
    const caller = `c${credentialId}`;
    const url = `/api/v1/exchange/data/${code}/export`;

    // A whole download frees its slot when it ends.
    const whole = await callWith(t, key, url);
    expect(whole.statusCode).toBe(200);
    expect(whole.body.trimEnd().split('\n')).toHaveLength(ROWS + 1);
    expect(runningExports(caller)).toBe(0);

    // Two held downloads fill the default limit of 2; the third is refused.
    const held = [
      await holdDownload(port, url, { 'x-exchange-key': key }),
      await holdDownload(port, url, { 'x-exchange-key': key }),
    ];
    expect(held.map((h) => h.status)).toEqual([200, 200]);
    expect(runningExports(caller)).toBe(2);
    const busy = await callWith(t, key, url);
    expect(busy.statusCode).toBe(429);
    expect(errorCode(busy)).toBe('EXCHANGE_EXPORT_BUSY');
    expect(busy.headers['retry-after']).toBe('10');
    expect(busy.json().error.details).toMatchObject({ limit: 2 });
    expect(busy.json().error.message).toContain('2');
    // Per credential: the grant's other credential still exports.
    const byOther = await callWith(t, other.json().key, `${url}?format=ndjson`);
    expect(byOther.statusCode).toBe(200);
    // The other endpoints are not limited by running exports.
    expect((await callWith(t, key, `/api/v1/exchange/data/${code}?limit=1`)).statusCode).toBe(200);

    // The client hangs up: its slot is freed and the download logged as cut off (499).
    held[0].socket.destroy();
    await expect.poll(() => runningExports(caller), { timeout: 5000 }).toBe(1);
    const again = await callWith(t, key, `${url}?format=ndjson`);
    expect(again.statusCode).toBe(200);
    held[1].socket.destroy();
    await expect.poll(() => runningExports(caller), { timeout: 5000 }).toBe(0);
    await expect
      .poll(() => statuses(grantId, 'export'), { timeout: 5000 })
      .toEqual(expect.arrayContaining([429, 499, 499]));
    const log = await sql<{ credential_id: number; status: number }>`
      select credential_id, status from exchange_access_log where grant_id = ${grantId} and endpoint = 'export'
       order by id`.execute(db());
    expect(
      log.rows
        .filter((r) => r.credential_id === credentialId)
        .map((r) => r.status)
        .sort(),
    ).toEqual([200, 200, 429, 499, 499].sort());
  });

  it('limits a user’s web downloads of one grant the same way (limit 1)', async () => {
    await setLimit(1);
    try {
      const { grantId, key } = await grantedKey(p, code, fields, { clearValues: true });
      const me = (await p.consumer.request('GET', '/api/v1/auth/me')).json().user;
      const caller = `u${me.id}:g${grantId}`;
      const url = `/api/v1/exchange/grants/${grantId}/export?format=csv&purpose=${encodeURIComponent('核查')}`;
      const held = await holdDownload(port, url, { cookie: p.consumer.cookie });
      expect(held.status).toBe(200);
      expect(runningExports(caller)).toBe(1);
      const busy = await p.consumer.request('GET', url);
      expect(busy.statusCode).toBe(429);
      expect(errorCode(busy)).toBe('EXCHANGE_EXPORT_BUSY');
      expect(busy.headers['retry-after']).toBe('10');
      // The grant's credential is another caller.
      expect((await callWith(t, key, `/api/v1/exchange/data/${code}/export?format=ndjson`)).statusCode).toBe(200);

      held.socket.destroy();
      await expect.poll(() => runningExports(caller), { timeout: 5000 }).toBe(0);
      const after = await p.consumer.request('GET', url);
      expect(after.statusCode).toBe(200);
      expect(runningExports(caller)).toBe(0);
      await expect.poll(() => statuses(grantId, 'web_export'), { timeout: 5000 }).toEqual([429, 499, 200]);
    } finally {
      await setLimit(2);
    }
  });
  it('cuts off a download whose client stops reading for too long, freeing its slot (logged 499)', async () => {
    const { grantId, key } = await grantedKey(p, code, fields, { clearValues: true });
    const [credentialId] = await credentialIds(grantId);
    const stallMs = exportTuning.stallMs;
    exportTuning.stallMs = 300;
    try {
      const held = await holdDownload(port, `/api/v1/exchange/data/${code}/export`, { 'x-exchange-key': key });
      expect(held.status).toBe(200);
      await expect.poll(() => runningExports(`c${credentialId}`), { timeout: 5000 }).toBe(0);
      await expect.poll(() => statuses(grantId, 'export'), { timeout: 5000 }).toEqual([499]);
      held.socket.destroy();
    } finally {
      exportTuning.stallMs = stallMs;
    }
  });
});
