// Signed webhooks against a real local HTTP server: the signature verifies with the secret shown once, a 500 is
// retried after the backoff with the same delivery id and then succeeds, the schedule is 1 m, 5 m, 30 m, 2 h, 12 h
// and then failed; unsafe URLs are refused. Citizen notices: the 受理回执 reaches a real local SMTP server, the
// log-only SMS sender logs only the masked phone, the HTTP SMS gateway gets a signed POST.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/server/config.ts';
import { BACKOFF_MS, sendDueNotices, sendDueWebhooks } from '../../src/server/modules/notify/deliveries.ts';
import { consumeNotifyEvents } from '../../src/server/modules/notify/jobs.ts';
import { HttpSmsSender, LogSmsSender, sendersFrom } from '../../src/server/modules/notify/senders.ts';
import { verifyWebhookSignature } from '../../src/server/modules/notify/webhook-signing.ts';
import { createSubscription } from '../../src/server/modules/notify/webhooks.ts';
import { SYSTEM_ACTOR } from '../../src/server/platform/auth/actor.ts';
import { emit } from '../../src/server/platform/outbox/outbox.ts';
import {
  createTestApp,
  engineAvailable,
  errorCode,
  login,
  type Session,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../support/test-app.ts';
import { GUSU, setupIntakeFixtures } from './cases-intake-fixtures.ts';
import { anonymous } from './fixtures.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver on port 0 answering the given statuses in turn (the last one repeats). */
async function receiver(statuses: number[]) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = statuses[Math.min(got.length - 1, statuses.length - 1)];
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { got, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.skipIf(!engineAvailable())('webhooks and citizen notices', () => {
  let t: TestApp;
  let admin: Session;
  const db = () => t.opened.db;
  const ctx = (config: Config = t.config) => ({ db: db(), config });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    // The notify consumers start after the events already in the outbox (the demo seed's).
    await consumeNotifyEvents(ctx());
  });
  afterAll(() => t?.close());

  const emitEvent = (type: string, payload: Record<string, unknown>) =>
    db()
      .transaction()
      .execute((tx) => emit(tx, { type, ...payload }));
  const deliveriesOf = (subscriptionId: number) =>
    db()
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('subscription_id', '=', subscriptionId)
      .orderBy('id')
      .execute();

  it('signs a delivery, retries a 500 after one minute with the same delivery id, then delivers', async () => {
    const r = await receiver([500, 204]);
    try {
      const res = await admin.request('POST', '/api/v1/notify/webhooks', {
        name: '城管系统',
        url: r.url,
        eventTypes: ['case.urged'],
      });
      expect(res.statusCode, res.body).toBe(201);
      const { id, secret } = res.json() as { id: number; secret: string };
      expect(secret).toMatch(/^whsec_/);
      const listed = (await admin.request('GET', '/api/v1/notify/webhooks')).json().items as Record<string, unknown>[];
      expect(listed.find((s) => s.id === id)).not.toHaveProperty('secret');

      await emitEvent('case.urged', {
        caseId: 424242,
        caseNo: '20261129-0424242',
        departmentIds: [1],
        reporterUserId: 7,
      });
      await emitEvent('case.created', { caseId: 424243, caseNo: '20261129-0424243', departmentIds: [1] });
      await consumeNotifyEvents(ctx());
      await consumeNotifyEvents(ctx());
      const [d] = await deliveriesOf(id);
      expect((await deliveriesOf(id)).map((x) => x.event_type)).toEqual(['case.urged']);

      const t0 = new Date();
      expect(await sendDueWebhooks(db(), t.config, { now: t0 })).toMatchObject({ sent: 0, retrying: 1 });
      let row = (await deliveriesOf(id))[0];
      expect(row.status).toBe('pending');
      expect(row.attempts).toBe(1);
      expect(row.last_status).toBe(500);
      expect(new Date(row.next_attempt_at).getTime() - t0.getTime()).toBe(BACKOFF_MS[0]);
      // Not due yet: nothing is sent.
      expect(await sendDueWebhooks(db(), t.config, { now: new Date(t0.getTime() + 30_000) })).toMatchObject({
        sent: 0,
        retrying: 0,
      });
      expect(await sendDueWebhooks(db(), t.config, { now: new Date(t0.getTime() + 61_000) })).toMatchObject({
        sent: 1,
      });
      row = (await deliveriesOf(id))[0];
      expect(row.status).toBe('delivered');
      expect(row.attempts).toBe(2);

      expect(r.got).toHaveLength(2);
      for (const g of r.got) {
        expect(g.headers['x-onecity-event']).toBe('case.urged');
        expect(g.headers['x-onecity-delivery']).toBe(d.delivery_id);
        const ts = String(g.headers['x-onecity-timestamp']);
        expect(verifyWebhookSignature(secret, ts, g.body, String(g.headers['x-onecity-signature']))).toBe(true);
        // What a receiver in another language computes: HMAC-SHA256(secret, timestamp + '.' + body).
        const mine = `sha256=${createHmac('sha256', secret).update(`${ts}.${g.body}`).digest('hex')}`;
        expect(g.headers['x-onecity-signature']).toBe(mine);
        expect(verifyWebhookSignature('whsec_wrong', ts, g.body, String(g.headers['x-onecity-signature']))).toBe(false);
      }
      const body = JSON.parse(r.got[1].body);
      expect(body).toMatchObject({ type: 'case.urged', data: { caseId: 424242, caseNo: '20261129-0424242' } });
      expect(typeof body.id).toBe('string');
      expect(new Date(body.occurredAt).toString()).not.toBe('Invalid Date');
      expect(body.data).not.toHaveProperty('reporterUserId');

      const log = await admin.request('GET', `/api/v1/notify/webhooks/${id}/deliveries`);
      expect(log.statusCode).toBe(200);
      expect(log.json().items[0]).toMatchObject({
        deliveryId: d.delivery_id,
        status: 'delivered',
        attempts: 2,
        lastStatus: 204,
      });
    } finally {
      await r.close();
    }
  });

  it('backs off 1 m, 5 m, 30 m, 2 h, 12 h and then gives up, keeping the row and its last error', async () => {
    const r = await receiver([503]);
    try {
      const res = await admin.request('POST', '/api/v1/notify/webhooks', {
        name: '总是失败',
        url: r.url,
        eventTypes: ['case.supervised'],
      });
      const { id } = res.json() as { id: number };
      await emitEvent('case.supervised', { caseId: 525252, caseNo: '20261129-0525252', departmentIds: [] });
      await consumeNotifyEvents(ctx());
      let now = new Date();
      const waits: number[] = [];
      for (let i = 0; i < 6; i++) {
        await sendDueWebhooks(db(), t.config, { now });
        const [row] = await deliveriesOf(id);
        if (row.status !== 'pending') break;
        const next = new Date(row.next_attempt_at);
        waits.push(next.getTime() - now.getTime());
        now = next;
      }
      expect(waits).toEqual([...BACKOFF_MS]);
      const [row] = await deliveriesOf(id);
      expect(row.status).toBe('failed');
      expect(row.attempts).toBe(6);
      expect(row.last_error).toBe('HTTP 503');
      expect(r.got).toHaveLength(6);
      expect(new Set(r.got.map((g) => g.headers['x-onecity-delivery'])).size).toBe(1);
    } finally {
      await r.close();
    }
  });

  it('refuses non-http schemes, credentials in the URL, unknown event types and, with an allow-list, other hosts', async () => {
    const post = (body: Record<string, unknown>) =>
      admin.request('POST', '/api/v1/notify/webhooks', { name: 'x', eventTypes: ['*'], ...body });
    for (const url of ['file:///etc/passwd', 'gopher://10.0.0.1:70/x', 'http://user:pw@10.0.0.1/hook', 'not a url']) {
      const res = await post({ url });
      expect(res.statusCode, url).toBe(400);
      expect(errorCode(res)).toBe('WEBHOOK_URL_INVALID');
    }
    const bad = await post({ url: 'http://10.1.2.3/hook', eventTypes: ['user.deleted'] });
    expect(errorCode(bad)).toBe('WEBHOOK_EVENT_TYPE_UNKNOWN');
    // 政务外网 addresses are allowed by default.
    expect((await post({ url: 'http://10.1.2.3/hook', eventTypes: ['case.created'] })).statusCode).toBe(201);
    const pinned = { ...t.config, notify: { ...t.config.notify, webhookAllowedHosts: ['hooks.city.gov.cn'] } };
    await expect(
      db()
        .transaction()
        .execute((tx) =>
          createSubscription(tx, SYSTEM_ACTOR, pinned, { name: 'x', url: 'http://10.1.2.3/hook', eventTypes: ['*'] }),
        ),
    ).rejects.toMatchObject({ code: 'WEBHOOK_HOST_NOT_ALLOWED' });
    const count = await sql<{
      n: number;
    }>`select count(*)::int as n from webhook_subscriptions where name = 'x'`.execute(db());
    expect(count.rows[0].n).toBe(1);
  });

  it('updates a subscription with its version and refuses a stale one', async () => {
    const created = (
      await admin.request('POST', '/api/v1/notify/webhooks', {
        name: '版本',
        url: 'http://10.9.9.9/h',
        eventTypes: ['*'],
      })
    ).json();
    const ok = await admin.request('PATCH', `/api/v1/notify/webhooks/${created.id}`, { active: false, version: 1 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ active: false, version: 2 });
    const stale = await admin.request('PATCH', `/api/v1/notify/webhooks/${created.id}`, { active: true, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale)).toBe('VERSION_CONFLICT');
    const missing = await admin.request('GET', '/api/v1/notify/webhooks/999999/deliveries');
    expect(errorCode(missing)).toBe('WEBHOOK_NOT_FOUND');
  });

  it('mails the 受理回执 through a real SMTP server and logs the SMS with a masked phone only', async () => {
    const mails: { to: string[]; raw: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, cb) {
        let raw = '';
        stream.on('data', (c) => {
          raw += c;
        });
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const port = (smtp.server.address() as AddressInfo).port;
    try {
      const config = { ...t.config, notify: { ...t.config.notify, smtpUrl: `smtp://127.0.0.1:${port}` } };
      const fx = await setupIntakeFixtures(db());
      const res = await anonymous(t.app, 'POST', '/api/v1/citizen/cases', {
        categoryId: fx.litterId,
        description: '小区门口垃圾堆放三天无人清理',
        location: GUSU,
        reporter: { name: '李女士', phone: '13912345678', email: 'li@example.cn' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const { caseNo } = res.json() as { caseNo: string };
      await consumeNotifyEvents(ctx(config));
      const rows = await db()
        .selectFrom('notification_deliveries')
        .selectAll()
        .where('case_no', '=', caseNo)
        .orderBy('channel')
        .execute();
      expect(rows.map((r) => `${r.channel}:${r.template}:${r.recipient_masked}`)).toEqual([
        'email:receipt:l***@example.cn',
        'sms:receipt:139****5678',
      ]);

      const logged: { entry: Record<string, unknown>; msg: string }[] = [];
      const senders = sendersFrom(config, (entry, msg) => logged.push({ entry, msg }));
      expect(senders.sms).toBeInstanceOf(LogSmsSender);
      expect(await sendDueNotices(db(), senders)).toMatchObject({ sent: 2, failed: 0 });

      expect(mails).toHaveLength(1);
      expect(mails[0].to).toEqual(['li@example.cn']);
      const text = decodeMailBody(mails[0].raw);
      expect(text).toContain(caseNo);
      expect(text).toContain('您的诉求已受理');
      expect(logged).toHaveLength(1);
      expect(logged[0].entry).toEqual({ channel: 'sms', to: '139****5678', template: 'receipt' });
      expect(JSON.stringify(logged)).not.toContain('13912345678');

      const after = await db()
        .selectFrom('notification_deliveries')
        .select(['status', 'recipient', 'attempts'])
        .where('case_no', '=', caseNo)
        .execute();
      // Sent: the address is no longer kept.
      expect(after.every((r) => r.status === 'sent' && r.recipient === null && r.attempts === 1)).toBe(true);
    } finally {
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });

  it('retries a notice when the SMTP server is down, keeping it pending with the error', async () => {
    await db()
      .insertInto('notification_deliveries')
      .values({
        channel: 'email',
        template: 'receipt',
        recipient: 'down@example.cn',
        recipient_masked: 'd***@example.cn',
        case_id: 909090,
        case_no: 'X-909090',
        subject: 's',
        message: 'm',
        event_id: 909090,
      })
      .execute();
    const dead = { ...t.config, notify: { ...t.config.notify, smtpUrl: 'smtp://127.0.0.1:1' } };
    const now = new Date(Date.now() + 3_600_000 * 24 * 30);
    const r = await sendDueNotices(
      db(),
      sendersFrom(dead, () => {}),
      { now },
    );
    expect(r.retrying).toBeGreaterThanOrEqual(1);
    const row = await db()
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('case_no', '=', 'X-909090')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(row.recipient).toBe('down@example.cn');
    expect(row.last_error).toBeTruthy();
    expect(new Date(row.next_attempt_at).getTime() - now.getTime()).toBe(BACKOFF_MS[0]);
  });

  it('posts to an HTTP SMS gateway with a signature over the body', async () => {
    const r = await receiver([200]);
    try {
      await new HttpSmsSender(r.url, 'gw-secret').send('13912345678', {
        template: 'closed',
        subject: 's',
        text: '【12345】已办结',
      });
      expect(r.got).toHaveLength(1);
      expect(JSON.parse(r.got[0].body)).toEqual({ to: '13912345678', template: 'closed', text: '【12345】已办结' });
      const sig = `sha256=${createHmac('sha256', 'gw-secret').update(r.got[0].body).digest('hex')}`;
      expect(r.got[0].headers['x-onecity-signature']).toBe(sig);
    } finally {
      await r.close();
    }
    const failing = await receiver([502]);
    try {
      await expect(
        new HttpSmsSender(failing.url, undefined).send('13912345678', { template: 'x', subject: '', text: '' }),
      ).rejects.toThrow(/502/);
    } finally {
      await failing.close();
    }
  });
});

/** The text part of a raw MIME message (nodemailer writes UTF-8 text as quoted-printable or base64). */
function decodeMailBody(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const enc = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (enc === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
