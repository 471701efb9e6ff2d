// Loose ends of the cases backend: duplicate candidates limited to what the filer may read, the hourly purge of
// expired Idempotency-Keys, and photo metadata (a citizen's EXIF GPS never stored; staff evidence kept as taken).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casesModule } from '../../src/server/modules/cases/module.ts';
import { IDEMPOTENCY_PURGE_JOB, purgeAllExpiredIdempotencyKeys } from '../../src/server/platform/http/idempotency.ts';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  login,
  type Session,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../support/test-app.ts';
import { caseBody, fileCase, GUSU, type IntakeFixtures, setupIntakeFixtures } from './cases-intake-fixtures.ts';
import { departmentByCode, step } from './cases-workflow-fixtures.ts';
import { createUser, departmentIdByCode } from './fixtures.ts';

/** Either side of the 姑苏区 (320508) / 虎丘区 (320505) border at lng 120.58, about 100 m apart. */
const GUSU_EDGE = { lat: 31.31, lng: 120.5806 };
const HUQIU_EDGE = { lat: 31.31, lng: 120.5795 };

/** A JPEG as a phone writes it: SOI, APP0 JFIF, APP1 Exif with a GPS IFD (31°18'36"N), APP2 ICC, scan, EOI. */
function phoneJpeg(tag: string): Buffer {
  const seg = (marker: number, body: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  // TIFF, big-endian: IFD0 with one entry (GPSInfo → the GPS IFD), the GPS IFD with GPSLatitudeRef and GPSLatitude.
  const tiff = Buffer.alloc(8 + 18 + 30 + 24);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x8825, 10); // GPSInfo
  tiff.writeUInt16BE(4, 12); // LONG
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt32BE(26, 18); // offset of the GPS IFD
  tiff.writeUInt32BE(0, 22);
  tiff.writeUInt16BE(2, 26);
  tiff.writeUInt16BE(1, 28); // GPSLatitudeRef
  tiff.writeUInt16BE(2, 30); // ASCII
  tiff.writeUInt32BE(2, 32);
  tiff.write('N\0', 36, 'latin1');
  tiff.writeUInt16BE(2, 40); // GPSLatitude
  tiff.writeUInt16BE(5, 42); // RATIONAL
  tiff.writeUInt32BE(3, 44);
  tiff.writeUInt32BE(56, 48);
  tiff.writeUInt32BE(0, 52);
  for (const [i, v] of [31, 1, 18, 1, 36, 1].entries()) tiff.writeUInt32BE(v, 56 + i * 4);
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, Buffer.from('GPSLatitude iPhone 15', 'latin1')]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    seg(0xe1, exif),
    seg(0xe2, Buffer.from('ICC_PROFILE\0\x01\x01colour', 'latin1')),
    Buffer.from([0xff, 0xda, 0x00, 0x02]),
    Buffer.from(`scan-data-${tag}`, 'latin1'),
    Buffer.from([0xff, 0xd9]),
  ]);
}

describe.skipIf(!engineAvailable())('cases: duplicate scope, idempotency purge, photo metadata', () => {
  let t: TestApp;
  let fx: IntakeFixtures;
  let admin: Session;
  let agent: Session;
  let gusuWorker: Session;
  let huqiuWorker: Session;
  const db = () => t.opened.db;

  beforeAll(async () => {
    t = await createTestApp();
    fx = await setupIntakeFixtures(db());
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    agent = await login(t.app, 'agent', DEMO_PASSWORD);
    gusuWorker = await login(t.app, 'gridworker', DEMO_PASSWORD);
    const w = await createUser(admin, {
      prefix: 'hqgrid',
      departmentId: await departmentIdByCode(admin, 'GOV-320505'),
      grants: [{ role: 'grid_worker', areaCode: '320505' }],
    });
    huqiuWorker = await login(t.app, w.username, w.password);
  });
  afterAll(() => t?.close());

  describe('duplicate candidates at intake', () => {
    const text = '边界路口生活垃圾堆积如山，多日无人清运，臭气熏天';
    let gusuCase: { id: number; caseNo: string };

    beforeAll(async () => {
      const res = await fileCase(
        agent,
        caseBody(fx.litterId, { description: text, location: { ...GUSU_EDGE, address: '边界路口东' } }),
      );
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().location.districtCode).toBe('320508');
      gusuCase = { id: res.json().id, caseNo: res.json().caseNo };
    });

    it('does not show a grid worker a candidate across the district border', async () => {
      const res = await fileCase(
        huqiuWorker,
        caseBody(fx.litterId, {
          channel: 'grid',
          description: text,
          location: { ...HUQIU_EDGE, address: '边界路口西' },
        }),
      );
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().location.districtCode).toBe('320505');
      expect(res.json().duplicates.map((d: { id: number }) => d.id)).not.toContain(gusuCase.id);
      // The check before filing answers the same (it was scoped already).
      const check = await huqiuWorker.request('POST', '/api/v1/cases/duplicates', {
        categoryId: fx.litterId,
        ...HUQIU_EDGE,
        description: text,
      });
      expect(check.statusCode, check.body).toBe(200);
      expect(check.json().items.map((d: { id: number }) => d.id)).not.toContain(gusuCase.id);
      // The 虎丘 worker cannot open the 姑苏 case either: the candidates are no wider than the detail.
      expect((await huqiuWorker.request('GET', `/api/v1/cases/${gusuCase.id}`)).statusCode).toBe(403);
    });

    it('suggests the same case to the hotline agent (the centre takes part in every case) and to the 姑苏 worker', async () => {
      const byAgent = await fileCase(
        agent,
        caseBody(fx.litterId, { description: text, location: { ...HUQIU_EDGE, address: '边界路口西' } }),
      );
      expect(byAgent.statusCode, byAgent.body).toBe(201);
      const agentSees = byAgent.json().duplicates as { id: number; caseNo: string; title: string }[];
      expect(agentSees.map((d) => d.id)).toContain(gusuCase.id);
      expect(agentSees.find((d) => d.id === gusuCase.id)?.caseNo).toBe(gusuCase.caseNo);

      const byGusu = await fileCase(
        gusuWorker,
        caseBody(fx.litterId, {
          channel: 'grid',
          description: text,
          location: { ...GUSU_EDGE, address: '边界路口东' },
        }),
      );
      expect(byGusu.statusCode, byGusu.body).toBe(201);
      const gusuSees = (byGusu.json().duplicates as { id: number }[]).map((d) => d.id);
      expect(gusuSees).toContain(gusuCase.id);
      // …but not the 虎丘 cases a few metres away.
      expect(gusuSees).not.toContain(byAgent.json().id);
    });

    it('gives a citizen filing through the web form no candidates at all', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/citizen/cases',
        remoteAddress: '10.77.0.1',
        payload: {
          categoryId: fx.litterId,
          description: text,
          location: GUSU_EDGE,
          reporter: { name: '边先生', phone: '13911112222' },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).not.toHaveProperty('duplicates');
    });
  });

  describe('purge of expired Idempotency-Keys', () => {
    const insertKey = (scope: string, key: string, expiresInMinutes: number) =>
      sql`insert into idempotency_keys (scope, key, request_hash, response_status, response_body, expires_at)
          values (${scope}, ${key}, 'h', 201, '{}', now() + make_interval(mins => ${expiresInMinutes}))`.execute(db());
    const keysOf = async (scope: string) =>
      (await db().selectFrom('idempotency_keys').select('key').where('scope', '=', scope).orderBy('key').execute()).map(
        (r) => r.key,
      );

    it('is an hourly job of the cases module', () => {
      const job = casesModule.jobs?.find((j) => j.name === IDEMPOTENCY_PURGE_JOB.name);
      expect(job).toBeDefined();
      expect(job?.everyMs).toBe(60 * 60 * 1000);
    });

    it('deletes keys expired over an hour ago and keeps live ones and those just expired', async () => {
      const scope = 'test.purge|user:1';
      await insertKey(scope, 'live', 23 * 60);
      await insertKey(scope, 'just-expired', -30);
      await insertKey(scope, 'old', -120);
      await insertKey(scope, 'very-old', -3 * 24 * 60);
      await IDEMPOTENCY_PURGE_JOB.run({ db: db(), config: t.config, out: () => {} });
      expect(await keysOf(scope)).toEqual(['just-expired', 'live']);
    });

    it('purges a backlog in batches, one transaction each', async () => {
      const scope = 'test.backlog|user:1';
      for (let i = 0; i < 7; i++) await insertKey(scope, `k${i}`, -180 - i);
      await insertKey(scope, 'live', 60);
      expect(await purgeAllExpiredIdempotencyKeys(db(), 3)).toBe(7);
      expect(await keysOf(scope)).toEqual(['live']);
    });

    it('leaves a retry within the day replaying the first case after the purge ran', async () => {
      const headers = { 'idempotency-key': `purge-${Date.now()}` };
      const body = caseBody(fx.litterId, { description: '幂等清理测试：清理后重试仍返回第一次的工单' });
      const first = await fileCase(agent, body, headers);
      expect(first.statusCode, first.body).toBe(201);
      await IDEMPOTENCY_PURGE_JOB.run({ db: db(), config: t.config, out: () => {} });
      const again = await fileCase(agent, body, headers);
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json().id).toBe(first.json().id);
    });
  });

  describe('photo metadata', () => {
    const photoOf = (tag: string) => ({ filename: 'IMG_0001.jpg', contentBase64: phoneJpeg(tag).toString('base64') });
    const storedPhotos = (caseId: number) =>
      db()
        .selectFrom('case_attachments')
        .select(['id', 'stage', 'content', 'size', 'sha256'])
        .where('case_id', '=', caseId)
        .orderBy('id')
        .execute();
    const sha256 = async (b: Uint8Array) => (await import('node:crypto')).createHash('sha256').update(b).digest('hex');

    it('stores a citizen’s photo from the web form without EXIF (GPS), the picture and colour profile intact', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/citizen/cases',
        remoteAddress: '10.77.0.2',
        payload: {
          categoryId: fx.litterId,
          description: '小区门口垃圾满地，附照片',
          location: GUSU,
          reporter: { name: '拍照的市民', phone: '13922223333' },
          photos: [photoOf('citizen')],
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const c = await db()
        .selectFrom('cases')
        .select('id')
        .where('case_no', '=', res.json().caseNo)
        .executeTakeFirstOrThrow();
      const [p] = await storedPhotos(Number(c.id));
      const bytes = Buffer.from(p.content);
      expect(bytes.includes(Buffer.from('Exif'))).toBe(false);
      expect(bytes.includes(Buffer.from('GPSLatitude'))).toBe(false);
      expect(bytes.includes(Buffer.from('scan-data-citizen'))).toBe(true);
      expect(bytes.includes(Buffer.from('ICC_PROFILE'))).toBe(true);
      expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
      expect(p.size).toBe(bytes.length);
      expect(p.sha256).toBe(await sha256(bytes));

      // What staff download is the stored copy, hash and all.
      const dl = await agent.request('GET', `/api/v1/cases/${Number(c.id)}/attachments/${Number(p.id)}`);
      expect(dl.statusCode).toBe(200);
      expect(dl.rawPayload.equals(bytes)).toBe(true);
      expect(dl.headers.etag).toBe(`"${p.sha256}"`);
    });

    it('strips a photo staff file on a citizen channel (web/app) too: it came from the citizen’s phone', async () => {
      const res = await fileCase(agent, caseBody(fx.litterId, { channel: 'app', photos: [photoOf('app')] }));
      expect(res.statusCode, res.body).toBe(201);
      const [p] = await storedPhotos(res.json().id);
      expect(Buffer.from(p.content).includes(Buffer.from('Exif'))).toBe(false);
      expect(res.json().attachments[0].sha256).toBe(p.sha256);
    });

    it('keeps the EXIF of a grid worker’s report and a handler’s result photo as taken (evidence)', async () => {
      const original = phoneJpeg('grid');
      const res = await fileCase(
        gusuWorker,
        caseBody(fx.litterId, {
          channel: 'grid',
          photos: [{ filename: 'g.jpg', contentBase64: original.toString('base64') }],
        }),
      );
      expect(res.statusCode, res.body).toBe(201);
      const id = res.json().id as number;
      const [intake] = await storedPhotos(id);
      expect(Buffer.from(intake.content).equals(original)).toBe(true);
      expect(intake.sha256).toBe(await sha256(original));

      const cgj = await departmentByCode(db(), 'CGJ-320508');
      const handler = await login(t.app, 'handler', DEMO_PASSWORD);
      const dispatcher = await login(t.app, 'dispatcher', DEMO_PASSWORD);
      await step(db(), agent, id, 'accept');
      await step(db(), dispatcher, id, 'register');
      await step(db(), dispatcher, id, 'dispatch', { mainDepartmentId: cgj.id });
      await step(db(), handler, id, 'sign');
      const result = phoneJpeg('result');
      await step(db(), handler, id, 'submitResult', {
        result: '已清运',
        photos: [{ filename: 'r.jpg', contentBase64: result.toString('base64') }],
      });
      const photos = await storedPhotos(id);
      const after = photos.find((p) => p.stage === 'result');
      expect(after && Buffer.from(after.content).equals(result)).toBe(true);
    });
  });

  describe('allowed actions', () => {
    it('lists in a 409 INVALID_TRANSITION exactly the detail’s allowedActions (without reveal), for each role', async () => {
      const filed = await fileCase(agent, caseBody(fx.litterId, { description: '可执行操作一致性测试：路口垃圾堆放' }));
      expect(filed.statusCode, filed.body).toBe(201);
      const id = filed.json().id as number;
      const dispatcher = await login(t.app, 'dispatcher', DEMO_PASSWORD);
      const handler = await login(t.app, 'handler', DEMO_PASSWORD);
      const compare = async (s: Session, impossible: string, body: Record<string, unknown> = {}) => {
        const detail = await s.request('GET', `/api/v1/cases/${id}`);
        expect(detail.statusCode, detail.body).toBe(200);
        const shown = (detail.json().allowedActions as string[]).filter((a) => a !== 'reveal');
        const refused = await s.request('POST', `/api/v1/cases/${id}/actions/${impossible}`, {
          expectedVersion: detail.json().version,
          ...body,
        });
        expect(refused.statusCode, refused.body).toBe(409);
        expect(refused.json().error.code).toBe('INVALID_TRANSITION');
        expect([...refused.json().error.details.allowed].sort()).toEqual([...shown].sort());
        return shown;
      };
      expect(await compare(dispatcher, 'dispatch')).toContain('register');
      await step(db(), dispatcher, id, 'register');
      const cgj = await departmentByCode(db(), 'CGJ-320508');
      await step(db(), dispatcher, id, 'dispatch', { mainDepartmentId: cgj.id });
      expect(await compare(handler, 'submitResult', { result: '未签收先反馈' })).toContain('sign');
      expect(await compare(dispatcher, 'register')).toContain('urge');
    });
  });
});
