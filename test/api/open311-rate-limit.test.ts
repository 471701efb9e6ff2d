// The Open311 POST budget (ONECITY_OPEN311_RATE_PER_MINUTE): per api_key per minute, and refused keys per
// client IP per minute; past it, 429 in the Open311 <errors> envelope of the asked format with Retry-After, and
// nothing filed. The window itself is checked on SubmitLimits with a clock the test moves.
import { XMLParser } from 'fast-xml-parser';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubmitLimits } from '../../src/server/modules/open311/routes.ts';
import { AppError } from '../../src/server/platform/errors.ts';
import { createTestApp, engineAvailable, login, TEST_ADMIN_PASSWORD, type TestApp } from '../support/test-app.ts';
import { uniqueName } from './fixtures.ts';

const LIMIT = 3;
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe('SubmitLimits window', () => {
  const statusOf = (fn: () => void): number => {
    try {
      fn();
      return 200;
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      return (err as AppError).status;
    }
  };

  it('allows a key again once its minute has passed', () => {
    let now = 1_000_000;
    const limits = new SubmitLimits(2, () => now);
    const key = `oc_${'b'.repeat(40)}`;
    expect([1, 2, 3].map(() => statusOf(() => limits.hitKey(key)))).toEqual([200, 200, 429]);
    now += 59_999;
    expect(statusOf(() => limits.hitKey(key))).toBe(429);
    now += 1;
    expect(statusOf(() => limits.hitKey(key))).toBe(200);
  });

  it('blocks an IP past its refused-key budget for one window, with the seconds left as retryAfter', () => {
    let now = 5_000_000;
    const limits = new SubmitLimits(2, () => now);
    expect([1, 2, 3].map(() => statusOf(() => limits.refused('192.0.2.1')))).toEqual([200, 200, 429]);
    now += 30_000;
    try {
      limits.checkIp('192.0.2.1');
      expect.unreachable('blocked');
    } catch (err) {
      expect((err as AppError).details).toEqual({ limit: 2, retryAfter: 30 });
    }
    expect(statusOf(() => limits.checkIp('192.0.2.2'))).toBe(200);
    now += 30_000;
    expect(statusOf(() => limits.checkIp('192.0.2.1'))).toBe(200);
    expect(statusOf(() => limits.refused('192.0.2.1'))).toBe(200);
  });
});

describe.skipIf(!engineAvailable())('Open311 POST rate limit', () => {
  let t: TestApp;
  let keyA: string;
  let keyB: string;
  let serviceCode: string;
  const marker = uniqueName('限流');

  const post = (format: 'json' | 'xml', fields: Record<string, string>, remoteAddress: string) =>
    t.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.${format}`,
      payload: new URLSearchParams(fields).toString(),
      headers: FORM_HEADERS,
      remoteAddress,
    });
  const request = (apiKey: string | undefined, n: number) => ({
    ...(apiKey === undefined ? {} : { api_key: apiKey }),
    service_code: serviceCode,
    address_string: '姑苏区人民路 100 号',
    description: `${marker} #${n}`,
  });
  const filed = async () =>
    (
      await sql<{ n: number }>`select count(*)::int as n from cases where description like ${`${marker} #%`}`.execute(
        t.opened.db,
      )
    ).rows[0].n;
  const refusalsFrom = async (ip: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from audit_log
        where action = 'auth.apikey' and result = 'failed' and ip = ${ip}`.execute(t.opened.db)
    ).rows[0].n;

  beforeAll(async () => {
    t = await createTestApp({ ONECITY_OPEN311_RATE_PER_MINUTE: String(LIMIT) });
    const admin = await login(t.app, 'admin', TEST_ADMIN_PASSWORD);
    const makeKey = async () => {
      const res = await admin.request('POST', '/api/v1/org/api-keys', { name: uniqueName('rl-'), scopes: ['open311'] });
      expect(res.statusCode).toBe(201);
      return res.json().key as string;
    };
    keyA = await makeKey();
    keyB = await makeKey();
    const services = await t.app.inject({ method: 'GET', url: '/open311/v2/services.json' });
    const plain = (services.json() as { service_code: string; metadata: boolean }[]).find((s) => !s.metadata);
    expect(plain).toBeDefined();
    serviceCode = plain?.service_code ?? '';
  });
  afterAll(() => t?.close());

  it('answers the key’s 4th POST in a minute with 429 in the JSON envelope, and files nothing for it', async () => {
    const ip = '198.51.100.11';
    const statuses: number[] = [];
    for (let i = 1; i <= LIMIT; i++) statuses.push((await post('json', request(keyA, i), ip)).statusCode);
    expect(statuses).toEqual([200, 200, 200]);
    expect(await filed()).toBe(LIMIT);

    const over = await post('json', request(keyA, 99), ip);
    expect(over.statusCode).toBe(429);
    expect(over.headers['content-type']).toMatch(/^application\/json; charset=utf-8$/i);
    expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const errors = over.json() as { code: number; description: string }[];
    expect(errors).toHaveLength(1);
    expect(Object.keys(errors[0]).sort()).toEqual(['code', 'description']);
    expect(errors[0].code).toBe(429);
    expect(errors[0].description).toMatch(/每分钟最多 3 次.*\(OPEN311_RATE_LIMITED\)$/);
    expect(await filed()).toBe(LIMIT);
  });

  it('answers in XML when the suffix is .xml, in English when asked', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      payload: new URLSearchParams(request(keyA, 100)).toString(),
      headers: { ...FORM_HEADERS, 'accept-language': 'en' },
      remoteAddress: '198.51.100.12',
    });
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toMatch(/^text\/xml; charset=utf-8$/i);
    const doc = new XMLParser({ parseTagValue: false, isArray: (n) => n === 'error' }).parse(res.body);
    expect(doc.errors.error).toHaveLength(1);
    expect(doc.errors.error[0].code).toBe('429');
    expect(doc.errors.error[0].description).toContain('at most 3 per minute');
    expect(await filed()).toBe(LIMIT);
  });

  it('counts each key on its own: another key from the same address still files', async () => {
    const res = await post('json', request(keyB, 1), '198.51.100.11');
    expect(res.statusCode, res.body).toBe(200);
    expect(await filed()).toBe(LIMIT + 1);
  });

  it('counts refused keys per address: the 4th is 429, and then even a good key from there, with no more lookups', async () => {
    const ip = '198.51.100.13';
    const answers = [
      (await post('json', request(undefined, 200), ip)).statusCode,
      (await post('json', request('not-a-key', 201), ip)).statusCode,
      (await post('json', request(`oc_${'a'.repeat(40)}`, 202), ip)).statusCode,
      (await post('json', request(`oc_${'c'.repeat(40)}`, 203), ip)).statusCode,
    ];
    expect(answers).toEqual([403, 403, 403, 429]);
    // The missing key is refused without a lookup; the malformed and the two unknown ones are audited refusals.
    const audited = await refusalsFrom(ip);
    expect(audited).toBe(3);

    const blocked = await post('json', request(keyB, 204), ip);
    expect(blocked.statusCode).toBe(429);
    expect((blocked.json() as { description: string }[])[0].description).toContain('OPEN311_RATE_LIMITED');
    expect((await post('xml', request(`oc_${'e'.repeat(40)}`, 205), ip)).statusCode).toBe(429);
    expect(await refusalsFrom(ip)).toBe(audited);
    expect(await filed()).toBe(LIMIT + 1);

    const elsewhere = await post('json', request(keyB, 206), '198.51.100.14');
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);
  });
});
