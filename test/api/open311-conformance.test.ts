// Open311 GeoReport v2 conformance, written from the specification (wiki.open311.org/GeoReport_v2 and its Service
// Discovery page), not from the implementation: element names and nesting, XML with its UTF-8 declaration, JSON
// lists as top-level arrays, datetimes with a timezone, "an empty parameter equals an absent one", the 90-day
// default window, service_request_id overriding every other filter, and the <errors> envelope with 404 for what
// does not exist, 403 for a missing or bad api_key and 400 for everything else.
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  login,
  type Session,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../support/test-app.ts';
import { departmentIdByCode, uniqueName } from './fixtures.ts';

const BASE = '/open311/v2';
const W3C_CITY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const FORMATS = ['xml', 'json'] as const;
type Format = (typeof FORMATS)[number];

// Containers whose children repeat: parsed as arrays even with one child (the spec's Spark convention).
const LISTS = new Set(['service', 'attribute', 'value', 'endpoint', 'format', 'request', 'error', 'note']);
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => LISTS.has(name),
});

/** The parsed root element of an XML answer, after checking it is well-formed, UTF-8 and text/xml. */
function xml(res: LightMyRequestResponse, root: string): Record<string, unknown> {
  expect(res.headers['content-type']).toMatch(/^text\/xml; charset=utf-8$/i);
  expect(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  expect(XMLValidator.validate(res.body)).toBe(true);
  const doc = parser.parse(res.body) as Record<string, unknown>;
  expect(Object.keys(doc).filter((k) => k !== '?xml')).toEqual([root]);
  return (doc[root] ?? {}) as Record<string, unknown>;
}

function json(res: LightMyRequestResponse): unknown {
  expect(res.headers['content-type']).toMatch(/^application\/json; charset=utf-8$/i);
  return JSON.parse(res.body);
}

/** The <errors> of an XML answer or the top-level array of a JSON one, checked for the spec's shape. */
function errorsOf(res: LightMyRequestResponse, format: Format): { code: string; description: string }[] {
  if (format === 'json') {
    const body = json(res);
    expect(Array.isArray(body)).toBe(true);
    const list = body as { code: unknown; description: unknown }[];
    for (const e of list) {
      expect(Object.keys(e).sort()).toEqual(['code', 'description']);
      expect(typeof e.description).toBe('string');
    }
    return list.map((e) => ({ code: String(e.code), description: String(e.description) }));
  }
  const list = (xml(res, 'errors').error ?? []) as { code: string; description: string }[];
  for (const e of list) expect(Object.keys(e).sort()).toEqual(['code', 'description']);
  return list;
}

function form(fields: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
  return p.toString();
}

const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe.skipIf(!engineAvailable())('Open311 GeoReport v2', () => {
  let t: TestApp;
  let admin: Session;
  let key: string;
  let agencyName: string;
  const GROUP = uniqueName('G').toUpperCase().slice(0, 12);
  const WITH_ATTRS = `${GROUP}A`;
  const PLAIN = `${GROUP}B`;
  const INACTIVE = `${GROUP}X`;
  const PART = `${GROUP}C`;
  const caseNo = (n: number) => `${GROUP}-${String(n).padStart(4, '0')}`;

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `${BASE}${url}`, headers });
  const post = (url: string, body: string, headers: Record<string, string> = FORM_HEADERS) =>
    t.app.inject({ method: 'POST', url: `${BASE}${url}`, payload: body, headers });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    const db = t.opened.db;
    const attributes = [
      {
        code: 'side',
        datatype: 'singlevaluelist',
        required: true,
        description: '在道路哪一侧？',
        order: 1,
        values: [
          { key: 'east', name: '东侧' },
          { key: 'west', name: '西侧' },
        ],
      },
      {
        code: 'kinds',
        datatype: 'multivaluelist',
        required: false,
        description: '哪些问题 <&> "多选"',
        order: 2,
        values: [
          { key: 'crack', name: '裂缝 & 破损' },
          { key: 'loose', name: '松动' },
        ],
      },
      { code: 'count', datatype: 'number', required: false, description: '数量', order: 3 },
    ];
    const g = await sql<{ id: number }>`insert into case_categories (code, level, kind, name, name_en, sort)
      values (${GROUP}, 1, 'component', '公用设施（测试）', 'Utilities (test)', -1) returning id`.execute(db);
    const gid = g.rows[0].id;
    await sql`insert into case_categories (code, parent_id, level, kind, name, name_en, keywords, description, attributes, sort)
      values (${WITH_ATTRS}, ${gid}, 2, 'component', '井盖破损', 'Damaged manhole cover', '井盖, 窨井', '井盖缺失、破损或松动',
              ${JSON.stringify(attributes)}, 1),
             (${PLAIN}, ${gid}, 2, 'component', '路灯不亮', 'Street light out', '', '', '[]', 2)`.execute(db);
    await sql`insert into case_categories (code, parent_id, level, kind, name, active, sort)
      values (${INACTIVE}, ${gid}, 2, 'component', '已停用', false, 3)`.execute(db);
    await sql`insert into case_categories (code, parent_id, level, kind, name, concerns_component, sort)
      values (${PART}, ${gid}, 2, 'component', '消防栓', true, 4)`.execute(db);

    const created = await admin.request('POST', '/api/v1/org/api-keys', {
      name: uniqueName('app-'),
      scopes: ['open311'],
    });
    expect(created.statusCode).toBe(201);
    key = created.json().key;

    const deptId = await departmentIdByCode(admin, 'CGJ');
    agencyName = (await admin.request('GET', '/api/v1/org/departments'))
      .json()
      .items.find((d: { id: number }) => d.id === deptId).name;
    const catId = async (code: string) =>
      (await sql<{ id: number }>`select id from case_categories where code = ${code}`.execute(db)).rows[0].id;
    const cat = await catId(WITH_ATTRS);
    const plain = await catId(PLAIN);
    // Requests filed 1, 2, 100 days ago (the last outside the default window), one closed, one merged into the
    // closed one, one confidential (never listed). Backdated through SQL: the window is about requested_datetime.
    const insert = async (n: number, daysAgo: number, status: string, extra: Record<string, unknown> = {}) => {
      const r = await sql<{ id: number }>`insert into cases
        (case_no, channel, nature, category_id, title, description, status, reporter_name, reporter_phone,
         address, lat, lng, main_department_id, confidential, master_case_id, attributes, handle_due_at, closed_at,
         created_at, updated_at)
        values (${caseNo(n)}, 'phone', 'report', ${extra.category ?? cat}, '井盖', ${extra.description ?? `第${n}号`},
          ${status}, '张三', '13912345678', ${extra.address ?? '姑苏区人民路 1 号'}, 31.3, 120.6, ${deptId},
          ${extra.confidential ?? false}, ${extra.master ?? null}, ${JSON.stringify(extra.attributes ?? {})},
          ${extra.due ?? null}, ${extra.closedAt ?? null},
          now() - make_interval(days => ${daysAgo}), now() - make_interval(days => ${daysAgo}))
        returning id`.execute(db);
      return r.rows[0].id;
    };
    const recent = await insert(1, 1, 'dispatched', {
      description: '井盖 <破损> & "松动"，见 <script>alert(1)</script>',
      due: new Date('2030-01-02T03:04:05Z'),
      attributes: { side: 'east' },
    });
    const extras = JSON.stringify({ media_url: 'https://img.example.org/p/1.jpg', address_id: 'A-1', email: 'z@x.cn' });
    await sql`insert into case_events (case_id, actor_name, action, public, note, data)
      values (${recent}, 'apikey:app', 'open311.submitted', false, null, ${extras}),
             (${recent}, 'dispatcher', 'dispatch', true, '已派遣至城管局', '{}'),
             (${recent}, 'dispatcher', 'note', false, '内部备注：不对外', '{}')`.execute(db);
    const closed = await insert(2, 2, 'closed', { closedAt: new Date(Date.now() - 86_400_000) });
    await insert(3, 100, 'received');
    await insert(4, 1, 'merged', { master: closed });
    await insert(5, 1, 'received', { confidential: true });
    await insert(6, 1, 'rejected', { category: plain });
    await insert(7, 1, 'received', {
      category: plain,
      description: '响铃\u0007与转义\u001b字符 ]]> &amp;',
      address: '路口 <北>',
    });
  });
  afterAll(() => t?.close());

  describe('service discovery', () => {
    it('serves discovery.xml with changeset, contact, key_service and a GeoReport v2 endpoint', async () => {
      const res = await get('/discovery.xml');
      expect(res.statusCode).toBe(200);
      const d = xml(res, 'discovery');
      for (const f of ['changeset', 'contact', 'key_service']) expect(typeof d[f]).toBe('string');
      const endpoints = (d.endpoints as { endpoint: Record<string, unknown>[] }).endpoint;
      const v2 = endpoints.find((e) => e.specification === 'http://wiki.open311.org/GeoReport_v2');
      expect(v2).toBeDefined();
      expect(v2!.url).toMatch(/^https?:\/\/[^/]+\/open311\/v2$/);
      expect(['production', 'test']).toContain(v2!.type);
      expect(typeof v2!.changeset).toBe('string');
      expect((v2!.formats as { format: string[] }).format.sort()).toEqual(['application/json', 'text/xml']);
    });

    it('serves discovery.json with the same fields, endpoints and formats as arrays', async () => {
      const res = await get('/discovery.json');
      expect(res.statusCode).toBe(200);
      const d = json(res) as Record<string, unknown>;
      expect(Object.keys(d).sort()).toEqual(['changeset', 'contact', 'endpoints', 'key_service']);
      const [e] = d.endpoints as Record<string, unknown>[];
      expect(e.specification).toBe('http://wiki.open311.org/GeoReport_v2');
      expect(e.formats).toEqual(expect.arrayContaining(['text/xml', 'application/json']));
    });
  });

  describe('GET services', () => {
    it('lists active 小类 as <services><service> with the spec’s fields (XML)', async () => {
      const res = await get('/services.xml');
      expect(res.statusCode).toBe(200);
      const services = xml(res, 'services').service as Record<string, string>[];
      const s = services.find((x) => x.service_code === WITH_ATTRS)!;
      expect(s).toMatchObject({
        service_code: WITH_ATTRS,
        service_name: '井盖破损',
        description: '井盖缺失、破损或松动',
        metadata: 'true',
        type: 'realtime',
        group: '公用设施（测试）',
      });
      expect(s.keywords).toContain('窨井');
      expect(services.find((x) => x.service_code === PLAIN)).toMatchObject({ metadata: 'false', type: 'realtime' });
      expect(services.some((x) => x.service_code === INACTIVE)).toBe(false);
    });

    it('lists services as a top-level JSON array with boolean metadata', async () => {
      const body = json(await get('/services.json')) as Record<string, unknown>[];
      expect(Array.isArray(body)).toBe(true);
      const s = body.find((x) => x.service_code === WITH_ATTRS)!;
      expect(s.metadata).toBe(true);
      expect(s.type).toBe('realtime');
      expect(Object.keys(s)).toEqual(
        expect.arrayContaining([
          'service_code',
          'service_name',
          'description',
          'metadata',
          'type',
          'keywords',
          'group',
        ]),
      );
    });

    it('names services in English when the client asks for it', async () => {
      const body = json(await get('/services.json', { 'accept-language': 'en' })) as Record<string, unknown>[];
      expect(body.find((x) => x.service_code === WITH_ATTRS)).toMatchObject({
        service_name: 'Damaged manhole cover',
        group: 'Utilities (test)',
      });
    });
  });

  describe('GET service definition', () => {
    it('returns <service_definition><attributes><attribute> with values/value/key+name (XML), escaped', async () => {
      const res = await get(`/services/${WITH_ATTRS}.xml`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('&lt;&amp;&gt;');
      const def = xml(res, 'service_definition');
      expect(def.service_code).toBe(WITH_ATTRS);
      const attrs = (def.attributes as { attribute: Record<string, unknown>[] }).attribute;
      expect(attrs.map((a) => a.code)).toEqual(['side', 'kinds', 'count']);
      expect(attrs[0]).toMatchObject({
        variable: 'true',
        code: 'side',
        datatype: 'singlevaluelist',
        required: 'true',
        order: '1',
        description: '在道路哪一侧？',
      });
      expect('datatype_description' in attrs[0]).toBe(true);
      expect((attrs[0].values as { value: unknown[] }).value).toEqual([
        { key: 'east', name: '东侧' },
        { key: 'west', name: '西侧' },
      ]);
      expect(attrs[1]).toMatchObject({
        datatype: 'multivaluelist',
        required: 'false',
        description: '哪些问题 <&> "多选"',
      });
      expect((attrs[1].values as { value: { name: string }[] }).value[0].name).toBe('裂缝 & 破损');
      expect(attrs[2]).toMatchObject({ datatype: 'number', order: '3' });
    });

    it('returns the definition as one JSON object with an attributes array', async () => {
      const def = json(await get(`/services/${WITH_ATTRS}.json`)) as Record<string, unknown>;
      expect(def.service_code).toBe(WITH_ATTRS);
      const attrs = def.attributes as Record<string, unknown>[];
      expect(attrs[0]).toMatchObject({ variable: true, required: true, order: 1, datatype: 'singlevaluelist' });
      expect(attrs[0].values).toEqual([
        { key: 'east', name: '东侧' },
        { key: 'west', name: '西侧' },
      ]);
    });

    it.each(FORMATS)('answers an unknown service_code 404 with the errors envelope (%s)', async (format) => {
      const res = await get(`/services/NO-SUCH-CODE.${format}`);
      expect(res.statusCode).toBe(404);
      const [e] = errorsOf(res, format);
      expect(e.code).toBe('404');
      expect(e.description).toContain('NO-SUCH-CODE');
    });

    it('asks a 部件 service for its 16-digit component id as a required attribute', async () => {
      const def = json(await get(`/services/${PART}.json`)) as { attributes: Record<string, unknown>[] };
      expect(def.attributes).toEqual([
        expect.objectContaining({ code: 'component_id', datatype: 'string', required: true, variable: true, order: 1 }),
      ]);
      const list = json(await get('/services.json')) as Record<string, unknown>[];
      expect(list.find((x) => x.service_code === PART)?.metadata).toBe(true);
      const res = await post(
        '/requests.json',
        form({ api_key: key, service_code: PART, lat: '31.31', long: '120.62' }),
      );
      expect(res.statusCode).toBe(400);
      expect(errorsOf(res, 'json')[0].description).toContain('component_id');
    });

    it('answers an inactive service 404 too', async () => {
      expect((await get(`/services/${INACTIVE}.json`)).statusCode).toBe(404);
    });
  });

  describe('formats and unknown resources', () => {
    it('answers a format other than xml/json 404 in the errors envelope', async () => {
      for (const url of ['/services.html', '/services', '/discovery.yaml', `/services/${WITH_ATTRS}.csv`]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(404);
        errorsOf(res, 'xml');
      }
    });

    it('answers an unknown Open311 method 404 in the format asked', async () => {
      const res = await get('/nothing-here.json');
      expect(res.statusCode).toBe(404);
      errorsOf(res, 'json');
      const deeper = await get('/a/b/c.xml');
      expect(deeper.statusCode).toBe(404);
      errorsOf(deeper, 'xml');
    });
  });

  describe('GET service requests', () => {
    const ids = (list: Record<string, unknown>[]) => list.map((r) => r.service_request_id);

    it('lists the last 90 days by default, newest first, as a top-level JSON array', async () => {
      const body = json(await get(`/requests.json?service_code=${WITH_ATTRS}`)) as Record<string, unknown>[];
      expect(Array.isArray(body)).toBe(true);
      expect(ids(body)).toEqual(expect.arrayContaining([caseNo(1), caseNo(2), caseNo(4)]));
      expect(ids(body)).not.toContain(caseNo(3)); // 100 days old
      expect(ids(body)).not.toContain(caseNo(5)); // confidential
      const times = body.map((r) => Date.parse(String(r.requested_datetime)));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    });

    it('maps a case to a <request> with the spec’s fields, datetimes in +08:00, no reporter data', async () => {
      const res = await get(`/requests.xml?service_request_id=${caseNo(1)}`);
      expect(res.statusCode).toBe(200);
      const [r] = xml(res, 'service_requests').request as Record<string, string>[];
      expect(r).toMatchObject({
        service_request_id: caseNo(1),
        status: 'open',
        status_notes: '已派遣至城管局',
        service_name: '井盖破损',
        service_code: WITH_ATTRS,
        description: '井盖 <破损> & "松动"，见 <script>alert(1)</script>',
        agency_responsible: agencyName,
        address: '姑苏区人民路 1 号',
        address_id: 'A-1',
        lat: '31.3',
        long: '120.6',
        media_url: 'https://img.example.org/p/1.jpg',
        expected_datetime: '2030-01-02T11:04:05+08:00',
      });
      for (const f of ['requested_datetime', 'updated_datetime', 'expected_datetime']) expect(r[f]).toMatch(W3C_CITY);
      expect(Date.now() - Date.parse(r.requested_datetime)).toBeGreaterThan(86_000_000);
      expect(res.body).toContain('&lt;script&gt;');
      expect(res.body).not.toContain('<script>');
      expect(res.body).not.toContain('内部备注');
      expect(res.body).not.toContain('张三');
      expect(res.body).not.toContain('13912345678');
      expect(res.body).not.toContain('z@x.cn');
    });

    it('keeps XML well-formed when stored text has characters XML cannot carry, and escapes the rest', async () => {
      const res = await get(`/requests/${caseNo(7)}.xml`);
      const [r] = xml(res, 'service_requests').request as Record<string, string>[];
      expect(r.description).toBe('响铃与转义字符 ]]> &amp;');
      expect(r.address).toBe('路口 <北>');
    });

    it('reports closed, merged-into-closed and rejected cases as closed', async () => {
      const body = json(
        await get(`/requests.json?service_request_id=${caseNo(2)},${caseNo(4)},${caseNo(6)},${caseNo(1)}`),
      ) as Record<string, unknown>[];
      expect(body.map((r) => [r.service_request_id, r.status])).toEqual([
        [caseNo(2), 'closed'],
        [caseNo(4), 'closed'],
        [caseNo(6), 'closed'],
        [caseNo(1), 'open'],
      ]);
      expect(typeof body[0].lat).toBe('number');
    });

    it('lets service_request_id override every other filter', async () => {
      const body = json(
        await get(
          `/requests.json?service_request_id=${caseNo(3)}&service_code=${PLAIN}&status=closed&start_date=2000-01-01T00:00:00Z&end_date=2000-01-02T00:00:00Z`,
        ),
      ) as Record<string, unknown>[];
      expect(ids(body)).toEqual([caseNo(3)]);
    });

    it('filters by status (comma list) and by a start/end window', async () => {
      const open = json(await get(`/requests.json?service_code=${WITH_ATTRS}&status=open`)) as Record<
        string,
        unknown
      >[];
      expect(ids(open)).toEqual([caseNo(1)]);
      const both = json(await get(`/requests.json?service_code=${WITH_ATTRS}&status=open,closed`)) as unknown[];
      expect(both).toHaveLength(3);
      const start = new Date(Date.now() - 101 * 86_400_000).toISOString();
      const end = new Date(Date.now() - 99 * 86_400_000).toISOString();
      const old = json(
        await get(`/requests.json?service_code=${WITH_ATTRS}&start_date=${start}&end_date=${end}`),
      ) as Record<string, unknown>[];
      expect(ids(old)).toEqual([caseNo(3)]);
    });

    it('treats empty parameters as absent', async () => {
      const plain = await get(`/requests.json?service_code=${WITH_ATTRS}`);
      const empty = await get(
        `/requests.json?service_code=${WITH_ATTRS}&status=&start_date=&end_date=&service_request_id=&page=&page_size=`,
      );
      expect(empty.statusCode).toBe(200);
      expect(empty.body).toBe(plain.body);
    });

    it('pages with page/page_size', async () => {
      const p1 = json(await get(`/requests.json?service_code=${WITH_ATTRS}&page_size=2&page=1`)) as unknown[];
      const p2 = json(await get(`/requests.json?service_code=${WITH_ATTRS}&page_size=2&page=2`)) as unknown[];
      expect(p1).toHaveLength(2);
      expect(p2).toHaveLength(1);
    });

    it.each(FORMATS)('refuses bad dates, a window over 90 days and an unknown status with 400 (%s)', async (format) => {
      for (const q of [
        'start_date=yesterday',
        'start_date=2026-01-01T00:00:00', // no timezone
        'start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z',
        'start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z',
        'status=pending',
        'page_size=0',
      ]) {
        const res = await get(`/requests.${format}?${q}`);
        expect(res.statusCode, q).toBe(400);
        expect(errorsOf(res, format)[0].code).toBe('400');
      }
    });

    it('returns one request by id in <service_requests>, and 404 for an unknown one', async () => {
      const res = await get(`/requests/${caseNo(2)}.xml`);
      expect(res.statusCode).toBe(200);
      const list = xml(res, 'service_requests').request as Record<string, string>[];
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ service_request_id: caseNo(2), status: 'closed' });
      const one = json(await get(`/requests/${caseNo(2)}.json`)) as unknown[];
      expect(Array.isArray(one) && one.length === 1).toBe(true);
      for (const format of FORMATS) {
        const missing = await get(`/requests/NOPE-1.${format}`);
        expect(missing.statusCode).toBe(404);
        errorsOf(missing, format);
      }
    });

    it('does not serve a confidential case by id either', async () => {
      expect((await get(`/requests/${caseNo(5)}.json`)).statusCode).toBe(404);
    });

    it('adds public notes with extensions=true', async () => {
      const [r] = json(await get(`/requests/${caseNo(1)}.json?extensions=true`)) as Record<string, unknown>[];
      const notes = r.notes as Record<string, string>[];
      expect(notes.map((n) => n.description)).toEqual(['已派遣至城管局']);
      expect(notes[0].datetime).toMatch(W3C_CITY);
      const [plain] = json(await get(`/requests/${caseNo(1)}.json`)) as Record<string, unknown>[];
      expect('notes' in plain).toBe(false);
    });
  });

  describe('tokens', () => {
    it('resolves a token (OneCity answers realtime: the token is the request id) and 404s an unknown one', async () => {
      const res = await get(`/tokens/${caseNo(1)}.xml`);
      expect(res.statusCode).toBe(200);
      const [r] = xml(res, 'service_requests').request as Record<string, string>[];
      expect(r).toEqual({ service_request_id: caseNo(1), token: caseNo(1) });
      expect((await get('/tokens/unknown-token.json')).statusCode).toBe(404);
    });
  });

  describe('POST service request: the api_key', () => {
    const valid = () => ({ service_code: WITH_ATTRS, lat: '31.3', long: '120.6', 'attribute[side]': 'east' });

    it.each(FORMATS)('refuses a missing api_key with 403 and the errors envelope (%s)', async (format) => {
      const res = await post(`/requests.${format}`, form(valid()));
      expect(res.statusCode).toBe(403);
      expect(errorsOf(res, format)[0].code).toBe('403');
    });

    it.each(FORMATS)('refuses an invalid, an unknown and an empty api_key with 403 (%s)', async (format) => {
      for (const apiKey of ['nonsense', `oc_${'a'.repeat(40)}`, '']) {
        const res = await post(`/requests.${format}`, form({ ...valid(), api_key: apiKey }));
        expect(res.statusCode, apiKey).toBe(403);
        errorsOf(res, format);
      }
    });

    it('refuses a key without the open311 scope with 403', async () => {
      const other = await admin.request('POST', '/api/v1/org/api-keys', {
        name: uniqueName('app-'),
        scopes: ['org.department.read'],
      });
      const res = await post('/requests.json', form({ ...valid(), api_key: other.json().key }));
      expect(res.statusCode).toBe(403);
      expect(errorsOf(res, 'json')[0].description).toContain('OPEN311_API_KEY_SCOPE');
    });

    it('refuses a revoked key with 403', async () => {
      const k = await admin.request('POST', '/api/v1/org/api-keys', { name: uniqueName('app-'), scopes: ['open311'] });
      await admin.request('POST', `/api/v1/org/api-keys/${k.json().apiKey.id}/revoke`, {});
      const res = await post('/requests.xml', form({ ...valid(), api_key: k.json().key }));
      expect(res.statusCode).toBe(403);
    });

    it('does not accept a staff session in place of an api_key', async () => {
      const agent = await login(t.app, 'agent', DEMO_PASSWORD);
      const res = await agent.request('POST', `${BASE}/requests.json`, form(valid()), FORM_HEADERS);
      expect(res.statusCode).toBe(403);
    });

    it('answers a body that is not a form 400 in the envelope', async () => {
      const res = await post('/requests.json', 'x', { 'content-type': 'text/plain' });
      expect(res.statusCode).toBe(400);
      errorsOf(res, 'json');
    });
  });

  describe('POST service request: validation (nothing filed)', () => {
    const base = () => ({
      api_key: key,
      service_code: WITH_ATTRS,
      lat: '31.3',
      long: '120.6',
      'attribute[side]': 'east',
    });
    const count = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from cases`.execute(t.opened.db)).rows[0].n);

    it.each([
      ['service_code missing', { service_code: '' }, 400],
      ['unknown service_code', { service_code: 'NO-SUCH' }, 404],
      ['no location at all', { lat: '', long: '' }, 400],
      ['lat without long', { long: '' }, 400],
      ['long without lat', { lat: '' }, 400],
      ['lat not a number', { lat: 'north' }, 400],
      ['lat out of range', { lat: '91' }, 400],
      ['required attribute missing', { 'attribute[side]': '' }, 400],
      ['singlevaluelist value not offered', { 'attribute[side]': 'north' }, 400],
      ['multivaluelist value not offered', { 'attribute[kinds][]': ['crack', 'melted'] }, 400],
      ['number attribute not a number', { 'attribute[count]': 'many' }, 400],
      ['description of 4001 characters', { description: '坑'.repeat(4001) }, 400],
      ['media_url not a URL', { media_url: 'javascript:alert(1)' }, 400],
      ['e-mail not an address', { email: 'nobody' }, 400],
      ['phone not a number', { phone: 'call me' }, 400],
    ] as const)('refuses %s', async (_name, change, status) => {
      const before = await count();
      for (const format of FORMATS) {
        const res = await post(`/requests.${format}`, form({ ...base(), ...change } as Record<string, string>));
        expect(res.statusCode).toBe(status);
        expect(errorsOf(res, format)[0].code).toBe(String(status));
      }
      expect(await count()).toBe(before);
    });

    it('lists every problem of a form at once', async () => {
      const res = await post(
        '/requests.xml',
        form({ api_key: key, service_code: WITH_ATTRS, lat: '31.3', description: 'x'.repeat(4001) }),
      );
      expect(res.statusCode).toBe(400);
      const list = errorsOf(res, 'xml');
      expect(list.length).toBeGreaterThanOrEqual(3); // lat without long, side missing, description too long
      expect(list.map((e) => e.description).join('\n')).toMatch(/OPEN311_ATTRIBUTE_REQUIRED/);
    });

    it('describes errors in English when asked', async () => {
      const res = await post('/requests.json', form({ api_key: key, service_code: 'NO-SUCH', lat: '1', long: '1' }), {
        ...FORM_HEADERS,
        'accept-language': 'en',
      });
      expect(errorsOf(res, 'json')[0].description).toContain('was not found');
    });
  });

  describe('POST service request: filing', () => {
    const LAT = '31.31';
    const LONG = '120.62';
    const caseRow = async (no: string) =>
      (
        await sql<Record<string, unknown>>`select channel, status, reporter_name, reporter_phone, attributes,
          created_by_name, description, lat, address from cases where case_no = ${no}`.execute(t.opened.db)
      ).rows[0];
    const filed = async (fields: Record<string, string | string[]>, format: Format = 'json', headers = {}) => {
      const res = await post(`/requests.${format}`, form({ api_key: key, service_code: WITH_ATTRS, ...fields }), {
        ...FORM_HEADERS,
        ...headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      if (format === 'json') {
        const body = json(res) as Record<string, unknown>[];
        expect(Array.isArray(body) && body.length === 1).toBe(true);
        return { res, reply: body[0] };
      }
      const [reply] = xml(res, 'service_requests').request as Record<string, unknown>[];
      return { res, reply };
    };

    it('files a case on the open311 channel from lat & long and answers [{service_request_id, service_notice, account_id}]', async () => {
      const { reply } = await filed({
        lat: LAT,
        long: LONG,
        'attribute[side]': 'west',
        description: '人民路井盖松动 <危险> & "急"',
        first_name: '小明',
        last_name: '王',
        phone: '13800001111',
        email: 'wang@example.cn',
        account_id: 'acct-42',
        device_id: 'dev-9',
        media_url: 'https://img.example.org/p/2.jpg',
      });
      expect(Object.keys(reply).sort()).toEqual(['account_id', 'service_notice', 'service_request_id']);
      expect(reply.account_id).toBe('acct-42');
      expect(typeof reply.service_notice).toBe('string');
      const no = String(reply.service_request_id);
      const row = await caseRow(no);
      expect(row).toMatchObject({
        channel: 'open311',
        reporter_name: '王小明',
        description: '人民路井盖松动 <危险> & "急"',
      });
      expect(String(row.created_by_name)).toMatch(/^apikey:/);

      const got = await get(`/requests/${no}.xml`);
      const [r] = xml(got, 'service_requests').request as Record<string, string>[];
      expect(r).toMatchObject({
        service_request_id: no,
        status: 'open',
        service_code: WITH_ATTRS,
        description: '人民路井盖松动 <危险> & "急"',
        media_url: 'https://img.example.org/p/2.jpg',
        lat: LAT,
        long: LONG,
      });
      expect(r.requested_datetime).toMatch(W3C_CITY);
      expect(got.body).toContain('&lt;危险&gt; &amp;');
      for (const secret of ['王小明', '13800001111', 'wang@example.cn', 'acct-42', 'dev-9']) {
        expect(got.body).not.toContain(secret);
      }
    });

    it('answers in XML with <service_requests><request>', async () => {
      const { reply } = await filed({ lat: LAT, long: LONG, 'attribute[side]': 'east' }, 'xml');
      expect(String(reply.service_request_id)).toMatch(/^\d{8}-\d{7}$/);
      expect('account_id' in reply).toBe(true); // <account_id/>: not sent, so empty
    });

    it('files with address_string alone and with address_id alone', async () => {
      const a = await filed({ address_string: '姑苏区人民路 100 号', 'attribute[side]': 'east' });
      expect((await caseRow(String(a.reply.service_request_id))).address).toBe('姑苏区人民路 100 号');
      const b = await filed({ address_id: 'ADDR-0042', 'attribute[side]': 'east' });
      const [r] = json(await get(`/requests/${b.reply.service_request_id}.json`)) as Record<string, unknown>[];
      expect(r.address_id).toBe('ADDR-0042');
    });

    it('takes a multivaluelist as attribute[CODE][] and a number attribute', async () => {
      const { reply } = await filed({
        lat: LAT,
        long: LONG,
        'attribute[side]': 'east',
        'attribute[kinds][]': ['crack', 'loose'],
        'attribute[count]': '3',
      });
      const row = await caseRow(String(reply.service_request_id));
      expect(row.attributes).toEqual({ side: 'east', kinds: ['crack', 'loose'], count: 3 });
    });

    it('treats empty optional parameters as absent', async () => {
      const { reply } = await filed({
        lat: LAT,
        long: LONG,
        'attribute[side]': 'east',
        'attribute[kinds][]': '',
        'attribute[count]': '',
        address_string: '',
        address_id: '',
        email: '',
        phone: '',
        first_name: '',
        media_url: '',
        description: '',
        account_id: '',
      });
      expect(reply.account_id).toBeNull();
      const row = await caseRow(String(reply.service_request_id));
      expect(row).toMatchObject({ reporter_name: null, reporter_phone: null, attributes: { side: 'east' } });
    });

    it('accepts a description of exactly 4000 characters', async () => {
      const { reply } = await filed({
        lat: LAT,
        long: LONG,
        'attribute[side]': 'east',
        description: '坑'.repeat(4000),
      });
      expect(String((await caseRow(String(reply.service_request_id))).description)).toHaveLength(4000);
    });

    it('honours Idempotency-Key: a retried POST gets the first answer and files one case', async () => {
      const idem = { 'idempotency-key': uniqueName('o311-') };
      const fields = { lat: LAT, long: LONG, 'attribute[side]': 'east', description: '重试测试' };
      const first = await filed(fields, 'json', idem);
      const again = await filed(fields, 'xml', idem);
      expect(String(again.reply.service_request_id)).toBe(String(first.reply.service_request_id));
      expect(again.res.headers['idempotent-replayed']).toBe('true');
      const n = await sql<{ n: string }>`select count(*) as n from cases where description = '重试测试'`.execute(
        t.opened.db,
      );
      expect(Number(n.rows[0].n)).toBe(1);
    });

    it('refuses a location outside the city with 400', async () => {
      const res = await post(
        '/requests.json',
        form({ api_key: key, service_code: WITH_ATTRS, lat: '39.9', long: '116.4', 'attribute[side]': 'east' }),
      );
      expect(res.statusCode).toBe(400);
      errorsOf(res, 'json');
    });
  });

  describe('access (the Open311 rows of the permission matrix)', () => {
    // The permission matrix covers the /api/v1 routes of the OpenAPI document; the Open311 routes are outside it
    // (their own credential, their own envelope), so their rows live here: every GET is public, POST needs an
    // api_key with the open311 scope — a staff session of any role is not one.
    const ROLE_USERS = [
      'sysadmin',
      'agent',
      'dispatcher',
      'handler',
      'gridworker',
      'inspector',
      'steward',
      'reviewer',
      'leader',
      'citizen',
    ];
    const getUrls = () => [
      '/discovery.xml',
      '/services.json',
      `/services/${WITH_ATTRS}.xml`,
      '/requests.json',
      `/requests/${caseNo(1)}.xml`,
      `/tokens/${caseNo(1)}.json`,
    ];

    it('answers every GET method to anonymous callers and to every role alike', async () => {
      for (const url of getUrls()) expect((await get(url)).statusCode, url).toBe(200);
      for (const username of ROLE_USERS) {
        const s = await login(t.app, username, DEMO_PASSWORD);
        for (const url of getUrls())
          expect((await s.request('GET', `${BASE}${url}`)).statusCode, `${username} ${url}`).toBe(200);
      }
    });

    it('refuses POST to every role’s session without an api_key (403), and files nothing', async () => {
      const body = form({ service_code: WITH_ATTRS, lat: '31.31', long: '120.62', 'attribute[side]': 'east' });
      for (const username of ROLE_USERS) {
        const s = await login(t.app, username, DEMO_PASSWORD);
        const res = await s.request('POST', `${BASE}/requests.json`, body, FORM_HEADERS);
        expect(res.statusCode, username).toBe(403);
        errorsOf(res, 'json');
      }
    });
  });

  describe('property: random input', () => {
    it('never answers a random form with a 5xx, and every refusal is an Open311 error list', async () => {
      const fieldName = fc.oneof(
        fc.constantFrom(
          'api_key',
          'service_code',
          'lat',
          'long',
          'address_string',
          'address_id',
          'email',
          'phone',
          'description',
          'media_url',
          'first_name',
          'attribute[side]',
          'attribute[kinds][]',
          'attribute[count]',
        ),
        fc.string({ maxLength: 12 }),
      );
      const value = fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.constantFrom('', ' ', '%00', '\u0000', '31.3', '120.6', WITH_ATTRS, PLAIN, 'east', '<&>', '𠀀'),
        fc.double().map(String),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fieldName, value), { maxLength: 8 }),
          fc.boolean(),
          fc.constantFrom(...FORMATS),
          async (pairs, withKey, format) => {
            const p = new URLSearchParams();
            if (withKey) p.append('api_key', key);
            for (const [k, v] of pairs) p.append(k, v);
            const res = await post(`/requests.${format}`, p.toString());
            expect(res.statusCode).toBeLessThan(500);
            if (res.statusCode >= 400) expect(errorsOf(res, format).length).toBeGreaterThan(0);
          },
        ),
        { numRuns: 60 },
      );
    });

    it('never answers random GET parameters with a 5xx', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(
            fc.constantFrom(
              'service_request_id',
              'service_code',
              'start_date',
              'end_date',
              'status',
              'page',
              'page_size',
            ),
            fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 20 })),
          ),
          fc.constantFrom(...FORMATS),
          async (q, format) => {
            const res = await get(`/requests.${format}?${new URLSearchParams(q).toString()}`);
            expect(res.statusCode).toBeLessThan(500);
            if (res.statusCode >= 400) errorsOf(res, format);
          },
        ),
        { numRuns: 60 },
      );
    });
  });
});
