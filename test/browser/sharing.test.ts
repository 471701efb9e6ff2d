// 共享交换 end to end in a real browser against a real server (issue 5 "Done when"): the city management bureau's
// data steward registers a resource bound to data elements, loads a CSV with planted errors and sees them reported
// by row and column, and the data office publishes it; the civil affairs bureau's steward requests conditional
// access; the data office checks it and the provider approves; the consumer issues a credential, reads masked
// rows and the change feed over HTTP with it; the data office finds the grant under 已授权 and revokes one of its
// credentials; the provider sees the call in the access log; after the grant is revoked the very next call with
// the credential fails.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCardCheckChar } from '../../src/server/platform/identifiers/id-card';
import { ARTIFACTS, type RunningBrowser, type RunningServer, startBrowser, startServer } from './harness';

const ADMIN_PASSWORD = 'Str0ng#Pass2026-sharing';
const OFFICE = { username: 'steward', password: 'OneCity@Demo2026' }; // demo: data office (DSJJ) steward
const PROVIDER = { username: 'cgj.steward', displayName: '钱城管', password: 'Cgj-Steward#2026!', dept: 'CGJ' };
const CONSUMER = { username: 'mzj.steward', displayName: '冯民政', password: 'Mzj-Steward#2026!', dept: 'MZJ' };
const NAME = `城管执法当事人信息${Date.now() % 100000}`;
const SYSTEM = '社会救助管理信息系统';
const POLL = { timeout: 15_000 };

let server: RunningServer;
let browser: RunningBrowser;
let page: Page;
let resourceCode = '';
let credential = '';

async function shot(name: string, fullPage = false): Promise<void> {
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(ARTIFACTS, `sharing-${name}.png`), fullPage });
}

async function signIn(who: { username: string; password: string }): Promise<void> {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

async function signOut(): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login/);
}

function id(district: string, birth: string, seq: number): string {
  const body = `${district}${birth}${String(seq).padStart(3, '0')}`;
  return body + idCardCheckChar(body);
}

/** A CSV with 10 rows, three of them planted bad: a wrong check digit (row 3), an impossible division code
 * (row 5) and a duplicate key (row 8 repeats row 7). Rows count as a spreadsheet does: the header is row 1. */
function plantedCsv(): string {
  const rows = [
    [id('320508', '19800101', 11), '张三', '320508021'],
    [id('320508', '19751212', 22), '李四', '320508014'],
    [id('320505', '19900615', 33), '王五', '320505001'],
    [id('320506', '19880808', 44), '赵六', '320506003'],
    [id('320507', '19660301', 55), '孙七', '320507100'],
    [id('320509', '20010909', 66), '周八', '320509001'],
    [id('320508', '19921111', 77), '吴九', '320508024'],
    [id('320508', '19850520', 88), '郑十', '320508015'],
    [id('320505', '19790228', 99), '冯一', '320505004'],
  ];
  const wrong = rows[1][0].slice(0, 17) + (rows[1][0][17] === '0' ? '1' : '0');
  const data = [
    rows[0],
    [wrong, rows[1][1], rows[1][2]], // row 3
    rows[2],
    [rows[3][0], rows[3][1], '999908'], // row 5
    rows[4],
    rows[5],
    [rows[5][0], '重复人', rows[5][2]], // row 8: duplicate key of row 7
    rows[6],
    rows[7],
    rows[8],
  ];
  return `公民身份号码,姓名,所在行政区划代码\n${data.map((r) => r.join(',')).join('\n')}\n`;
}

async function adminSetup(): Promise<void> {
  const base = `${server.baseUrl}/api/v1`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const depts = (await (await fetch(`${base}/org/departments`, { headers })).json()) as {
    items: { id: number; code: string }[];
  };
  for (const u of [PROVIDER, CONSUMER]) {
    const dept = depts.items.find((d) => d.code === u.dept)!;
    const res = await fetch(`${base}/org/users`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        username: u.username,
        displayName: u.displayName,
        password: u.password,
        departmentId: dept.id,
        grants: [{ role: 'data_steward', departmentId: dept.id }],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
  }
}

/** A session of the API for one user (fetch with its cookie and CSRF token). */
async function apiSession(who: { username: string; password: string }) {
  const base = `${server.baseUrl}/api/v1`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: who.username, password: who.password }),
  });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return {
    get: (url: string) => fetch(`${base}${url}`, { headers: { cookie } }),
    post: (url: string) => fetch(`${base}${url}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } }),
  };
}

const exchange = (suffix: string, key: string) =>
  fetch(`${server.baseUrl}/api/v1/exchange/data/${resourceCode}${suffix}`, {
    headers: { 'X-Exchange-Key': key, 'X-User-Id': 'mz-0007', 'X-Purpose': 'DB-BROWSER-1 dibao check' },
  });

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The synthetic case history is not part of this story: a smaller demo starts faster.
  process.env.ONECITY_DEMO_CASES ??= '0';
  server = await startServer(ADMIN_PASSWORD);
  await adminSetup();
  browser = await startBrowser();
  page = browser.page;
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.stop();
  await server?.stop();
});

describe('共享交换', () => {
  it('the provider registers a resource bound to data elements and submits it', async () => {
    await signIn(PROVIDER);
    await page.goto(`${server.baseUrl}/catalog/resources/new`);
    await page.getByTestId('wiz-name').fill(NAME);
    await page.getByTestId('wiz-summary').fill('城管执法案件当事人的身份信息，供社会救助核查等法定事项使用。');
    await page.getByTestId('wiz-next').click();

    const items: [string, string, string][] = [
      ['公民身份号码', '身份', '敏感个人信息'],
      ['姓名', '姓名', '个人信息'],
      ['所在行政区划代码', '区划', '否'],
    ];
    for (const [i, [name, search, personal]] of items.entries()) {
      if (i > 0) await page.getByTestId('wiz-add-item').click();
      const row = page.getByTestId(`wiz-item-${i}`);
      await page.getByTestId(`wiz-item-name-${i}`).fill(name);
      await page.getByTestId(`wiz-item-element-${i}`).click();
      await page.keyboard.type(search);
      // Name the option: the previous row's dropdown may still be fading out, and ":visible" matches it too.
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: search }).first().click();
      await row.locator('.ant-select').nth(1).click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: personal }).first().click();
      if (i === 0) await row.locator('.ant-checkbox-input').check();
    }
    await shot('01-wizard-items');
    await page.getByTestId('wiz-next').click();
    await page.getByTestId('wiz-share-type').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '有条件共享' }).click();
    await page.getByLabel('共享条件').fill('仅用于社会救助核查、信用监管等法定事项，个人信息脱敏提供。');
    await page.getByTestId('wiz-openness').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '不予开放' }).click();
    await page.getByTestId('wiz-next').click();
    await page.getByTestId('wiz-review').waitFor();
    await page.getByTestId('wiz-create').click();
    await page.waitForURL(/\/catalog\/resources\/\d{6}-\d{6}$/);
    resourceCode = page.url().split('/').pop()!;
    await expect.poll(() => page.getByTestId('resource-status').textContent(), POLL).toBe('草稿');
    await page.getByTestId('resource-submit').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('resource-status').textContent(), POLL).toBe('待审核');
    await signOut();
  });

  it('the data office reviews and publishes it', async () => {
    await signIn(OFFICE);
    await page.goto(`${server.baseUrl}/catalog/resources/${resourceCode}`);
    await page.getByTestId('resource-approve').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('resource-status').textContent(), POLL).toBe('已发布');
    await signOut();
  });

  it('the provider loads a CSV with planted errors and sees them by row and column', async () => {
    await signIn(PROVIDER);
    await page.goto(`${server.baseUrl}/catalog/resources/${resourceCode}`);
    await page.getByTestId('tab-dataset').click();
    await page.getByTestId('dataset-tab').waitFor();
    await shot('02-dataset-empty');
    const file = path.join(os.tmpdir(), `sharing-${Date.now()}.csv`);
    writeFileSync(file, plantedCsv());

    // All or nothing: refused, nothing loaded, every planted error listed with its row and column.
    await page.getByTestId('dataset-upload').first().click();
    await page.locator('.ant-modal input[type=file]').setInputFiles(file);
    await page.getByTestId('upload-start').click();
    await page.getByTestId('load-report').waitFor();
    expect(await page.getByTestId('load-report-summary').textContent()).toContain('未装载任何数据');
    const errors = page.getByTestId('load-errors').locator('tbody tr.ant-table-row');
    await expect.poll(() => errors.count(), POLL).toBeGreaterThanOrEqual(3);
    const report = (await page.getByTestId('load-errors').textContent()) ?? '';
    for (const [row, column] of [
      ['3', '公民身份号码'],
      ['5', '所在行政区划代码'],
      ['8', '公民身份号码'],
    ]) {
      const hit = page
        .getByTestId('load-errors')
        .locator('tr.ant-table-row', { hasText: column })
        .filter({
          has: page.locator('td:first-child', { hasText: new RegExp(`^${row}$`) }),
        });
      expect(await hit.count(), `row ${row} ${column} in ${report}`).toBeGreaterThan(0);
    }
    await shot('03-upload-refused', true);

    // Accept valid rows: the good rows load, the bad ones come back as a file.
    await page.getByTestId('upload-mode-accept').click();
    await page.getByTestId('upload-start').click();
    await expect.poll(() => page.getByTestId('load-report-summary').textContent(), POLL).toContain('行被退回');
    await page.getByTestId('download-rejected').waitFor();
    await shot('04-upload-accepted', true);

    // A spreadsheet works the same way: two corrected names from an .xlsx update two rows.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('数据');
    sheet.addRow(['公民身份号码', '姓名', '所在行政区划代码']);
    const [first, second] = plantedCsv()
      .split('\n')
      .slice(1, 4)
      .filter((_l, i) => i !== 1);
    sheet.addRow([first.split(',')[0], '张三丰', first.split(',')[2]]);
    sheet.addRow([second.split(',')[0], '王五一', second.split(',')[2]]);
    const xlsx = path.join(os.tmpdir(), `sharing-${Date.now()}.xlsx`);
    await book.xlsx.writeFile(xlsx);
    await page.locator('.ant-modal input[type=file]').setInputFiles(xlsx);
    await page.getByTestId('upload-start').click();
    await expect.poll(() => page.getByTestId('load-report-summary').textContent(), POLL).toContain('更新 2');
    await page.getByTestId('upload-close').click();

    await page.getByTestId('dataset-versions').locator('tbody tr.ant-table-row').nth(2).waitFor();
    await page.getByTestId('dataset-rows').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('dataset-versions').textContent()).toContain('未通过');
    await shot('05-dataset', true);

    // The spreadsheet load was a mistake: roll it back (confirmed); the names are as before and v2 is current.
    await page.getByTestId('rollback-3').click();
    await shot('05b-rollback-confirm');
    await page.getByTestId('rollback-ok').click();
    await expect.poll(() => page.getByTestId('dataset-versions').textContent(), POLL).toContain('已回滚');
    // The rollback took a version of its own (v4): the rolled-back load says so.
    await expect.poll(() => page.getByTestId('load-status-3').textContent(), POLL).toBe('已回滚（回滚后为 v4）');
    await shot('05c-rolled-back', true);
    await expect.poll(() => page.getByTestId('dataset-rows').textContent(), POLL).not.toContain('张三丰');
    expect(await page.getByTestId('rollback-2').count()).toBe(1);
    await signOut();
  });

  it('another department’s steward requests conditional access', async () => {
    await signIn(CONSUMER);
    await page.goto(`${server.baseUrl}/catalog/resources/${resourceCode}`);
    await page.getByTestId('resource-request').click();
    const form = page.getByTestId('request-form');
    await form.getByText('公民身份号码').click();
    await form.getByText('姓名').click();
    await page.getByTestId('request-purpose').fill('低保申请人身份核查');
    await page.getByTestId('request-basis').fill('《社会救助暂行办法》第十一条');
    await page.getByTestId('request-system').fill(SYSTEM);
    await shot('06-request-form');
    await page.getByTestId('request-submit').click();
    await page.waitForURL(/\/exchange\/requests$/);
    const row = page.getByTestId('requests-mine').locator('tr.ant-table-row', { hasText: NAME }).first();
    await row
      .getByText('待数据办审核')
      .waitFor()
      .catch(async (e) => {
        await shot('07-my-requests-failed', true);
        throw e;
      });
    await shot('07-my-requests');
    await signOut();
  });

  it('the data office checks it, then the provider approves it with masking', async () => {
    await signIn(OFFICE);
    await page.getByTestId('nav-exchange-requests').click();
    await page.getByTestId('box-office').click();
    const officeRow = page.getByTestId('requests-office').locator('tr.ant-table-row', { hasText: NAME });
    await officeRow.waitFor();
    await shot('08-office-queue');
    await officeRow.locator('[data-testid^="approve-"]').click();
    await page.getByTestId('decision-ok').click();
    await officeRow.waitFor({ state: 'detached' });
    await signOut();

    await signIn(PROVIDER);
    await page.getByTestId('nav-exchange-requests').click();
    await page.getByTestId('box-provider').click();
    const row = page.getByTestId('requests-provider').locator('tr.ant-table-row', { hasText: SYSTEM }).first();
    await row.getByText('待提供方审批').waitFor();
    await shot('09-provider-inbox');
    // A refusal needs a reason: the button stays disabled without one.
    await row.locator('[data-testid^="refuse-"]').click();
    expect(await page.getByTestId('decision-ok').isDisabled()).toBe(true);
    await page.getByRole('radio', { name: '同意' }).check();
    await shot('10-provider-decision');
    await page.getByTestId('decision-ok').click();
    await row.getByText('已授权').waitFor();
    await signOut();
  });

  it('the consumer issues a credential and reads masked rows and the change feed with it', async () => {
    await signIn(CONSUMER);
    await page.getByTestId('nav-exchange-grants').click();
    const row = page.getByTestId('grants-mine').locator('tr.ant-table-row', { hasText: SYSTEM }).first();
    await row.locator('[data-testid^="issue-"]').click();
    credential = await page.getByTestId('credential-secret').inputValue();
    expect(credential).toMatch(/^ox_/);
    await shot('11-credential-once');
    await page.getByTestId('credential-close').click();
    await shot('12-grants');

    const data = await exchange('', credential);
    expect(data.status).toBe(200);
    const body = (await data.json()) as { items: Record<string, string>[] };
    expect(body.items.length).toBeGreaterThan(0);
    for (const item of body.items) {
      expect(Object.keys(item).sort()).toEqual(['公民身份号码', '姓名'].sort());
      expect(item.公民身份号码).toMatch(/^\d{6}\*+\d{3}[\dX]$/);
      expect(item.姓名).toMatch(/^.\*+$/);
    }
    const feed = await exchange('/changes?since=0', credential);
    expect(feed.status).toBe(200);
    const changes = (await feed.json()) as { changes: { op: string }[]; nextCursor: string };
    expect(changes.changes.length).toBe(body.items.length);
    expect(changes.changes.every((c) => c.op === 'upsert')).toBe(true);
    const again = await exchange(`/changes?since=${changes.nextCursor}`, credential);
    expect(((await again.json()) as { changes: unknown[] }).changes).toHaveLength(0);
    // A field outside the grant is refused.
    const outside = await exchange('?fields=所在行政区划代码', credential);
    expect(outside.status).toBe(403);
    await signOut();
  });

  it('the consumer revokes one credential alone and downloads the grant with a purpose', async () => {
    await signIn(CONSUMER);
    await page.getByTestId('nav-exchange-grants').click();
    const row = page.getByTestId('grants-mine').locator('tr.ant-table-row', { hasText: SYSTEM }).first();
    await row.locator('[data-testid^="issue-"]').click();
    const second = await page.getByTestId('credential-secret').inputValue();
    await page.getByTestId('credential-close').click();
    await expect.poll(() => row.locator('[data-testid^="revoke-credential-"]').count(), POLL).toBe(2);
    await row.locator('[data-testid^="revoke-credential-"]').last().click();
    await shot('12a-revoke-credential-confirm');
    await page.getByTestId('revoke-credential-ok').click();
    await row.locator('[data-testid^="credential-state-"]').waitFor();
    expect((await exchange('', second)).status).toBe(401);
    expect((await exchange('', credential)).status).toBe(200);

    await row.locator('[data-testid^="export-"]').click();
    await page.getByTestId('export-purpose').fill('低保复核 DB-WEB-1');
    await shot('12b-export');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-ok').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${resourceCode}.csv`);
    const bytes = await (await file.createReadStream()).toArray();
    const text = Buffer.concat(bytes as Buffer[]).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split('\n')[0].trim().split(',').sort()).toEqual(['公民身份号码', '姓名'].sort());
    await page.getByTestId('export-purpose').waitFor({ state: 'hidden' });
    await shot('12c-grants-after');
    await signOut();
  });

  it('the data office finds the grant under 已授权 and revokes one credential', async () => {
    // The consumer's system gets a third credential (through the API with the consumer's session).
    const consumer = await apiSession(CONSUMER);
    const mine = (await (await consumer.get('/exchange/requests?box=mine')).json()) as {
      items: { resourceCode: string; grant: { id: number } | null }[];
    };
    const grantId = mine.items.find((r) => r.resourceCode === resourceCode)!.grant!.id;
    const issued = await consumer.post(`/exchange/grants/${grantId}/credentials`);
    expect(issued.status).toBe(201);
    const third = (await issued.json()) as { id: number; key: string; prefix: string };
    expect((await exchange('', third.key)).status).toBe(200);

    await signIn(OFFICE);
    await page.getByTestId('nav-exchange-requests').click();
    await page.getByTestId('box-granted').click();
    const row = page.getByTestId('grants-granted').locator('tr.ant-table-row', { hasText: third.prefix });
    await row.waitFor();
    await expect.poll(() => row.textContent(), POLL).toContain(NAME);
    expect(await row.textContent()).toContain('民政');
    expect(await row.textContent()).toContain(SYSTEM);
    // Three credentials: the consumer's revoked one is marked, the two live ones can be revoked here.
    await expect.poll(() => row.locator('[data-testid^="credential-state-"]').count(), POLL).toBe(1);
    expect(await row.locator('[data-testid^="revoke-credential-"]').count()).toBe(2);
    await shot('13a-office-granted', true);
    await row.getByTestId(`revoke-credential-${third.id}`).click();
    await page.getByTestId('revoke-credential-ok').click();
    await row.getByTestId(`credential-state-${third.id}`).waitFor();
    expect((await exchange('', third.key)).status).toBe(401);
    expect((await exchange('', credential)).status).toBe(200);
    expect(await row.getByTestId(`grant-state-${grantId}`).textContent()).toBe('有效');
    await shot('13b-office-revoked', true);
    await signOut();
  });

  it('the provider sees the calls in the access log', async () => {
    await signIn(PROVIDER);
    await page.getByTestId('nav-exchange-log').click();
    const log = page.getByTestId('access-log');
    await log.locator('tr.ant-table-row', { hasText: 'DB-BROWSER-1' }).first().waitFor();
    // Resource names arrive after the log rows: wait for them.
    await expect.poll(() => log.textContent(), POLL).toContain(NAME);
    const text = (await log.textContent()) ?? '';
    expect(text).toContain(SYSTEM);
    expect(text).toContain('mz-0007');
    await shot('13-access-log', true);
  });

  it('a revoked grant refuses the very next call', async () => {
    await page.getByTestId('nav-exchange-grants').click();
    const row = page.getByTestId('grants-provider').locator('tr.ant-table-row', { hasText: SYSTEM }).first();
    await row.locator('[data-testid^="revoke-"]').click();
    await shot('14-revoke-confirm');
    await page.getByTestId('revoke-ok').click();
    await row.getByText('已撤销').waitFor();
    const refused = await exchange('', credential);
    expect([401, 403]).toContain(refused.status);
    await shot('15-revoked');
  });

  it('the data office sees the demo datasets’ quality and the sharing rules', async () => {
    await signOut();
    await signIn(OFFICE);
    const found = await page.evaluate(async () => {
      const res = await fetch(`/api/v1/catalog/resources?q=${encodeURIComponent('人口基础信息')}`);
      return (await res.json()) as { items: { code: string; name: string }[] };
    });
    const people = found.items.find((r) => r.name === '人口基础信息')!;
    await page.goto(`${server.baseUrl}/catalog/resources/${people.code}`);
    await page.getByTestId('tab-dataset').click();
    await page.getByTestId('score-history').waitFor();
    // The demo's planted bad rows were rejected, and its refused all-or-nothing load is listed.
    const versions = (await page.getByTestId('dataset-versions').textContent()) ?? '';
    expect(versions).toContain('未通过');
    await shot('16-demo-dataset', true);

    await page.getByTestId('nav-exchange-requests').click();
    await page.getByTestId('box-provider').click();
    await page.getByTestId('requests-provider').locator('tr.ant-table-row', { hasText: '妇幼健康信息系统' }).waitFor();
    await shot('17-demo-provider-inbox');

    await page.getByTestId('nav-exchange-rules').click();
    await page.getByTestId('sharing-limits').waitFor();
    await shot('18-rules');

    // On a phone: the inbox and the dataset tab stay usable (tables scroll sideways inside their cards).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/exchange/requests?box=provider`);
    await page
      .getByTestId('requests-provider')
      .locator('tr.ant-table-row')
      .first()
      .waitFor()
      .catch(async (e) => {
        await shot('19-phone-inbox-failed', true);
        throw e;
      });
    await shot('19-phone-inbox');
    await page.goto(`${server.baseUrl}/catalog/resources/${people.code}`);
    await page.getByTestId('tab-dataset').click();
    await page.getByTestId('dataset-score').waitFor();
    await shot('20-phone-dataset', true);
    await page.setViewportSize({ width: 1366, height: 860 });
  });
});
