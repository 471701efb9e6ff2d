// 督办: requests past their working-day deadline escalate to the data office exactly once per stage (also when
// the job runs twice at once), audited and announced in the outbox; requests decided in time never do. The time
// limits are data the data office edits.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalateOverdueRequests } from '../../src/server/modules/exchange/escalation.ts';
import { createTestApp, engineAvailable, errorCode, type TestApp } from '../support/test-app.ts';
import { askFor, type Parties, PEOPLE, parties, resourceWith } from './exchange-fixtures.ts';

describe.skipIf(!engineAvailable())('exchange escalation', () => {
  let t: TestApp;
  let p: Parties;

  beforeAll(async () => {
    t = await createTestApp();
    p = await parties(t);
  });
  afterAll(() => t?.close());

  const db = () => t.opened.db;
  const overdue = (id: number, column: 'office_due' | 'provider_due') =>
    sql`update exchange_requests set ${sql.ref(column)} = now() - interval '1 minute' where id = ${id}`.execute(db());
  async function escalations(id: number) {
    const audit = await sql<{ n: number }>`
      select count(*)::int as n from audit_log
       where action = 'exchange.request.escalate' and target_id = ${String(id)}`.execute(db());
    const events = await sql<{ payload: { requestId: number; stage: string } }>`
      select payload from outbox where type = 'exchange.request.escalated'
       and (payload ->> 'requestId')::int = ${id} order by id`.execute(db());
    return { audited: audit.rows[0].n, events: events.rows.map((r) => r.payload.stage) };
  }
  const box = async (query: string) =>
    (await p.office.request('GET', `/api/v1/exchange/requests?${query}`)).json().items as {
      id: number;
      status: string;
      escalated: boolean;
      officeEscalatedAt: string | null;
      providerEscalatedAt: string | null;
    }[];

  it('escalates an overdue request once per stage, even when the job runs twice and twice at once', async () => {
    const code = await resourceWith(p, 'conditional', PEOPLE);
    const created = await askFor(p, code, ['姓名']);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    expect(created.json()).toMatchObject({ escalated: false, officeEscalatedAt: null });

    await overdue(id, 'office_due');
    await escalateOverdueRequests(db());
    await escalateOverdueRequests(db());
    await Promise.all([escalateOverdueRequests(db()), escalateOverdueRequests(db())]);
    expect(await escalations(id)).toEqual({ audited: 1, events: ['office'] });
    const escalatedBox = await box('box=office&escalated=true');
    expect(escalatedBox.find((r) => r.id === id)).toMatchObject({ status: 'pending_office', escalated: true });
    expect((await box('box=office&escalated=false')).map((r) => r.id)).not.toContain(id);

    // Checked late by the office: the provider's own deadline starts; overdue in turn, it escalates once more.
    const checked = await p.office.request('POST', `/api/v1/exchange/requests/${id}/office-check`, { approve: true });
    expect(checked.json()).toMatchObject({ status: 'pending_provider', escalated: false });
    await escalateOverdueRequests(db());
    expect((await escalations(id)).audited).toBe(1);
    await overdue(id, 'provider_due');
    await Promise.all([escalateOverdueRequests(db()), escalateOverdueRequests(db())]);
    await escalateOverdueRequests(db());
    expect(await escalations(id)).toEqual({ audited: 2, events: ['office', 'provider'] });
    // The office sees the request escalated from the provider; the provider still decides it.
    const office = await box('box=office');
    expect(office.find((r) => r.id === id)).toMatchObject({ status: 'pending_provider', escalated: true });
    const decided = await p.provider.request('POST', `/api/v1/exchange/requests/${id}/decision`, {
      approve: false,
      reason: '超出共享条件',
    });
    expect(decided.json()).toMatchObject({ status: 'refused', escalated: false });
    expect((await box('box=office')).map((r) => r.id)).not.toContain(id);
  });

  it('does not escalate requests decided in time', async () => {
    const code = await resourceWith(p, 'conditional', PEOPLE);
    const id = (await askFor(p, code, ['姓名'])).json().id as number;
    await p.office.request('POST', `/api/v1/exchange/requests/${id}/office-check`, { approve: true });
    // The office's deadline passes after it has checked: nothing is overdue at the current stage.
    await overdue(id, 'office_due');
    await escalateOverdueRequests(db());
    const approved = await p.provider.request('POST', `/api/v1/exchange/requests/${id}/decision`, { approve: true });
    expect(approved.json()).toMatchObject({ status: 'granted' });
    await overdue(id, 'provider_due');
    await escalateOverdueRequests(db());
    expect(await escalations(id)).toEqual({ audited: 0, events: [] });

    const refusedByOffice = (await askFor(p, code, ['姓名'])).json().id as number;
    await p.office.request('POST', `/api/v1/exchange/requests/${refusedByOffice}/office-check`, {
      approve: false,
      reason: '用途不明确',
    });
    await overdue(refusedByOffice, 'office_due');
    await escalateOverdueRequests(db());
    expect(await escalations(refusedByOffice)).toEqual({ audited: 0, events: [] });
  });

  it('lets the data office edit the time limits; deadlines set afterwards follow them', async () => {
    const current = await p.provider.request('GET', '/api/v1/exchange/settings');
    expect(current.statusCode, current.body).toBe(200);
    expect(current.json()).toMatchObject({
      officeCheckWorkingDays: 2,
      providerReplyWorkingDays: 5,
      providerReplyOfflineWorkingDays: 10,
    });
    const version = current.json().version as number;
    const body = {
      officeCheckWorkingDays: 3,
      providerReplyWorkingDays: 4,
      providerReplyOfflineWorkingDays: 8,
      version,
    };

    const notOffice = await p.provider.request('PUT', '/api/v1/exchange/settings', body);
    expect(notOffice.statusCode).toBe(403);
    const zero = await p.office.request('PUT', '/api/v1/exchange/settings', { ...body, officeCheckWorkingDays: 0 });
    expect(zero.statusCode).toBe(400);
    const stale = await p.office.request('PUT', '/api/v1/exchange/settings', { ...body, version: version + 7 });
    expect(stale.statusCode).toBe(409);
    expect(errorCode(stale)).toBe('VERSION_CONFLICT');
    expect((await p.office.request('GET', '/api/v1/exchange/settings')).json().version).toBe(version);

    const saved = await p.office.request('PUT', '/api/v1/exchange/settings', body);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ officeCheckWorkingDays: 3, version: version + 1 });
    const audit = await sql<{ summary: { before: unknown; after: unknown } }>`
      select summary from audit_log where action = 'exchange.settings.update' order by id desc limit 1`.execute(db());
    expect(audit.rows[0].summary).toMatchObject({
      before: { officeCheckWorkingDays: 2 },
      after: { officeCheckWorkingDays: 3, providerReplyWorkingDays: 4 },
    });

    const code = await resourceWith(p, 'conditional', PEOPLE);
    const created = (await askFor(p, code, ['姓名'])).json();
    const expected = await p.office.request(
      'GET',
      `/api/v1/calendar/deadline?from=${encodeURIComponent(created.createdAt)}&workingDays=3`,
    );
    expect(created.officeDue).toBe(expected.json().due);
    // No data loaded on the platform yet: the provider gets the longer limit.
    const checked = (
      await p.office.request('POST', `/api/v1/exchange/requests/${created.id}/office-check`, { approve: true })
    ).json();
    const stamped = await sql<{ updated_at: Date }>`
      select updated_at from exchange_requests where id = ${created.id}`.execute(db());
    const offline = await p.office.request(
      'GET',
      `/api/v1/calendar/deadline?from=${encodeURIComponent(new Date(stamped.rows[0].updated_at).toISOString())}&workingDays=8`,
    );
    expect(checked.providerDue).toBe(offline.json().due);
  });
});
