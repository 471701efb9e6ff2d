import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Actor, SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { type OpenedDatabase, openDatabase } from '../../platform/db/connect.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { AppError, ForbiddenError } from '../../platform/errors.ts';
import type { AuditQuery } from './schemas.ts';
import { exportAudit, searchAudit, verifyAuditLog } from './service.ts';

const userWith = (...permissions: string[]): Actor => ({
  kind: 'user',
  id: 1,
  name: 'u',
  grants: [
    { role: 'admin', permissions: new Set(permissions), departmentPath: null, departmentId: null, areaCode: null },
  ],
});

let opened: OpenedDatabase;
beforeAll(async () => {
  opened = await openDatabase({});
  await migrate(opened.db, [
    { owner: 'platform.audit', folder: new URL('../../platform/audit/migrations/', import.meta.url) },
  ]);
});
afterAll(() => opened.close());

const people: Record<string, Actor> = {
  zhang: { ...userWith(), id: 11, name: 'zhang' },
  zhangsan: { ...userWith(), id: 12, name: 'zhangsan' },
  li: { ...userWith(), id: 13, name: 'li_si' },
};

/** Seven records, ids 1…7, one a day from 2024-05-01T00:00Z. */
beforeEach(async () => {
  await sql`truncate audit_log, audit_chain_head restart identity`.execute(opened.db);
  await opened.db.transaction().execute(async (tx) => {
    await recordAudit(tx, people.zhang, 'org.user.create', { type: 'user', id: 100 }, { username: '王五' });
    await recordAudit(tx, people.zhangsan, 'org.user.lock', { type: 'user', id: 100 });
    await recordAudit(tx, people.li, 'org.role.grant', { type: 'user', id: 101 }, { role: 'dispatcher' });
    await recordAudit(tx, people.li, 'case.dispatch', { type: 'case', id: 42 }, { to: '城管局' });
    await recordAudit(tx, people.zhang, 'case.close', { type: 'case', id: 43 }, {}, 'failed');
    await recordAudit(tx, null, 'permission.denied', { type: 'route', id: 'GET /api/v1/audit' }, {}, 'denied');
    await recordAudit(tx, SYSTEM_ACTOR, 'case.dispatch', { type: 'case', id: 42 }, { to: '城管局' });
  });
  await sql`update audit_log set at = timestamptz '2024-05-01T00:00:00Z' + (id - 1) * interval '1 day'`.execute(
    opened.db,
  );
});

const search = (q: Partial<AuditQuery>, actor: Actor = SYSTEM_ACTOR) =>
  opened.db.transaction().execute((tx) => searchAudit(tx, actor, q as AuditQuery));
const ids = async (q: Partial<AuditQuery>) => (await search(q)).items.map((i) => i.id);
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e) => (e instanceof AppError ? e.code : String(e)),
  );

describe('searchAudit', () => {
  it('lists newest first with every field the UI shows', async () => {
    const page = await search({});
    expect(page.items.map((i) => i.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[3]).toEqual({
      id: 4,
      at: '2024-05-04T00:00:00.000Z',
      actorKind: 'user',
      actorName: 'li_si',
      action: 'case.dispatch',
      targetType: 'case',
      targetId: '42',
      summary: { to: '城管局' },
      result: 'ok',
      ip: null,
      requestId: null,
      chainSeq: null,
    });
  });

  it('pages with an opaque cursor until nextCursor is null, without repeats', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await search({ limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((x) => x.id));
      if (!page.nextCursor) break;
      expect(page.nextCursor).not.toMatch(/^\d+$/);
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it('matches the actor by exact name or prefix, taking % and _ literally', async () => {
    expect(await ids({ actor: 'zhangsan' })).toEqual([2]);
    expect(await ids({ actor: 'zhang' })).toEqual([5, 2, 1]);
    expect(await ids({ actor: '%' })).toEqual([]);
    expect(await ids({ actor: 'li_' })).toEqual([4, 3]);
    expect(await ids({ actor: 'l_' })).toEqual([]);
  });

  it('matches the action by prefix', async () => {
    expect(await ids({ action: 'org.user' })).toEqual([2, 1]);
    expect(await ids({ action: 'case.' })).toEqual([7, 5, 4]);
  });

  it('matches the target as type:id, type: or a bare id', async () => {
    expect(await ids({ target: 'case:42' })).toEqual([7, 4]);
    expect(await ids({ target: 'case:' })).toEqual([7, 5, 4]);
    expect(await ids({ target: '100' })).toEqual([2, 1]);
    expect(await ids({ target: 'user:42' })).toEqual([]);
  });

  it('filters by result and by a from (inclusive) / to (exclusive) range', async () => {
    expect(await ids({ result: 'denied' })).toEqual([6]);
    expect(await ids({ from: '2024-05-03T00:00:00Z', to: '2024-05-05T00:00:00Z' })).toEqual([4, 3]);
    expect(await ids({ from: '2024-05-06T08:00:00+08:00' })).toEqual([7, 6]);
  });

  it('refuses a time without an offset, a nonsense time and a reversed range', async () => {
    expect(await codeOf(search({ from: '2024-05-01 08:00' }))).toBe('AUDIT_BAD_TIME');
    expect(await codeOf(search({ to: '2024-13-45T00:00:00Z' }))).toBe('AUDIT_BAD_TIME');
    expect(await codeOf(search({ from: '2024-05-05T00:00:00Z', to: '2024-05-01T00:00:00Z' }))).toBe('AUDIT_BAD_RANGE');
  });

  it('refuses a cursor it did not issue', async () => {
    expect(await codeOf(search({ cursor: 'bm9wZQ' }))).toBe('AUDIT_BAD_CURSOR');
  });

  it('refuses a user without audit.read', async () => {
    await expect(search({}, userWith('audit.export'))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('serves a user who holds audit.read', async () => {
    expect((await search({ limit: 1 }, userWith('audit.read'))).items).toHaveLength(1);
  });
});

describe('exportAudit', () => {
  const exportAs = (
    q: Record<string, unknown>,
    actor: Actor = SYSTEM_ACTOR,
    opts: { locale?: 'zh-CN' | 'en'; maxRows?: number } = {},
  ) =>
    opened.db
      .transaction()
      .execute((tx) =>
        exportAudit(tx, actor, q, {
          locale: opts.locale ?? 'zh-CN',
          maxRows: opts.maxRows,
          now: new Date(2024, 5, 9, 12),
        }),
      )
      .then(async (file) => ({ ...file, body: await file.render() }));

  it('writes a CSV with a UTF-8 BOM, Chinese headers and one line per matching record', async () => {
    const file = await exportAs({ action: 'case.' });
    expect(file.filename).toBe('audit-20240609.csv');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect([...file.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.body.toString('utf8').slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^记录编号,时间\(UTC\),操作者类型,操作者编号,操作者,操作,/);
    expect(lines).toHaveLength(1 + 3);
    expect(file.rows).toBe(3);
    expect(lines[3]).toContain('城管局');
  });

  it('defuses a cell that a spreadsheet would run as a formula', async () => {
    await opened.db
      .transaction()
      .execute((tx) => recordAudit(tx, SYSTEM_ACTOR, 'note.add', { type: 'note', id: '=HYPERLINK("http://x")' }));
    const text = (await exportAs({ target: 'note:' })).body.toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('uses English headers for an English reader', async () => {
    const text = (await exportAs({}, SYSTEM_ACTOR, { locale: 'en' })).body.toString('utf8');
    expect(text.slice(1).split(/\r?\n/)[0]).toMatch(/^ID,Time \(UTC\),Actor kind,Actor ID,Actor,Action,/);
  });

  it('writes an xlsx workbook that Excel can open', async () => {
    const file = await exportAs({ format: 'xlsx' });
    expect(file.filename).toBe('audit-20240609.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.name).toBe('审计日志');
    expect(sheet.getRow(1).getCell(1).value).toBe('记录编号');
    expect(sheet.actualRowCount).toBe(1 + 7);
    expect(sheet.getRow(2).getCell(1).value).toBe(7);
  });

  it('records the export, with its filter, in the audit log', async () => {
    await exportAs({ actor: 'zhang', format: 'csv' }, userWith('audit.export'));
    const rec = await opened.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'audit.export')
      .executeTakeFirstOrThrow();
    expect(rec).toMatchObject({ actor_name: 'u', target_type: 'audit_log', result: 'ok' });
    expect(rec.summary).toEqual({ filter: { actor: 'zhang' }, format: 'csv', rows: 3 });
  });

  it('refuses an export larger than the cap, saying so', async () => {
    expect(await codeOf(exportAs({}, SYSTEM_ACTOR, { maxRows: 6 }))).toBe('AUDIT_EXPORT_TOO_LARGE');
    expect((await exportAs({}, SYSTEM_ACTOR, { maxRows: 7 })).rows).toBe(7);
  });

  it('refuses a user who may read but not export', async () => {
    await expect(exportAs({}, userWith('audit.read'))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('verifyAuditLog', () => {
  it('seals the log and then finds the chain intact', async () => {
    const res = await verifyAuditLog(opened.db, userWith('audit.read'));
    expect(res).toMatchObject({ ok: true, checked: 7, head: { chainSeq: 7 } });
    expect((await search({ limit: 1 })).items[0].chainSeq).toBe(7);
  });

  it('names an altered record', async () => {
    await verifyAuditLog(opened.db, SYSTEM_ACTOR);
    await sql`update audit_log set actor_name = 'someone_else' where id = 4`.execute(opened.db);
    expect((await verifyAuditLog(opened.db, SYSTEM_ACTOR)).firstBad).toMatchObject({ id: 4, problem: 'altered' });
  });

  it('refuses a user without audit.read', async () => {
    await expect(verifyAuditLog(opened.db, userWith('audit.export'))).rejects.toBeInstanceOf(ForbiddenError);
  });
});
