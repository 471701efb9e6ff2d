// Lists, detail, caller history, reveal and export of cases for staff: filters, keyset pages, scope (a handler of
// another department neither lists nor opens the case — 403; a grid worker sees the cases of their area), masking
// (a leader sees masked personal data; an agent reveals it, audited), export with zh-CN headers and formula cells
// neutralised.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  DEMO_PASSWORD,
  engineAvailable,
  errorCode,
  login,
  type Session,
  type TestApp,
} from '../support/test-app.ts';
import { caseBody, fileCase, type IntakeFixtures, jpegBase64, setupIntakeFixtures } from './cases-intake-fixtures.ts';

/** 吴中区 (320506), south of 姑苏区: outside the demo grid worker's area. */
const WUZHONG = { lat: 31.24, lng: 120.62 };

describe.skipIf(!engineAvailable())('case lists and detail', () => {
  let t: TestApp;
  let agent: Session;
  let grid: Session;
  let handler: Session;
  let leader: Session;
  let fx: IntakeFixtures;
  const ids: Record<string, number> = {};
  const caseNos: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    fx = await setupIntakeFixtures(t.opened.db);
    agent = await login(t.app, 'agent', DEMO_PASSWORD);
    grid = await login(t.app, 'gridworker', DEMO_PASSWORD);
    handler = await login(t.app, 'handler', DEMO_PASSWORD);
    leader = await login(t.app, 'leader', DEMO_PASSWORD);
    const file = async (name: string, body: Record<string, unknown>, s = agent) => {
      const res = await fileCase(s, body);
      if (res.statusCode !== 201) throw new Error(`${name}: ${res.statusCode} ${res.body}`);
      ids[name] = res.json().id;
      caseNos[name] = res.json().caseNo;
    };
    await file(
      'litter',
      caseBody(fx.litterId, {
        reporter: { name: '王小明', phone: '13912345678', idNumber: '11010519491231002X' },
        photos: [{ filename: '现场.jpg', contentBase64: jpegBase64('list') }],
      }),
    );
    await file(
      'stall',
      caseBody(fx.stallId, {
        nature: 'report',
        urgency: 'urgent',
        title: "=cmd|' /C calc'!A0",
        description: '十梓街有流动摊贩占道卖水果',
        attributes: { stall_count: 2 },
        reporter: { name: '李四', phone: '13912345678' },
      }),
    );
    await file('orphan', caseBody(fx.orphanId, { nature: 'consult', reporter: { phone: '0512-65223456' } }));
    await file('wuzhong', caseBody(fx.orphanId, { location: { ...WUZHONG }, reporter: { phone: '13800001111' } }));
    await file('byGrid', caseBody(fx.litterId, { channel: 'grid', reporter: undefined }), grid);
  });
  afterAll(() => t?.close());

  const listIds = async (s: Session, query = '') => {
    const res = await s.request('GET', `/api/v1/cases${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { id: number }[]).map((i) => i.id);
  };

  it('lists newest first with masked reporters, and filters by status, category (大类 includes 小类), channel, nature, urgency, area, keyword', async () => {
    const res = await agent.request('GET', '/api/v1/cases?counts=true');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const mine = Object.values(ids);
    const listed = (body.items as { id: number }[]).map((i) => i.id).filter((id) => mine.includes(id));
    expect(listed).toEqual([...mine].sort((a, b) => b - a));
    const litter = body.items.find((i: { id: number }) => i.id === ids.litter);
    expect(litter.reporter).toMatchObject({
      name: '王**',
      phone: '139****5678',
      idNumber: '110105********002X',
      masked: true,
    });
    expect(litter.categoryName).toBe('测试暴露垃圾');
    expect(litter.mainDepartmentName).toBe('姑苏区城市管理局');
    expect(['green', 'yellow', 'red', 'paused', 'none']).toContain(litter.sla);
    expect(body.counts.total).toBeGreaterThanOrEqual(5);

    const byTop = await listIds(agent, `?category=${fx.topId}`);
    expect(byTop).toEqual(expect.arrayContaining([ids.litter, ids.stall, ids.byGrid]));
    expect(byTop).not.toContain(ids.orphan);
    expect(await listIds(agent, `?category=${fx.stallId}`)).toEqual([ids.stall]);
    expect(await listIds(agent, '?channel=grid')).toContain(ids.byGrid);
    expect(await listIds(agent, '?channel=grid')).not.toContain(ids.litter);
    expect(await listIds(agent, `?nature=report&urgency=urgent&category=${fx.topId}`)).toEqual([ids.stall]);
    expect(await listIds(agent, '?status=received&status=rejected')).toContain(ids.byGrid);
    expect(await listIds(agent, '?status=received')).not.toContain(ids.litter);
    const wz = await listIds(agent, '?area=320506');
    expect(wz).toContain(ids.wuzhong);
    expect(wz).not.toContain(ids.litter);
    expect(await listIds(agent, `?q=${caseNos.orphan}`)).toEqual([ids.orphan]);
    expect(await listIds(agent, `?q=${encodeURIComponent('流动摊贩')}`)).toEqual([ids.stall]);
    expect(await listIds(agent, `?department=${fx.districtDeptId}&category=${fx.topId}`)).toEqual(
      expect.arrayContaining([ids.litter, ids.byGrid]),
    );
    const from = new Date(Date.now() + 60_000).toISOString();
    expect(await listIds(agent, `?from=${encodeURIComponent(from)}`)).toEqual([]);
  });

  it('filters by SLA light (clock.ts): a stage past its deadline is red, a fresh one is not', async () => {
    await t.opened.db
      .updateTable('cases')
      .set({ stage_due_at: new Date(Date.now() - 3_600_000), paused_since: null })
      .where('id', '=', ids.orphan)
      .execute();
    await t.opened.db
      .updateTable('cases')
      .set({ stage_due_at: new Date(Date.now() + 86_400_000), stage_yellow_at: null, paused_since: null })
      .where('id', '=', ids.litter)
      .execute();
    const red = await listIds(agent, '?sla=red');
    expect(red).toContain(ids.orphan);
    expect(red).not.toContain(ids.litter);
    expect(await listIds(agent, '?sla=green')).toContain(ids.litter);
    const item = (await agent.request('GET', `/api/v1/cases?q=${caseNos.orphan}`)).json().items[0];
    expect(item.sla).toBe('red');
  });

  it('pages with an opaque keyset cursor without gaps or repeats, and refuses a forged one', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await agent.request(
        'GET',
        `/api/v1/cases?limit=2&category=${fx.topId}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode).toBe(200);
      seen.push(...res.json().items.map((i: { id: number }) => i.id));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids.byGrid, ids.stall, ids.litter]);
    const bad = await agent.request('GET', '/api/v1/cases?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('querystring.cursor');
    const badStatus = await agent.request('GET', '/api/v1/cases?status=nope');
    expect(badStatus.statusCode).toBe(400);
    expect(errorCode(badStatus)).toBe('VALIDATION_FAILED');
  });

  it('keeps a case from a handler of another department: not listed, detail 403, photo 403', async () => {
    expect(await listIds(handler)).not.toContain(ids.litter);
    const detail = await handler.request('GET', `/api/v1/cases/${ids.litter}`);
    expect(detail.statusCode).toBe(403);
    expect(errorCode(detail)).toBe('FORBIDDEN');
    const att = (await agent.request('GET', `/api/v1/cases/${ids.litter}`)).json().attachments[0];
    expect((await handler.request('GET', att.url)).statusCode).toBe(403);
    expect((await agent.request('GET', '/api/v1/cases/999999999')).statusCode).toBe(404);
  });

  it('shows a grid worker the cases of their area and nothing else', async () => {
    const seen = await listIds(grid);
    expect(seen).toEqual(expect.arrayContaining([ids.litter, ids.byGrid, ids.stall]));
    expect(seen).not.toContain(ids.wuzhong);
    expect((await grid.request('GET', `/api/v1/cases/${ids.litter}`)).statusCode).toBe(200);
    expect((await grid.request('GET', `/api/v1/cases/${ids.wuzhong}`)).statusCode).toBe(403);
  });

  it('gives the detail: timeline, parties, attachments, related cases, routing reason, allowed actions', async () => {
    const res = await agent.request('GET', `/api/v1/cases/${ids.litter}`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.caseNo).toBe(caseNos.litter);
    expect(d.routing).toMatchObject({ departmentId: fx.districtDeptId, ruleId: fx.subRuleId });
    expect(d.routing.reason).toContain('派单规则');
    expect(d.timeline[0]).toMatchObject({ action: 'create', toStatus: 'accepted', public: true });
    expect(d.parties).toEqual([
      expect.objectContaining({ role: 'centre', departmentName: '12345政务服务便民热线中心' }),
    ]);
    expect(d.attachments[0]).toMatchObject({ mime: 'image/jpeg', filename: '现场.jpg', stage: 'intake' });
    expect(d.related.sameReporter.map((c: { id: number }) => c.id)).toEqual([ids.stall]);
    expect(d.reporter.phone).toBe('139****5678');
    expect(d.allowedActions).toEqual(expect.arrayContaining(['reject', 'merge', 'reveal']));
    expect(d.allowedActions).not.toContain('dispatch');
    const leaderView = (await leader.request('GET', `/api/v1/cases/${ids.litter}`)).json();
    expect(leaderView.reporter.phone).toBe('139****5678');
    expect(leaderView.allowedActions).not.toEqual(expect.arrayContaining(['reveal']));
    expect(leaderView.allowedActions).not.toContain('merge');
    expect(JSON.stringify(leaderView)).not.toContain('13912345678');

    const photo = await agent.request('GET', d.attachments[0].url);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.headers['x-content-type-options']).toBe('nosniff');
    expect(photo.rawPayload.equals(Buffer.from(jpegBase64('list'), 'base64'))).toBe(true);
    expect((await agent.request('GET', `/api/v1/cases/${ids.litter}/attachments/999999`)).statusCode).toBe(404);
  });

  it('reveals the full phone and ID number to the agent, audited; refuses the leader', async () => {
    const res = await agent.request('POST', `/api/v1/cases/${ids.litter}/reveal`, { reason: '回访需要' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ phone: '13912345678', idNumber: '11010519491231002X', name: '王小明' });
    const audit = await t.opened.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name', 'summary'])
      .where('action', '=', 'case.reveal')
      .where('target_id', '=', String(ids.litter))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_name).toBe('agent');
    expect(JSON.stringify(audit[0].summary)).not.toContain('13912345678');
    const denied = await leader.request('POST', `/api/v1/cases/${ids.litter}/reveal`, {});
    expect(denied.statusCode).toBe(403);
  });

  it('hides the reporter of a confidential case from those who may not reveal it', async () => {
    const res = await fileCase(
      agent,
      caseBody(fx.orphanId, { reporter: { name: '赵保密', phone: '13700001234', confidential: true } }),
    );
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const seenByLeader = (await leader.request('GET', `/api/v1/cases/${id}`)).json().reporter;
    expect(seenByLeader).toMatchObject({ hidden: true, name: null, phone: null, confidential: true });
    const seenByAgent = (await agent.request('GET', `/api/v1/cases/${id}`)).json().reporter;
    expect(seenByAgent).toMatchObject({ hidden: false, name: '赵**', phone: '137****1234' });
  });

  it('gives the agent the caller’s history by phone (any format), and searches by phone only with case.reveal', async () => {
    const res = await agent.request(
      'GET',
      `/api/v1/cases/caller-history?phone=${encodeURIComponent('+86 139-1234-5678')}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(2);
    expect(res.json().items.map((i: { id: number }) => i.id)).toEqual([ids.stall, ids.litter]);
    const bad = await agent.request('GET', '/api/v1/cases/caller-history?phone=12345');
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('CASE_PHONE_INVALID');
    expect(await listIds(agent, '?phone=13912345678')).toEqual([ids.stall, ids.litter]);
    expect((await leader.request('GET', '/api/v1/cases?phone=13912345678')).statusCode).toBe(403);
  });

  it('exports the filter to CSV (BOM, zh-CN headers, masked, formulas neutralised) and XLSX, audited', async () => {
    const csv = await leader.request('GET', `/api/v1/cases/export?format=csv&category=${fx.topId}`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = csv.rawPayload.toString('utf8');
    const lines = text.slice(1).trim().split(/\r?\n/);
    expect(lines[0].split(',').slice(0, 3)).toEqual(['工单编号', '标题', '状态']);
    expect(lines).toHaveLength(4);
    expect(text).toContain("'=cmd");
    expect(text).not.toMatch(/(^|,)"?=cmd/m);
    expect(text).toContain('139****5678');
    expect(text).not.toContain('13912345678');

    const xlsx = await leader.request('GET', `/api/v1/cases/export?format=xlsx&category=${fx.topId}`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('工单编号');
    expect(sheet.rowCount).toBe(4);
    const titles = [2, 3, 4].map((r) => String(sheet.getRow(r).getCell(2).value));
    expect(titles).toContain("'=cmd|' /C calc'!A0");

    const audits = await t.opened.db
      .selectFrom('audit_log')
      .select('summary')
      .where('action', '=', 'case.export')
      .execute();
    expect(audits).toHaveLength(2);
    expect((await grid.request('GET', '/api/v1/cases/export?format=csv')).statusCode).toBe(403);
  });
});
