// 受理/上报: one createCase for every channel — routing recorded with its reason, unroutable cases without a
// department, Idempotency-Key (replay, body mismatch, concurrent duplicates), photos checked by content, and every
// kind of bad input answered 400 naming the field with nothing written. Random bodies never give a 5xx.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripExif } from '../../src/server/modules/cases/attachments.ts';
import { createCase } from '../../src/server/modules/cases/intake.ts';
import type { Actor } from '../../src/server/platform/auth/actor.ts';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  errorCode,
  login,
  type Session,
  type TestApp,
} from '../support/test-app.ts';
import {
  caseBody,
  fileCase,
  GUSU,
  type IntakeFixtures,
  jpegBase64,
  OUTSIDE,
  PNG_BASE64,
  setupIntakeFixtures,
} from './cases-intake-fixtures.ts';

describe.skipIf(!engineAvailable())('case intake', () => {
  let t: TestApp;
  let agent: Session;
  let grid: Session;
  let handler: Session;
  let fx: IntakeFixtures;
  const count = async (table: 'cases' | 'case_attachments' | 'idempotency_keys') =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.opened.db)).rows[0].n);

  beforeAll(async () => {
    t = await createTestApp();
    fx = await setupIntakeFixtures(t.opened.db);
    agent = await login(t.app, 'agent', DEMO_PASSWORD);
    grid = await login(t.app, 'gridworker', DEMO_PASSWORD);
    handler = await login(t.app, 'handler', DEMO_PASSWORD);
  });
  afterAll(() => t?.close());

  it('files a hotline case: accepted, located, routed by the most specific rule with its reason, one transaction of facts', async () => {
    const res = await fileCase(
      agent,
      caseBody(fx.litterId, { photos: [{ filename: '现场.jpg', contentBase64: jpegBase64() }] }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c.caseNo).toMatch(/^\d{8}-\d{7}$/);
    expect(c.caseNo.endsWith(String(c.id).padStart(7, '0'))).toBe(true);
    expect(c.status).toBe('accepted');
    expect(c.location.districtCode).toBe('320508');
    expect(c.location.areaCode).toBe(c.location.communityCode);
    expect(c.location.gridCode.startsWith(c.location.communityCode)).toBe(true);
    expect(c.routing.ruleId).toBe(fx.subRuleId);
    expect(c.routing.departmentId).toBe(fx.districtDeptId);
    expect(c.routing.reason).toContain(`派单规则 #${fx.subRuleId}`);
    expect(c.routing.reason).toContain('小类「测试暴露垃圾」');
    expect(c.title).toBe('测试暴露垃圾（人民路与干将路交叉口）');
    expect(c.attachments).toHaveLength(1);
    expect(c.attachments[0]).toMatchObject({ mime: 'image/jpeg', filename: '现场.jpg' });
    expect(c.attachments[0].sha256).toMatch(/^[0-9a-f]{64}$/);

    const db = t.opened.db;
    const row = await db.selectFrom('cases').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      main_department_id: fx.districtDeptId,
      routing_rule_id: fx.subRuleId,
      reporter_phone: '13912345678',
      channel: 'phone',
    });
    const parties = await db.selectFrom('case_parties').selectAll().where('case_id', '=', c.id).execute();
    expect(parties.map((p) => p.role)).toEqual(['centre']);
    const events = await db.selectFrom('case_events').selectAll().where('case_id', '=', c.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'create', to_status: 'accepted', public: true });
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('target_type', '=', 'case')
      .where('target_id', '=', String(c.id))
      .execute();
    expect(audit.map((a) => a.action)).toContain('case.create');
    expect(JSON.stringify(audit)).not.toContain('13912345678');
    const outbox = await sql<{ payload: { caseId: number; caseNo: string; departmentIds: number[] } }>`
      select payload from outbox where type = 'case.created' and (payload->>'caseId')::bigint = ${c.id}`.execute(db);
    expect(outbox.rows).toHaveLength(1);
    expect(outbox.rows[0].payload.caseNo).toBe(c.caseNo);
    expect(outbox.rows[0].payload.departmentIds).toHaveLength(1);
  });

  it('routes by the 大类 rule when no 小类 rule matches, checking required attributes', async () => {
    const missing = await fileCase(agent, caseBody(fx.stallId));
    expect(missing.statusCode).toBe(400);
    expect(errorCode(missing)).toBe('CASE_ATTRIBUTE_REQUIRED');
    expect(missing.json().error.details.field).toBe('attributes.stall_count');
    const wrongType = await fileCase(agent, caseBody(fx.stallId, { attributes: { stall_count: '很多' } }));
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.details.field).toBe('attributes.stall_count');
    const ok = await fileCase(agent, caseBody(fx.stallId, { attributes: { stall_count: 3 } }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().routing).toMatchObject({ ruleId: fx.topRuleId, departmentId: fx.cityDeptId });
    expect(ok.json().routing.reason).toContain('大类「测试市容环境」');
  });

  it('leaves an unroutable case without a department, for the dispatcher queue', async () => {
    const res = await fileCase(agent, caseBody(fx.orphanId, { nature: 'consult' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().routing.departmentId).toBeNull();
    expect(res.json().routing.ruleId).toBeNull();
    expect(res.json().routing.reason).toContain('无匹配的派单规则');
  });

  it('takes a grid worker’s report in their area as received, and refuses one without an area (403)', async () => {
    const res = await fileCase(
      grid,
      caseBody(fx.litterId, { channel: 'grid', reporter: undefined, photos: [{ contentBase64: PNG_BASE64 }] }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().status).toBe('received');
    expect(res.json().attachments[0]).toMatchObject({ mime: 'image/png', filename: 'photo-1.png' });
    const before = await count('cases');
    const other = await fileCase(grid, caseBody(fx.orphanId, { channel: 'grid', location: undefined }));
    // Without a location the case has no area: the area-scoped grid worker may not file it.
    expect(other.statusCode).toBe(403);
    expect(await count('cases')).toBe(before);
  });

  it('files citizen (web) and Open311 cases through the same createCase, starting received', async () => {
    const citizenId = (
      await t.opened.db.selectFrom('users').select('id').where('username', '=', 'citizen').executeTakeFirstOrThrow()
    ).id;
    const citizen: Actor = {
      kind: 'user',
      id: citizenId,
      name: 'citizen',
      grants: [
        {
          role: 'citizen',
          permissions: new Set(['case.report']),
          departmentPath: null,
          departmentId: null,
          areaCode: null,
        },
      ],
    };
    const app: Actor = {
      kind: 'apikey',
      id: 999,
      apiKeyId: 999,
      name: 'open311-app',
      grants: [
        {
          role: 'apikey',
          permissions: new Set(['case.create']),
          departmentPath: null,
          departmentId: null,
          areaCode: null,
        },
      ],
    };
    const web = await t.opened.db.transaction().execute((tx) =>
      createCase(tx, citizen, {
        channel: 'web',
        nature: 'help',
        categoryId: fx.litterId,
        description: '小区门口垃圾没人收',
        location: { ...GUSU },
        reporter: { phone: '0512-65223456' },
        reporterUserId: citizenId,
      }),
    );
    expect(web.status).toBe('received');
    const o311 = await t.opened.db.transaction().execute((tx) =>
      createCase(tx, app, {
        channel: 'open311',
        nature: 'report',
        categoryId: fx.litterId,
        description: 'Trash pile on the corner',
        location: { lat: GUSU.lat, lng: GUSU.lng },
      }),
    );
    expect(o311.status).toBe('received');
    const rows = await t.opened.db
      .selectFrom('cases')
      .select(['id', 'reporter_user_id', 'reporter_phone', 'created_by_name'])
      .where('id', 'in', [web.id, o311.id])
      .orderBy('id')
      .execute();
    expect(rows[0]).toMatchObject({ reporter_user_id: citizenId, reporter_phone: '051265223456' });
    expect(rows[1].created_by_name).toBe('open311-app');
  });

  it('converts a GCJ-02 point and resolves nothing it cannot: an unknown address stays text, unlocated', async () => {
    const gcj = await fileCase(
      agent,
      caseBody(fx.orphanId, { location: { lat: 31.3082, lng: 120.6245, crs: 'gcj02' } }),
    );
    expect(gcj.statusCode, gcj.body).toBe(201);
    expect(gcj.json().location.lat).not.toBeCloseTo(31.3082, 4);
    const text = await fileCase(agent, caseBody(fx.orphanId, { location: { address: '不存在的某某路九千九百号' } }));
    expect(text.statusCode, text.body).toBe(201);
    expect(text.json().location).toMatchObject({ located: false, address: '不存在的某某路九千九百号', areaCode: null });
  });

  it('locates a case by an address of the gazetteer (地址库) when no point is given', async () => {
    const known = await t.opened.db
      .selectFrom('addresses')
      .select(['text', 'grid_code'])
      .where('grid_code', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    if (!known) throw new Error('the demo gazetteer has no located address');
    const res = await fileCase(agent, caseBody(fx.orphanId, { location: { address: known.text } }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().location).toMatchObject({ located: true, address: known.text, gridCode: known.grid_code });
  });

  it('refuses bad input with 400 naming the field, writing nothing', async () => {
    const before = [await count('cases'), await count('case_attachments')];
    const cases: [Record<string, unknown>, string, string][] = [
      [caseBody(fx.litterId, { location: OUTSIDE }), 'CASE_OUTSIDE_CITY', 'location'],
      [caseBody(fx.litterId, { location: { lat: 31.31 } }), 'CASE_LOCATION_INVALID', 'location.lng'],
      [caseBody(999_999), 'CASE_CATEGORY_UNKNOWN', 'categoryId'],
      [caseBody(fx.topId), 'CASE_CATEGORY_UNKNOWN', 'categoryId'],
      [caseBody(fx.litterId, { description: '长'.repeat(4001) }), 'VALIDATION_FAILED', 'description'],
      [caseBody(fx.litterId, { reporter: { phone: '12345' } }), 'CASE_PHONE_INVALID', 'reporter.phone'],
      [
        caseBody(fx.litterId, { reporter: { idNumber: '110105194912310021' } }),
        'CASE_ID_NUMBER_INVALID',
        'reporter.idNumber',
      ],
      [caseBody(fx.manholeId), 'CASE_COMPONENT_ID_REQUIRED', 'componentId'],
      [caseBody(fx.manholeId, { componentId: '3205080201000001' }), 'CASE_COMPONENT_ID_INVALID', 'componentId'],
      [caseBody(fx.manholeId, { componentId: '12345' }), 'CASE_COMPONENT_ID_INVALID', 'componentId'],
      [
        caseBody(fx.manholeId, { componentId: '3205080101000001', reporter: { anonymous: true } }),
        'CASE_ANONYMOUS_NOT_ALLOWED',
        'reporter.anonymous',
      ],
      [
        caseBody(fx.litterId, {
          photos: [{ mime: 'image/jpeg', contentBase64: Buffer.from('not an image').toString('base64') }],
        }),
        'CASE_PHOTO_INVALID',
        'photos[0]',
      ],
      [
        caseBody(fx.litterId, { photos: [{ mime: 'image/png', contentBase64: jpegBase64() }] }),
        'CASE_PHOTO_INVALID',
        'photos[0].mime',
      ],
      [
        caseBody(fx.litterId, {
          photos: [{ contentBase64: Buffer.alloc(5 * 1024 * 1024 + 10, 0xff).toString('base64') }],
        }),
        'CASE_PHOTO_TOO_LARGE',
        'photos[0]',
      ],
      [
        caseBody(fx.litterId, { photos: Array.from({ length: 10 }, () => ({ contentBase64: PNG_BASE64 })) }),
        'VALIDATION_FAILED',
        'photos',
      ],
      [caseBody(fx.litterId, { surprise: 1 }), 'VALIDATION_FAILED', 'surprise'],
    ];
    for (const [body, code, field] of cases) {
      const res = await fileCase(agent, body);
      expect(res.statusCode, `${code} ${res.body}`).toBe(400);
      expect(errorCode(res)).toBe(code);
      expect(res.json().error.details.field).toBe(field);
    }
    expect([await count('cases'), await count('case_attachments')]).toEqual(before);
  });

  it('accepts a component case with a matching 16-digit id', async () => {
    const res = await fileCase(agent, caseBody(fx.manholeId, { componentId: '3205080101000001' }));
    expect(res.statusCode, res.body).toBe(201);
  });

  it('answers a 50 MB photo with 413 and keeps nothing', async () => {
    const before = await count('cases');
    const huge = 'A'.repeat(68 * 1024 * 1024);
    const res = await agent.request(
      'POST',
      '/api/v1/cases',
      JSON.stringify(caseBody(fx.litterId, { photos: [{ contentBase64: huge }] })),
      {
        'content-type': 'application/json',
      },
    );
    expect(res.statusCode).toBe(413);
    expect(errorCode(res)).toBe('BODY_TOO_LARGE');
    expect(await count('cases')).toBe(before);
  });

  it('strips EXIF (GPS) from the public copy of a JPEG and keeps the image data', () => {
    const original = Buffer.from(jpegBase64('exif'), 'base64');
    const stripped = stripExif(original, 'image/jpeg');
    expect(original.includes(Buffer.from('Exif'))).toBe(true);
    expect(stripped.includes(Buffer.from('Exif'))).toBe(false);
    expect(stripped.includes(Buffer.from('image-data-exif'))).toBe(true);
    expect(stripped.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  describe('Idempotency-Key', () => {
    it('returns the first response to a retry with the same key and body, and 422 for another body', async () => {
      const key = `k-${Date.now()}`;
      const body = caseBody(fx.litterId, { description: '幂等测试：同一请求重试' });
      const first = await fileCase(agent, body, { 'idempotency-key': key });
      expect(first.statusCode).toBe(201);
      const before = await count('cases');
      const again = await fileCase(agent, body, { 'idempotency-key': key });
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      expect(await count('cases')).toBe(before);
      const other = await fileCase(agent, { ...body, description: '另一个诉求' }, { 'idempotency-key': key });
      expect(other.statusCode).toBe(422);
      expect(errorCode(other)).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(await count('cases')).toBe(before);
      // The key belongs to its caller: another user's request with the same key is a new request.
      const gw = await fileCase(grid, { ...body, channel: 'grid' }, { 'idempotency-key': key });
      expect(gw.statusCode).toBe(201);
      expect(gw.json().id).not.toBe(first.json().id);
    });

    it('makes exactly one case of concurrent requests with the same key', async () => {
      const key = `c-${Date.now()}`;
      const body = caseBody(fx.litterId, { description: '幂等测试：并发重复提交' });
      const before = await count('cases');
      const results = await Promise.all(
        Array.from({ length: 6 }, () => fileCase(agent, body, { 'idempotency-key': key })),
      );
      for (const r of results) expect([201, 409]).toContain(r.statusCode);
      const ids = new Set(results.filter((r) => r.statusCode === 201).map((r) => r.json().id));
      expect(ids.size).toBe(1);
      expect(await count('cases')).toBe(before + 1);
    });

    it('does not keep the key of a refused request, so its corrected retry goes through', async () => {
      const key = `f-${Date.now()}`;
      const bad = await fileCase(agent, caseBody(fx.stallId), { 'idempotency-key': key });
      expect(bad.statusCode).toBe(400);
      const keys = await count('idempotency_keys');
      const good = await fileCase(agent, caseBody(fx.stallId, { attributes: { stall_count: 1 } }), {
        'idempotency-key': key,
      });
      expect(good.statusCode).toBe(201);
      expect(await count('idempotency_keys')).toBe(keys + 1);
    });

    it('lets a key expire after 24 hours: an old key starts a new request', async () => {
      const key = `e-${Date.now()}`;
      const body = caseBody(fx.litterId, { description: '幂等测试：过期的幂等键' });
      const first = await fileCase(agent, body, { 'idempotency-key': key });
      expect(first.statusCode).toBe(201);
      const row = await t.opened.db
        .selectFrom('idempotency_keys')
        .select(['expires_at', 'created_at'])
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(24 * 3600 * 1000);
      await t.opened.db
        .updateTable('idempotency_keys')
        .set({ expires_at: new Date(Date.now() - 60_000) })
        .where('key', '=', key)
        .execute();
      const later = await fileCase(agent, body, { 'idempotency-key': key });
      expect(later.statusCode).toBe(201);
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      expect(later.json().id).not.toBe(first.json().id);
    });

    it('refuses a malformed key', async () => {
      const res = await fileCase(agent, caseBody(fx.litterId), { 'idempotency-key': 'has space' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.field).toBe('Idempotency-Key');
    });
  });

  it('refuses filing to a role without case.create (handler): 403, nothing written', async () => {
    const before = await count('cases');
    const res = await fileCase(handler, caseBody(fx.litterId));
    expect(res.statusCode).toBe(403);
    expect(await count('cases')).toBe(before);
  });

  it('never answers random bodies with a 5xx, always with the one error shape', async () => {
    const arbBody = fc.oneof(
      fc.anything(),
      fc.record(
        {
          channel: fc.oneof(fc.constantFrom('phone', 'grid', 'web', 'open311'), fc.string()),
          nature: fc.oneof(fc.constantFrom('complaint', 'consult'), fc.string()),
          categoryId: fc.oneof(fc.constant(fx.litterId), fc.constant(fx.stallId), fc.integer(), fc.double()),
          description: fc.oneof(fc.string({ maxLength: 50 }), fc.constant('')),
          title: fc.string({ maxLength: 300 }),
          reporter: fc.record(
            {
              name: fc.string(),
              phone: fc.string({ maxLength: 20 }),
              idNumber: fc.string({ maxLength: 20 }),
              anonymous: fc.boolean(),
            },
            { requiredKeys: [] },
          ),
          location: fc.record(
            {
              lat: fc.oneof(fc.double(), fc.double({ min: 31.2, max: 31.4, noNaN: true })),
              lng: fc.oneof(fc.double(), fc.double({ min: 120.5, max: 120.7, noNaN: true })),
              crs: fc.oneof(fc.constantFrom('wgs84', 'gcj02', 'bd09'), fc.string()),
              address: fc.string(),
            },
            { requiredKeys: [] },
          ),
          componentId: fc.string({ maxLength: 20 }),
          attributes: fc.dictionary(
            fc.string({ maxLength: 10 }),
            fc.oneof(fc.string(), fc.integer(), fc.array(fc.string())),
          ),
          photos: fc.array(fc.record({ contentBase64: fc.base64String({ maxLength: 40 }), mime: fc.string() }), {
            maxLength: 3,
          }),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(arbBody, async (body) => {
        const res = await agent.request('POST', '/api/v1/cases', JSON.stringify(body ?? null), {
          'content-type': 'application/json',
        });
        if (res.statusCode >= 500) throw new Error(`${res.statusCode} for ${JSON.stringify(body)}: ${res.body}`);
        if (res.statusCode >= 400) errorCode(res);
      }),
      { numRuns: 150 },
    );
  });

  it('never answers random duplicate-check or merge bodies with a 5xx', async () => {
    const arb = fc.oneof(
      fc.anything(),
      fc.record(
        {
          categoryId: fc.oneof(fc.constant(fx.litterId), fc.integer(), fc.string()),
          lat: fc.oneof(fc.double(), fc.double({ min: 31.2, max: 31.4, noNaN: true })),
          lng: fc.oneof(fc.double(), fc.double({ min: 120.5, max: 120.7, noNaN: true })),
          crs: fc.string(),
          description: fc.string({ maxLength: 100 }),
          masterCaseId: fc.oneof(fc.integer(), fc.string()),
          version: fc.integer(),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(arb, fc.constantFrom('/api/v1/cases/duplicates', '/api/v1/cases/1/merge'), async (body, url) => {
        const res = await agent.request('POST', url, JSON.stringify(body ?? null), {
          'content-type': 'application/json',
        });
        if (res.statusCode >= 500) throw new Error(`${res.statusCode} ${url} ${JSON.stringify(body)}: ${res.body}`);
        if (res.statusCode >= 400) errorCode(res);
      }),
      { numRuns: 100 },
    );
  });
});
